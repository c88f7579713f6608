/**
 * The one deadline function: N working days after a moment, in Asia/Shanghai (QP-9 7 days, QP-10 3 + 3,
 * QP-11 5). The day the moment falls on does not count; a weekend counts only when it is a make-up
 * working day (调休); a statutory holiday never counts. Days in a year without a published arrangement
 * are judged Monday–Friday but make the result provisional — never silently final.
 */

/** What the calendar knows: exceptions to Monday–Friday and the years whose arrangement is published. */
export interface CalendarData {
  /** 'YYYY-MM-DD' → true for a day off on a weekday (holiday), false for a working weekend day (调休). */
  exceptions: ReadonlyMap<string, boolean>;
  publishedYears: ReadonlySet<number>;
}

export interface Deadline {
  /** The last working day, 'YYYY-MM-DD' in Asia/Shanghai. */
  dueDate: string;
  /** The instant the deadline passes: the end of the due date in Asia/Shanghai (next day 00:00 +08:00). */
  dueAt: Date;
  provisional: boolean;
  /** Years whose arrangement was needed but is not published. */
  unpublishedYears: number[];
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // China has no daylight saving time.
const DAY_MS = 86_400_000;

/** The calendar date of an instant in Asia/Shanghai, 'YYYY-MM-DD'. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Asia/Shanghai of a calendar date, as an instant. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

function nextDate(date: string): string {
  return shiftDate(date, 1);
}

/** The calendar date `days` after `date` (both 'YYYY-MM-DD'; negative goes back). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The last day of a deadline given as its end instant (`dueAt` is 00:00 the day after). */
export function dueDateOf(dueAt: Date): string {
  return shanghaiDate(new Date(dueAt.getTime() - 1));
}

export function isWorkingDay(date: string, calendar: CalendarData): boolean {
  const exception = calendar.exceptions.get(date);
  if (exception !== undefined) return !exception;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

export function addWorkingDays(from: Date, workingDays: number, calendar: CalendarData): Deadline {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError('workingDays must be a positive integer');
  const unpublished = new Set<number>();
  let date = shanghaiDate(from);
  let counted = 0;
  while (counted < workingDays) {
    date = nextDate(date);
    const year = Number(date.slice(0, 4));
    if (!calendar.publishedYears.has(year)) unpublished.add(year);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return {
    dueDate: date,
    dueAt: startOfShanghaiDay(nextDate(date)),
    provisional: unpublished.size > 0,
    unpublishedYears: [...unpublished].sort(),
  };
}

/** Working days elapsed after `from` up to and including the Shanghai date of `to` (for SLA reports). */
export function workingDaysBetween(from: Date, to: Date, calendar: CalendarData): number {
  const end = shanghaiDate(to);
  let date = shanghaiDate(from);
  let count = 0;
  while (date < end) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) count++;
  }
  return count;
}
