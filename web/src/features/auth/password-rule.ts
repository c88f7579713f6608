import type { MessageKey } from '../../i18n/i18n-provider.tsx';

export const MIN_PASSWORD_LENGTH = 12;

/** Each part of the rule, as its message; one form rule each, so every broken part is listed. */
export const PASSWORD_RULE_KEYS = [
  'auth.changePassword.tooShort',
  'auth.changePassword.tooFewClasses',
  'auth.changePassword.containsUsername',
] as const satisfies readonly MessageKey[];

const CHARACTER_CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/**
 * The complexity rule the server enforces (MLPS level 3), checked early for a quicker answer: at least
 * 12 characters, three of four character classes, not containing the username. The server decides.
 */
export function passwordRuleViolations(password: string, username: string): MessageKey[] {
  const violations: MessageKey[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) violations.push('auth.changePassword.tooShort');
  const classes = CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length;
  if (classes < 3) violations.push('auth.changePassword.tooFewClasses');
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    violations.push('auth.changePassword.containsUsername');
  }
  return violations;
}
