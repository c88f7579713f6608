import { useCallback, useMemo } from 'react';
import { listCalendarDays } from '../../api/calendar-api.ts';
import type { CalendarDay } from '../../api/contract-types.ts';
import { useAsync } from '../../components/use-async.ts';
import { addCalendarDays, calendarDateOf, dueDateOf, shanghaiToday, weekdayOf } from '../../i18n/shanghai-time.ts';

/** What is left of a deadline, in working days of the district's calendar. */
export type Remaining = { kind: 'overdue' } | { kind: 'today' } | { kind: 'days'; days: number };

/** Far enough for any approval deadline (the longest is a few weeks); a guard against a runaway loop. */
const MAX_SPAN_DAYS = 400;

/**
 * Counts the working days after today up to a deadline's last day, as the server counts a deadline (from
 * the day after its start): the holidays and make-up working days (调休) of this year and next, Monday to
 * Friday otherwise. `null` until the calendar is loaded.
 */
export function useWorkingDays(): { remaining: (dueAt: string | null) => Remaining | null } {
  const year = shanghaiToday().year;
  const load = useCallback(
    () => Promise.all([listCalendarDays(year), listCalendarDays(year + 1)]).then((years) => years.flat()),
    [year],
  );
  const { data } = useAsync<CalendarDay[]>(load);

  const exceptions = useMemo(() => new Map((data ?? []).map((day) => [day.date, day.isOffDay])), [data]);

  const remaining = useCallback(
    (dueAt: string | null): Remaining | null => {
      if (!dueAt || !data) return null;
      if (Date.parse(dueAt) <= Date.now()) return { kind: 'overdue' };
      const today = calendarDateOf(shanghaiToday());
      const last = dueDateOf(dueAt);
      if (last === today) return { kind: 'today' };
      let days = 0;
      for (let date = addCalendarDays(today, 1), step = 0; date <= last && step < MAX_SPAN_DAYS; date = addCalendarDays(date, 1), step++) {
        const offDay = exceptions.get(date);
        const weekday = weekdayOf(date);
        const working = offDay === undefined ? weekday !== 0 && weekday !== 6 : !offDay;
        if (working) days++;
      }
      return { kind: 'days', days };
    },
    [data, exceptions],
  );

  return { remaining };
}
