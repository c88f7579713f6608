import { api } from './client.ts';
import type { CalendarDay, CalendarYears, Deadline, ImportYearBody, SetDayBody, SetYearBody } from './contract-types.ts';

export function listCalendarYears(): Promise<CalendarYears> {
  return api.get<CalendarYears>('/calendar/years');
}

export function listCalendarDays(year: number): Promise<CalendarDay[]> {
  return api.get<CalendarDay[]>(`/calendar/years/${year}/days`);
}

/** Replaces a year's holidays and make-up working days with the given arrangement and publishes the year. */
export function importCalendarYear(body: ImportYearBody): Promise<{ year: number; imported: number }> {
  return api.post<{ year: number; imported: number }>('/calendar/import', body);
}

/** `date` is a calendar date, `YYYY-MM-DD`. */
export function setCalendarDay(date: string, body: SetDayBody): Promise<unknown> {
  return api.put<unknown>(`/calendar/days/${encodeURIComponent(date)}`, body);
}

export function clearCalendarDay(date: string): Promise<void> {
  return api.delete<void>(`/calendar/days/${encodeURIComponent(date)}`);
}

export function setCalendarYear(year: number, body: SetYearBody): Promise<unknown> {
  return api.put<unknown>(`/calendar/years/${year}`, body);
}

/** `from`: ISO 8601 with offset, e.g. `2026-09-30T10:00:00.000+08:00`. */
export function computeDeadline(from: string, workingDays: number): Promise<Deadline> {
  return api.get<Deadline>('/calendar/deadline', { from, workingDays });
}
