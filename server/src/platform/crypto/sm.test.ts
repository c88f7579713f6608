import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { sm3, sm4 } from 'sm-crypto-v2';
import { equalHex, hmacSm3Hex, SecretBox, sm3Hex } from './sm.ts';

const hex = (value: string) => Buffer.from(value.replace(/\s+/g, ''), 'hex');

describe('SM3 (GB/T 32905-2016)', () => {
  test('hashes "abc" to the first example of the standard', () => {
    assert.equal(sm3Hex('abc'), '66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0'.replace(/ /g, ''));
  });

  test('hashes the 512-bit "abcd"×16 to the second example of the standard', () => {
    assert.equal(sm3Hex('abcd'.repeat(16)), 'debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732'.replace(/ /g, ''));
  });

  test('agrees with an independent implementation on strings and bytes of many lengths', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000]) {
      const data = randomBytes(length);
      assert.equal(sm3Hex(data), sm3(new Uint8Array(data)), `${length} bytes`);
    }
    assert.equal(sm3Hex('云枢 · 区电子政务云'), sm3('云枢 · 区电子政务云'));
  });

  test('HMAC-SM3 agrees with an independent implementation for several keys and lengths', () => {
    // Keys shorter than, equal to and longer than SM3's 64-byte block (a long key is hashed first).
    for (const keyLength of [1, 16, 32, 63, 64, 65, 100]) {
      for (const dataLength of [0, 3, 64, 200]) {
        const key = randomBytes(keyLength);
        const data = randomBytes(dataLength);
        const expected = sm3(new Uint8Array(data), { key: new Uint8Array(key), mode: 'hmac' });
        assert.equal(hmacSm3Hex(key, data), expected, `key ${keyLength} bytes, data ${dataLength} bytes`);
      }
    }
    const key = randomBytes(32);
    assert.equal(hmacSm3Hex(key, '审计记录'), sm3('审计记录', { key: key.toString('hex'), mode: 'hmac' }));
  });

  test('HMAC-SM3 depends on the key', () => {
    assert.notEqual(hmacSm3Hex(Buffer.alloc(32, 1), 'abc'), hmacSm3Hex(Buffer.alloc(32, 2), 'abc'));
  });
});

describe('SM4 (GB/T 32907-2016)', () => {
  const key = hex('0123456789abcdeffedcba9876543210');
  const plaintext = key;
  const ciphertext = '681edf34d206965e86b3e94f536e4246';

  test('encrypts the standard block example with Node (OpenSSL)', () => {
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    assert.equal(Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('hex'), ciphertext);
    const decipher = createDecipheriv('sm4-ecb', key, null).setAutoPadding(false);
    assert.equal(Buffer.concat([decipher.update(hex(ciphertext)), decipher.final()]).toString('hex'), plaintext.toString('hex'));
  });

  test('encrypts the standard block example with the independent implementation', () => {
    const output = sm4.encrypt(new Uint8Array(plaintext), new Uint8Array(key), { padding: 'none', output: 'array' });
    assert.equal(Buffer.from(output).toString('hex'), ciphertext);
  });

  test('encrypting the block 1,000,000 times gives the standard second example', () => {
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    let block: Buffer = plaintext;
    for (let i = 0; i < 1_000_000; i++) block = cipher.update(block);
    assert.equal(block.toString('hex'), '595298c7c6fd271f0402f804c33d3f66');
  });

  test('SM4-CBC agrees with the independent implementation', () => {
    for (const length of [0, 1, 15, 16, 17, 100]) {
      const k = randomBytes(16);
      const iv = randomBytes(16);
      const data = randomBytes(length);
      const cipher = createCipheriv('sm4-cbc', k, iv);
      const ours = Buffer.concat([cipher.update(data), cipher.final()]);
      const theirs = sm4.encrypt(new Uint8Array(data), new Uint8Array(k), { mode: 'cbc', iv: new Uint8Array(iv), output: 'array' });
      assert.equal(ours.toString('hex'), Buffer.from(theirs).toString('hex'), `${length} bytes`);
    }
  });
});

describe('SecretBox', () => {
  const masterKey = randomBytes(16);
  const box = new SecretBox(masterKey);

  /** Changes one hex digit of one `:`-separated part of a sealed secret. */
  function tamper(sealed: string, part: number): string {
    const parts = sealed.split(':');
    const value = parts[part] as string;
    parts[part] = (value[0] === '0' ? '1' : '0') + value.slice(1);
    return parts.join(':');
  }

  test('round-trips secrets, including empty and non-ASCII ones', () => {
    for (const secret of ['', 'p', 'root-password-Abc#2026', '云主机初始口令：Yunshu@2026', 'x'.repeat(1000)]) {
      assert.equal(box.open(box.seal(secret)), secret);
    }
  });

  test('seals as sm4:v1:<iv>:<ciphertext>:<mac>, never showing the plaintext', () => {
    const sealed = box.seal('a secret value');
    assert.match(sealed, /^sm4:v1:[0-9a-f]{32}:[0-9a-f]{32}:[0-9a-f]{64}$/);
    assert.ok(!sealed.includes(Buffer.from('a secret value').toString('hex')));
  });

  test('can be opened with an independent SM4/HMAC-SM3 implementation (documented format)', () => {
    const sealed = box.seal('interoperable secret');
    const [, , ivHex, bodyHex, mac] = sealed.split(':') as [string, string, string, string, string];
    const encKey = Buffer.from(sm3('yunshu/secret-box/enc', { key: new Uint8Array(masterKey), mode: 'hmac' }), 'hex').subarray(0, 16);
    const macKey = Buffer.from(sm3('yunshu/secret-box/mac', { key: new Uint8Array(masterKey), mode: 'hmac' }), 'hex');
    const material = Buffer.concat([Buffer.from('v1'), hex(ivHex), hex(bodyHex)]);
    assert.equal(sm3(new Uint8Array(material), { key: new Uint8Array(macKey), mode: 'hmac' }), mac);
    const plain = sm4.decrypt(new Uint8Array(hex(bodyHex)), new Uint8Array(encKey), { mode: 'cbc', iv: new Uint8Array(hex(ivHex)), output: 'array' });
    assert.equal(Buffer.from(plain).toString('utf8'), 'interoperable secret');
  });

  test('gives a different ciphertext each time for the same plaintext (random IV)', () => {
    const sealed = new Set(Array.from({ length: 50 }, () => box.seal('same plaintext')));
    assert.equal(sealed.size, 50);
    const ivs = new Set([...sealed].map((s) => s.split(':')[2]));
    assert.equal(ivs.size, 50);
  });

  test('refuses a tampered IV, ciphertext or MAC', () => {
    const sealed = box.seal('do not change me');
    for (const part of [2, 3, 4]) {
      assert.throws(() => box.open(tamper(sealed, part)), /integrity check/, `part ${part}`);
    }
  });

  test('refuses a ciphertext cut short or extended by a block', () => {
    const sealed = box.seal('a secret that spans more than one block of sixteen bytes');
    const parts = sealed.split(':');
    const body = parts[3] as string;
    assert.throws(() => box.open([...parts.slice(0, 3), body.slice(0, -32), parts[4]].join(':')), /integrity check/);
    assert.throws(() => box.open([...parts.slice(0, 3), `${body}${'00'.repeat(16)}`, parts[4]].join(':')), /integrity check/);
  });

  test('refuses to open with a different key', () => {
    const sealed = box.seal('for one key only');
    assert.throws(() => new SecretBox(randomBytes(16)).open(sealed), /integrity check/);
  });

  test('refuses what is not a sealed secret', () => {
    for (const value of ['', 'plain text', 'sm4:v2:00:00:00', 'aes:v1:00:00:00', 'sm4:v1::00:00']) {
      assert.throws(() => box.open(value), /not a sealed secret/, value);
    }
  });

  test('requires a 16-byte master key', () => {
    assert.throws(() => new SecretBox(randomBytes(15)), /16 bytes/);
    assert.throws(() => new SecretBox(randomBytes(32)), /16 bytes/);
  });
});

describe('equalHex', () => {
  test('compares hex strings by value and refuses different lengths', () => {
    assert.equal(equalHex('00ff', '00FF'), true);
    assert.equal(equalHex('00ff', '00fe'), false);
    assert.equal(equalHex('00ff', '00ff00'), false);
  });

  test('never treats malformed hex as equal (Buffer.from would silently truncate it)', () => {
    assert.equal(equalHex('abc', 'abd'), false);
    assert.equal(equalHex('0', ''), false);
    assert.equal(equalHex('00fg', '00fh'), false);
  });
});

describe('SecretBox sealed form', () => {
  test('refuses a sealed secret with stray characters or extra parts', () => {
    const box = new SecretBox(Buffer.alloc(16, 7));
    const sealed = box.seal('application-credential-secret');
    assert.equal(box.open(sealed), 'application-credential-secret');
    assert.throws(() => box.open(`${sealed}g`), /not a sealed secret/);
    assert.throws(() => box.open(`${sealed}:00`), /not a sealed secret/);
    assert.throws(() => box.open(sealed.replace('sm4:v1', 'sm4:v2')), /not a sealed secret/);
  });
});
