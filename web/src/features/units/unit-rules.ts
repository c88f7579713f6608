import { isValidCreditCode } from '@yunshu/shared/credit-code';
import type { FormRule as Rule } from 'antd';
import type { Translate } from '../../i18n/i18n-provider.tsx';

/** 18 characters of the GB 32100-2015 alphabet (no I, O, S, V, Z). */
const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
/** Same pattern as the server's contract (CreateUnitBodySchema). */
export const PHONE_PATTERN = /^[0-9+\-() ]{5,32}$/;

function lengthRule(min: number, max: number, message: string): Rule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const length = (value ?? '').trim().length;
      if (length > 0 && (length < min || length > max)) throw new Error(message);
    },
  };
}

/** The client-side mirror of the server's unit validation, for an answer before the request. */
export function unitRules(t: Translate) {
  return {
    name: [
      { required: true, whitespace: true, message: t('common.required', { field: t('units.fields.name') }) },
      lengthRule(2, 100, t('units.validation.nameLength')),
    ],
    shortName: [lengthRule(0, 40, t('units.validation.shortNameLength'))],
    type: [{ required: true, message: t('common.requiredSelect', { field: t('units.fields.type') }) }],
    creditCode: [
      { required: true, whitespace: true, message: t('common.required', { field: t('units.fields.creditCode') }) },
      {
        validator: async (_rule, value: string | undefined) => {
          const code = (value ?? '').trim().toUpperCase();
          if (!code) return;
          if (!CREDIT_CODE_PATTERN.test(code)) throw new Error(t('units.validation.creditCodeFormat'));
          if (!isValidCreditCode(code)) throw new Error(t('units.validation.creditCodeCheck'));
        },
      },
    ],
    contactName: [
      { required: true, whitespace: true, message: t('common.required', { field: t('units.fields.contactName') }) },
      lengthRule(1, 40, t('units.validation.contactNameLength')),
    ],
    contactPhone: [
      { required: true, whitespace: true, message: t('common.required', { field: t('units.fields.contactPhone') }) },
      {
        validator: async (_rule, value: string | undefined) => {
          const phone = (value ?? '').trim();
          if (phone && !PHONE_PATTERN.test(phone)) throw new Error(t('units.validation.phoneFormat'));
        },
      },
    ],
  } satisfies Record<string, Rule[]>;
}
