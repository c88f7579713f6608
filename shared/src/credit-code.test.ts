import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { creditCodeCheckCharacter, isValidCreditCode } from './credit-code.ts';

/**
 * Published unified social credit codes. The first is the example printed in explanations of
 * GB 32100-2015 (a Fuzhou code); the others are those of well-known companies, shown on their
 * business licences and in the national enterprise credit information system.
 */
const PUBLISHED = [
  '91350100M000100Y43',
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91110000802100433B', // 北京百度网讯科技有限公司
  '91110108558521630L', // 小米通讯技术有限公司
] as const;

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function withCharacter(code: string, index: number, character: string): string {
  return code.slice(0, index) + character + code.slice(index + 1);
}

describe('unified social credit code (GB 32100-2015)', () => {
  test('accepts published codes', () => {
    for (const code of PUBLISHED) assert.equal(isValidCreditCode(code), true, code);
  });

  test('computes the check character of a 17-character prefix', () => {
    for (const code of PUBLISHED) assert.equal(creditCodeCheckCharacter(code.slice(0, 17)), code[17], code);
    // A check value of 0 maps to '0' (not to the 31st symbol): 17 zeros sum to 0.
    assert.equal(creditCodeCheckCharacter('0'.repeat(17)), '0');
    assert.equal(isValidCreditCode('0'.repeat(18)), true);
  });

  test('agrees with the formula of the standard for random prefixes', () => {
    // GB 32100-2015: weights W_i = 3^(i-1) mod 31, C18 = 31 − (Σ C_i·W_i mod 31), where 31 is written 0.
    const standardCheck = (first17: string) => {
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i] as string) * (3 ** i % 31);
      const value = 31 - (sum % 31);
      return ALPHABET[value === 31 ? 0 : value];
    };
    // A fixed pseudo-random sequence (MINSTD), so a failure names a reproducible prefix.
    let seed = 20_260_101;
    const next = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      const first17 = Array.from({ length: 17 }, () => ALPHABET[next() % ALPHABET.length]).join('');
      const check = standardCheck(first17);
      assert.equal(creditCodeCheckCharacter(first17), check, first17);
      assert.equal(isValidCreditCode(first17 + check), true, first17 + check);
    }
  });

  test('refuses every one-character change of a valid code', () => {
    for (const code of PUBLISHED) {
      for (let i = 0; i < 18; i++) {
        for (const replacement of ALPHABET) {
          if (replacement === code[i]) continue;
          const changed = withCharacter(code, i, replacement);
          assert.equal(isValidCreditCode(changed), false, `${changed} (position ${i} of ${code})`);
        }
      }
    }
  });

  test('refuses two different neighbouring characters of the first 17 swapped', () => {
    for (const code of PUBLISHED) {
      for (let i = 0; i < 16; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        assert.equal(isValidCreditCode(swapped), false, `${swapped} (swap at ${i} of ${code})`);
      }
    }
  });

  test('refuses lower-case letters', () => {
    assert.equal(isValidCreditCode('91440300708461136t'), false);
    assert.equal(isValidCreditCode('91350100m000100Y43'), false);
    assert.equal(creditCodeCheckCharacter('91350100m000100Y4'), null);
  });

  test('refuses the letters I, O, S, V and Z, which the alphabet leaves out', () => {
    for (const letter of 'IOSVZ') {
      // Position 8 of the first code is a letter (M); put the excluded letter there instead.
      assert.equal(isValidCreditCode(withCharacter(PUBLISHED[0], 8, letter)), false, letter);
      assert.equal(creditCodeCheckCharacter(withCharacter(PUBLISHED[0], 8, letter).slice(0, 17)), null, letter);
    }
  });

  test('refuses a code of the wrong length', () => {
    const code = PUBLISHED[1];
    assert.equal(isValidCreditCode(''), false);
    assert.equal(isValidCreditCode(code.slice(0, 17)), false);
    assert.equal(isValidCreditCode(`${code}0`), false);
    assert.equal(isValidCreditCode(` ${code}`), false);
    assert.equal(creditCodeCheckCharacter(code.slice(0, 16)), null);
    assert.equal(creditCodeCheckCharacter(code), null);
  });
});
