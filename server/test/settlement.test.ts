/**
 * The yearly settlement under the Songjiang profile (SJ-15, SJ-16): the period of 1 July – 30 June
 * straddling the year, totals per cloud operator, unit and system from the confirmed months, the
 * third-party auditor's adjustments, the authority's approval freezing the plan, the supervision budget
 * capped at 10% with the figures in the refusal, and the Excel plan whose totals re-add to the fen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CJK_FONT } from '../src/platform/pdf/cjk-font.ts';
import { applicationEstate, type ApplicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { demoEstate } from './catalog-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

/** The PDF is read back with poppler's tools and needs Debian's CJK font; CI installs both (.ci/run). */
const pdfToolsMissing =
  process.env.CI !== 'true' && (!existsSync(CJK_FONT.file) || spawnSync('pdftotext', ['-v']).error !== undefined)
    ? 'needs fonts-noto-cjk and poppler-utils (sudo apt-get install -y fonts-noto-cjk poppler-utils)'
    : false;
const shanghai = (text: string) => new Date(`${text}+08:00`).toISOString();
const MONTHS = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

describe('the yearly settlement (Songjiang profile)', () => {
  let t: TestPlatform;
  let estate: ApplicationEstate;
  let operator: string;
  let settlementId: string;
  const units = { edu: '', water: '', health: '' };
  let providers: { provider1: string; provider2: string };

  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022' });
    estate = await applicationEstate(t);
    const demo = await demoEstate(t);
    providers = { provider1: demo.provider1, provider2: demo.provider2 };
    const rows = (await t.ownerQuery(`SELECT id, name FROM units`)) as { id: string; name: string }[];
    units.edu = rows.find((u) => u.name.endsWith('教育局'))!.id;
    units.water = rows.find((u) => u.name.endsWith('自来水有限公司'))!.id;
    units.health = rows.find((u) => u.name.endsWith('卫生健康委员会'))!.id;
    operator = await t.login('res-admin');

    // The demo's prices begin in 2026; the 2025 prices of the district book and the city tender stand in for last year's books.
    for (const [book, code, price] of [
      [demo.districtBook, 'ECS-X86-VCPU', '40.00'],
      [demo.districtBook, 'EVS-SATA', '0.40'],
    ] as const) {
      await t.ownerQuery(
        `INSERT INTO price_versions (book_id, item_id, unit_price, effective_from, effective_to, reason) VALUES ('${book}', '${demo.items[code]}', ${price}, '${shanghai('2025-01-01T00:00:00')}', '${shanghai('2026-01-01T00:00:00')}', '2025 年价格')`,
      );
    }
    const edu = await t.login('edu-applicant');
    const project = await systemWithProject(t, edu, { [estate.vcpu]: '8' }, { name: '松江教育云平台' });
    const application = (await submitted(t, edu, resourceBody(project.systemId, project.projectId, estate.x86, { [estate.vcpu]: '1' }))).id;
    const resource = async (unitId: string, platformId: string, provider: string, name: string, systemId: string | null) => {
      const [row] = (await t.ownerQuery(
        `INSERT INTO resources (unit_id, provider_unit_id, system_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation)
         VALUES ('${unitId}', '${provider}', ${systemId ? `'${systemId}'` : 'NULL'}, '${platformId}', '${application}', 'server', '${name}', 'k-${name}', 'running', '{}', 'create', 'running', 1, 1) RETURNING id`,
      )) as { id: string }[];
      return row!.id;
    };
    const usage = async (resourceId: string, unitId: string, platformId: string, provider: string, code: string, quantity: number, from: string, systemId: string | null) =>
      t.ownerQuery(
        `INSERT INTO usage_intervals (resource_id, unit_id, provider_unit_id, system_id, platform_id, item_id, quantity, power, started_at, ended_at, source)
         VALUES ('${resourceId}', '${unitId}', '${provider}', ${systemId ? `'${systemId}'` : 'NULL'}, '${platformId}', '${demo.items[code]}', ${quantity}, 'running', '${shanghai(from)}', NULL, 'lifecycle')`,
      );
    // 教育局: 2 vCPU all year — 6 × 80.00 (2025 price 40) + 6 × 76.00 (38) = 936.00
    const server = await resource(units.edu, estate.x86, providers.provider1, 'sj-edu', project.systemId);
    await usage(server, units.edu, estate.x86, providers.provider1, 'ECS-X86-VCPU', 2, '2025-07-01T00:00:00', project.systemId);
    // 自来水公司 (non-budget): 100 GiB SATA all year — 6 × 40.00 + 6 × 35.00 = 450.00
    const disk = await resource(units.water, estate.x86, providers.provider1, 'sj-water', null);
    await usage(disk, units.water, estate.x86, providers.provider1, 'EVS-SATA', 100, '2025-07-01T00:00:00', null);
    // 卫健委 on the city cloud from January: 1 vCPU at the tender price 32.00 — 6 × 32.00 = 192.00
    const city = await resource(units.health, estate.city, providers.provider2, 'sj-health', null);
    await usage(city, units.health, estate.city, providers.provider2, 'ECS-X86-VCPU', 1, '2026-01-01T00:00:00', null);
  });
  after(() => t.close());

  test('a period with unconfirmed months, or one that does not start where the profile says, is refused (SJ-15)', async () => {
    const early = await t.request('POST', '/api/settlements', { cookie: operator, body: { firstMonth: '2025-07' } });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'settlement_months_unconfirmed');
    assert.equal(early.json().error.article, 'SJ-15');
    assert.deepEqual(early.json().error.details.months, MONTHS);
    const misaligned = await t.request('POST', '/api/settlements', { cookie: operator, body: { firstMonth: '2025-08' } });
    assert.equal(misaligned.statusCode, 400);
    assert.equal(misaligned.json().error.code, 'settlement_period_misaligned');
    assert.match(misaligned.json().error.message, /7 月 1 日起.*松江办法第十五条/);
  });

  test('the settlement sums the confirmed months per cloud operator, unit and system; re-running gives the same figures', async () => {
    for (const month of MONTHS) {
      const rated = await t.request('POST', `/api/billing/months/${month}/rate`, { cookie: operator });
      assert.equal(rated.statusCode, 200, `${month}: ${rated.body}`);
      assert.equal((await t.request('POST', `/api/billing/months/${month}/confirm`, { cookie: operator })).statusCode, 200);
    }
    const run = await t.request('POST', '/api/settlements', { cookie: operator, body: { firstMonth: '2025-07' } });
    assert.equal(run.statusCode, 200, run.body);
    const settlement = run.json();
    settlementId = settlement.id;
    assert.equal(settlement.label, '2025-07 至 2026-06');
    assert.equal(settlement.status, 'draft');
    assert.equal(settlement.total, '1578.00');
    assert.deepEqual(
      settlement.byOperator.map((o: { provider: { id: string }; total: string; districtBudget: string; nonBudget: string }) => [o.provider.id, o.total, o.districtBudget, o.nonBudget]).sort(),
      [
        [providers.provider1, '1386.00', '936.00', '450.00'],
        [providers.provider2, '192.00', '192.00', '0.00'],
      ].sort(),
    );
    const water = settlement.byUnit.find((u: { unit: { id: string } }) => u.unit.id === units.water);
    assert.equal(water.districtBudget, false);
    assert.equal(water.total, '450.00');
    assert.ok(settlement.bySystem.some((s: { system: { name: string } | null; total: string }) => s.system?.name === '松江教育云平台' && s.total === '936.00'));

    const again = (await t.request('POST', '/api/settlements', { cookie: operator, body: { firstMonth: '2025-07' } })).json();
    const figures = (s: typeof settlement) => JSON.stringify({ ...s, generatedAt: null });
    assert.equal(figures(again), figures(settlement), 'identical figures, keyed by the period');
    assert.equal((await t.request('GET', '/api/settlements', { cookie: operator })).json().length, 1);
    assert.equal((await t.request('GET', '/api/settlements', { cookie: await t.login('edu-admin') })).statusCode, 403, 'the plan is the district’s, not a unit’s');
  });

  test('the supervision budget is refused above 10% of the settlement total, with the figures (SJ-16)', async () => {
    const over = await t.request('PUT', `/api/settlements/${settlementId}/supervision-budget`, { cookie: operator, body: { amount: '157.81' } });
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().error.code, 'supervision_fee_over_cap');
    assert.equal(over.json().error.article, 'SJ-16');
    assert.match(over.json().error.message, /157\.81 元超过年度结算费用 1578\.00 元的 10%（上限 157\.80 元）/);
    const within = await t.request('PUT', `/api/settlements/${settlementId}/supervision-budget`, { cookie: operator, body: { amount: '157.80' } });
    assert.equal(within.statusCode, 200);
    assert.equal(within.json().supervisionBudget, '157.80');
  });

  test('the third-party auditor adjusts with reasons, the authority approves, and the plan is frozen (SJ-15)', async () => {
    const auditor = await t.login('auditor');
    const early = await t.request('POST', `/api/settlements/${settlementId}/adjustments`, {
      cookie: auditor,
      body: { providerUnitId: providers.provider1, unitId: units.edu, amount: '-36.00', reason: '停机期间重复计费' },
    });
    assert.equal(early.json().error.code, 'settlement_wrong_stage', 'not before the operator submits it');
    const submitted = await t.request('POST', `/api/settlements/${settlementId}/submit`, { cookie: operator });
    assert.equal(submitted.json().status, 'in_audit');
    assert.equal((await t.request('POST', `/api/settlements/${settlementId}/adjustments`, { cookie: operator, body: { providerUnitId: providers.provider1, unitId: units.edu, amount: '-1', reason: 'x1' } })).statusCode, 403);
    const zero = await t.request('POST', `/api/settlements/${settlementId}/adjustments`, { cookie: auditor, body: { providerUnitId: providers.provider1, unitId: units.edu, amount: '0', reason: '无需调整' } });
    assert.equal(zero.json().error.fields[0].path, 'amount');
    const tooMuch = await t.request('POST', `/api/settlements/${settlementId}/adjustments`, { cookie: auditor, body: { providerUnitId: providers.provider1, unitId: units.edu, amount: '-936.01', reason: '超额' } });
    assert.equal(tooMuch.json().error.fields[0].path, 'amount');
    const adjusted = await t.request('POST', `/api/settlements/${settlementId}/adjustments`, {
      cookie: auditor,
      body: { providerUnitId: providers.provider1, unitId: units.edu, amount: '-36.00', reason: '停机期间重复计费' },
    });
    assert.equal(adjusted.statusCode, 201, adjusted.body);
    assert.equal(adjusted.json().total, '1542.00');
    assert.equal(adjusted.json().adjustmentsTotal, '-36.00');
    assert.equal(adjusted.json().adjustments[0].actorName, '审价评估 秦越');
    assert.equal(adjusted.json().byOperator.find((o: { provider: { id: string } }) => o.provider.id === providers.provider1).total, '1350.00');

    const authority = await t.login('authority');
    assert.equal((await t.request('POST', `/api/settlements/${settlementId}/approve`, { cookie: authority })).json().error.code, 'settlement_wrong_stage', 'audit first');
    assert.equal((await t.request('POST', `/api/settlements/${settlementId}/complete-audit`, { cookie: auditor })).json().status, 'audited');
    const approved = await t.request('POST', `/api/settlements/${settlementId}/approve`, { cookie: authority });
    assert.equal(approved.json().status, 'approved');
    assert.equal(approved.json().approvedBy, '主管部门 王建国');

    const rerun = await t.request('POST', '/api/settlements', { cookie: operator, body: { firstMonth: '2025-07' } });
    assert.equal(rerun.statusCode, 409);
    assert.equal(rerun.json().error.code, 'settlement_frozen');
    assert.equal((await t.request('PUT', `/api/settlements/${settlementId}/supervision-budget`, { cookie: operator, body: { amount: '1.00' } })).json().error.code, 'settlement_frozen');
    await assert.rejects(t.ownerQuery(`UPDATE settlement_lines SET amount = 0 WHERE settlement_id = '${settlementId}'`), /已审定/);
    await assert.rejects(t.ownerQuery(`UPDATE settlements SET total = 0 WHERE id = '${settlementId}'`), /已审定/);
  });

  test('the Excel plan: a summary and one sheet per cloud operator, totals that re-add to the fen', async () => {
    const response = await t.request('GET', `/api/settlements/${settlementId}/export.xlsx`, { cookie: await t.login('auditor') });
    assert.equal(response.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(workbook.worksheets.map((s) => s.name), ['汇总', '沪信通信服务有限公司', '申云数据科技有限公司', '审价调整'], 'operators in pinyin order');
    const summary = workbook.getWorksheet('汇总')!;
    const totalRow = summary.getRow(4);
    assert.match(String(totalRow.getCell(1).value), /2025-07 至 2026-06 合计/);
    assert.equal((totalRow.getCell(4).value as { result: number }).result, 1542);
    assert.equal(summary.getCell('D2').numFmt, '#,##0.00');
    for (const name of ['申云数据科技有限公司', '沪信通信服务有限公司']) {
      const sheet = workbook.getWorksheet(name)!;
      const rows = sheet.getRows(2, sheet.rowCount - 2)!;
      const sumFen = rows.reduce((sum, row) => sum + Math.round(Number(row.getCell(5).value) * 100), 0);
      const total = sheet.getRow(sheet.rowCount).getCell(5).value as { formula: string; result: number };
      assert.match(total.formula, /^SUM\(E2:E\d+\)$/);
      assert.equal(Math.round(total.result * 100), sumFen, `${name}: the rows re-add to the total`);
    }
    assert.equal(workbook.getWorksheet('审价调整')!.getRow(2).getCell(5).value, '停机期间重复计费');
  });

  test('the PDF summary embeds a Chinese font: the units’ and operators’ names are text in it, and it is the same on every export', { skip: pdfToolsMissing }, async () => {
    const cookie = await t.login('authority');
    const first = await t.request('GET', `/api/settlements/${settlementId}/summary.pdf`, { cookie });
    assert.equal(first.statusCode, 200, first.body.slice(0, 300));
    assert.equal(first.headers['content-type'], 'application/pdf');
    assert.match(first.rawPayload.subarray(0, 8).toString('latin1'), /^%PDF-1\./);
    const file = join(mkdtempSync(join(tmpdir(), 'yunshu-pdf-')), 'summary.pdf');
    writeFileSync(file, first.rawPayload);
    // poppler's pdftotext reads the text back independently of the library that wrote it.
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const expected of ['松江区电子政务云资源结算项目', '松江区自来水有限公司', '申云数据科技有限公司', '1,542.00 元', '停机期间重复计费', '已审定']) {
      assert.ok(text.replace(/\s+/g, '').includes(expected.replace(/\s+/g, '')), `${expected} in: ${text}`);
    }
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    assert.match(fonts, /NotoSansCJK/);
    assert.match(fonts, /yes\s+yes/, 'embedded, as a subset');
    const second = await t.request('GET', `/api/settlements/${settlementId}/summary.pdf`, { cookie });
    assert.equal(second.rawPayload.equals(first.rawPayload), true, 'byte-identical on a second export');
  });
});
