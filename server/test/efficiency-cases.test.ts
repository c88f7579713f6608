/**
 * Efficiency findings and rectification cases (QP-8, QP-13, QP-14, SJ-14): each rule on daily rollups
 * with known answers, the periodic-workload exception, missing monitoring and expired temporary
 * resources, findings kept and cleared across runs, and the case from warning to a stop (Qingpu: the
 * authority reviews and consents) or to stop and reclaim (Songjiang) carried out by the reconciler on
 * the simulated cloud; one reminder per stage however often, and on however many instances, the job runs.
 *
 * The rollups are inserted directly: how they are made from metrics is the rollups' own tests' concern.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { shanghaiDate, shiftDate } from '../src/modules/calendar/working-days.ts';
import { efficiencyRulesJob } from '../src/modules/efficiency/index.ts';
import { runEfficiencyRules } from '../src/modules/efficiency/findings.service.ts';
import { sweepRectificationReminders } from '../src/modules/efficiency/rectification-reminders.service.ts';
import { Scheduler, type SchedulerLog } from '../src/platform/jobs/scheduler.ts';
import { applicationEstate, type ApplicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { createProject, createSystem, uploadDocument } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { approveThrough, fastCloud, reconcilerFor, settle } from './provisioning-fixtures.ts';

const quietLog: SchedulerLog = { info: () => {}, error: () => {} };
const MiB = 1_048_576;
/** 10:00 in Shanghai on the day. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

interface DayShape {
  cpuP95: number;
  cpuMax?: number;
  memoryP95: number;
  networkBytes?: number;
}

/** Rollup rows of a server for days `fromAgo`..`toAgo` before `today` (inclusive), all alike. */
async function rollups(t: TestPlatform, resourceId: string, today: string, fromAgo: number, toAgo: number, shape: DayShape) {
  const half = Math.floor((shape.networkBytes ?? 1024 * MiB) / 2);
  await t.ownerQuery(
    `INSERT INTO utilization_daily (resource_id, day, unit_id, provider_unit_id, source, cpu_avg, cpu_p95, cpu_max, memory_avg, memory_p95, memory_max,
                                    network_rx_bytes, network_tx_bytes, disk_used_bytes, samples, vcpus, memory_gib)
     SELECT r.id, d::date, r.unit_id, r.provider_unit_id, 'simulated', $2, $2, $3, $4, $4, $4, $5, $5, 0, 288,
            (r.desired_spec->>'vcpus')::int, (r.desired_spec->>'memoryGiB')::float8
     FROM resources r, generate_series($6::date - $7::int, $6::date - $8::int, interval '1 day') d
     WHERE r.id = $1
     ON CONFLICT (resource_id, day) DO UPDATE SET cpu_p95 = EXCLUDED.cpu_p95, cpu_max = EXCLUDED.cpu_max, memory_p95 = EXCLUDED.memory_p95,
       network_rx_bytes = EXCLUDED.network_rx_bytes, network_tx_bytes = EXCLUDED.network_tx_bytes`,
    [resourceId, shape.cpuP95, shape.cpuMax ?? shape.cpuP95 + 10, shape.memoryP95, half, today, fromAgo, toAgo],
  );
}

async function serversOf(t: TestPlatform, applicationId: string): Promise<Record<string, { id: string; unitId: string }>> {
  const rows = (await t.ownerQuery(`SELECT id, name, unit_id FROM resources WHERE application_id = '${applicationId}' AND kind = 'server'`)) as { id: string; name: string; unit_id: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, { id: r.id, unitId: r.unit_id }]));
}

async function provision(t: TestPlatform, cookie: string, estate: ApplicationEstate, servers: { name: string; vcpus: number; memoryGiB: number }[], system?: { systemId: string; projectId: string }) {
  const vcpus = servers.reduce((n, s) => n + s.vcpus, 0);
  const memory = servers.reduce((n, s) => n + s.memoryGiB, 0);
  const { systemId, projectId } = system ?? (await systemWithProject(t, cookie, { [estate.vcpu]: String(vcpus), [estate.mem]: String(memory) }));
  const application = await submitted(t, cookie, { ...resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: String(vcpus), [estate.mem]: String(memory) }), servers });
  await approveThrough(t, application);
  return application;
}

async function findings(t: TestPlatform, cookie: string, query = '') {
  const response = await t.request('GET', `/api/efficiency/findings?pageSize=100${query}`, { cookie });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().items as any[];
}

async function idleSpend(t: TestPlatform, cookie: string) {
  const response = await t.request('GET', '/api/efficiency/findings/by-unit', { cookie });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { items: { unit: { id: string; name: string }; openFindings: number; idleMonthlySpend: string }[]; openFindings: number; idleMonthlySpend: string };
}

/** The ranking's rows as [unit id, open findings, idle spend]. */
const rowsOf = (ranking: Awaited<ReturnType<typeof idleSpend>>) => ranking.items.map((row) => [row.unit.id, row.openFindings, row.idleMonthlySpend]);

describe('efficiency findings and rectification (Qingpu: the authority reviews warnings and consents to stops)', () => {
  let t: TestPlatform;
  let estate: ApplicationEstate;
  let edu: string;
  let eduAdmin: string;
  let resAdmin: string;
  let authority: string;
  let servers: Record<string, { id: string; unitId: string }>;
  const now = new Date();
  const today = shanghaiDate(now);

  before(async () => {
    t = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
    estate = await applicationEstate(t);
    fastCloud(t, estate.x86, { seed: 11 });
    edu = await t.login('edu-applicant');
    eduAdmin = await t.login('edu-admin');
    resAdmin = await t.login('res-admin');
    authority = await t.login('authority');
    const application = await provision(t, edu, estate, [
      { name: 'low-01', vcpus: 4, memoryGiB: 8 },
      { name: 'zombie-01', vcpus: 2, memoryGiB: 4 },
      { name: 'over-01', vcpus: 8, memoryGiB: 16 },
      { name: 'busy-01', vcpus: 2, memoryGiB: 4 },
      { name: 'sparse-01', vcpus: 2, memoryGiB: 4 },
      { name: 'season-01', vcpus: 4, memoryGiB: 8 },
    ]);
    // A system whose project declared a cyclical load at application (QP-8).
    const system = await createSystem(t, edu, { name: '中考报名系统' });
    const project = await createProject(t, edu, system.id, [], {
      quotas: [
        { itemId: estate.vcpu, quantity: '4', basis: '报名高峰并发' },
        { itemId: estate.mem, quantity: '8', basis: '报名高峰并发' },
      ],
      cyclical: true,
      cyclicalPattern: '每年春季集中报名两个月，其余时间低负载',
    });
    assert.equal((await uploadDocument(t, edu, project.id)).statusCode, 201);
    const cyclical = await provision(t, edu, estate, [{ name: 'exam-01', vcpus: 4, memoryGiB: 8 }], { systemId: system.id, projectId: project.id });
    await settle(t, reconcilerFor(t));
    servers = { ...(await serversOf(t, application.id)), ...(await serversOf(t, cyclical.id)) };

    // Qingpu: low below 10% CPU and 30% memory over 90 days; zombie under 2% CPU and 10 MiB a day; right size at 60% of the peak.
    await rollups(t, servers['low-01']!.id, today, 90, 1, { cpuP95: 6, cpuMax: 20, memoryP95: 20 });
    await rollups(t, servers['zombie-01']!.id, today, 90, 1, { cpuP95: 1, cpuMax: 1.5, memoryP95: 10, networkBytes: 2 * MiB });
    await rollups(t, servers['over-01']!.id, today, 90, 1, { cpuP95: 20, memoryP95: 50 });
    await rollups(t, servers['over-01']!.id, today, 30, 30, { cpuP95: 25, memoryP95: 55 }); // the peak day
    await rollups(t, servers['busy-01']!.id, today, 90, 1, { cpuP95: 70, memoryP95: 60 });
    // 60 days of low figures are fewer than 80% of the 90-day window: not judged.
    await rollups(t, servers['sparse-01']!.id, today, 60, 1, { cpuP95: 3, memoryP95: 10 });
    // A season of two busy months eight months ago, quiet since: the same year for a cyclical and a plain system.
    for (const name of ['season-01', 'exam-01']) {
      await rollups(t, servers[name]!.id, today, 365, 1, { cpuP95: 3, memoryP95: 10 });
      await rollups(t, servers[name]!.id, today, 300, 240, { cpuP95: 50, memoryP95: 50 });
    }
  });
  after(() => t.close());

  test('each rule gives its known answer; the saving is an idle server’s whole monthly cost, or the freed vCPUs × the vCPU price', async () => {
    const run = await runEfficiencyRules(t.platform, now);
    assert.equal(run.opened, 4);
    assert.equal(run.casesOpened, 4);
    const open = await findings(t, resAdmin);
    const byServer = Object.fromEntries(open.map((f) => [f.resource.name, f]));
    assert.deepEqual(Object.keys(byServer).sort(), ['low-01', 'over-01', 'season-01', 'zombie-01']);

    const low = byServer['low-01'];
    assert.equal(low.rule, 'low_utilization');
    assert.equal(low.evidence.cpuP95Mean, 6);
    assert.equal(low.evidence.memoryP95Mean, 20);
    assert.deepEqual(low.evidence.window, { from: shiftDate(today, -90), to: shiftDate(today, -1), days: 90 });
    assert.equal(byServer['zombie-01'].rule, 'zombie', 'a zombie is said once, as a zombie');
    assert.equal(byServer['zombie-01'].evidence.networkBytesPeakDay, String(2 * MiB));

    // 8 vCPUs with a peak daily p95 of 25%: 8 × 25 / 60 = 3.33 → 4 vCPUs; 4 freed × 35.00 CNY a vCPU-month = 140.00.
    const over = byServer['over-01'];
    assert.equal(over.rule, 'over_provisioned');
    assert.equal(over.evidence.cpuP95Peak, 25);
    assert.equal(over.evidence.recommendedVcpus, 4);
    assert.match(over.evidence.vcpuMonthlyPrice, /^35\.0+$/);
    assert.equal(over.monthlySaving, '140.00');

    // Stopping or reclaiming an idle server saves its whole monthly cost, each billed quantity at the
    // district price in force (vCPU ¥35.00 a month since 2026-07-01, memory ¥12.00 a GiB-month):
    //   zombie-01: 2 vCPU × ¥35.00 + 4 GiB × ¥12.00 = ¥70.00 + ¥48.00 = ¥118.00
    //   low-01, season-01: 4 vCPU × ¥35.00 + 8 GiB × ¥12.00 = ¥140.00 + ¥96.00 = ¥236.00
    assert.equal(byServer['zombie-01'].monthlySaving, '118.00');
    assert.equal(low.monthlySaving, '236.00');
    assert.equal(byServer['season-01'].monthlySaving, '236.00');
    const billed = byServer['zombie-01'].evidence.billed as { quantity: string; amount: number; monthlyUnitPrice: string }[];
    assert.deepEqual(billed.map((b) => [b.quantity, b.amount]).sort(), [['memoryGiB', 4], ['vcpus', 2]]);
    for (const b of billed) assert.match(b.monthlyUnitPrice, b.quantity === 'vcpus' ? /^35\.0+$/ : /^12\.0+$/);

    // The unit's idle spend: ¥118.00 + ¥236.00 + ¥236.00 + ¥140.00 = ¥730.00 over its 4 open findings.
    const ranking = await idleSpend(t, resAdmin);
    assert.deepEqual(rowsOf(ranking), [[servers['low-01']!.unitId, 4, '730.00']]);
    assert.deepEqual([ranking.openFindings, ranking.idleMonthlySpend], [4, '730.00']);

    assert.equal(byServer['season-01'].rule, 'low_utilization', 'a plain system quiet for 90 days is low');
    assert.equal(byServer['exam-01'], undefined, 'the cyclical system is judged over its year and its season is busy (QP-8)');
    assert.equal(byServer['busy-01'], undefined);
    assert.equal(byServer['sparse-01'], undefined, 'too few days of figures to judge');
  });

  test('a repeated run keeps the findings; a finding clears when its condition no longer holds', async () => {
    const before = await findings(t, resAdmin);
    const again = await runEfficiencyRules(t.platform, now);
    assert.deepEqual({ opened: again.opened, refreshed: again.refreshed, cleared: again.cleared, casesOpened: again.casesOpened }, { opened: 0, refreshed: 4, cleared: 0, casesOpened: 0 });
    assert.deepEqual((await findings(t, resAdmin)).map((f) => f.id).sort(), before.map((f) => f.id).sort());

    await rollups(t, servers['season-01']!.id, today, 90, 1, { cpuP95: 40, memoryP95: 50 });
    const cleared = await runEfficiencyRules(t.platform, now);
    assert.equal(cleared.cleared, 1);
    const gone = (await findings(t, resAdmin, '&status=cleared'))[0];
    assert.equal(gone.resource.name, 'season-01');
    const seasonCase = (await t.request('GET', `/api/rectification-cases/${gone.caseId}`, { cookie: resAdmin })).json();
    assert.equal(seasonCase.stage, 'dismissed', 'nothing was said to the unit yet: the case is dismissed with its finding');
    assert.equal(seasonCase.timeline.at(-1).action, 'finding.cleared');
  });

  test('missing monitoring and an expired temporary resource are findings too', async () => {
    await t.ownerQuery(
      `INSERT INTO monitoring_gaps (resource_id, unit_id, provider_unit_id, since, seen_before, detected_at)
       SELECT id, unit_id, provider_unit_id, now() - interval '3 hours', true, now() - interval '2 hours' FROM resources WHERE id = $1`,
      [servers['busy-01']!.id],
    );
    // A server marked temporary with its term ended two days ago (temporary applications have their own tests).
    await t.ownerQuery(`UPDATE resources SET temporary = true, lease_expires_at = now() - interval '2 days' WHERE id = $1`, [servers['sparse-01']!.id]);
    await runEfficiencyRules(t.platform, now);
    const open = await findings(t, resAdmin);
    assert.equal(open.find((f) => f.resource.name === 'busy-01')?.rule, 'monitoring_missing');
    const expired = open.find((f) => f.resource.name === 'sparse-01');
    assert.equal(expired?.rule, 'temporary_expired');
    assert.equal(expired.evidence.desiredState, 'running');

    await t.ownerQuery(`UPDATE monitoring_gaps SET cleared_at = now() WHERE resource_id = $1`, [servers['busy-01']!.id]);
    await runEfficiencyRules(t.platform, now);
    assert.equal((await findings(t, resAdmin, '&rule=monitoring_missing')).length, 0, 'the agent came back');
    assert.equal(expired.monthlySaving, null, 'an expired term carries no saving of its own');
  });

  test('a unit sees only its own findings and cases; running the rules needs efficiency:manage and is audited', async () => {
    assert.ok((await findings(t, eduAdmin)).length > 0);
    const health = await t.login('health-admin');
    assert.equal((await findings(t, health)).length, 0);
    const someCase = (await findings(t, resAdmin))[0].caseId;
    assert.equal((await t.request('GET', `/api/rectification-cases/${someCase}`, { cookie: health })).statusCode, 404);
    assert.equal((await t.request('POST', '/api/efficiency/findings/run', { cookie: eduAdmin })).statusCode, 403);
    const ran = await t.request('POST', '/api/efficiency/findings/run', { cookie: resAdmin });
    assert.equal(ran.statusCode, 200, ran.body);
    const audits = (await t.ownerQuery(`SELECT actor_username FROM audit_log WHERE action = 'efficiency.rules.run' AND result = 'success'`)) as { actor_username: string }[];
    assert.deepEqual(audits.map((a) => a.actor_username), ['res-admin']);
  });

  test('warning reviewed by the authority, one reminder per stage, the unit answers, the authority consents, the server stops (QP-14)', async () => {
    const zombie = (await findings(t, resAdmin, '&rule=zombie'))[0];
    const url = `/api/rectification-cases/${zombie.caseId}`;
    assert.equal((await t.request('POST', `${url}/warning`, { cookie: eduAdmin, body: { text: 'x' } })).statusCode, 403);
    const proposed = await t.request('POST', `${url}/warning`, { cookie: resAdmin, body: { text: '该云主机连续90天无业务访问，请核实并申请回收或说明情况。' } });
    assert.equal(proposed.statusCode, 200, proposed.body);
    assert.equal(proposed.json().stage, 'warning_proposed');
    assert.equal((await t.request('POST', `${url}/review`, { cookie: resAdmin, body: { approve: true } })).statusCode, 403, 'the operator does not review its own warning');
    const issued = await t.request('POST', `${url}/review`, { cookie: authority, body: { approve: true, comment: '同意警告' } });
    assert.equal(issued.statusCode, 200, issued.body);
    const deadline = issued.json().deadline.date as string;
    assert.equal(issued.json().stage, 'warning_issued');
    assert.ok(deadline > today);
    const warned = (await t.ownerQuery(`SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'rectification.warning'`)) as { username: string }[];
    assert.deepEqual(warned.map((w) => w.username), ['edu-admin'], 'the unit’s administrator is warned');

    const early = await t.request('POST', `${url}/escalate`, { cookie: resAdmin, body: { comment: '拒不整改' } });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().error.code, 'deadline_not_reached');
    assert.equal(early.json().error.article, 'QP-14');

    // Two sweeps at once, then again: one due-soon reminder.
    const soon = at(shiftDate(deadline, -2));
    const [a, b] = await Promise.all([sweepRectificationReminders(t.platform, soon), sweepRectificationReminders(t.platform, soon)]);
    assert.equal(a.dueSoon + b.dueSoon, 1);
    assert.deepEqual(await sweepRectificationReminders(t.platform, at(shiftDate(deadline, -1))), { dueSoon: 0, overdue: 0 });
    // Overdue, from the daily job on two scheduler instances, twice: one overdue reminder.
    const one = new Scheduler(t.platform, [efficiencyRulesJob], { tickSeconds: 30, log: quietLog });
    const two = new Scheduler(t.platform, [efficiencyRulesJob], { tickSeconds: 30, log: quietLog });
    const late = at(shiftDate(deadline, 1));
    const ran = [...(await Promise.all([one.tick(late), two.tick(late)])).flat(), ...(await one.tick(new Date(late.getTime() + 3_600_000)))];
    assert.deepEqual(ran, ['efficiency-rules'], 'one instance runs the day’s slot');
    assert.deepEqual(await sweepRectificationReminders(t.platform, at(shiftDate(deadline, 3))), { dueSoon: 0, overdue: 0 });
    const reminders = (await t.ownerQuery(`SELECT stage, recipients FROM rectification_reminders WHERE case_id = $1 ORDER BY stage`, [zombie.caseId])) as { stage: string; recipients: number }[];
    assert.deepEqual(reminders.map((r) => r.stage), ['due_soon', 'overdue']);
    const overdueTo = (await t.ownerQuery(`SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'rectification.overdue' ORDER BY 1`)) as { username: string }[];
    assert.deepEqual(overdueTo.map((r) => r.username), ['chief', 'edu-admin', 'res-admin'], 'overdue: the unit and the operator');

    const bad = await t.request('POST', `${url}/response`, { cookie: eduAdmin, body: { kind: 'reclamation', text: '将申请回收' } });
    assert.equal(bad.statusCode, 400, 'a reclamation names its application');
    const answered = await t.request('POST', `${url}/response`, { cookie: eduAdmin, body: { kind: 'explanation', text: '该系统为备用系统，需保留。' } });
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal(answered.json().stage, 'responded');

    const escalated = await t.request('POST', `${url}/escalate`, { cookie: resAdmin, body: { comment: '备用系统无须长期占用资源，说明不成立，认定拒不整改' } });
    assert.equal(escalated.json().stage, 'escalated', escalated.body);
    const alone = await t.request('POST', `${url}/stop`, { cookie: resAdmin, body: {} });
    assert.equal(alone.statusCode, 409);
    assert.equal(alone.json().error.code, 'consent_required');
    assert.match(alone.json().error.message, /停止使用须经主管部门同意.*（青浦办法第十四条）/);
    const consented = await t.request('POST', `${url}/consent`, { cookie: authority, body: { approve: true, comment: '同意停止使用' } });
    assert.equal(consented.statusCode, 200, consented.body);
    assert.equal(consented.json().stage, 'stopped');
    assert.deepEqual(
      consented.json().timeline.map((e: { action: string }) => e.action),
      ['case.opened', 'warning.proposed', 'warning.approved', 'unit.responded', 'case.escalated', 'resources.stopped'],
    );

    await settle(t, reconcilerFor(t));
    const [server] = (await t.ownerQuery(`SELECT desired_state, status FROM resources WHERE id = $1`, [servers['zombie-01']!.id])) as { desired_state: string; status: string }[];
    assert.deepEqual(server, { desired_state: 'stopped', status: 'stopped' }, 'the reconciler stopped it through the driver');
    const audit = (await t.ownerQuery(`SELECT action, actor_username FROM audit_log WHERE object_id = $1 AND action LIKE 'rectification.%' AND result = 'success' ORDER BY seq`, [zombie.caseId])) as { action: string; actor_username: string }[];
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.actor_username}`),
      [
        'rectification.warning.propose:res-admin',
        'rectification.warning.review:authority',
        'rectification.remind:system',
        'rectification.overdue:system',
        'rectification.respond:edu-admin',
        'rectification.escalate:res-admin',
        'rectification.stop.consent:authority',
      ],
    );
  });

  test('units are ranked by idle spend, then by open findings; a unit sees its own row', async () => {
    const health = await t.login('health-admin');
    const application = await provision(t, health, estate, [{ name: 'health-idle-01', vcpus: 16, memoryGiB: 32 }]);
    await settle(t, reconcilerFor(t));
    const idle = (await serversOf(t, application.id))['health-idle-01']!;
    await rollups(t, idle.id, today, 90, 1, { cpuP95: 0.5, cpuMax: 1, memoryP95: 5, networkBytes: MiB });
    await runEfficiencyRules(t.platform, now);

    // 卫健委: one zombie, 16 vCPU × ¥35.00 + 32 GiB × ¥12.00 = ¥560.00 + ¥384.00 = ¥944.00.
    // 教育局: low-01 ¥236.00 + zombie-01 ¥118.00 (stopped, still billed in Qingpu: reclaiming saves it)
    //   + over-01 ¥140.00 + season-01, busy again at a 40% peak, over-provisioned: 4 × 40 / 60 = 2.67 → 3 vCPUs,
    //   1 freed × ¥35.00 = ¥35.00 + sparse-01's expired term (no saving) = ¥529.00 over 5 open findings.
    // The fewer findings cost more: the health unit ranks first.
    const eduUnit = servers['low-01']!.unitId;
    const season = (await findings(t, resAdmin)).find((f) => f.resource.name === 'season-01');
    assert.deepEqual([season.rule, season.monthlySaving], ['over_provisioned', '35.00']);
    const ranking = await idleSpend(t, resAdmin);
    assert.deepEqual(rowsOf(ranking), [
      [idle.unitId, 1, '944.00'],
      [eduUnit, 5, '529.00'],
    ]);
    assert.match(ranking.items[0]!.unit.name, /卫生健康委员会$/);
    // ¥944.00 + ¥529.00 = ¥1,473.00 over 6 findings.
    assert.deepEqual([ranking.openFindings, ranking.idleMonthlySpend], [6, '1473.00']);

    assert.deepEqual(rowsOf(await idleSpend(t, health)), [[idle.unitId, 1, '944.00']], 'a unit sees its own row');
    assert.deepEqual(rowsOf(await idleSpend(t, eduAdmin)), [[eduUnit, 5, '529.00']]);
    assert.deepEqual(rowsOf(await idleSpend(t, authority)), rowsOf(ranking), 'the authority sees the district');
  });
});

describe('rectification in Songjiang: warnings without review, refusal → stop and reclaim (SJ-14)', () => {
  let t: TestPlatform;
  let resAdmin: string;
  const now = new Date();
  const today = shanghaiDate(now);
  let serverId: string;

  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022', SCHEDULER_ENABLED: 'false' });
    const estate = await applicationEstate(t);
    fastCloud(t, estate.x86, { seed: 12 });
    const edu = await t.login('edu-applicant');
    const application = await provision(t, edu, estate, [{ name: 'idle-01', vcpus: 2, memoryGiB: 4 }]);
    await settle(t, reconcilerFor(t));
    serverId = (await serversOf(t, application.id))['idle-01']!.id;
    await rollups(t, serverId, today, 90, 1, { cpuP95: 0.5, cpuMax: 1, memoryP95: 8, networkBytes: MiB });
    resAdmin = await t.login('res-admin');
  });
  after(() => t.close());

  test('the operator warns at once, the unit answers, and the refusal stops and reclaims the server with its disks', async () => {
    await runEfficiencyRules(t.platform, now);
    const [finding] = await findings(t, resAdmin);
    assert.equal(finding.rule, 'zombie');
    // 2 vCPU × ¥35.00 + 4 GiB × ¥12.00 = ¥118.00 a month, stopped and reclaimed.
    assert.equal(finding.monthlySaving, '118.00');
    assert.deepEqual(rowsOf(await idleSpend(t, resAdmin)), [[finding.unit.id, 1, '118.00']]);
    const url = `/api/rectification-cases/${finding.caseId}`;
    const issued = await t.request('POST', `${url}/warning`, { cookie: resAdmin, body: { text: '僵尸系统长期占用云资源，请整改。' } });
    assert.equal(issued.json().stage, 'warning_issued', issued.body);
    const authority = await t.login('authority');
    const review = await t.request('POST', `${url}/review`, { cookie: authority, body: { approve: true } });
    assert.equal(review.statusCode, 409);
    assert.equal(review.json().error.article, 'SJ-14');
    assert.doesNotMatch(review.json().error.message, /青浦/);

    const eduAdmin = await t.login('edu-admin');
    const answered = await t.request('POST', `${url}/response`, { cookie: eduAdmin, body: { kind: 'downsizing', text: '拟缩容', applicationNumber: 'SQ-2026-0099' } });
    assert.equal(answered.json().stage, 'responded', answered.body);
    assert.equal((await t.request('POST', `${url}/escalate`, { cookie: resAdmin, body: { comment: '未按期提交缩容申请' } })).json().stage, 'escalated');
    const consent = await t.request('POST', `${url}/consent`, { cookie: authority, body: { approve: true } });
    assert.equal(consent.json().error.code, 'consent_not_required');
    assert.doesNotMatch(consent.json().error.message, /青浦|QP-/);
    const stopped = await t.request('POST', `${url}/stop`, { cookie: resAdmin, body: { comment: '停止发放并回收' } });
    assert.equal(stopped.statusCode, 200, stopped.body);
    assert.equal(stopped.json().stage, 'reclaimed');
    assert.equal(stopped.json().refusalAction, 'stop_and_reclaim');
    assert.ok(stopped.json().closedAt);

    await settle(t, reconcilerFor(t));
    const rows = (await t.ownerQuery(`SELECT kind, desired_state, status FROM resources WHERE id = $1 OR parent_id = $1`, [serverId])) as { desired_state: string; status: string }[];
    assert.ok(rows.length >= 1);
    for (const row of rows) assert.deepEqual([row.desired_state, row.status], ['deleted', 'deleted']);
    await runEfficiencyRules(t.platform, now);
    assert.equal((await findings(t, resAdmin)).length, 0, 'a reclaimed server has no open finding');
    assert.deepEqual(await idleSpend(t, resAdmin), { items: [], openFindings: 0, idleMonthlySpend: '0.00' }, 'and no idle spend');
  });
});
