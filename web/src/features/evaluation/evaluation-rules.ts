import type { FormRule } from 'antd';
import { maxRule, patternRule, requiredRule, requiredSelectRule } from '../../components/form-rules.ts';
import type { Translate } from '../../i18n/i18n-provider.tsx';

/** AdjustBodySchema: signed points with at most two decimals. */
const POINTS = /^-?\d+(\.\d{1,2})?$/;
const REASON_MIN = 4;
const REQUIREMENT_MIN = 4;

/** At least `min` characters once trimmed, as the server counts them; empty is left to the required rule. */
function minTrimmedRule(min: number, message: string): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const length = (value ?? '').trim().length;
      if (length > 0 && length < min) throw new Error(message);
    },
  };
}

/** The client-side mirror of the server's validation of an adjustment and of a rectification requirement. */
export function evaluationRules(t: Translate) {
  return {
    unit: [requiredSelectRule(t, t('evaluation.adjustments.unit'))],
    indicator: [requiredSelectRule(t, t('evaluation.adjustments.indicator'))],
    points: [
      requiredRule(t, t('evaluation.adjustments.points')),
      patternRule(POINTS, t('evaluation.adjustments.pointsFormat')),
      // The server refuses an adjustment of nothing.
      {
        validator: async (_rule, value: string | undefined) => {
          const text = (value ?? '').trim();
          if (POINTS.test(text) && Number(text) === 0) throw new Error(t('evaluation.adjustments.pointsNonZero'));
        },
      },
    ],
    reason: [
      requiredRule(t, t('evaluation.adjustments.reason')),
      minTrimmedRule(REASON_MIN, t('evaluation.adjustments.reasonMin', { min: REASON_MIN })),
      maxRule(500, t('applications.validation.tooLong', { field: t('evaluation.adjustments.reason'), max: 500 })),
    ],
    requirement: [
      requiredRule(t, t('evaluation.issue.requirement')),
      minTrimmedRule(REQUIREMENT_MIN, t('evaluation.issue.requirementMin', { min: REQUIREMENT_MIN })),
      maxRule(2000, t('applications.validation.tooLong', { field: t('evaluation.issue.requirement'), max: 2000 })),
    ],
  } satisfies Record<string, FormRule[]>;
}
