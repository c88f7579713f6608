/**
 * Money, quantities and ratios arrive as decimal strings and are shown by rewriting the text, never by
 * arithmetic in the browser. (shared/src/money.ts `formatCny` would bring decimal.js into the bundle and
 * rounds to the fen, which would hide the six places of a unit price.)
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `¥1,234,567.50` — every decimal place the server sent, at least two; an unreadable value as written. */
export function formatYuan(amount: string): string {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return amount;
  const [, sign = '', whole = '0', fraction = ''] = match;
  return `${sign}¥${groupThousands(whole)}.${fraction.padEnd(2, '0')}`;
}

/** `16.500` → `16.5`, `2.000` → `2`: a quantity without the trailing zeros of its database column. */
export function formatQuantity(quantity: string): string {
  const match = DECIMAL.exec(quantity.trim());
  if (!match) return quantity;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const kept = fraction.replace(/0+$/, '');
  return `${sign}${groupThousands(whole)}${kept ? `.${kept}` : ''}`;
}

/** A ratio as a percentage: `1.2` → `120`, `0.10` → `10`, `1.125` → `112.5` (the point moved two places). */
export function ratioToPercent(ratio: string): string {
  const match = DECIMAL.exec(ratio.trim());
  if (!match) return ratio;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const point = whole.length + 2;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(point).replace(/0+$/, '');
  return `${sign}${integer}${rest ? `.${rest}` : ''}`;
}

/** `14 B`, `2.5 KB`, `10.0 MB` — a file's size (binary units, as the server's upload limit is stated). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
