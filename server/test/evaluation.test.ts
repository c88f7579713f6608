/**
 * The yearly comprehensive evaluation (QP-24, QP-25) on a fixture year, 2025, whose scores are worked
 * out by hand below from the records the test writes: vulnerabilities, notices, assessments, drills and
 * training, and a server's metered vCPU usage. Then adjustments, publication (frozen, also by trigger),
 * the unit's view, the reports and the rectification requirements.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { CJK_FONT } from '../src/platform/pdf/cjk-font.ts';
import { applicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { demoEstate } from './catalog-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

/** The PDF is read back with poppler's tools and needs Debian's CJK font; CI installs both (.ci/run). */
const pdfToolsMissing =
  process.env.CI !== 'true' && (!existsSync(CJK_FONT.file) || spawnSync('pdftotext', ['-v']).error !== undefined)
    ? 'needs fonts-noto-cjk and poppler-utils (apt-get install -y fonts-noto-cjk poppler-utils)'
    : false;

describe('the yearly comprehensive evaluation (2025 fixture)', () => {
  let t: TestPlatform;
  let operator: string;
  let authority: string;
  let eduAdmin: string;
  let units: { edu: string; eduName: string; health: string; water: string; userUnits: number };
  const scratch = mkdtempSync(join(tmpdir(), 'yunshu-evaluation-'));

  before(async () => {
    t = await startTestPlatform();
    operator = await t.login('res-admin');
    authority = await t.login('authority');
    eduAdmin = await t.login('edu-admin');
    // The demo district was seeded today; the fixture year is 2025, so its units existed then.
    await t.ownerQuery(`UPDATE units SET created_at = '2024-06-01T00:00:00+08:00'`);
    const rows = (await t.ownerQuery(`SELECT id, name FROM units WHERE type = 'user_unit' AND NOT disabled`)) as { id: string; name: string }[];
    const find = (suffix: string) => rows.find((u) => u.name.endsWith(suffix))!.id;
    units = { edu: find('教育局'), eduName: rows.find((u) => u.name.endsWith('教育局'))!.name, health: find('卫生健康委员会'), water: find('自来水有限公司'), userUnits: rows.length };

    const system = async (unitId: string, name: string, level: number) =>
      (
        (await t.ownerQuery(
          `INSERT INTO information_systems (unit_id, name, purpose, mlps_level, construction_type, owner_name, owner_phone, created_at)
           VALUES ('${unitId}', '${name}', '评价测试', ${level}, 'new', '负责人', '13800000000', '2024-03-01T00:00:00+08:00') RETURNING id`,
        )) as { id: string }[]
      )[0]!.id;
    const eduCore = await system(units.edu, '学籍管理系统', 3);
    const eduPortal = await system(units.edu, '教育门户', 3);
    const eduLight = await system(units.edu, '内部通讯录', 2);
    const healthSystem = await system(units.health, '健康档案系统', 2);

    const vulnerability = (systemId: string, unitId: string, found: string, deadline: string, fixed: string | null) =>
      t.ownerQuery(
        `INSERT INTO vulnerabilities (system_id, unit_id, title, found_on, source, severity, deadline_on, fixed_on)
         VALUES ('${systemId}', '${unitId}', '漏洞 ${found}', '${found}', 'scan', 'medium', '${deadline}', ${fixed ? `'${fixed}'` : 'NULL'})`,
      );
    // Education: found in 2025 — one fixed on time, one late, one overdue and open, one not yet due; one from 2024 is out.
    await vulnerability(eduCore, units.edu, '2025-03-01', '2025-03-31', '2025-03-20');
    await vulnerability(eduCore, units.edu, '2025-04-01', '2025-05-01', '2025-05-20');
    await vulnerability(eduPortal, units.edu, '2025-05-10', '2025-06-09', null);
    await vulnerability(eduPortal, units.edu, '2025-12-20', '2026-01-19', null);
    await vulnerability(eduPortal, units.edu, '2024-10-01', '2024-10-31', null);
    // Health: one, fixed on time.
    await vulnerability(healthSystem, units.health, '2025-02-01', '2025-03-03', '2025-02-10');

    const incident = (systemId: string, unitId: string, kind: 'notice' | 'incident', on: string) =>
      t.ownerQuery(
        `INSERT INTO security_incidents (system_id, unit_id, kind, occurred_on, level, title, description, issued_by, created_by_name)
         VALUES ('${systemId}', '${unitId}', '${kind}', '${on}', 'general', '${kind === 'notice' ? '弱口令通报' : '端口扫描'}', '评价测试', ${kind === 'notice' ? `'区大数据中心'` : 'NULL'}, '测试')`,
      );
    // Education: two notices in 2025 (one in 2024 and an incident, which is not a notice, do not count).
    await incident(eduCore, units.edu, 'notice', '2025-04-15');
    await incident(eduPortal, units.edu, 'notice', '2025-09-01');
    await incident(eduCore, units.edu, 'notice', '2024-12-30');
    await incident(eduCore, units.edu, 'incident', '2025-06-01');
    // Health: five notices — more than the 20 points can take at 5 each.
    for (const day of ['2025-01-10', '2025-02-10', '2025-03-10', '2025-04-10', '2025-05-10']) await incident(healthSystem, units.health, 'notice', day);

    // Level 3 is re-assessed every 12 months: the core system was assessed in 2025, the portal last in
    // November 2024 (more than 12 months before 31 December 2025); level 2 has no interval.
    const assessment = (systemId: string, unitId: string, on: string) =>
      t.ownerQuery(
        `INSERT INTO mlps_assessments (system_id, unit_id, assessed_on, assessor, level, result, created_by_name) VALUES ('${systemId}', '${unitId}', '${on}', '测评机构', 3, 'pass', '测试')`,
      );
    await assessment(eduCore, units.edu, '2025-05-20');
    await assessment(eduPortal, units.edu, '2024-11-15');
    await assessment(eduLight, units.edu, '2025-01-05');

    const activity = (unitId: string, kind: 'drill' | 'training', on: string) =>
      t.ownerQuery(`INSERT INTO security_activities (unit_id, kind, held_on, title, content, created_by_name) VALUES ('${unitId}', '${kind}', '${on}', '${kind}', '评价测试', '测试')`);
    await activity(units.edu, 'drill', '2025-06-18');
    await activity(units.edu, 'training', '2024-12-01');
    await activity(units.health, 'drill', '2025-03-03');
    await activity(units.health, 'training', '2025-08-08');

    // Education's server: 4 vCPU running all of January–June 2025 (181 days), stopped from 1 July on.
    const estate = await applicationEstate(t);
    const demo = await demoEstate(t);
    const { systemId, projectId } = await systemWithProject(t, eduAdmin, { [estate.vcpu]: '8' });
    const application = await submitted(t, eduAdmin, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '4' }));
    const [resource] = (await t.ownerQuery(
      `INSERT INTO resources (unit_id, provider_unit_id, system_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation)
       VALUES ('${units.edu}', '${demo.provider1}', '${systemId}', '${estate.x86}', '${application.id}', 'server', 'eval-vm', 'eval-vm', 'stopped', '{"vcpus":4,"memoryGiB":8}', 'create', 'stopped', 1, 1) RETURNING id`,
    )) as { id: string }[];
    const usage = (power: string, from: string, to: string | null) =>
      t.ownerQuery(
        `INSERT INTO usage_intervals (resource_id, unit_id, provider_unit_id, system_id, platform_id, item_id, quantity, power, started_at, ended_at, source)
         VALUES ('${resource!.id}', '${units.edu}', '${demo.provider1}', '${systemId}', '${estate.x86}', '${estate.vcpu}', 4, '${power}', '${from}', ${to ? `'${to}'` : 'NULL'}, 'lifecycle')`,
      );
    await usage('running', '2025-01-01T00:00:00+08:00', '2025-07-01T00:00:00+08:00');
    await usage('stopped', '2025-07-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00');

    // Its monitoring rollups (monitoring.test.ts covers how they are made): ten days at 12% CPU and ten at
    // 6%, all on 4 vCPUs — a weighted mean of 9%; a day of 2024 is out of the year.
    const rollup = (day: string, cpu: number) =>
      t.ownerQuery(
        `INSERT INTO utilization_daily (resource_id, day, unit_id, provider_unit_id, source, cpu_avg, samples, vcpus, memory_gib)
         VALUES ('${resource!.id}', '${day}', '${units.edu}', '${demo.provider1}', 'simulated', ${cpu}, 288, 4, 8)`,
      );
    for (let d = 1; d <= 10; d++) await rollup(`2025-03-${String(d).padStart(2, '0')}`, 12);
    for (let d = 1; d <= 10; d++) await rollup(`2025-04-${String(d).padStart(2, '0')}`, 6);
    await rollup('2024-12-31', 90);

    // Findings and rectification cases (efficiency-cases.test.ts covers the rules and the flow): one
    // low-utilisation finding of 2025 and a zombie of 2024; two warnings due in 2025, one answered in time.
    const finding = async (rule: string, detected: string) =>
      (
        (await t.ownerQuery(
          `INSERT INTO efficiency_findings (resource_id, unit_id, rule, evidence, detected_at, last_seen_at, cleared_at)
           VALUES ('${resource!.id}', '${units.edu}', '${rule}', '{}', '${detected}', '${detected}', '${detected}') RETURNING id`,
        )) as { id: string }[]
      )[0]!.id;
    await finding('low_utilization', '2025-06-01T08:00:00+08:00');
    await finding('zombie', '2024-11-01T08:00:00+08:00');
    const warning = async (number: string, deadline: string, answered: string | null) => {
      const findingId = await finding('over_provisioned', '2025-02-01T08:00:00+08:00');
      const [row] = (await t.ownerQuery(
        `INSERT INTO rectification_cases (number, finding_id, resource_id, unit_id, rule, stage, deadline_date, deadline_at)
         VALUES ('${number}', '${findingId}', '${resource!.id}', '${units.edu}', 'over_provisioned', '${answered ? 'responded' : 'warning_issued'}', '${deadline}', '${deadline}T23:59:59+08:00') RETURNING id`,
      )) as { id: string }[];
      if (answered) {
        await t.ownerQuery(
          `INSERT INTO rectification_case_events (case_id, unit_id, at, actor_name, action, stage_from, stage_to) VALUES ('${row!.id}', '${units.edu}', '${answered}', '教育局', 'respond', 'warning_issued', 'responded')`,
        );
      }
    };
    await warning('ZG-EVAL-1', '2025-05-20', '2025-05-18T10:00:00+08:00');
    await warning('ZG-EVAL-2', '2025-08-20', null);
  });
  after(async () => {
    await t.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const resultOf = (detail: any, unitId: string) => detail.results.find((r: any) => r.unit.id === unitId);
  const scoresOf = (result: any) => Object.fromEntries(result.scores.map((s: any) => [s.indicator, s.score]));

  test('a run scores every user unit from the records, with the evidence; the figures are the hand-computed ones', async () => {
    assert.equal((await t.request('POST', '/api/evaluations/2025/run', { cookie: eduAdmin })).statusCode, 403);
    const response = await t.request('POST', '/api/evaluations/2025/run', { cookie: operator });
    assert.equal(response.statusCode, 200, response.body);
    const detail = response.json();
    assert.equal(detail.status, 'draft');
    assert.equal(detail.units, units.userUnits);
    assert.equal(detail.results.length, units.userUnits);
    assert.deepEqual(
      detail.model.indicators.map((i: any) => [i.indicator, i.weight]),
      [
        ['vulnerability_fix_rate', 15],
        ['vulnerability_fix_timeliness', 10],
        ['incident_notices', 15],
        ['mlps_assessment', 15],
        ['drills_training', 5],
        ['allocation_utilization', 15],
        ['idle_findings', 10],
        ['rectification_compliance', 10],
        ['stopped_compute_share', 5],
      ],
    );

    const edu = resultOf(detail, units.edu);
    assert.deepEqual(scoresOf(edu), {
      vulnerability_fix_rate: '7.50', // 2 of 4 found in 2025 fixed × 15
      vulnerability_fix_timeliness: '3.33', // due: 2 fixed + 1 overdue = 3, on time 1 → 1/3 × 10
      incident_notices: '5.00', // 15 − 2 × 5
      mlps_assessment: '7.50', // 1 of 2 level-3 systems assessed within 12 months
      drills_training: '2.50', // a drill in 2025, the training was in 2024
      allocation_utilization: '4.50', // 9% ÷ the 30% target × 15
      idle_findings: '7.50', // 10 − 1 × 2.5
      rectification_compliance: '5.00', // 1 of 2 warnings answered by its deadline × 10
      stopped_compute_share: '2.48', // stopped 4 × 4,416 h of 4 × 8,760 h → (1 − 0.504110) × 5 = 2.4795
    });
    assert.equal(edu.total, '45.31');
    assert.equal(edu.grade, 'fail');
    const evidence = Object.fromEntries(edu.scores.map((s: any) => [s.indicator, s.evidence]));
    assert.deepEqual(evidence.vulnerability_fix_rate, { found: 4, fixed: 2, rate: '50.0%' });
    assert.deepEqual(evidence.vulnerability_fix_timeliness, { due: 3, fixedOnTime: 1, openOverdue: 1, rate: '33.3%' });
    assert.equal(evidence.incident_notices.notices, 2);
    assert.deepEqual(evidence.mlps_assessment, { required: 2, completed: 1, missing: '教育门户' });
    assert.deepEqual(evidence.stopped_compute_share, { vcpuHours: '35040.00', stoppedVcpuHours: '17664.00', stoppedShare: '50.4%' });
    assert.deepEqual(evidence.allocation_utilization, { serverDays: 20, vcpuDays: '80', meanCpu: '9.0%', target: '30.0%' });
    assert.deepEqual(evidence.idle_findings, { idleFindings: 1, lowUtilization: 1, zombie: 0 });
    assert.deepEqual(evidence.rectification_compliance, { warnings: 2, complied: 1, rate: '50.0%' });

    const health = resultOf(detail, units.health);
    assert.deepEqual(scoresOf(health), {
      vulnerability_fix_rate: '15.00',
      vulnerability_fix_timeliness: '10.00',
      incident_notices: '0.00', // 15 − 5 × 5, not below zero
      mlps_assessment: '15.00', // level 2 only: nothing due
      drills_training: '5.00',
      allocation_utilization: '15.00', // no monitored servers
      idle_findings: '10.00',
      rectification_compliance: '10.00', // no warnings
      stopped_compute_share: '5.00',
    });
    assert.equal(health.total, '85.00');
    assert.equal(health.grade, 'good');

    // A unit with no records: full points except drills and training.
    const water = resultOf(detail, units.water);
    assert.equal(water.total, '95.00');
    assert.equal(water.grade, 'excellent');
    // Competition ranks: the record-less units share first place, then health, then education last.
    const others = units.userUnits - 2;
    assert.equal(water.rank, 1);
    assert.equal(health.rank, others + 1);
    assert.equal(edu.rank, others + 2);
    assert.deepEqual(
      detail.results.map((r: any) => r.rank),
      [...detail.results.map((r: any) => r.rank)].sort((a: number, b: number) => a - b),
      'best first',
    );
  });

  test('adjustments need a reason, stay within the points, survive a re-run, and are audited', async () => {
    const adjust = (body: unknown, cookie = operator) => t.request('POST', '/api/evaluations/2025/adjustments', { cookie, body });
    const missing = await adjust({ unitId: units.health, indicator: 'incident_notices', points: '3' });
    assert.equal(missing.statusCode, 400);
    assert.ok(missing.json().error.fields.some((f: any) => f.path === 'reason'));
    const ok = await adjust({ unitId: units.health, indicator: 'incident_notices', points: '3', reason: '其中两次通报为同一事件重复通报' });
    assert.equal(ok.statusCode, 200, ok.body);
    const capped = await adjust({ unitId: units.edu, indicator: 'drills_training', points: '5', reason: '年度培训在次年一月补办，经核实计入' });
    const detail = capped.json();
    assert.equal(scoresOf(resultOf(detail, units.health)).incident_notices, '3.00');
    assert.equal(resultOf(detail, units.health).total, '88.00');
    assert.equal(scoresOf(resultOf(detail, units.edu)).drills_training, '5.00', '2.50 + 5 is kept within the 5 points');
    assert.equal(resultOf(detail, units.edu).total, '47.81');
    assert.equal(detail.adjustments.length, 2);

    const rerun = (await t.request('POST', '/api/evaluations/2025/run', { cookie: operator })).json();
    assert.equal(resultOf(rerun, units.health).total, '88.00', 'the adjustment outlives the re-run');
    const audited = (await t.ownerQuery(`SELECT detail->>'reason' AS reason FROM audit_log WHERE action = 'evaluation.adjust' AND result = 'success' ORDER BY seq`)) as { reason: string }[];
    assert.deepEqual(
      audited.map((a) => a.reason),
      ['其中两次通报为同一事件重复通报', '年度培训在次年一月补办，经核实计入'],
    );
  });

  test('a unit sees nothing before publication, then only its own result, without the working notes', async () => {
    assert.equal((await t.request('GET', '/api/evaluations/2025', { cookie: eduAdmin })).statusCode, 404);
    assert.deepEqual((await t.request('GET', '/api/evaluations', { cookie: eduAdmin })).json(), []);
    assert.equal((await t.request('POST', '/api/evaluations/2025/publish', { cookie: operator })).statusCode, 403);
    const published = await t.request('POST', '/api/evaluations/2025/publish', { cookie: authority });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().status, 'published');

    const mine = (await t.request('GET', '/api/evaluations/2025', { cookie: eduAdmin })).json();
    assert.deepEqual(
      mine.results.map((r: any) => [r.unit.id, r.total, r.rank]),
      [[units.edu, '47.81', units.userUnits]],
    );
    assert.equal(mine.units, units.userUnits, 'ranked among all units');
    assert.deepEqual(mine.adjustments, [], 'the reasons are the district’s');
  });

  test('published results are frozen: no re-run, no adjustment, and the database refuses a direct change', async () => {
    const rerun = await t.request('POST', '/api/evaluations/2025/run', { cookie: operator });
    assert.equal(rerun.statusCode, 409);
    assert.equal(rerun.json().error.code, 'evaluation_published');
    assert.equal(rerun.json().error.article, 'QP-25');
    assert.match(rerun.json().error.message, /青浦办法第二十五条/);
    const adjust = await t.request('POST', '/api/evaluations/2025/adjustments', { cookie: operator, body: { unitId: units.edu, indicator: 'incident_notices', points: '1', reason: '发布后再调整' } });
    assert.equal(adjust.statusCode, 409);
    assert.equal(adjust.json().error.article, 'QP-25');
    await assert.rejects(t.ownerQuery(`UPDATE evaluation_results SET total = 100 WHERE unit_id = '${units.edu}'`), /published and frozen/);
    await assert.rejects(t.ownerQuery(`DELETE FROM evaluation_scores WHERE unit_id = '${units.edu}'`), /published and frozen/);
    await assert.rejects(t.ownerQuery(`UPDATE evaluations SET status = 'draft', published_at = NULL WHERE year = 2025`), /published and frozen/);
    const [row] = (await t.ownerQuery(`SELECT total::text FROM evaluation_results WHERE unit_id = '${units.edu}'`)) as { total: string }[];
    assert.equal(row!.total, '47.81');
  });

  test('the latest published grade is shown with the unit’s applications: to the unit and to approvers, not to other units', async () => {
    const own = await t.request('GET', `/api/units/${units.edu}/evaluation-grade`, { cookie: eduAdmin });
    assert.deepEqual(own.json(), { year: 2025, grade: 'fail', total: '47.81', rank: units.userUnits, units: units.userUnits });
    assert.equal((await t.request('GET', `/api/units/${units.health}/evaluation-grade`, { cookie: eduAdmin })).statusCode, 404);
    assert.equal((await t.request('GET', `/api/units/${units.health}/evaluation-grade`, { cookie: await t.login('chief') })).json().grade, 'good');
  });

  test('the Excel report lists all units and all indicators; the unit report PDF carries the unit’s Chinese name as text', { skip: pdfToolsMissing }, async () => {
    const xlsx = await t.request('GET', '/api/evaluations/2025/export.xlsx', { cookie: operator });
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('2025 年度评价结果')!;
    assert.equal(sheet.rowCount, units.userUnits + 1);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    assert.deepEqual(header.slice(0, 5), ['名次', '使用单位', '总分', '等次', '安全漏洞修复率（15分）']);
    const eduRow = sheet.getRow(units.userUnits + 1).values as unknown[];
    assert.deepEqual(eduRow.slice(1, 5), [units.userUnits, units.eduName, 47.81, '不合格']);
    assert.equal(workbook.getWorksheet('人工调整')!.rowCount, 3);

    const pdf = await t.request('GET', `/api/evaluations/2025/units/${units.edu}/report.pdf`, { cookie: eduAdmin });
    assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 200));
    const file = join(scratch, 'edu.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes(`使用单位：${units.eduName}`), 'the unit’s Chinese name, as text');
    assert.ok(text.includes('总分：47.81等次：不合格'));
    assert.ok(text.includes('当年发现漏洞4，已修复2，比例50.0%'), 'the evidence');
    assert.ok(text.includes('被通报次数2，通报2025-04-15弱口令通报；2025-09-01弱口令通报'));
    assert.ok(text.includes('（计算2.50，调整5.00）'), 'the adjustment shows');
    assert.ok(text.includes('依据：青浦办法第二十四条'), 'the article, as cited');
    assert.equal((await t.request('GET', `/api/evaluations/2025/units/${units.health}/report.pdf`, { cookie: eduAdmin })).statusCode, 404, 'not another unit’s report');
  });

  test('rectification requirements: issued by the authority after publication, answered by the unit, closed by the authority', async () => {
    const issue = (body: unknown, cookie = authority) => t.request('POST', '/api/evaluations/2025/rectification-requirements', { cookie, body });
    const past = await issue({ unitId: units.edu, requirement: '修复逾期漏洞并完成教育门户等保测评', dueOn: '2025-01-01' });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().error.fields[0].path, 'dueOn');
    const issued = await issue({ unitId: units.edu, requirement: '修复逾期漏洞并完成教育门户等保测评', dueOn: '2099-06-30' });
    assert.equal(issued.statusCode, 200, issued.body);
    const requirement = issued.json();
    assert.equal(requirement.status, 'open');

    const close = (cookie = authority) => t.request('POST', `/api/rectification-requirements/${requirement.id}/close`, { cookie, body: { note: '已核实整改完成' } });
    assert.equal((await close()).json().error.code, 'requirement_not_responded');
    assert.equal((await t.request('POST', `/api/rectification-requirements/${requirement.id}/respond`, { cookie: await t.login('health-admin'), body: { response: '不是本单位的整改要求' } })).statusCode, 404);
    const responded = await t.request('POST', `/api/rectification-requirements/${requirement.id}/respond`, { cookie: eduAdmin, body: { response: '漏洞已修复，测评已于三月完成' } });
    assert.equal(responded.json().status, 'responded');
    const closed = await close();
    assert.equal(closed.json().status, 'closed');
    assert.equal(closed.json().closedBy, '主管部门 王建国');

    const listed = (await t.request('GET', '/api/rectification-requirements?year=2025', { cookie: eduAdmin })).json();
    assert.deepEqual(
      listed.items.map((r: any) => [r.unit.id, r.status]),
      [[units.edu, 'closed']],
    );
    assert.equal((await t.request('GET', '/api/rectification-requirements', { cookie: await t.login('health-admin') })).json().total, 0);
  });

  test('a year not begun cannot be run, a year not over cannot be published', async () => {
    const future = await t.request('POST', '/api/evaluations/2099/run', { cookie: operator });
    assert.equal(future.statusCode, 400);
    const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    assert.equal((await t.request('POST', `/api/evaluations/${thisYear}/run`, { cookie: operator })).statusCode, 200);
    const early = await t.request('POST', `/api/evaluations/${thisYear}/publish`, { cookie: authority });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'evaluation_year_not_over');
  });
});

describe('the evaluation under the Songjiang profile cites no Qingpu article', () => {
  let t: TestPlatform;
  let operator: string;
  let authority: string;
  let unitId: string;

  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022' });
    operator = await t.login('res-admin');
    authority = await t.login('authority');
    await t.ownerQuery(`UPDATE units SET created_at = '2024-06-01T00:00:00+08:00'`);
    const [unit] = (await t.ownerQuery(`SELECT id FROM units WHERE type = 'user_unit' AND NOT disabled ORDER BY name LIMIT 1`)) as { id: string }[];
    unitId = unit!.id;
    const run = await t.request('POST', '/api/evaluations/2025/run', { cookie: operator });
    assert.equal(run.statusCode, 200, run.body);
  });
  after(() => t.close());

  /** The Songjiang Measures say nothing of publishing results: the error names the profile parameter instead. */
  const citesSongjiang = (error: { article?: string; message: string; messageEn: string }) => {
    assert.equal(error.article, undefined, 'no article: the Songjiang Measures are silent on the evaluation');
    assert.match(error.message, /松江区政策参数 evaluation\.resultsInformApplications/);
    assert.doesNotMatch(`${error.message} ${error.messageEn}`, /青浦|QP-/);
  };

  test('a requirement before publication is refused without citing QP-25', async () => {
    const early = await t.request('POST', '/api/evaluations/2025/rectification-requirements', { cookie: authority, body: { unitId, requirement: '完成等保测评', dueOn: '2099-06-30' } });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'evaluation_not_published');
    citesSongjiang(early.json().error);
  });

  test('a published year is frozen: publishing again, re-running and adjusting are refused without citing QP-25', async () => {
    const published = await t.request('POST', '/api/evaluations/2025/publish', { cookie: authority });
    assert.equal(published.statusCode, 200, published.body);
    const again = await t.request('POST', '/api/evaluations/2025/publish', { cookie: authority });
    const rerun = await t.request('POST', '/api/evaluations/2025/run', { cookie: operator });
    const adjust = await t.request('POST', '/api/evaluations/2025/adjustments', { cookie: operator, body: { unitId, indicator: 'incident_notices', points: '1', reason: '发布后再调整' } });
    for (const refused of [again, rerun, adjust]) {
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().error.code, 'evaluation_published');
      citesSongjiang(refused.json().error);
    }
  });
});
