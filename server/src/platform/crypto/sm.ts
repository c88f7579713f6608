/**
 * Commercial cryptography (商用密码, SJ-18): SM3 hashes and HMAC-SM3 (GB/T 32905), SM4 (GB/T 32907)
 * for secrets at rest. Node's OpenSSL provides both natively; tests cross-check them against an
 * independent implementation (sm-crypto-v2).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3Hex(key: Buffer, data: string | Buffer): string {
  return createHmac('sm3', key).update(data).digest('hex');
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const SEALED = /^sm4:v1:([0-9a-f]{32}):((?:[0-9a-f]{32})+):([0-9a-f]{64})$/;

/** Constant-time comparison of two hex strings; malformed hex (odd length, stray characters) never compares equal. */
export function equalHex(a: string, b: string): boolean {
  if (!HEX.test(a) || !HEX.test(b) || a.length !== b.length) return false;
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * SM4-CBC with a random IV, then HMAC-SM3 over version‖IV‖ciphertext (encrypt-then-MAC) with a key
 * derived from the same master key. Output: `sm4:v1:<iv hex>:<ciphertext hex>:<mac hex>`.
 */
export class SecretBox {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 16) throw new Error('SM4 master key must be 16 bytes');
    this.#encKey = Buffer.from(hmacSm3Hex(masterKey, 'yunshu/secret-box/enc'), 'hex').subarray(0, 16);
    this.#macKey = Buffer.from(hmacSm3Hex(masterKey, 'yunshu/secret-box/mac'), 'hex');
  }

  seal(plaintext: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.#encKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const mac = hmacSm3Hex(this.#macKey, Buffer.concat([Buffer.from('v1'), iv, body]));
    return `sm4:v1:${iv.toString('hex')}:${body.toString('hex')}:${mac}`;
  }

  open(sealed: string): string {
    const [, ivHex, bodyHex, mac] = SEALED.exec(sealed) ?? [];
    if (!ivHex || !bodyHex || !mac) throw new Error('not a sealed secret');
    const iv = Buffer.from(ivHex, 'hex');
    const body = Buffer.from(bodyHex, 'hex');
    const expected = hmacSm3Hex(this.#macKey, Buffer.concat([Buffer.from('v1'), iv, body]));
    if (!equalHex(expected, mac)) throw new Error('sealed secret failed its integrity check');
    const decipher = createDecipheriv('sm4-cbc', this.#encKey, iv);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
