/**
 * SM2 digital signatures (GB/T 32918.2-2016) with SM3 and the default signer ID 1234567812345678
 * (GB/T 35276-2017, GM/T 0009), as commercial cryptography requires (SJ-18): e = SM3(Z_A ‖ M), where
 * Z_A hashes the ID, the curve and the public key. Node's own `crypto.sign` with an SM2 key does not
 * compute Z_A, so signatures are verified with sm-crypto-v2 and cross-checked by the system's
 * `openssl pkeyutl`, an independent implementation, where that OpenSSL can do SM2 with an explicit ID.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sm2 } from 'sm-crypto-v2';
import { sm3Hex } from './sm.ts';

export const SM2_DEFAULT_ID = '1234567812345678';

const run = promisify(execFile);
/** SubjectPublicKeyInfo prefix: id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301), then the point. */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const PUBLIC_KEY = /^04[0-9a-f]{128}$/;

/** An uncompressed SM2 public key (04‖X‖Y, hex) whose point lies on the curve. */
export function isSm2PublicKey(publicKeyHex: string): boolean {
  if (!PUBLIC_KEY.test(publicKeyHex)) return false;
  try {
    return sm2.verifyPublicKey(publicKeyHex);
  } catch {
    return false; // sm-crypto-v2 throws for a point off the curve
  }
}

/** SM3 of the public key's bytes: how people compare keys. */
export function sm2Fingerprint(publicKeyHex: string): string {
  return sm3Hex(Buffer.from(publicKeyHex, 'hex'));
}

export function sm2PublicKeyPem(publicKeyHex: string): string {
  const der = Buffer.concat([SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

function derInteger(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  let bytes = value.subarray(start);
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

/** r and s of a DER SEQUENCE { INTEGER r, INTEGER s }, or null if it is not exactly that. */
function parseDer(der: Buffer): [Buffer, Buffer] | null {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const integers: Buffer[] = [];
  let at = 2;
  for (let i = 0; i < 2; i++) {
    if (der[at] !== 0x02) return null;
    const length = der[at + 1] as number;
    if (length < 1 || length > 33 || at + 2 + length > der.length) return null;
    integers.push(der.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return at === der.length ? (integers as [Buffer, Buffer]) : null;
}

/**
 * The canonical DER form of an SM2 signature given as DER (GM/T 0009) or as r‖s (64 bytes), in hex;
 * null when it is neither. Canonical, so the stored value is the one every verifier reads alike.
 */
export function canonicalSm2Signature(hex: string): string | null {
  const bytes = Buffer.from(hex.toLowerCase(), 'hex');
  if (bytes.length * 2 !== hex.length) return null;
  const [r, s] = bytes.length === 64 ? [bytes.subarray(0, 32), bytes.subarray(32)] : (parseDer(bytes) ?? []);
  if (!r || !s) return null;
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('hex');
}

/** GB/T 32918.2 verification by sm-crypto-v2: SM3 with Z_A of the default ID, DER signature. */
export function verifySm2(publicKeyHex: string, message: Buffer, signatureDerHex: string): boolean {
  try {
    return sm2.doVerifySignature(new Uint8Array(message), signatureDerHex, publicKeyHex, { der: true, hash: true, userId: SM2_DEFAULT_ID });
  } catch {
    return false;
  }
}

export interface OpensslVerdict {
  /** null when this server's OpenSSL cannot verify GB/T 32918 SM2 signatures. */
  verified: boolean | null;
  note: string | null;
}

async function opensslVerify(publicKeyHex: string, message: Buffer, signatureDer: Buffer): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'yunshu-sm2-'));
  try {
    const files = { key: join(dir, 'key.pem'), message: join(dir, 'message'), signature: join(dir, 'signature.der') };
    await writeFile(files.key, sm2PublicKeyPem(publicKeyHex));
    await writeFile(files.message, message);
    await writeFile(files.signature, signatureDer);
    // OpenSSL 3's default SM2 ID is empty, not the standard's: the ID is given explicitly, so that
    // OpenSSL computes Z_A exactly as GB/T 32918.2 and GB/T 35276 specify.
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', files.key, '-rawin', '-in', files.message, '-sigfile', files.signature, '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`];
    try {
      const { stdout } = await run('openssl', args, { timeout: 10_000 });
      return /Signature Verified Successfully/.test(stdout);
    } catch {
      return false; // exit status 1: "Signature Verification Failure" (or a signature it cannot parse)
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A signature made by `openssl pkeyutl -sign … -digest sm3 -pkeyopt distid:1234567812345678`. */
const PROBE = {
  publicKey: '046dc0eb314a6c8a52538f15189ae44788fd8dc3988e10db78d87338f0da8559df0e14b0a7841d9ae43befcf13c221bad40f7ffccdb10d2dffd5855f9f06ac4e14',
  message: Buffer.from('Yunshu SM2 capability probe / 云枢 SM2 自检'),
  signature: Buffer.from(
    '304502210095e82a5491c0b056c51ed52edcbe97ead378176f9eedf70f853db53a76b76210022017ef438b03c227e03ad392c4b5a3952665d049c5630707cffc6762616cb44859',
    'hex',
  ),
};
let capability: Promise<string | null> | undefined;

/**
 * Whether the system's OpenSSL verifies standard SM2 signatures: it must accept the probe signature
 * with the default ID and refuse it for another message. The reason it cannot, or null; asked once.
 */
export function opensslSm2Unavailable(): Promise<string | null> {
  capability ??= (async () => {
    try {
      await run('openssl', ['version'], { timeout: 10_000 });
    } catch {
      return 'openssl is not installed on this server';
    }
    const accepts = await opensslVerify(PROBE.publicKey, PROBE.message, PROBE.signature);
    const refuses = !(await opensslVerify(PROBE.publicKey, Buffer.from('tampered'), PROBE.signature));
    return accepts && refuses ? null : 'this OpenSSL cannot verify GB/T 32918 SM2 signatures with the default ID (needs OpenSSL 3 with SM2 and -pkeyopt distid)';
  })();
  return capability;
}

/** The independent cross-check with `openssl pkeyutl`; `verified: null` (with the reason) where unavailable. */
export async function verifySm2WithOpenssl(publicKeyHex: string, message: Buffer, signatureDerHex: string): Promise<OpensslVerdict> {
  const unavailable = await opensslSm2Unavailable();
  if (unavailable) return { verified: null, note: unavailable };
  return { verified: await opensslVerify(publicKeyHex, message, Buffer.from(signatureDerHex, 'hex')), note: null };
}
