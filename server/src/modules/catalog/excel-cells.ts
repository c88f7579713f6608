/**
 * Reading price-list cells the way people type them in Excel: prices as numbers or text, dates as date
 * cells, text or serial numbers. A price never goes through float arithmetic: a number cell holds the
 * shortest decimal that Excel wrote (0.35 reads back as "0.35"), and that text is checked and kept.
 */
import { UNIT_PRICE_PATTERN } from '@yunshu/shared/money';

export type CellResult<T> = { ok: true; value: T } | { ok: false; zh: string; en: string };

const fail = (zh: string, en: string): CellResult<never> => ({ ok: false, zh, en });

/** ExcelJS cell values: text, number, boolean, Date, rich text, formula with result, hyperlink, error. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return null;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((run) => run.text).join('');
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return null;
}

export function isBlank(value: unknown): boolean {
  if (value instanceof Date) return false;
  const text = cellText(value);
  return text === null || text.trim() === '';
}

/** The value a formula cell shows, else the value itself. */
function shown(value: unknown): unknown {
  if (value && typeof value === 'object' && !(value instanceof Date) && 'result' in value) return (value as { result: unknown }).result;
  return value;
}

/** A unit price in yuan with at most 6 decimal places, as exact text. */
export function parseUnitPrice(raw: unknown): CellResult<string> {
  const value = shown(raw);
  if (value instanceof Date) return fail('单价不能是日期', 'The unit price cannot be a date');
  if (value && typeof value === 'object' && 'error' in value) return fail('单元格是错误值', 'The cell holds an error value');
  let text = (cellText(value) ?? '').trim();
  if (text === '') return fail('单价必填', 'The unit price is required');
  text = text.replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  if (/^-/.test(text)) return fail('单价不能为负数', 'The unit price cannot be negative');
  if (/e/i.test(text)) {
    return fail(`单价“${text}”位数过多：最多 6 位小数`, `Unit price "${text}" has too many digits: at most 6 decimal places`);
  }
  const decimals = /^\d+\.(\d+)$/.exec(text)?.[1];
  if (decimals && decimals.length > 6) {
    return fail(`单价“${text}”超过 6 位小数`, `Unit price "${text}" has more than 6 decimal places`);
  }
  if (!UNIT_PRICE_PATTERN.test(text)) {
    return fail(`单价“${text}”不是有效金额（非负数，最多 6 位小数）`, `Unit price "${text}" is not a valid amount (non-negative, up to 6 decimal places)`);
  }
  return { ok: true, value: text };
}

const SHANGHAI_MS = 8 * 3600 * 1000;
const MS_PER_DAY = 86_400_000;
/** Excel's day 0 (the 1900 date system, with its 1900-02-29 quirk folded into the epoch). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** Wall-clock fields in Beijing time → the instant. */
function shanghaiInstant(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | null {
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(utc - SHANGHAI_MS);
}

/**
 * An effective date or instant, read as Beijing time: a date cell (Excel stores wall-clock time, which
 * ExcelJS hands over as if it were UTC), text such as 2026-07-01, 2026/7/1, 2026年7月1日 or
 * 2026-07-01 08:00, an ISO instant with its offset, or a bare serial day number.
 */
export function parseInstantCell(raw: unknown): CellResult<Date> {
  const value = shown(raw);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('日期无效', 'Invalid date');
    // Whole seconds: a serial day number cannot carry milliseconds exactly.
    const wall = Math.round(value.getTime() / 1000) * 1000;
    return { ok: true, value: new Date(wall - SHANGHAI_MS) };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) return fail(`“${value}”不是日期`, `"${value}" is not a date`);
    const wall = Math.round((EXCEL_EPOCH_MS + value * MS_PER_DAY) / 1000) * 1000;
    return { ok: true, value: new Date(wall - SHANGHAI_MS) };
  }
  const text = (cellText(value) ?? '').trim();
  if (text === '') return fail('日期必填', 'The date is required');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const instant = new Date(text);
    if (!Number.isNaN(instant.getTime())) return { ok: true, value: instant };
  }
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (match) {
    const [, y, mo, d, h, mi, s] = match;
    const instant = shanghaiInstant(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    if (instant) return { ok: true, value: instant };
    return fail(`“${text}”不是有效日期`, `"${text}" is not a valid date`);
  }
  return fail(`无法识别的日期“${text}”，应为 2026-07-01 或日期单元格`, `Unrecognised date "${text}"; use 2026-07-01 or a date cell`);
}

/** The value to write for an instant: a date cell holding Beijing wall-clock time. */
export function instantCellValue(instant: Date): Date {
  return new Date(instant.getTime() + SHANGHAI_MS);
}

/**
 * A unit price as a number cell when the number reads back as exactly the same decimal, else as text
 * (beyond 15 significant digits a double cannot hold it).
 */
export function priceCellValue(unitPrice: string): number | string {
  const asNumber = Number(unitPrice);
  return Number.isFinite(asNumber) && normalizeDecimal(String(asNumber)) === normalizeDecimal(unitPrice) ? asNumber : unitPrice;
}

/** "35.000000" → "35", "0.350000" → "0.35": the same decimal, written shortest. */
export function normalizeDecimal(text: string): string {
  if (!text.includes('.')) return text.replace(/^0+(?=\d)/, '');
  return text.replace(/^0+(?=\d)/, '').replace(/0+$/, '').replace(/\.$/, '');
}
