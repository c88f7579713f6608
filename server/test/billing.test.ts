/**
 * Metering and monthly statements, on hand-computed figures: a server resized mid-month across a price
 * change, a volume reclaimed mid-month where float arithmetic would round the wrong way, a stopped
 * server under both districts' rules, a non-budget unit's own statement; then the property that rating
 * the two halves of a month adds up exactly to rating it whole, frozen confirmed months, the drill-down,
 * byte-identical exports, and metering driven by the resource lifecycle.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Money } from '@yunshu/shared/money';
import ExcelJS from 'exceljs';
import { SYSTEM_SCOPE } from '../src/platform/db/database.ts';
import type { PolicyProfile } from '../src/platform/policy/policy-profile.ts';
import { rateMonth, unpricedUsage } from '../src/modules/billing/rating.ts';
import { rateMonthIntoStatements } from '../src/modules/billing/statements.service.ts';
import type { AppError } from '../src/platform/errors.ts';
import { applicationEstate, type ApplicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { demoEstate } from './catalog-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { approveThrough, fastCloud, reconcilerFor, settle } from './provisioning-fixtures.ts';

const shanghai = (text: string) => new Date(`${text}+08:00`);

/** A deterministic generator (mulberry32), so a failing property run can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('metering and monthly statements (Qingpu profile)', () => {
  let t: TestPlatform;
  let estate: ApplicationEstate;
  let items: Record<string, string>;
  let units: { edu: string; water: string; provider1: string };
  let applicationId: string;
  let systemId: string;

  before(async () => {
    t = await startTestPlatform();
    estate = await applicationEstate(t);
    const demo = await demoEstate(t);
    items = demo.items;
    const rows = (await t.ownerQuery(`SELECT id, name, district_budget FROM units`)) as { id: string; name: string; district_budget: boolean }[];
    units = { edu: rows.find((u) => u.name.endsWith('教育局'))!.id, water: rows.find((u) => u.name.endsWith('自来水有限公司'))!.id, provider1: demo.provider1 };
    const edu = await t.login('edu-applicant');
    const project = await systemWithProject(t, edu, { [estate.vcpu]: '8' });
    systemId = project.systemId;
    applicationId = (await submitted(t, edu, resourceBody(project.systemId, project.projectId, estate.x86, { [estate.vcpu]: '1' }))).id;
  });
  after(() => t.close());

  /** A resource row as provisioning leaves it; usage is then written as metering would. */
  async function resource(unitId: string, name: string): Promise<string> {
    const [row] = (await t.ownerQuery(
      `INSERT INTO resources (unit_id, provider_unit_id, system_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation)
       VALUES ('${unitId}', '${units.provider1}', ${unitId === units.edu ? `'${systemId}'` : 'NULL'}, '${estate.x86}', '${applicationId}', 'server', '${name}', 'k-${name}-${Math.random()}', 'running', '{}', 'create', 'running', 1, 1)
       RETURNING id`,
    )) as { id: string }[];
    return row!.id;
  }

  async function usage(resourceId: string, unitId: string, itemCode: string, quantity: string, from: Date, to: Date | null, power: 'running' | 'stopped' = 'running') {
    await t.ownerQuery(
      `INSERT INTO usage_intervals (resource_id, unit_id, provider_unit_id, system_id, platform_id, item_id, quantity, power, started_at, ended_at, source)
       VALUES ('${resourceId}', '${unitId}', '${units.provider1}', ${unitId === units.edu ? `'${systemId}'` : 'NULL'}, '${estate.x86}', '${items[itemCode]}', ${quantity}, '${power}', '${from.toISOString()}', ${to ? `'${to.toISOString()}'` : 'NULL'}, 'lifecycle')`,
    );
  }

  const rate = (month: string, profile: PolicyProfile = t.platform.policy, scope = {}) => t.platform.db.tx(SYSTEM_SCOPE, (trx) => rateMonth(trx, profile, month, scope));

  test('January 2027 by hand: resized on the 10th, a price change on the 16th, a disk reclaimed half-way, memory all month', async () => {
    const operator = await t.login('res-admin');
    const districtBook = (await demoEstate(t)).districtBook;
    const change = await t.request('POST', `/api/price-books/${districtBook}/prices`, {
      cookie: operator,
      body: { itemId: items['ECS-X86-VCPU'], unitPrice: '30.00', effectiveFrom: '2027-01-16', reason: '2027 年招标降价' },
    });
    assert.equal(change.statusCode, 201, change.body);

    const server = await resource(units.edu, 'jan-server');
    await usage(server, units.edu, 'ECS-X86-VCPU', '4', shanghai('2026-12-20T09:00:00'), shanghai('2027-01-10T12:00:00'));
    await usage(server, units.edu, 'ECS-X86-VCPU', '8', shanghai('2027-01-10T12:00:00'), null);
    await usage(server, units.edu, 'ECS-X86-MEM', '8', shanghai('2026-12-20T09:00:00'), null);
    const disk = await resource(units.edu, 'jan-disk');
    await usage(disk, units.edu, 'EVS-SATA', '3', shanghai('2027-01-01T00:00:00'), shanghai('2027-01-16T12:00:00'));

    const lines = await rate('2027-01', t.platform.policy, { unitId: units.edu });
    const byItem = (code: string, price: string) => lines.find((l) => l.itemId === items[code] && new Money(l.unitPrice).eq(price));
    // January has 744 hours. vCPU at 35.00: 4 × 228 h + 8 × 132 h = 1,968 vCPU-hours; 35 × 1968 / 744 = 92.580645…
    assert.equal(new Money(byItem('ECS-X86-VCPU', '35')!.quantityHours).toString(), '1968');
    assert.equal(byItem('ECS-X86-VCPU', '35')!.amount, '92.58');
    // vCPU at 30.00 from the 16th: 8 × 384 h; 30 × 3072 / 744 = 123.870967…
    assert.equal(byItem('ECS-X86-VCPU', '30')!.amount, '123.87');
    assert.equal(byItem('ECS-X86-MEM', '12')!.amount, '96.00');
    // 0.35 × 3 GiB × 372 h / 744 = 0.525 exactly: half-up gives 0.53, where float arithmetic gives 0.52.
    const sata = byItem('EVS-SATA', '0.35')!;
    assert.equal(new Money(sata.exact).toString(), '0.525');
    assert.equal(sata.amount, '0.53');
    assert.equal(Math.round(0.35 * 3 * 372 / 744 * 100) / 100, 0.52, 'the float computation this avoids');
    const total = lines.reduce((sum, line) => sum.plus(line.amount), new Money(0));
    assert.equal(total.toFixed(2), '312.98');
  });

  test('a stopped server’s compute is charged in Qingpu and not in Songjiang (settlement.stoppedServersBilled); its disk is charged in both', async () => {
    const server = await resource(units.edu, 'stopped-server');
    await usage(server, units.edu, 'ECS-X86-VCPU', '2', shanghai('2027-02-01T00:00:00'), shanghai('2027-02-15T00:00:00'), 'running');
    await usage(server, units.edu, 'ECS-X86-VCPU', '2', shanghai('2027-02-15T00:00:00'), null, 'stopped');
    const disk = await resource(units.edu, 'stopped-disk');
    await usage(disk, units.edu, 'EVS-SATA', '100', shanghai('2027-02-01T00:00:00'), null);
    const scope = { resourceId: server };
    const qingpu = await rate('2027-02', t.platform.policy, scope);
    const vcpu = (lines: typeof qingpu) => lines.filter((l) => l.itemId === items['ECS-X86-VCPU']).reduce((sum, l) => sum.plus(l.amount), new Money(0)).toFixed(2);
    // February 2027 has 672 hours; the 30.00 price of the 16th January applies.
    assert.equal(vcpu(qingpu), '60.00', '2 vCPU × 30.00 for the whole month');
    const songjiang: PolicyProfile = {
      ...t.platform.policy,
      parameters: { ...t.platform.policy.parameters, 'settlement.stoppedServersBilled': { ...t.platform.policy.parameters['settlement.stoppedServersBilled'], value: false } },
    };
    assert.equal(vcpu(await rate('2027-02', songjiang, scope)), '30.00', 'only the 14 running days of 28');
    const disks = (lines: typeof qingpu) => lines.filter((l) => l.itemId === items['EVS-SATA']).map((l) => l.amount);
    assert.deepEqual(disks(await rate('2027-02', songjiang, { resourceId: disk })), ['35.00']);
  });

  test('October 2026 statements: one per unit, the non-budget unit apart; lines add up; the unit sees its own; drill-down to intervals', async () => {
    const server = await resource(units.edu, 'oct-server');
    await usage(server, units.edu, 'ECS-X86-VCPU', '2', shanghai('2026-10-01T00:00:00'), shanghai('2026-11-01T00:00:00'));
    const tank = await resource(units.water, 'oct-water-disk');
    await usage(tank, units.water, 'EVS-SATA', '100', shanghai('2026-09-20T00:00:00'), null);

    const operator = await t.login('res-admin');
    assert.equal((await t.request('POST', '/api/billing/months/2026-10/rate', { cookie: await t.login('edu-admin') })).statusCode, 403);
    const rated = await t.request('POST', '/api/billing/months/2026-10/rate', { cookie: operator });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.deepEqual(rated.json(), { month: '2026-10', status: 'draft', total: '105.00', statements: 2, lines: 2 });
    const again = (await t.request('POST', '/api/billing/months/2026-10/rate', { cookie: operator })).json();
    assert.deepEqual(again, rated.json(), 'rating again gives the same figures');

    const summary = (await t.request('GET', '/api/billing/summary?from=2026-10&to=2026-10', { cookie: operator })).json();
    assert.equal(summary.total, '105.00');
    assert.deepEqual(summary.months, [{ month: '2026-10', status: 'draft', total: '105.00', districtBudget: '70.00', nonBudget: '35.00' }]);
    assert.deepEqual(summary.byUnit.map((u: { id: string; total: string }) => [u.id, u.total]), [[units.edu, '70.00'], [units.water, '35.00']], 'top spenders first');
    assert.deepEqual(summary.byCategory.map((c: { id: string; total: string }) => [c.id, c.total]), [['compute', '70.00'], ['block_storage', '35.00']]);
    const eduSummary = (await t.request('GET', '/api/billing/summary?from=2026-10&to=2026-10', { cookie: await t.login('edu-admin') })).json();
    assert.equal(eduSummary.total, '70.00', 'a unit sees its own spend');
    const statements = (await t.request('GET', '/api/billing/statements?month=2026-10', { cookie: operator })).json();
    assert.equal(statements.total, 2);
    const water = statements.items.find((s: { unit: { id: string } }) => s.unit.id === units.water);
    assert.equal(water.districtBudget, false, 'the water company pays its own bill (SJ-15)');
    assert.equal(water.total, '35.00');
    const nonBudget = (await t.request('GET', '/api/billing/statements?month=2026-10&districtBudget=false', { cookie: operator })).json();
    assert.deepEqual(nonBudget.items.map((s: { id: string }) => s.id), [water.id]);

    const edu = await t.login('edu-applicant');
    const months = (await t.request('GET', '/api/billing/months', { cookie: edu })).json();
    assert.equal(months.find((m: { month: string }) => m.month === '2026-10').total, null, 'a unit is not shown the district total');
    const own = (await t.request('GET', '/api/billing/statements?month=2026-10', { cookie: edu })).json();
    assert.equal(own.total, 1, 'a unit sees its own statement only (QP-19)');
    assert.equal((await t.request('GET', `/api/billing/statements/${water.id}`, { cookie: edu })).statusCode, 404);
    const detail = (await t.request('GET', `/api/billing/statements/${own.items[0].id}`, { cookie: edu })).json();
    assert.equal(detail.total, '70.00', JSON.stringify({ own, detail }));
    assert.equal(detail.lines.reduce((sum: Money, l: { amount: string }) => sum.plus(l.amount), new Money(0)).toFixed(2), detail.total);
    assert.equal(detail.lines[0].item.code, 'ECS-X86-VCPU');
    assert.equal(detail.lines[0].systemId, systemId);
    const drill = (await t.request('GET', `/api/billing/statements/${own.items[0].id}/lines/1`, { cookie: edu })).json();
    assert.equal(drill.resources.length, 1);
    assert.equal(drill.resources[0].resourceName, 'oct-server');
    assert.equal(new Money(drill.resources[0].quantityHours).toString(), '1488', '2 vCPU × 744 h');
    assert.equal(drill.resources[0].intervals.length, 1);
    const costed = (await t.request('GET', `/api/resources/${server}`, { cookie: edu })).json();
    assert.equal(costed.costToDate, '70.00', 'the resource’s own cost to date: October only');
  });

  test('a line always has its statement and its price version: checked per statement, re-rating leaves no line behind (0016)', async () => {
    const orphans = `SELECT count(*)::int AS n FROM statement_lines l LEFT JOIN statements s ON s.id = l.statement_id WHERE s.id IS NULL`;
    const operator = await t.login('res-admin');
    assert.equal((await t.request('POST', '/api/billing/months/2026-10/rate', { cookie: operator })).statusCode, 200);
    assert.equal((await t.request('POST', '/api/billing/months/2026-10/rate', { cookie: operator })).statusCode, 200);
    assert.deepEqual(await t.ownerQuery(orphans), [{ n: 0 }], 'the lines of the replaced statements went with them');
    const [line] = (await t.ownerQuery(`SELECT l.statement_id::text AS statement, l.price_version_id::text AS version FROM statement_lines l JOIN statements s ON s.id = l.statement_id WHERE s.month = '2026-10' LIMIT 1`)) as { statement: string; version: string }[];
    const insert = (statement: string, version: string) =>
      t.ownerQuery(
        `INSERT INTO statement_lines (statement_id, line_no, unit_id, platform_id, provider_unit_id, item_id, price_version_id, unit_price, quantity_hours, resources, amount)
         SELECT '${statement}', 999, unit_id, platform_id, provider_unit_id, item_id, '${version}', unit_price, quantity_hours, resources, amount FROM statement_lines WHERE statement_id = '${line!.statement}' LIMIT 1`,
      );
    const nowhere = '00000000-0000-4000-8000-000000000000';
    await assert.rejects(insert(nowhere, line!.version), (error: Error & { code?: string }) => error.code === '23503' && /账单明细所属的账单不存在/.test(error.message));
    await assert.rejects(insert(line!.statement, nowhere), (error: Error & { code?: string }) => error.code === '23503' && /价格版本不存在/.test(error.message));
    await assert.rejects(t.ownerQuery(`UPDATE statement_lines SET statement_id = '${nowhere}' WHERE statement_id = '${line!.statement}'`), /账单明细所属的账单不存在/);
    await assert.rejects(t.ownerQuery(`DELETE FROM price_versions WHERE id = '${line!.version}'`), /已计费的价格版本不得删除/);
    assert.deepEqual(await t.ownerQuery(orphans), [{ n: 0 }]);
  });

  test('a confirmed month is frozen: no re-rating, no usage recorded into it, no interval closed inside it', async () => {
    const operator = await t.login('res-admin');
    const server = await resource(units.edu, 'frozen-server');
    await usage(server, units.edu, 'ECS-X86-MEM', '4', shanghai('2026-08-01T00:00:00'), null);
    assert.equal((await t.request('POST', '/api/billing/months/2026-08/confirm', { cookie: operator })).json().error.code, 'month_not_rated');
    await t.request('POST', '/api/billing/months/2026-08/rate', { cookie: operator });
    const confirmed = await t.request('POST', '/api/billing/months/2026-08/confirm', { cookie: operator });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().status, 'confirmed');
    const rerate = await t.request('POST', '/api/billing/months/2026-08/rate', { cookie: operator });
    assert.equal(rerate.statusCode, 409);
    assert.equal(rerate.json().error.code, 'month_confirmed');
    await assert.rejects(usage(server, units.edu, 'EVS-SATA', '10', shanghai('2026-08-15T00:00:00'), null), /已确认账单/);
    await assert.rejects(t.ownerQuery(`UPDATE usage_intervals SET ended_at = '${shanghai('2026-08-20T00:00:00').toISOString()}' WHERE resource_id = '${server}'`), /已确认账单/);
    await assert.rejects(t.ownerQuery(`UPDATE usage_intervals SET quantity = 1 WHERE resource_id = '${server}'`), /不可修改/);
    await t.ownerQuery(`UPDATE usage_intervals SET ended_at = '${shanghai('2026-11-20T00:00:00').toISOString()}' WHERE resource_id = '${server}'`);
    const notOver = await t.request('POST', '/api/billing/months/2026-11/confirm', { cookie: operator });
    assert.equal(notOver.statusCode, 409);
    const months = (await t.request('GET', '/api/billing/months', { cookie: await t.login('auditor') })).json();
    assert.equal(months.find((m: { month: string }) => m.month === '2026-08').confirmedBy, '云资源管理员 陈晓');
  });

  test('a correction is a new record with a reason that replaces the interval; a confirmed month cannot be corrected (SJ-15)', async () => {
    const operator = await t.login('res-admin');
    const server = await resource(units.edu, 'corrected-server');
    await usage(server, units.edu, 'ECS-X86-VCPU', '4', shanghai('2027-04-01T00:00:00'), shanghai('2027-04-11T00:00:00'));
    const [original] = (await t.ownerQuery(`SELECT id::text AS id FROM usage_intervals WHERE resource_id = '${server}'`)) as { id: string }[];
    const amount = async () => (await rate('2027-04', t.platform.policy, { resourceId: server })).reduce((sum, l) => sum.plus(l.amount), new Money(0)).toFixed(2);
    // 4 vCPU × 240 h of April's 720 at 30.00 = 40.00
    assert.equal(await amount(), '40.00');
    assert.equal((await t.request('POST', '/api/billing/corrections', { cookie: await t.login('edu-admin'), body: { intervalId: original!.id, quantity: '2', reason: '规格登记错误' } })).statusCode, 403);
    const nothing = await t.request('POST', '/api/billing/corrections', { cookie: operator, body: { intervalId: original!.id, reason: '无变化' } });
    assert.equal(nothing.statusCode, 400);
    const fixed = await t.request('POST', '/api/billing/corrections', { cookie: operator, body: { intervalId: original!.id, quantity: '2', reason: '规格登记错误，实际为 2 vCPU' } });
    assert.equal(fixed.statusCode, 201, fixed.body);
    assert.equal(fixed.json().corrects, original!.id);
    assert.equal(fixed.json().actorName, '云资源管理员 陈晓');
    assert.equal(await amount(), '20.00', 'the correction replaces the original');
    const twice = await t.request('POST', '/api/billing/corrections', { cookie: operator, body: { intervalId: original!.id, quantity: '1', reason: '再次更正' } });
    assert.equal(twice.json().error.code, 'already_corrected');
    const shorter = await t.request('POST', '/api/billing/corrections', { cookie: operator, body: { intervalId: fixed.json().id, endedAt: shanghai('2027-04-06T00:00:00').toISOString(), reason: '5 日已停用' } });
    assert.equal(shorter.statusCode, 201);
    assert.equal(await amount(), '10.00', 'a correction of the correction');
    const [original2] = (await t.ownerQuery(`SELECT quantity::text AS quantity, ended_at FROM usage_intervals WHERE id = ${original!.id}`)) as { quantity: string }[];
    assert.equal(Number(original2!.quantity), 4, 'the metered record itself is unchanged');
    const [frozen] = (await t.ownerQuery(`SELECT i.id::text AS id FROM usage_intervals i JOIN resources r ON r.id = i.resource_id WHERE r.name = 'frozen-server'`)) as { id: string }[];
    const confirmed = await t.request('POST', '/api/billing/corrections', { cookie: operator, body: { intervalId: frozen!.id, quantity: '1', reason: '更正八月' } });
    assert.equal(confirmed.statusCode, 409);
    assert.equal(confirmed.json().error.code, 'usage_in_confirmed_month');
  });

  test('property: rating two parts of a month adds up exactly to rating it whole; each rounded line is within a fen', async () => {
    const next = random(20261124);
    const codes = ['ECS-X86-VCPU', 'ECS-X86-MEM', 'EVS-SATA', 'EVS-SSD'];
    const start = shanghai('2027-03-01T00:00:00').getTime();
    const end = shanghai('2027-04-01T00:00:00').getTime();
    for (let r = 0; r < 12; r++) {
      const id = await resource(r % 3 === 0 ? units.water : units.edu, `prop-${r}`);
      let at = start - Math.floor(next() * 5) * 86_400_000;
      while (at < end) {
        const until = at + Math.floor(1 + next() * 400) * 3600_000 + Math.floor(next() * 3600) * 1000;
        const code = codes[r % codes.length]!;
        await usage(id, r % 3 === 0 ? units.water : units.edu, code, String(1 + Math.floor(next() * 16)), new Date(at), until >= end && next() < 0.5 ? null : new Date(until));
        at = until;
      }
    }
    const key = (l: { unitId: string; systemId: string | null; itemId: string; priceVersionId: string }) => `${l.unitId}|${l.systemId}|${l.itemId}|${l.priceVersionId}`;
    const whole = new Map((await rate('2027-03')).map((l) => [key(l), l]));
    for (let split = 0; split < 8; split++) {
      const mid = new Date(start + Math.floor(next() * (end - start)));
      const parts = [...(await rate('2027-03', t.platform.policy, { to: mid })), ...(await rate('2027-03', t.platform.policy, { from: mid }))];
      const sums = new Map<string, { seconds: Money; exact: Money; rounded: Money }>();
      for (const part of parts) {
        const sum = sums.get(key(part)) ?? { seconds: new Money(0), exact: new Money(0), rounded: new Money(0) };
        sums.set(key(part), { seconds: sum.seconds.plus(part.quantitySeconds), exact: sum.exact.plus(part.exact), rounded: sum.rounded.plus(part.amount) });
      }
      assert.deepEqual([...sums.keys()].sort(), [...whole.keys()].sort(), `split at ${mid.toISOString()}: the same lines`);
      for (const [k, sum] of sums) {
        const line = whole.get(k)!;
        assert.ok(sum.seconds.eq(line.quantitySeconds), `split at ${mid.toISOString()}: ${sum.seconds} = ${line.quantitySeconds} quantity-seconds exactly`);
        // Amounts are quantity-seconds × price ÷ seconds in the month, carried to 20 decimals before the line is rounded.
        assert.ok(sum.exact.minus(line.exact).abs().lt('1e-15'), `split at ${mid.toISOString()}: ${sum.exact} ≈ ${line.exact}`);
        assert.ok(sum.rounded.minus(line.amount).abs().lte('0.01'), `split at ${mid.toISOString()}: rounded parts within a fen of the whole`);
      }
    }
  });

  test('the FOCUS export: one row per statement line, byte-identical on a re-run', async () => {
    const operator = await t.login('res-admin');
    await t.request('POST', '/api/billing/months/2026-10/rate', { cookie: operator });
    const lineCount = (await t.request('GET', '/api/billing/months', { cookie: operator })).json();
    const first = await t.request('GET', '/api/billing/months/2026-10/focus.csv', { cookie: operator });
    assert.equal(first.statusCode, 200);
    assert.match(first.headers['content-type'] as string, /text\/csv/);
    const rows = first.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(rows[0]!, /^BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,/);
    const statements = (await t.request('GET', '/api/billing/statements?month=2026-10', { cookie: operator })).json().items;
    const lines = statements.reduce((n: number, st: { lineCount: number }) => n + st.lineCount, 0);
    assert.equal(rows.length, 1 + lines, `${JSON.stringify(lineCount)}`);
    assert.ok(rows.some((r) => r.includes(',35.00,') && r.includes('自来水有限公司')));
    await t.request('POST', '/api/billing/months/2026-10/rate', { cookie: operator });
    const second = await t.request('GET', '/api/billing/months/2026-10/focus.csv', { cookie: operator });
    assert.equal(second.rawPayload.equals(first.rawPayload), true);
    const workbook = new ExcelJS.Workbook();
    const xlsx = await t.request('GET', '/api/billing/months/2026-10/statements.xlsx', { cookie: operator });
    assert.equal(xlsx.statusCode, 200);
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(workbook.worksheets.map((w) => w.name), ['2026-10 汇总', '申云数据科技有限公司']);
    const summarySheet = workbook.worksheets[0]!;
    const summaryTotal = summarySheet.getRow(summarySheet.rowCount).getCell(3).value as { formula: string; result: number };
    const monthTotal = (await t.request('GET', '/api/billing/months', { cookie: operator })).json().find((m: { month: string }) => m.month === '2026-10').total;
    assert.equal(Math.round(summaryTotal.result * 100), Math.round(Number(monthTotal) * 100), 'the workbook re-adds to the month’s total');
    assert.ok(summarySheet.getColumn(2).values.includes('非预算单位（自理）'));
    const again = await t.request('GET', '/api/billing/months/2026-10/statements.xlsx', { cookie: operator });
    assert.equal(again.rawPayload.length, xlsx.rawPayload.length);
    const edu = await t.request('GET', '/api/billing/months/2026-10/focus.csv', { cookie: await t.login('edu-applicant') });
    const eduRows = edu.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    assert.ok(eduRows.length > 0 && eduRows.every((r) => r.includes('教育局')), 'a unit exports its own lines only');
  });

  test('usage without a price in force is found: a gap between two versions, an item the book does not price; back-to-back versions price throughout', async () => {
    const demo = await demoEstate(t);
    const unpriced = (month: string) => t.platform.db.tx(SYSTEM_SCOPE, (trx) => unpricedUsage(trx, month));
    assert.deepEqual(await unpriced('2027-01'), [], 'vCPU at 35.00 until the 16th and at 30.00 from then on');
    // The city tender's vCPU price ends on 10 June 2027 and the next begins on the 20th; the tender has no SSD price.
    const vcpu = items['ECS-X86-VCPU'];
    await t.ownerQuery(`UPDATE price_versions SET effective_to = '${shanghai('2027-06-10T00:00:00').toISOString()}' WHERE book_id = '${demo.tenderBook}' AND item_id = '${vcpu}' AND effective_to IS NULL`);
    await t.ownerQuery(
      `INSERT INTO price_versions (book_id, item_id, unit_price, effective_from, reason) VALUES ('${demo.tenderBook}', '${vcpu}', 31.00, '${shanghai('2027-06-20T00:00:00').toISOString()}', '续签')`,
    );
    const onCity = async (name: string, code: string, quantity: string, from: Date, to: Date | null) => {
      const [row] = (await t.ownerQuery(
        `INSERT INTO resources (unit_id, provider_unit_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation)
         VALUES ('${units.water}', '${demo.provider2}', '${demo.pools.city}', '${applicationId}', 'server', '${name}', 'k-${name}', 'running', '{}', 'create', 'running', 1, 1) RETURNING id`,
      )) as { id: string }[];
      await t.ownerQuery(
        `INSERT INTO usage_intervals (resource_id, unit_id, provider_unit_id, platform_id, item_id, quantity, power, started_at, ended_at, source)
         VALUES ('${row!.id}', '${units.water}', '${demo.provider2}', '${demo.pools.city}', '${items[code]}', ${quantity}, 'running', '${from.toISOString()}', ${to ? `'${to.toISOString()}'` : 'NULL'}, 'lifecycle')`,
      );
    };
    await onCity('city-before-gap', 'ECS-X86-VCPU', '2', shanghai('2027-06-01T00:00:00'), shanghai('2027-06-10T00:00:00'));
    await onCity('city-after-gap', 'ECS-X86-VCPU', '2', shanghai('2027-06-25T00:00:00'), null);
    assert.deepEqual(await unpriced('2027-06'), [], 'usage before and after the gap is priced');
    // Two servers over the same days of the gap: each is half priced, which must not add up to one priced whole.
    await onCity('city-over-gap-1', 'ECS-X86-VCPU', '1', shanghai('2027-06-09T00:00:00'), shanghai('2027-06-11T00:00:00'));
    await onCity('city-over-gap-2', 'ECS-X86-VCPU', '1', shanghai('2027-06-09T00:00:00'), shanghai('2027-06-11T00:00:00'));
    assert.deepEqual(await unpriced('2027-06'), [{ platform: '市政务云（沪信）', code: 'ECS-X86-VCPU' }]);
    assert.deepEqual(await unpriced('2027-07'), [], 'July is priced throughout');
    await onCity('city-ssd', 'EVS-SSD', '100', shanghai('2027-07-15T00:00:00'), null);
    assert.deepEqual(await unpriced('2027-07'), [{ platform: '市政务云（沪信）', code: 'EVS-SSD' }]);
    // Rating refuses the month, naming what has no price, and leaves nothing written.
    const refused = await t.platform.db
      .tx(SYSTEM_SCOPE, (trx) => rateMonthIntoStatements(trx, t.platform, '2027-07', null, { objectType: null, objectId: null, detail: {} }, shanghai('2027-08-02T09:00:00')))
      .then(
        () => assert.fail('July was rated with usage that has no price'),
        (error: unknown) => error as AppError,
      );
    assert.equal(refused.code, 'usage_unpriced');
    assert.match(refused.messageZh, /市政务云（沪信） · EVS-SSD/);
    assert.deepEqual(refused.details, { unpriced: [{ platform: '市政务云（沪信）', code: 'EVS-SSD' }] });
    assert.deepEqual(await t.ownerQuery(`SELECT (SELECT count(*) FROM statements WHERE month = '2027-07')::int AS statements, (SELECT count(*) FROM billing_months WHERE month = '2027-07')::int AS months`), [
      { statements: 0, months: 0 },
    ]);
  });
});

describe('metering follows the resource lifecycle', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  test('provisioned, stopped and reclaimed: intervals open and close at each change, per item', async () => {
    const estate = await applicationEstate(t);
    fastCloud(t, estate.x86);
    const edu = await t.login('edu-applicant');
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '4', [estate.mem]: '8' });
    const application = await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '4', [estate.mem]: '8' }));
    await approveThrough(t, application);
    const reconciler = reconcilerFor(t);
    await settle(t, reconciler);
    const [server] = (await t.request('GET', `/api/resources?applicationId=${application.id}`, { cookie: edu })).json().items;
    const intervals = async () =>
      (await t.ownerQuery(
        `SELECT c.code, u.quantity::text AS quantity, u.power, u.ended_at IS NULL AS open FROM usage_intervals u JOIN catalog_items c ON c.id = u.item_id WHERE u.resource_id = '${server.id}' ORDER BY u.started_at, c.code, u.id`,
      )) as { code: string; quantity: string; power: string; open: boolean }[];
    const q = (rows: Awaited<ReturnType<typeof intervals>>) => rows.map((r) => `${r.code}:${Number(r.quantity)}:${r.power}:${r.open ? 'open' : 'closed'}`);
    assert.deepEqual(q(await intervals()), ['ECS-X86-MEM:8:running:open', 'ECS-X86-VCPU:4:running:open']);

    // A correction of the open vCPU interval ends when the lifecycle closes the interval it corrects.
    const [vcpuInterval] = (await t.ownerQuery(
      `SELECT u.id::text AS id FROM usage_intervals u JOIN catalog_items c ON c.id = u.item_id WHERE u.resource_id = '${server.id}' AND c.code = 'ECS-X86-VCPU'`,
    )) as { id: string }[];
    const corrected = await t.request('POST', '/api/billing/corrections', { cookie: await t.login('res-admin'), body: { intervalId: vcpuInterval!.id, quantity: '3', reason: '按实际可用核数更正' } });
    assert.equal(corrected.statusCode, 201, corrected.body);

    await t.request('POST', `/api/resources/${server.id}/stop`, { cookie: await t.login('edu-admin'), body: {} });
    await settle(t, reconciler);
    assert.deepEqual(q(await intervals()), [
      'ECS-X86-MEM:8:running:closed',
      'ECS-X86-VCPU:4:running:closed',
      'ECS-X86-VCPU:3:running:closed',
      'ECS-X86-MEM:8:stopped:open',
      'ECS-X86-VCPU:4:stopped:open',
    ]);

    const reclamation = await submitted(t, edu, {
      kind: 'reclamation', title: '回收', systemId, backupConfirmed: true, irreversibleAcknowledged: true, lines: [{ itemId: estate.vcpu, quantity: '4' }], resourceIds: [server.id],
    });
    await approveThrough(t, reclamation);
    await settle(t, reconciler);
    assert.ok((await intervals()).every((r) => !r.open), 'a reclaimed server is metered no more');
  });
});
