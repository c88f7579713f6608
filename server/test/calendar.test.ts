/** The working-day calendar through the API: seeded from the package, imported, edited, and the deadline calculator. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from './harness.ts';

describe('working-day calendar', () => {
  let t: TestPlatform;
  let admin: string;
  before(async () => {
    t = await startTestPlatform();
    admin = await t.login('sysadmin');
  });
  after(() => t.close());

  test('every year the package covers is seeded and published, once', async () => {
    const { years } = (await t.request('GET', '/api/calendar/years', { cookie: admin })).json();
    const y2026 = years.find((y: { year: number }) => y.year === 2026);
    assert.equal(y2026.published, true);
    assert.equal(y2026.source, 'package');
    assert.equal(y2026.makeupWorkdays, 6);
    const { seedCalendarFromPackage } = await import('../src/modules/calendar/calendar.service.ts');
    assert.deepEqual(await seedCalendarFromPackage(t.platform.db), [], 'a second run adds nothing');
  });

  test('a deadline into an unpublished year is provisional until that year is imported', async () => {
    const cookie = await t.login('res-admin');
    const query = `/api/calendar/deadline?from=${encodeURIComponent('2026-12-28T10:00:00+08:00')}&workingDays=7`;
    const before = (await t.request('GET', query, { cookie })).json();
    assert.deepEqual(before, { dueDate: '2027-01-06', dueAt: '2027-01-06T16:00:00.000Z', provisional: true, unpublishedYears: [2027] });

    const imported = await t.request('POST', '/api/calendar/import', {
      cookie: admin,
      body: { year: 2027, days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }, { name: '春节', date: '2027-02-06', isOffDay: true }] },
    });
    assert.equal(imported.statusCode, 200, imported.body);
    const after = (await t.request('GET', query, { cookie })).json();
    assert.equal(after.provisional, false);
    assert.equal(after.dueDate, '2027-01-07');
  });

  test('an import with a day outside its year or twice names the row, and changes nothing', async () => {
    const outside = await t.request('POST', '/api/calendar/import', {
      cookie: admin,
      body: { year: 2028, days: [{ name: '元旦', date: '2028-01-01', isOffDay: true }, { name: '错', date: '2027-12-31', isOffDay: true }] },
    });
    assert.equal(outside.statusCode, 400);
    assert.equal(outside.json().error.fields[0].path, 'days.1.date');
    const twice = await t.request('POST', '/api/calendar/import', {
      cookie: admin,
      body: { year: 2028, days: [{ name: '元旦', date: '2028-01-01', isOffDay: true }, { name: '元旦', date: '2028-01-01', isOffDay: true }] },
    });
    assert.equal(twice.statusCode, 400);
    const { years } = (await t.request('GET', '/api/calendar/years', { cookie: admin })).json();
    assert.equal(years.some((y: { year: number }) => y.year === 2028), false);
  });

  test('the administrator marks a day and clears it; others may not', async () => {
    const set = await t.request('PUT', '/api/calendar/days/2026-12-31', { cookie: admin, body: { isOffDay: true, name: '临时调整' } });
    assert.equal(set.statusCode, 200, set.body);
    const days = (await t.request('GET', '/api/calendar/years/2026/days', { cookie: admin })).json();
    assert.deepEqual(
      days.filter((d: { date: string }) => d.date === '2026-12-31').map((d: { isOffDay: boolean; source: string }) => [d.isOffDay, d.source]),
      [[true, 'manual']],
    );
    const deadline = (await t.request('GET', `/api/calendar/deadline?from=${encodeURIComponent('2026-12-30T10:00:00+08:00')}&workingDays=1`, { cookie: admin })).json();
    assert.equal(deadline.dueDate, '2027-01-04', '31 December is now off, 1 January too');
    assert.equal((await t.request('DELETE', '/api/calendar/days/2026-12-31', { cookie: admin })).statusCode, 204);
    const unit = await t.login('edu-applicant');
    assert.equal((await t.request('PUT', '/api/calendar/days/2026-12-31', { cookie: unit, body: { isOffDay: true, name: 'x' } })).statusCode, 403);
  });

  test('a year can be marked unpublished, making deadlines into it provisional again', async () => {
    assert.equal((await t.request('PUT', '/api/calendar/years/2027', { cookie: admin, body: { published: false, note: '待国务院办公厅通知' } })).statusCode, 200);
    const deadline = (await t.request('GET', `/api/calendar/deadline?from=${encodeURIComponent('2026-12-28T10:00:00+08:00')}&workingDays=7`, { cookie: admin })).json();
    assert.equal(deadline.provisional, true);
    const { missingYears } = (await t.request('GET', '/api/calendar/years', { cookie: admin })).json();
    assert.ok(missingYears.includes(2027));
  });
});
