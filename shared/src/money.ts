/**
 * Money is exact: decimal.js in TypeScript, NUMERIC in SQL, strings on the wire, never a JS number.
 * Unit prices carry up to 6 decimal places; amounts are rounded half-up to the fen (0.01 CNY) once per
 * bill line, and totals are sums of rounded lines.
 */
import { Decimal } from 'decimal.js';

export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Money = InstanceType<typeof Money>;

/** A non-negative decimal with at most `places` decimal places, as text: "12", "0.5", "3.141593". */
export function decimalPattern(places: number): RegExp {
  return new RegExp(`^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,${places}})?$`);
}
export const UNIT_PRICE_PATTERN = decimalPattern(6);
export const AMOUNT_PATTERN = decimalPattern(2);

export function money(value: string | number | Money): Money {
  return new Money(value);
}

/** Rounds half-up to the fen and renders with exactly two decimals. */
export function toFen(value: Money): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** ¥1,234.50 — for display only; never parse it back. */
export function formatCny(amount: string): string {
  const [whole = '0', fraction = '00'] = new Money(amount).toFixed(2).split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}
