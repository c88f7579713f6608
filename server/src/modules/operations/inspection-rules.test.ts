import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadPolicyProfile, type PolicyProfile } from '../../platform/policy/policy-profile.ts';
import type { CalendarData } from '../calendar/working-days.ts';
import { firstInspectionDay, inspectionDaysBetween } from './inspection-rules.ts';

const qingpu = loadPolicyProfile('qingpu-2023');
const everyDay: PolicyProfile = {
  ...qingpu,
  parameters: { ...qingpu.parameters, 'operations.inspectionEvery': { value: 'calendar_days', article: 'QP-6, QP-17', basis: null } },
};

// 2026: Mid-autumn Friday 25 September off; National Day 1–7 October off; Saturday 10 October a make-up working day.
const calendar: CalendarData = {
  exceptions: new Map([
    ['2026-09-25', true],
    ['2026-10-01', true],
    ['2026-10-02', true],
    ['2026-10-05', true],
    ['2026-10-06', true],
    ['2026-10-07', true],
    ['2026-10-10', false],
  ]),
  publishedYears: new Set([2026]),
};

describe('days a daily inspection report is due (SJ-19)', () => {
  test('working days skip weekends and statutory holidays and keep make-up working days', () => {
    assert.deepEqual(inspectionDaysBetween(qingpu, '2026-09-24', '2026-10-12', calendar), [
      '2026-09-24',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ]);
  });

  test('calendar days count every day, holidays included', () => {
    const days = inspectionDaysBetween(everyDay, '2026-09-30', '2026-10-03', calendar);
    assert.deepEqual(days, ['2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03']);
    assert.deepEqual(inspectionDaysBetween(everyDay, '2026-10-03', '2026-10-02', calendar), [], 'an empty range');
  });

  test('a platform owes its first report for the day after it was registered', () => {
    assert.equal(firstInspectionDay('2026-12-31'), '2027-01-01');
  });
});
