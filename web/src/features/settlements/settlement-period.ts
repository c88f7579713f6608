import type { PolicyView } from '@yunshu/shared/api';
import type { Translate } from '../../i18n/i18n-provider.tsx';
import { addMonths } from '../../i18n/shanghai-time.ts';

/** The profile's `settlement.period`: periods start on `startMonth`/`startDay` and last `lengthMonths` (SJ-15: 7月1日 – 6月30日). */
export interface SettlementPeriodRule {
  startMonth: number;
  startDay: number;
  lengthMonths: number;
  /** How the profile writes it, e.g. 每年 7 月 1 日起 12 个月. */
  display: string;
  article: string | null;
}

export interface SettlementPeriod {
  firstMonth: string;
  lastMonth: string;
  /** The period has not ended yet (its last month is this month or later). */
  current: boolean;
}

/** How many periods the run dialog offers, the latest first. */
const PERIODS_OFFERED = 5;

export function settlementPeriodRuleOf(policy: PolicyView | undefined): SettlementPeriodRule | null {
  const parameter = policy?.parameters.find((p) => p.key === 'settlement.period');
  const value = parameter?.value as Partial<Record<'startMonth' | 'startDay' | 'lengthMonths', unknown>> | undefined;
  if (!parameter || typeof value !== 'object' || value === null) return null;
  const { startMonth, startDay, lengthMonths } = value;
  if (typeof startMonth !== 'number' || typeof startDay !== 'number' || typeof lengthMonths !== 'number' || lengthMonths < 1) return null;
  return { startMonth, startDay, lengthMonths, display: parameter.display, article: parameter.article };
}

/**
 * The periods a settlement can be run for, the latest first: those starting on the profile's month up to
 * the one in progress now (`thisMonth`). The server refuses any other first month.
 */
export function settlementPeriods(rule: SettlementPeriodRule, thisMonth: string): SettlementPeriod[] {
  let first = thisMonth;
  for (let back = 0; back < 12 * rule.lengthMonths; back++) {
    const candidate = addMonths(thisMonth, -back);
    // As the server aligns a first month (settlement.service.ts settlementPeriod).
    if ((Number(candidate.slice(5, 7)) - rule.startMonth + 12) % rule.lengthMonths === 0) {
      first = candidate;
      break;
    }
  }
  return Array.from({ length: PERIODS_OFFERED }, (_, index) => {
    const firstMonth = addMonths(first, -index * rule.lengthMonths);
    const lastMonth = addMonths(firstMonth, rule.lengthMonths - 1);
    return { firstMonth, lastMonth, current: lastMonth >= thisMonth };
  });
}

/**
 * A settlement's name in the console's language: 2027 年度 / Year 2027 for a calendar year, otherwise its
 * first and last months — as the server names it (settlement.service.ts) for Excel, PDF and the audit log.
 */
export function settlementName(settlement: { firstMonth: string; lastMonth: string }, t: Translate): string {
  const year = settlement.firstMonth.slice(0, 4);
  const calendarYear = settlement.firstMonth === `${year}-01` && settlement.lastMonth === `${year}-12`;
  return calendarYear ? t('settlements.name.year', { year }) : t('settlements.name.span', { first: settlement.firstMonth, last: settlement.lastMonth });
}
