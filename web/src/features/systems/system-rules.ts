import type { FormRule } from 'antd';
import { maxRule, patternRule, requiredRule, requiredSelectRule } from '../../components/form-rules.ts';
import type { Translate } from '../../i18n/i18n-provider.tsx';

/** Same patterns as the server's contract (shared/src/systems-api.ts, shared/src/money.ts). */
const PHONE_PATTERN = /^[0-9+\-() ]{5,32}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** QuantitySchema: a non-negative decimal with at most 3 places, as text. */
const QUANTITY_PATTERN = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,3})?$/;
/** AMOUNT_PATTERN: yuan with at most 2 places, as text. */
const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/;

/** The client-side mirror of the server's validation of an information system. */
export function systemRules(t: Translate) {
  return {
    name: [requiredRule(t, t('systems.fields.name')), maxRule(100, t('systems.validation.nameLength'))],
    purpose: [requiredRule(t, t('systems.fields.purpose')), maxRule(500, t('systems.validation.purposeLength'))],
    unitId: [requiredSelectRule(t, t('systems.fields.unit'))],
    mlpsLevel: [requiredSelectRule(t, t('systems.fields.mlpsLevel'))],
    mlpsFilingNumber: [maxRule(60, t('systems.validation.filingNumberLength'))],
    constructionType: [requiredSelectRule(t, t('systems.fields.constructionType'))],
    ownerName: [requiredRule(t, t('systems.fields.ownerName')), maxRule(40, t('systems.validation.ownerNameLength'))],
    ownerPhone: [requiredRule(t, t('systems.fields.ownerPhone')), patternRule(PHONE_PATTERN, t('systems.validation.phoneFormat'))],
    ownerEmail: [patternRule(EMAIL_PATTERN, t('systems.validation.emailFormat'))],
  } satisfies Record<string, FormRule[]>;
}

/** The client-side mirror of the server's validation of a project approval and its quota lines. */
export function projectRules(t: Translate) {
  return {
    documentNumber: [
      requiredRule(t, t('projects.fields.documentNumber')),
      maxRule(80, t('projects.validation.documentNumberLength')),
    ],
    approvedOn: [requiredSelectRule(t, t('projects.fields.approvedOn'))],
    approvingBody: [
      requiredRule(t, t('projects.fields.approvingBody')),
      maxRule(100, t('projects.validation.approvingBodyLength')),
    ],
    budget: [requiredRule(t, t('projects.fields.budget')), patternRule(AMOUNT_PATTERN, t('projects.validation.budgetFormat'))],
    architecture: [requiredSelectRule(t, t('projects.fields.architecture'))],
    cyclicalPattern: [maxRule(300, t('projects.validation.cyclicalPatternLength'))],
    item: [requiredSelectRule(t, t('projects.quota.item'))],
    quantity: [
      requiredRule(t, t('projects.quota.quantity')),
      {
        validator: async (_rule, value: string | undefined) => {
          const text = (value ?? '').trim();
          // Zero is refused by the server too (a quota line of nothing); told apart here by its digits.
          if (text && (!QUANTITY_PATTERN.test(text) || !/[1-9]/.test(text))) {
            throw new Error(t('projects.validation.quantityFormat'));
          }
        },
      },
    ],
    basis: [requiredRule(t, t('projects.quota.basis')), maxRule(500, t('projects.validation.basisLength'))],
  } satisfies Record<string, FormRule[]>;
}
