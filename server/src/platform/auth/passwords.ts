/**
 * Passwords: argon2id hashes; complexity per MLPS level 3 identity-authentication requirements
 * (口令复杂度): at least 12 characters, three of four character classes, not containing the username.
 */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';

const ARGON2ID = 2;
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the username does not exist, so both paths take the same time. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-that-matches-nothing');
  return decoyHash;
}

export function assertPasswordComplexity(password: string, username: string, field = 'newPassword'): void {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  const problems: { zh: string; en: string }[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push({ zh: `长度至少 ${MIN_PASSWORD_LENGTH} 位`, en: `at least ${MIN_PASSWORD_LENGTH} characters` });
  if (classes < 3) problems.push({ zh: '须包含大写字母、小写字母、数字、符号中的至少三类', en: 'three of: upper case, lower case, digits, symbols' });
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push({ zh: '不得包含用户名', en: 'must not contain the username' });
  if (problems.length === 0) return;
  const zh = `口令不符合复杂度要求：${problems.map((p) => p.zh).join('；')}`;
  const en = `Password too weak: ${problems.map((p) => p.en).join('; ')}`;
  throw new AppError({ status: 400, code: 'password_too_weak', zh, en, fields: [{ path: field, message: zh, messageEn: en }] });
}

const LOWER = 'abcdefghjkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '@#%+=!?';

/** A one-time password that satisfies the complexity rule (no look-alike characters). */
export function generateOneTimePassword(length = 16): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const pick = (set: string) => set[randomInt(set.length)] as string;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
