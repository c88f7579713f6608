/**
 * Amounts of money from prices, exactly (decimal.js, never a JS number): a line is unit price × quantity
 * × months rounded half-up to the fen once, and a total is the sum of rounded lines — so the lines shown
 * add up to the total shown.
 */
import { Money, money, toFen } from '@yunshu/shared/money';

/** One line's amount: unit price × quantity × months, rounded half-up to the fen once. */
export function lineAmount(unitPrice: string, quantity: string, months: number): string {
  return toFen(money(unitPrice).times(quantity).times(months));
}

/** The total of already rounded line amounts. */
export function sumAmounts(amounts: readonly string[]): string {
  return toFen(amounts.reduce((sum, amount) => sum.plus(amount), new Money(0)));
}
