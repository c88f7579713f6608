/**
 * Pure rules of the monthly sync to the big-data platform (QP-15 按月同步): when a month's delivery is
 * due, how long to wait between attempts, when to give up, and how a push is signed (HMAC-SM3, SJ-18
 * commercial cryptography).
 */
import { type CalendarData, isWorkingDay, shanghaiDate, shiftDate } from '../calendar/working-days.ts';
import { hmacSm3Hex } from '../../platform/crypto/sm.ts';

/** After this many failed attempts in a row a delivery is `failed` until the operator re-sends it. */
export const MAX_SYNC_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 3_600_000;

/** Wait after the `attempts`-th failed attempt in a row: 1 min, 2 min, 4 min, … capped at one hour. */
export function syncRetryDelayMs(attempts: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError('attempts must be a positive integer');
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
}

/** The first working day of a 'YYYY-MM' month (a holiday or weekend at its start pushes it later). */
export function firstWorkingDayOf(month: string, calendar: CalendarData): string {
  let date = `${month}-01`;
  for (let day = 0; day < 31 && !isWorkingDay(date, calendar); day++) date = shiftDate(date, 1);
  return date;
}

/** The month previous to 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return index === 1 ? `${year - 1}-12` : `${year}-${String(index - 1).padStart(2, '0')}`;
}

/**
 * QP-15: the previous month is delivered on the first working day of a month (Asia/Shanghai), or on a
 * later day of it when nothing ran that day; never before.
 */
export function dueSyncMonth(now: Date, calendar: CalendarData): { month: string; firstWorkingDay: string; due: boolean } {
  const today = shanghaiDate(now);
  const firstWorkingDay = firstWorkingDayOf(today.slice(0, 7), calendar);
  return { month: previousMonth(today.slice(0, 7)), firstWorkingDay, due: today >= firstWorkingDay };
}

export const DATASYNC_HEADERS = {
  /** The receiver's idempotency key: every attempt and re-send of a month carries the same id. */
  delivery: 'x-yunshu-delivery',
  month: 'x-yunshu-month',
  revision: 'x-yunshu-revision',
  /** Unix seconds when the attempt was signed; receivers refuse stale ones. */
  timestamp: 'x-yunshu-timestamp',
  /** SM3 of the body, so a receiver can match the file export without parsing. */
  digest: 'x-yunshu-content-sm3',
  signature: 'x-yunshu-signature',
} as const;

/** `hmac-sm3=<hex of HMAC-SM3(key, timestamp + "." + body)>`; the body names the delivery id and month. */
export function syncSignature(keyHex: string, timestamp: string, body: string): string {
  return `hmac-sm3=${hmacSm3Hex(Buffer.from(keyHex, 'hex'), `${timestamp}.${body}`)}`;
}
