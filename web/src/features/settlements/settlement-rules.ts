import type { FormRule } from 'antd';
import { maxRule, patternRule, requiredRule, requiredSelectRule } from '../../components/form-rules.ts';
import type { Translate } from '../../i18n/i18n-provider.tsx';

/** AdjustmentBodySchema: signed yuan with at most two decimals. */
const SIGNED_AMOUNT = /^-?\d{1,13}(\.\d{1,2})?$/;
/** SupervisionBodySchema: yuan with at most two decimals, not negative. */
const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;

/** The client-side mirror of the server's validation of an adjustment and of the supervision budget. */
export function settlementRules(t: Translate) {
  return {
    provider: [requiredSelectRule(t, t('settlements.adjustment.provider'))],
    unit: [requiredSelectRule(t, t('settlements.adjustment.unit'))],
    adjustmentAmount: [
      requiredRule(t, t('settlements.adjustment.amount')),
      patternRule(SIGNED_AMOUNT, t('settlements.adjustment.amountFormat')),
      // The server refuses an adjustment of nothing; told apart here by its digits.
      {
        validator: async (_rule, value: string | undefined) => {
          if (/^\s*-?[0.]+\s*$/.test(value ?? '')) throw new Error(t('settlements.adjustment.amountZero'));
        },
      },
    ],
    reason: [
      requiredRule(t, t('settlements.adjustment.reason')),
      { min: 2, message: t('settlements.adjustment.reasonLength') },
      maxRule(1000, t('settlements.adjustment.reasonLength')),
    ],
    supervisionAmount: [requiredRule(t, t('settlements.supervision.amount')), patternRule(AMOUNT, t('settlements.supervision.amountFormat'))],
  } satisfies Record<string, FormRule[]>;
}
