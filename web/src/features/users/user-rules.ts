import type { FormRule } from 'antd';
import type { Translate } from '../../i18n/i18n-provider.tsx';

/** Same patterns as the server's contract (UsernameSchema, phone). */
const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;
const PHONE_PATTERN = /^[0-9+\-() ]{5,32}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function patternRule(pattern: RegExp, message: string): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const text = (value ?? '').trim();
      if (text && !pattern.test(text)) throw new Error(message);
    },
  };
}

/** The client-side mirror of the server's user validation. */
export function userRules(t: Translate) {
  return {
    username: [
      { required: true, whitespace: true, message: t('common.required', { field: t('users.fields.username') }) },
      patternRule(USERNAME_PATTERN, t('users.validation.usernameFormat')),
    ],
    displayName: [
      { required: true, whitespace: true, message: t('common.required', { field: t('users.fields.displayName') }) },
      { max: 40, message: t('users.validation.displayNameLength') },
    ],
    unitId: [{ required: true, message: t('common.requiredSelect', { field: t('users.fields.unit') }) }],
    phone: [patternRule(PHONE_PATTERN, t('users.validation.phoneFormat'))],
    email: [patternRule(EMAIL_PATTERN, t('users.validation.emailFormat'))],
  } satisfies Record<string, FormRule[]>;
}
