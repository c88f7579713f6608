import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.ts';
import {
  assertPasswordComplexity,
  decoyPasswordHash,
  generateOneTimePassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './passwords.ts';

/** Asserts the password is refused as too weak, naming exactly the expected reasons (English and Chinese). */
function refuses(password: string, username: string, reasons: { en: string; zh: string }[]): void {
  assert.throws(
    () => assertPasswordComplexity(password, username),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'password_too_weak');
      assert.equal(error.status, 400);
      for (const reason of reasons) {
        assert.ok(error.messageEn.includes(reason.en), `"${error.messageEn}" names "${reason.en}"`);
        assert.ok(error.messageZh.includes(reason.zh), `"${error.messageZh}" names "${reason.zh}"`);
      }
      for (const other of ALL_REASONS.filter((r) => !reasons.includes(r))) {
        assert.ok(!error.messageEn.includes(other.en), `"${error.messageEn}" does not name "${other.en}"`);
      }
      assert.equal(error.fields?.[0]?.path, 'newPassword');
      return true;
    },
    password,
  );
}

const TOO_SHORT = { en: `at least ${MIN_PASSWORD_LENGTH} characters`, zh: `长度至少 ${MIN_PASSWORD_LENGTH} 位` };
const TOO_FEW_CLASSES = { en: 'three of: upper case, lower case, digits, symbols', zh: '至少三类' };
const CONTAINS_USERNAME = { en: 'must not contain the username', zh: '不得包含用户名' };
const ALL_REASONS = [TOO_SHORT, TOO_FEW_CLASSES, CONTAINS_USERNAME];

const LOOK_ALIKES = /[0O1lI|]/;

describe('password complexity (MLPS level 3)', () => {
  test('accepts 12 characters of three classes, in each combination of three', () => {
    for (const password of ['abcdefGHIJ12', 'abcdefghij1#', 'ABCDEFGHIJ1#', 'abcdefGHIJ#%', 'Yunshu@Demo2026']) {
      assert.doesNotThrow(() => assertPasswordComplexity(password, 'zhang.san'), password);
    }
  });

  test('refuses fewer than 12 characters, naming the length', () => {
    assert.equal(MIN_PASSWORD_LENGTH, 12);
    refuses('Abcdefgh12#', 'zhang.san', [TOO_SHORT]);
  });

  test('refuses only two character classes, naming the classes', () => {
    refuses('abcdefghijkl', 'zhang.san', [TOO_FEW_CLASSES]);
    refuses('abcdefghij12', 'zhang.san', [TOO_FEW_CLASSES]);
    refuses('ABCDEFGHIJ##', 'zhang.san', [TOO_FEW_CLASSES]);
    refuses('1234567890!@', 'zhang.san', [TOO_FEW_CLASSES]);
    // Non-ASCII characters count as symbols, nothing more.
    refuses('云枢云枢云枢云枢abcd', 'zhang.san', [TOO_FEW_CLASSES]);
  });

  test('refuses a password containing the username in any letter case', () => {
    refuses('Xx-ZhangSan-2026', 'zhangsan', [CONTAINS_USERNAME]);
    refuses('prefixZHANGSAN#1', 'ZhangSan', [CONTAINS_USERNAME]);
    refuses('Edu-Admin@2026!!', 'edu-admin', [CONTAINS_USERNAME]);
  });

  test('an empty username does not count as contained in every password', () => {
    assert.doesNotThrow(() => assertPasswordComplexity('abcdefGHIJ12', ''));
  });

  test('names every failure at once', () => {
    refuses('abc', 'zhang', [TOO_SHORT, TOO_FEW_CLASSES]);
    refuses('zhang', 'zhang', [TOO_SHORT, TOO_FEW_CLASSES, CONTAINS_USERNAME]);
  });

  test('reports the failure on the field it is given', () => {
    assert.throws(
      () => assertPasswordComplexity('short', 'u', 'password'),
      (error: unknown) => error instanceof AppError && error.fields?.[0]?.path === 'password',
    );
  });
});

describe('one-time passwords', () => {
  const samples = Array.from({ length: 1000 }, () => generateOneTimePassword());

  test('always satisfy the complexity rule (1,000 samples)', () => {
    for (const password of samples) {
      assert.equal(password.length, 16);
      assert.doesNotThrow(() => assertPasswordComplexity(password, 'zhang.san'), password);
      for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/]) assert.match(password, re);
    }
  });

  test('never contain look-alike characters (0 O 1 l I |)', () => {
    for (const password of samples) assert.doesNotMatch(password, LOOK_ALIKES, password);
  });

  test('are different every time', () => {
    assert.equal(new Set(samples).size, samples.length);
  });

  test('honour a requested length of at least 12', () => {
    for (const length of [12, 20, 32]) {
      const password = generateOneTimePassword(length);
      assert.equal(password.length, length);
      assert.doesNotThrow(() => assertPasswordComplexity(password, 'zhang.san'));
    }
  });
});

describe('password hashes (argon2id)', () => {
  test('verify the password they were made from and nothing else', async () => {
    const hash = await hashPassword('Correct-Horse-42');
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(hash, 'Correct-Horse-42'), true);
    assert.equal(await verifyPassword(hash, 'correct-horse-42'), false);
    assert.equal(await verifyPassword(hash, 'Correct-Horse-42 '), false);
    assert.equal(await verifyPassword(hash, ''), false);
  });

  test('are salted: the same password hashes differently', async () => {
    const [a, b] = await Promise.all([hashPassword('Same-Password-1'), hashPassword('Same-Password-1')]);
    assert.notEqual(a, b);
  });

  test('a malformed stored hash verifies nothing instead of throwing', async () => {
    assert.equal(await verifyPassword('not-a-hash', 'anything'), false);
    assert.equal(await verifyPassword('', ''), false);
  });

  test('the decoy hash matches no ordinary password and is computed once', async () => {
    const decoy = await decoyPasswordHash();
    assert.equal(decoyPasswordHash(), decoyPasswordHash());
    assert.equal(await verifyPassword(decoy, 'Yunshu@Demo2026'), false);
  });
});
