import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sm2 } from 'sm-crypto-v2';
import { sm3Hex } from './sm.ts';
import { canonicalSm2Signature, isSm2PublicKey, opensslSm2Unavailable, SM2_DEFAULT_ID, sm2PublicKeyPem, verifySm2, verifySm2WithOpenssl } from './sm2.ts';

const scratch = mkdtempSync(join(tmpdir(), 'yunshu-sm2-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** How a client signs the letter: sm-crypto-v2, GB/T 32918 with SM3 and the default ID, DER. */
function sign(message: Buffer, privateKey: string, options: { der?: boolean; userId?: string } = {}): string {
  return sm2.doSignature(new Uint8Array(message), privateKey, { hash: true, der: options.der ?? true, userId: options.userId ?? SM2_DEFAULT_ID });
}

// OpenSSL is the independent implementation: required in CI (Debian's OpenSSL 3); elsewhere the tests say why they skip.
const opensslMissing = process.env.CI !== 'true' && ((await opensslSm2Unavailable()) ?? false);

describe('SM2 signatures (GB/T 32918.2)', () => {
  const keys = sm2.generateKeyPairHex();
  const message = Buffer.from(sm3Hex('上云安全承诺书'), 'hex');

  test('a signature over the message verifies with its public key, and fails for another message, key or ID', () => {
    const signature = sign(message, keys.privateKey);
    assert.equal(verifySm2(keys.publicKey, message, signature), true);
    assert.equal(verifySm2(keys.publicKey, Buffer.from(sm3Hex('篡改后的承诺书'), 'hex'), signature), false);
    assert.equal(verifySm2(sm2.generateKeyPairHex().publicKey, message, signature), false);
    assert.equal(verifySm2(keys.publicKey, message, sign(message, keys.privateKey, { userId: 'another-id' })), false);
    assert.equal(verifySm2(keys.publicKey, message, 'zz'), false, 'garbage is refused, not thrown');
  });

  test('r‖s and DER forms are both accepted and stored as canonical DER', () => {
    const raw = sign(message, keys.privateKey, { der: false });
    assert.equal(raw.length, 128);
    const der = canonicalSm2Signature(raw)!;
    assert.match(der, /^30/);
    assert.equal(verifySm2(keys.publicKey, message, der), true);
    assert.equal(canonicalSm2Signature(der), der, 'DER stays as it is');
    assert.equal(canonicalSm2Signature(der.toUpperCase()), der);
    assert.equal(canonicalSm2Signature('30'), null);
    assert.equal(canonicalSm2Signature(`${der}00`), null, 'trailing bytes');
  });

  test('public keys must be points on the curve', () => {
    assert.equal(isSm2PublicKey(keys.publicKey), true);
    assert.equal(isSm2PublicKey(`04${'11'.repeat(64)}`), false);
    assert.equal(isSm2PublicKey(keys.publicKey.slice(2)), false);
  });

  test('OpenSSL verifies sm-crypto-v2’s signature only with the standard ID, and refuses a tampered one', { skip: opensslMissing }, async () => {
    const signature = canonicalSm2Signature(sign(message, keys.privateKey))!;
    assert.deepEqual(await verifySm2WithOpenssl(keys.publicKey, message, signature), { verified: true, note: null });
    const tampered = Buffer.from(message);
    tampered[0] = (tampered[0] as number) ^ 1;
    assert.equal((await verifySm2WithOpenssl(keys.publicKey, tampered, signature)).verified, false);
    const otherId = canonicalSm2Signature(sign(message, keys.privateKey, { userId: 'another-id' }))!;
    assert.equal((await verifySm2WithOpenssl(keys.publicKey, message, otherId)).verified, false, 'Z_A covers the ID');
  });

  test('sm-crypto-v2 verifies a signature OpenSSL made with its own key (the other direction)', { skip: opensslMissing }, () => {
    const key = join(scratch, 'key.pem');
    const file = join(scratch, 'message');
    const signatureFile = join(scratch, 'signature.der');
    execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', key]);
    writeFileSync(file, message);
    execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', key, '-rawin', '-in', file, '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`, '-out', signatureFile]);
    const spki = execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-outform', 'DER']);
    const publicKey = spki.subarray(spki.length - 65).toString('hex');
    assert.equal(sm2PublicKeyPem(publicKey), execFileSync('openssl', ['pkey', '-in', key, '-pubout'], { encoding: 'utf8' }), 'the same SubjectPublicKeyInfo');
    const signature = readFileSync(signatureFile).toString('hex');
    assert.equal(verifySm2(publicKey, message, signature), true);
    assert.equal(verifySm2(publicKey, Buffer.from(sm3Hex('别的内容'), 'hex'), signature), false);
  });
});
