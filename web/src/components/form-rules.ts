import type { FormRule } from 'antd';
import type { Translate } from '../i18n/i18n-provider.tsx';

/** A text the server reads by a pattern (an amount, a phone number); empty is left to the required rule. */
export function patternRule(pattern: RegExp, message: string): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const text = (value ?? '').trim();
      if (text && !pattern.test(text)) throw new Error(message);
    },
  };
}

/** At most `max` characters once trimmed, as the server counts them. */
export function maxRule(max: number, message: string): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      if ((value ?? '').trim().length > max) throw new Error(message);
    },
  };
}

/** 请填写… : a text that must not be empty or blank. */
export const requiredRule = (t: Translate, field: string): FormRule => ({
  required: true,
  whitespace: true,
  message: t('common.required', { field }),
});

/** 请选择… : a choice that must be made. */
export const requiredSelectRule = (t: Translate, field: string): FormRule => ({
  required: true,
  message: t('common.requiredSelect', { field }),
});
