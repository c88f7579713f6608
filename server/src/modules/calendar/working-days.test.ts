/**
 * Deadlines across the official arrangements (国务院办公厅 notices for 2025 and 2026), computed by hand:
 * 2025 春节 1/28–2/4 off, make-up Sun 1/26 and Sat 2/8; 国庆中秋 10/1–10/8 off, make-up Sun 9/28 and Sat 10/11.
 * 2026 春节 2/15–2/23 off, make-up Sat 2/14 and Sat 2/28; 中秋 9/25–27; 国庆 10/1–10/7 off, make-up Sun 9/20 and Sat 10/10.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { packageArrangements } from './calendar.service.ts';
import { addWorkingDays, type CalendarData, shanghaiDate, workingDaysBetween } from './working-days.ts';

function calendarFrom(years: Map<number, { date: string; isOffDay: boolean }[]>, only?: number[]): CalendarData {
  const exceptions = new Map<string, boolean>();
  const published = new Set<number>();
  for (const [year, days] of years) {
    if (only && !only.includes(year)) continue;
    published.add(year);
    for (const day of days) exceptions.set(day.date, day.isOffDay);
  }
  return { exceptions, publishedYears: published };
}

const packaged = packageArrangements();
const calendar = calendarFrom(packaged);
const at = (iso: string) => new Date(iso);

describe('the package’s arrangements match the official notices', () => {
  test('2025 and 2026 make-up working days', () => {
    const makeup = (year: number) => packaged.get(year)!.filter((d) => !d.isOffDay).map((d) => d.date).sort();
    assert.deepEqual(makeup(2025), ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    assert.deepEqual(makeup(2026), ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });
});

describe('N working days after a moment (Asia/Shanghai)', () => {
  test('Spring Festival 2025: 7 working days from Friday 24 January end on Monday 10 February', () => {
    const deadline = addWorkingDays(at('2025-01-24T10:00:00+08:00'), 7, calendar);
    assert.equal(deadline.dueDate, '2025-02-10');
    assert.equal(deadline.provisional, false);
    assert.equal(deadline.dueAt.toISOString(), '2025-02-10T16:00:00.000Z', 'the end of the due date in Shanghai');
  });

  test('the arrival day is the Shanghai date: 23:00 on Thursday 23 January counts from the 24th, ending on make-up Saturday 8 February', () => {
    assert.equal(addWorkingDays(at('2025-01-23T15:00:00Z'), 7, calendar).dueDate, '2025-02-08');
    assert.equal(addWorkingDays(at('2025-01-23T17:00:00Z'), 7, calendar).dueDate, '2025-02-10', '01:00 on the 24th in Shanghai');
  });

  test('National Day 2025: make-up Sunday 28 September and Saturday 11 October count, 1–8 October do not', () => {
    const from = at('2025-09-26T09:30:00+08:00');
    assert.equal(addWorkingDays(from, 1, calendar).dueDate, '2025-09-28');
    assert.equal(addWorkingDays(from, 3, calendar).dueDate, '2025-09-30');
    assert.equal(addWorkingDays(from, 5, calendar).dueDate, '2025-10-10');
    assert.equal(addWorkingDays(from, 7, calendar).dueDate, '2025-10-13');
  });

  test('Spring Festival 2026: 7 working days from Thursday 12 February end on make-up Saturday 28 February', () => {
    assert.equal(addWorkingDays(at('2026-02-12T16:00:00+08:00'), 7, calendar).dueDate, '2026-02-28');
  });

  test('Mid-Autumn and National Day 2026 (QP-10: 3 + 3, QP-11: 5)', () => {
    assert.equal(addWorkingDays(at('2026-09-18T11:00:00+08:00'), 7, calendar).dueDate, '2026-09-29');
    const review = addWorkingDays(at('2026-09-30T14:00:00+08:00'), 3, calendar);
    assert.equal(review.dueDate, '2026-10-10', 'Thu 8, Fri 9, make-up Sat 10 October');
    assert.equal(addWorkingDays(review.dueAt, 3, calendar).dueDate, '2026-10-14');
    assert.equal(addWorkingDays(at('2026-09-30T14:00:00+08:00'), 5, calendar).dueDate, '2026-10-13');
  });

  test('a deadline reaching a year without a published arrangement is provisional, not silently Monday–Friday', () => {
    const deadline = addWorkingDays(at('2026-12-28T10:00:00+08:00'), 7, calendar);
    assert.equal(deadline.provisional, true);
    assert.deepEqual(deadline.unpublishedYears, [2027]);
    assert.equal(deadline.dueDate, '2027-01-06');
    const within = addWorkingDays(at('2026-12-21T10:00:00+08:00'), 5, calendar);
    assert.equal(within.provisional, false, 'ends on 28 December 2026');
  });

  test('once the next year is published, its holidays count', () => {
    const with2027 = calendarFrom(new Map([...packaged, [2027, [{ date: '2027-01-01', name: '元旦', isOffDay: true }]]]));
    const deadline = addWorkingDays(at('2026-12-28T10:00:00+08:00'), 7, with2027);
    assert.equal(deadline.provisional, false);
    assert.equal(deadline.dueDate, '2027-01-07');
  });

  test('working days between two moments (for SLA reports)', () => {
    assert.equal(workingDaysBetween(at('2025-01-24T10:00:00+08:00'), at('2025-02-10T09:00:00+08:00'), calendar), 7);
    assert.equal(workingDaysBetween(at('2025-01-24T10:00:00+08:00'), at('2025-01-24T18:00:00+08:00'), calendar), 0);
  });

  test('refuses a non-positive or fractional number of days', () => {
    assert.throws(() => addWorkingDays(new Date(), 0, calendar), RangeError);
    assert.throws(() => addWorkingDays(new Date(), 1.5, calendar), RangeError);
  });

  test('shanghaiDate turns instants into Shanghai calendar dates', () => {
    assert.equal(shanghaiDate(at('2025-12-31T16:00:00Z')), '2026-01-01');
    assert.equal(shanghaiDate(at('2025-12-31T15:59:59Z')), '2025-12-31');
  });
});
