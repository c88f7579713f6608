import type { FormRule } from 'antd';
import type { Translate } from '../../i18n/i18n-provider.tsx';

/** QuantitySchema (shared/src/systems-api.ts): a decimal with at most 3 places, as text. */
const QUANTITY_PATTERN = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,3})?$/;

/** The client-side mirror of SubmitApplicationBodySchema and the decision bodies; the server checks again. */
export function applicationRules(t: Translate) {
  const requiredSelect = (field: string): FormRule => ({ required: true, message: t('common.requiredSelect', { field }) });
  return {
    title: [
      { required: true, whitespace: true, message: t('common.required', { field: t('applications.fields.title') }) },
      { max: 120, message: t('applications.validation.tooLong', { field: t('applications.fields.title'), max: 120 }) },
    ] satisfies FormRule[],
    systemId: [requiredSelect(t('applications.fields.system'))],
    projectId: [requiredSelect(t('applications.fields.project'))],
    platformId: [requiredSelect(t('applications.fields.platform'))],
    relatedApplicationId: [requiredSelect(t('applications.fields.relatedApplication'))],
    architecture: [requiredSelect(t('applications.fields.architecture'))],
    date: (field: string): FormRule[] => [requiredSelect(field)],
    /** A required (or optional) free text of at most `max` characters. */
    text: (field: string, max: number, required = true): FormRule[] => [
      ...(required ? [{ required: true, whitespace: true, message: t('common.required', { field }) }] : []),
      { max, message: t('applications.validation.tooLong', { field, max }) },
    ],
    lineItem: (taken: ReadonlySet<string>): FormRule[] => [
      requiredSelect(t('applications.fields.item')),
      {
        validator: async (_rule, value: string | undefined) => {
          if (value && taken.has(value)) throw new Error(t('applications.validation.duplicateItem'));
        },
      },
    ],
    quantity: [
      { required: true, whitespace: true, message: t('common.required', { field: t('applications.fields.quantity') }) },
      {
        validator: async (_rule, value: string | undefined) => {
          const text = (value ?? '').trim();
          // A line of nothing asks for nothing: zero is told apart by its digits, never by arithmetic.
          if (text && (!QUANTITY_PATTERN.test(text) || !/[1-9]/.test(text))) throw new Error(t('applications.validation.quantityFormat'));
        },
      },
    ] satisfies FormRule[],
    months: (max: number): FormRule[] => [
      { required: true, message: t('common.required', { field: t('applications.fields.months') }) },
      { type: 'number', min: 1, max, message: t('applications.validation.monthsRange', { max }) },
    ],
    linesPresent: (value: readonly unknown[] | undefined) => {
      if (!value || value.length === 0) throw new Error(t('applications.validation.linesRequired'));
    },
    mustConfirm: (message: string): FormRule[] => [
      {
        validator: async (_rule, value: boolean | undefined) => {
          if (!value) throw new Error(message);
        },
      },
    ],
  };
}
