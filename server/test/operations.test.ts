/**
 * Operations records (SJ-19, QP-16): providers' daily inspection reports of the platforms they run;
 * fault tickets raised by units and providers with deadlines from the profile, answered by the provider,
 * and the SLA report of what was on time — each party seeing its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { shanghaiDate } from '../src/modules/calendar/working-days.ts';
import { demoEstate } from './catalog-fixtures.ts';
import { createSystem } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

const MINUTE_MS = 60_000;
const daysAgo = (days: number) => shanghaiDate(new Date(Date.now() - days * 86_400_000));

describe('daily inspections and fault tickets (Qingpu)', () => {
  let t: TestPlatform;
  let estate: Awaited<ReturnType<typeof demoEstate>>;
  let provider: string;
  let otherProvider: string;
  let unit: string;
  let operator: string;
  before(async () => {
    t = await startTestPlatform();
    estate = await demoEstate(t);
    provider = await t.login('provider');
    otherProvider = await t.login('city-provider');
    unit = await t.login('edu-admin');
    operator = await t.login('res-admin');
  });
  after(() => t.close());

  const platformOf = async (providerId: string) => {
    const [row] = (await t.ownerQuery(`SELECT id FROM platforms WHERE provider_unit_id = '${providerId}' ORDER BY created_at LIMIT 1`)) as { id: string }[];
    return row!.id;
  };

  test('a provider files one daily report per platform it runs, with its anomalies; others cannot', async () => {
    const platformId = await platformOf(estate.provider1);
    const body = {
      platformId,
      inspectedOn: daysAgo(1),
      items: [
        { name: '计算节点', result: 'normal' },
        { name: '存储池容量', result: 'anomaly', note: '使用率 86%，已安排扩容' },
        { name: '安全设备告警', result: 'normal' },
      ],
      summary: '存储池容量接近阈值',
    };
    const filed = await t.request('POST', '/api/ops/inspections', { cookie: provider, body });
    assert.equal(filed.statusCode, 201, filed.body);
    assert.equal(filed.json().anomalies, 1);
    assert.equal(filed.json().provider.name, '申云数据科技有限公司');
    assert.equal(filed.json().inspector, '服务商工程师 杨帆');
    assert.equal((await t.request('POST', '/api/ops/inspections', { cookie: provider, body })).json().error.code, 'inspection_exists');
    const foreign = await t.request('POST', '/api/ops/inspections', { cookie: otherProvider, body: { ...body, inspectedOn: daysAgo(2) } });
    assert.equal(foreign.json().error.fields[0].path, 'platformId', 'only the provider running the platform');
    assert.equal((await t.request('POST', '/api/ops/inspections', { cookie: unit, body })).statusCode, 403);

    const seen = async (cookie: string) => (await t.request('GET', '/api/ops/inspections?anomalies=true', { cookie })).json().total;
    assert.equal(await seen(operator), 1);
    assert.equal(await seen(provider), 1);
    assert.equal(await seen(otherProvider), 0, 'another provider sees none of it');
    assert.equal(await seen(unit), 0, 'units do not read providers’ inspections');
    assert.equal((await t.request('GET', `/api/ops/inspections/${filed.json().id}`, { cookie: otherProvider })).statusCode, 404);
  });

  test('a unit’s fault ticket gets the profile’s deadlines, the provider answers, and the SLA report counts what was on time', async () => {
    const platformId = await platformOf(estate.provider1);
    const system = await createSystem(t, unit, { name: '教育门户网站' });
    const raise = async (cookie: string, severity: string, extra: Record<string, unknown> = {}) => {
      const response = await t.request('POST', '/api/ops/faults', { cookie, body: { platformId, severity, title: `${severity} 故障`, description: '无法访问', ...extra } });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    const onTime = await raise(unit, 'critical', { systemId: system.id });
    assert.match(onTime.number, /^GZ-\d{4}-\d{5}$/);
    assert.equal(onTime.systemName, '教育门户网站');
    assert.equal(onTime.unit.name, '青浦区教育局');
    // Qingpu: critical — respond within 15 minutes, resolve within 4 hours (operations.* of the profile).
    assert.equal(Date.parse(onTime.respondDueAt) - Date.parse(onTime.raisedAt), 15 * MINUTE_MS);
    assert.equal(Date.parse(onTime.resolveDueAt) - Date.parse(onTime.raisedAt), 4 * 60 * MINUTE_MS);
    assert.equal(onTime.article, 'QP-6, QP-16');
    assert.equal(onTime.respondedOnTime, null, 'not yet answered, not yet late');
    const notes = (await t.ownerQuery(`SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'provider' AND n.kind = 'fault.raised'`)) as { n: number }[];
    assert.equal(notes[0]!.n, 1, 'the provider’s engineers are told');

    const responded = await t.request('POST', `/api/ops/faults/${onTime.id}/respond`, { cookie: provider, body: { note: '已安排工程师排查' } });
    assert.equal(responded.json().respondedOnTime, true);
    assert.equal((await t.request('POST', `/api/ops/faults/${onTime.id}/respond`, { cookie: provider, body: { note: '再次' } })).json().error.code, 'fault_already_responded');
    const resolved = await t.request('POST', `/api/ops/faults/${onTime.id}/resolve`, { cookie: provider, body: { resolution: '负载均衡配置已修复' } });
    assert.equal(resolved.json().status, 'resolved');
    assert.equal(resolved.json().resolvedOnTime, true);

    // A major ticket answered late: its clock moved 3 hours back (respond within 30 minutes, resolve within 24 hours).
    const late = await raise(unit, 'major');
    await t.ownerQuery(
      `UPDATE fault_tickets SET raised_at = raised_at - interval '3 hours', respond_due_at = respond_due_at - interval '3 hours', resolve_due_at = resolve_due_at - interval '3 hours' WHERE id = '${late.id}'`,
    );
    assert.equal((await t.request('GET', `/api/ops/faults/${late.id}`, { cookie: unit })).json().respondedOnTime, false, 'late while unanswered');
    assert.equal((await t.request('GET', '/api/ops/faults?overdue=true', { cookie: unit })).json().items[0].id, late.id);
    const lateResolved = await t.request('POST', `/api/ops/faults/${late.id}/resolve`, { cookie: operator, body: { resolution: '重启网关恢复' } });
    assert.equal(lateResolved.json().respondedOnTime, false, 'resolving answers it, late');
    assert.equal(lateResolved.json().resolvedOnTime, true);
    // A minor ticket still open past its resolution deadline (72 hours).
    const stuck = await raise(unit, 'minor');
    await t.ownerQuery(
      `UPDATE fault_tickets SET raised_at = raised_at - interval '80 hours', respond_due_at = respond_due_at - interval '80 hours', resolve_due_at = resolve_due_at - interval '80 hours' WHERE id = '${stuck.id}'`,
    );

    const sla = (await t.request('GET', '/api/ops/fault-sla', { cookie: operator })).json();
    const row = (severity: string) => {
      const { provider: _p, ...counts } = sla.rows.find((r: { provider: { id: string }; severity: string }) => r.provider.id === estate.provider1 && r.severity === severity);
      return counts;
    };
    assert.deepEqual(row('critical'), { severity: 'critical', raised: 1, responded: 1, respondedOnTime: 1, resolved: 1, resolvedOnTime: 1, openOverdue: 0, responseOnTimeRate: '1.0000', resolutionOnTimeRate: '1.0000' });
    assert.deepEqual(row('major'), { severity: 'major', raised: 1, responded: 1, respondedOnTime: 0, resolved: 1, resolvedOnTime: 1, openOverdue: 0, responseOnTimeRate: '0.0000', resolutionOnTimeRate: '1.0000' });
    assert.deepEqual(row('minor'), { severity: 'minor', raised: 1, responded: 0, respondedOnTime: 0, resolved: 0, resolvedOnTime: 0, openOverdue: 1, responseOnTimeRate: '0.0000', resolutionOnTimeRate: '0.0000' });

    // Who sees which ticket.
    const health = await t.login('health-admin');
    assert.equal((await t.request('GET', `/api/ops/faults/${onTime.id}`, { cookie: health })).statusCode, 404, 'another unit');
    assert.equal((await t.request('GET', `/api/ops/faults/${onTime.id}`, { cookie: otherProvider })).statusCode, 404, 'another provider');
    assert.equal((await t.request('POST', `/api/ops/faults/${stuck.id}/respond`, { cookie: otherProvider, body: { note: 'x' } })).statusCode, 404);
    assert.equal((await t.request('GET', '/api/ops/fault-sla', { cookie: otherProvider })).json().rows.length, 0);
    const healthSystem = await createSystem(t, health);
    const crossed = await t.request('POST', '/api/ops/faults', { cookie: unit, body: { platformId, systemId: healthSystem.id, severity: 'minor', title: 'x', description: 'x' } });
    assert.equal(crossed.statusCode, 404, 'another unit’s system');
  });

  test('a provider reports a platform-wide fault of its own platform only; units do not see it', async () => {
    const platformId = await platformOf(estate.provider1);
    const own = await t.request('POST', '/api/ops/faults', { cookie: provider, body: { platformId, severity: 'major', title: '存储网络抖动', description: '存储网络丢包' } });
    assert.equal(own.statusCode, 201, own.body);
    assert.equal(own.json().unit, null);
    assert.equal(own.json().raisedByUnit, '申云数据科技有限公司');
    const foreign = await t.request('POST', '/api/ops/faults', { cookie: otherProvider, body: { platformId, severity: 'major', title: 'x', description: 'x' } });
    assert.equal(foreign.json().error.fields[0].path, 'platformId');
    assert.equal((await t.request('GET', `/api/ops/faults/${own.json().id}`, { cookie: unit })).statusCode, 404);
    assert.equal((await t.request('GET', `/api/ops/faults/${own.json().id}`, { cookie: operator })).statusCode, 200);
  });
});
