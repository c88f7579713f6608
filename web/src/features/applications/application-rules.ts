import type { FormRule } from 'antd';
import type { Translate } from '../../i18n/i18n-provider.tsx';

/** ServerRequestSchema (shared/src/applications-api.ts): a host name. */
const SERVER_NAME_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

/** QuantitySchema (shared/src/systems-api.ts): a decimal with at most 3 places, as text. */
const QUANTITY_PATTERN = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,3})?$/;

/** The client-side mirror of SubmitApplicationBodySchema and the decision bodies; the server checks again. */
export function applicationRules(t: Translate) {
  const requiredSelect = (field: string): FormRule => ({ required: true, message: t('common.requiredSelect', { field }) });
  /** A value chosen at most once in a list (an item per line, a server per resize). */
  const once = (taken: ReadonlySet<string>, message: string): FormRule => ({
    validator: async (_rule, value: string | undefined) => {
      if (value && taken.has(value.trim())) throw new Error(message);
    },
  });
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
    lineItem: (taken: ReadonlySet<string>): FormRule[] => [requiredSelect(t('applications.fields.item')), once(taken, t('applications.validation.duplicateItem'))],
    resizeServer: (taken: ReadonlySet<string>): FormRule[] => [
      requiredSelect(t('applications.fields.resizeServer')),
      once(taken, t('applications.validation.duplicateResize')),
    ],
    serverName: (taken: ReadonlySet<string>): FormRule[] => [
      { required: true, whitespace: true, message: t('common.required', { field: t('applications.fields.serverName') }) },
      { pattern: SERVER_NAME_PATTERN, message: t('applications.validation.serverName') },
      once(taken, t('applications.validation.duplicateServer')),
    ],
    /** A whole number from 1 to `max` (vCPU, GiB), required unless said otherwise. */
    count: (field: string, max: number, required = true): FormRule[] => [
      ...(required ? [{ required: true, message: t('common.required', { field }) }] : []),
      { type: 'number', min: 1, max, message: t('applications.validation.numberRange', { field, max }) },
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
