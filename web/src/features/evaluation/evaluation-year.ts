import type { EvaluationSummary } from '../../api/contract-types.ts';
import { shanghaiToday } from '../../i18n/shanghai-time.ts';

/** This year in Beijing: the server's year too. */
export function currentYear(): number {
  return shanghaiToday().year;
}

/** The year the page opens on: last year, the latest that can be over and published. */
export function defaultYear(): number {
  return currentYear() - 1;
}

/** `?year=2025` when it is a year the API takes; the default otherwise. */
export function yearOfParam(value: string | null): number {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : defaultYear();
}

/**
 * The years to choose from, latest first: those evaluated, the one shown, and for those who run
 * evaluations also this year and last year, which they may run next.
 */
export function yearChoices(evaluations: EvaluationSummary[] | undefined, shown: number, mayRun: boolean): number[] {
  const years = new Set<number>([shown, ...(evaluations ?? []).map((e) => e.year)]);
  if (mayRun) {
    years.add(currentYear());
    years.add(currentYear() - 1);
  }
  return [...years].sort((a, b) => b - a);
}
