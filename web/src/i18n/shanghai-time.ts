/**
 * Every time on screen is Beijing time (Asia/Shanghai), whatever the browser's own zone, and every time
 * sent to the server carries the +08:00 offset.
 */
const SHANGHAI = 'Asia/Shanghai';

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const DATE = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** `2026-03-05 14:07:09` in Beijing time; the placeholder for an empty or unreadable value. */
export function formatDateTime(iso: string | null | undefined, empty = '—'): string {
  if (!iso) return empty;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return empty;
  const p = partsOf(DATE_TIME, date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `2026-03-05`; a bare calendar date (`2023-06-01`) is shown as written. */
export function formatDate(value: string | null | undefined, empty = '—'): string {
  if (!value) return empty;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return empty;
  const p = partsOf(DATE, date);
  return `${p.year}-${p.month}-${p.day}`;
}

export interface CalendarDay {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The first instant of a Beijing calendar day, e.g. `2026-03-05T00:00:00.000+08:00`. */
export function startOfShanghaiDay(day: CalendarDay): string {
  return `${pad(day.year, 4)}-${pad(day.month)}-${pad(day.day)}T00:00:00.000+08:00`;
}

/** The last millisecond of a Beijing calendar day, e.g. `2026-03-05T23:59:59.999+08:00`. */
export function endOfShanghaiDay(day: CalendarDay): string {
  return `${pad(day.year, 4)}-${pad(day.month)}-${pad(day.day)}T23:59:59.999+08:00`;
}

/** `2026-03-05`: a calendar date as the API writes it. */
export function calendarDateOf(day: CalendarDay): string {
  return `${pad(day.year, 4)}-${pad(day.month)}-${pad(day.day)}`;
}

/** A Beijing wall-clock time as an instant with its offset, e.g. `2026-03-05T14:07:00.000+08:00`. */
export function shanghaiInstant(day: CalendarDay, hour: number, minute: number): string {
  return `${calendarDateOf(day)}T${pad(hour)}:${pad(minute)}:00.000+08:00`;
}

/** The day of the week of a calendar date (`2026-03-05`), 0 = Sunday … 6 = Saturday, in every time zone. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Today in Beijing. */
export function shanghaiToday(): CalendarDay {
  const p = partsOf(DATE, new Date());
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day) };
}

/**
 * What the date pickers hand back, read through these methods only: the picked wall-clock values are
 * taken as Beijing time whatever the browser's zone.
 */
export interface PickedDate {
  year(): number;
  /** 0–11 */
  month(): number;
  date(): number;
  hour(): number;
  minute(): number;
}

export function dayOfPicked(value: PickedDate): CalendarDay {
  return { year: value.year(), month: value.month() + 1, day: value.date() };
}

/** `2026-07-01` for Beijing midnight (how prices change), else `2026-07-01 08:30:00`; the placeholder when empty. */
export function formatMoment(iso: string | null | undefined, empty = '—'): string {
  const text = formatDateTime(iso, empty);
  return text.endsWith(' 00:00:00') ? text.slice(0, 10) : text;
}

/**
 * The last day of a deadline, `2026-12-04`: the server gives a deadline as the instant it passes, the end
 * of its last working day (the next day 00:00 +08:00), so the day is the one just before that instant.
 */
export function dueDateOf(dueAt: string | null | undefined, empty = '—'): string {
  if (!dueAt) return empty;
  const instant = new Date(dueAt);
  if (Number.isNaN(instant.getTime())) return empty;
  return formatDate(new Date(instant.getTime() - 1).toISOString(), empty);
}

/** The calendar date (`YYYY-MM-DD`) a number of days after another, whatever the browser's zone. */
export function addCalendarDays(date: string, days: number): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return next.toISOString().slice(0, 10);
}

/** This month in Beijing, `2026-03`: the month the platform bills now. */
export function shanghaiMonth(): string {
  const today = shanghaiToday();
  return `${pad(today.year, 4)}-${pad(today.month)}`;
}

/** The month (`YYYY-MM`) a number of months after another; negative counts go back. */
export function addMonths(month: string, count: number): string {
  const serial = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + count;
  return `${pad(Math.floor(serial / 12), 4)}-${pad((serial % 12) + 1)}`;
}
