/**
 * Which days a platform owes its daily inspection report (SJ-19 区政务云服务商应当对…运行情况进行日常检查;
 * Qingpu QP-6, QP-17): every working day of the PRC calendar — make-up working days (调休) included,
 * statutory holidays not — or every calendar day, as the profile's `operations.inspectionEvery` says.
 * A day is judged only once it is over in Asia/Shanghai.
 */
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { type CalendarData, isWorkingDay, shiftDate } from '../calendar/working-days.ts';

/** Whether a report is due for `date` under the profile. */
export function inspectionDueOn(profile: PolicyProfile, date: string, calendar: CalendarData): boolean {
  return profile.parameters['operations.inspectionEvery'].value === 'calendar_days' || isWorkingDay(date, calendar);
}

/** The days in [from, to] (inclusive) for which a report is due. */
export function inspectionDaysBetween(profile: PolicyProfile, from: string, to: string, calendar: CalendarData): string[] {
  const days: string[] = [];
  for (let date = from; date <= to; date = shiftDate(date, 1)) {
    if (inspectionDueOn(profile, date, calendar)) days.push(date);
  }
  return days;
}

/**
 * The first day a platform owes a report: the day after it was registered (Asia/Shanghai date given),
 * since a platform registered in the afternoon cannot have been inspected that morning.
 */
export function firstInspectionDay(registeredOn: string): string {
  return shiftDate(registeredOn, 1);
}
