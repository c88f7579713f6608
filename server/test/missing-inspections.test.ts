/**
 * Missing daily inspection reports (SJ-19 日常检查; Qingpu QP-6, QP-17: every working day): found for each
 * platform in service once the day is over — around weekends, statutory holidays and make-up working
 * days — shown to the operator (a provider its own platforms), and told of once per platform and day.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { shanghaiDate } from '../src/modules/calendar/working-days.ts';
import { sweepMissingInspections } from '../src/modules/operations/missing-inspections.service.ts';
import { demoEstate } from './catalog-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

/** 09:00 in Shanghai on the day. */
const at = (day: string) => new Date(`${day}T09:00:00+08:00`);
// 2026: Friday 25 September (Mid-autumn) and 1–7 October (National Day) are holidays; Saturday 10 October is a make-up working day.
const RANGE = 'from=2026-09-24&to=2026-10-12';

describe('missing daily inspection reports (Qingpu: every working day)', () => {
  let t: TestPlatform;
  let operator: string;
  let provider: string;
  let cityProvider: string;
  let district: string;
  let city: string;
  before(async () => {
    t = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
    const estate = await demoEstate(t);
    const firstPlatformOf = async (providerId: string) => {
      const [row] = (await t.ownerQuery(`SELECT id FROM platforms WHERE provider_unit_id = '${providerId}' ORDER BY created_at LIMIT 1`)) as { id: string }[];
      return row!.id;
    };
    district = await firstPlatformOf(estate.provider1);
    city = await firstPlatformOf(estate.provider2);
    // In service since 20 September (owes reports from the 21st), and since Friday 9 October (owes from the make-up Saturday).
    await t.ownerQuery(`UPDATE platforms SET created_at = '2026-09-20T15:00:00+08:00' WHERE id = '${district}'`);
    await t.ownerQuery(`UPDATE platforms SET created_at = '2026-10-09T15:00:00+08:00' WHERE id = '${city}'`);
    operator = await t.login('res-admin');
    provider = await t.login('provider');
    cityProvider = await t.login('city-provider');
    for (const inspectedOn of ['2026-09-24', '2026-09-28', '2026-10-03', '2026-10-08', '2026-10-09']) {
      const filed = await t.request('POST', '/api/ops/inspections', { cookie: provider, body: { platformId: district, inspectedOn, items: [{ name: '计算节点', result: 'normal' }] } });
      assert.equal(filed.statusCode, 201, filed.body);
    }
  });
  after(() => t.close());

  type Missing = { platform: { id: string }; day: string; notifiedAt: string | null };
  const missing = async (cookie: string, query = RANGE) => {
    const response = await t.request('GET', `/api/ops/inspections/missing?${query}`, { cookie });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { from: string; to: string; every: string; article: string; items: Missing[] };
  };
  const pairs = (items: Missing[]) => items.map((m) => `${m.platform.id === district ? 'district' : m.platform.id === city ? 'city' : m.platform.id} ${m.day}`);

  test('the operator sees every working day without a report, newest first; weekends, holidays and a report on a holiday change nothing', async () => {
    const report = await missing(operator);
    assert.equal(report.every, 'working_days');
    assert.equal(report.article, 'QP-6, QP-17');
    assert.deepEqual(pairs(report.items).sort(), [
      'city 2026-10-10',
      'city 2026-10-12',
      'district 2026-09-29',
      'district 2026-09-30',
      'district 2026-10-10',
      'district 2026-10-12',
    ]);
    const days = report.items.map((m) => m.day);
    assert.deepEqual(days, [...days].sort().reverse(), 'newest day first');
    assert.ok(report.items.every((m) => m.notifiedAt === null), 'not yet told');
    assert.deepEqual(pairs((await missing(operator, `${RANGE}&platformId=${city}`)).items), ['city 2026-10-12', 'city 2026-10-10']);
  });

  test('a provider sees its own platforms only; units may not ask', async () => {
    assert.deepEqual(pairs((await missing(provider)).items), ['district 2026-10-12', 'district 2026-10-10', 'district 2026-09-30', 'district 2026-09-29']);
    assert.deepEqual(pairs((await missing(cityProvider)).items), ['city 2026-10-12', 'city 2026-10-10']);
    const unit = await t.login('edu-admin');
    assert.equal((await t.request('GET', `/api/ops/inspections/missing?${RANGE}`, { cookie: unit })).statusCode, 403);
  });

  test('refuses a reversed or over-long range, naming the field', async () => {
    const reversed = await t.request('GET', '/api/ops/inspections/missing?from=2026-10-12&to=2026-09-24', { cookie: operator });
    assert.equal(reversed.statusCode, 400);
    assert.equal(reversed.json().error.fields[0].path, 'from');
    const long = await t.request('GET', '/api/ops/inspections/missing?from=2025-01-01&to=2026-10-12', { cookie: operator });
    assert.equal(long.statusCode, 400);
    assert.match(long.json().error.fields[0].message, /366/);
    const defaults = await missing(operator, '');
    assert.equal(defaults.to, shanghaiDate(new Date(Date.now() - 86_400_000)), 'by default up to yesterday: today is not over');
    assert.equal((await missing(operator, 'to=2099-01-01')).to, defaults.to, 'never past yesterday');
  });

  test('the periodic check tells the operator and the provider once per platform and day', async () => {
    const now = at('2026-10-13');
    const [first, second] = await Promise.all([sweepMissingInspections(t.platform, now), sweepMissingInspections(t.platform, now)]);
    // The check looks back 14 days (29 September – 12 October): all six missing days.
    assert.equal(first.notified + second.notified, 6);
    assert.deepEqual(await sweepMissingInspections(t.platform, new Date(now.getTime() + 3_600_000)), { notified: 0 }, 'an hour later: nothing new');

    const told = (await t.ownerQuery(
      `SELECT u.username, count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'inspection.missing' GROUP BY u.username ORDER BY u.username`,
    )) as { username: string; n: number }[];
    assert.deepEqual(told, [
      { username: 'chief', n: 6 },
      { username: 'city-provider', n: 2 },
      { username: 'provider', n: 4 },
      { username: 'res-admin', n: 6 },
    ]);
    const [note] = (await t.ownerQuery(
      `SELECT n.title_zh, n.body_zh FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'provider' AND n.kind = 'inspection.missing' AND n.title_zh LIKE '%2026-10-10'`,
    )) as { title_zh: string; body_zh: string }[];
    assert.match(note!.body_zh, /2026-10-10（工作日）的日常巡检报告至今未提交（青浦办法第六条、第十七条）/);
    assert.ok((await missing(operator)).items.every((m) => m.notifiedAt !== null), 'the report shows when each was told');
    const audits = (await t.ownerQuery(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'inspection.missing'`)) as { n: number }[];
    assert.equal(audits[0]!.n, 6);
  });

  test('a report filed late is no longer missing; the next day brings only the new day', async () => {
    const late = await t.request('POST', '/api/ops/inspections', { cookie: provider, body: { platformId: district, inspectedOn: '2026-10-12', items: [{ name: '计算节点', result: 'normal' }], summary: '补报' } });
    assert.equal(late.statusCode, 201, late.body);
    assert.ok(!pairs((await missing(operator)).items).includes('district 2026-10-12'));
    // Tuesday 13 October is over: one new day per platform.
    assert.deepEqual(await sweepMissingInspections(t.platform, at('2026-10-14')), { notified: 2 });
    const claims = (await t.ownerQuery(`SELECT day::text AS day, recipients FROM missing_inspection_notices WHERE day = '2026-10-13' ORDER BY platform_id`)) as { day: string; recipients: number }[];
    assert.deepEqual(claims.map((c) => c.recipients), [3, 3], 'the operator’s two supervisors and the provider’s engineer');
  });
});
