/**
 * MLPS re-assessment reminders (QP-22, SJ-18): the unit's administrators and the operator's security
 * supervisors are told once when a live system's re-assessment falls due within the profile's lead time
 * and once when it is overdue — however often the check runs, and on however many instances. A system
 * not live yet is assessed at its go-live gate and is not reminded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reassessmentRemindersJob } from '../src/modules/security/index.ts';
import { sweepReassessmentReminders } from '../src/modules/security/reassessment-reminders.service.ts';
import { Scheduler, type SchedulerLog } from '../src/platform/jobs/scheduler.ts';
import { createSystem } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

const quietLog: SchedulerLog = { info: () => {}, error: () => {} };
/** 10:00 in Shanghai on the day. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

describe('MLPS re-assessment reminders (Qingpu: level 3 every 12 months, reminded 30 days ahead)', () => {
  let t: TestPlatform;
  let eduAdmin: string;
  let due: { id: string };
  before(async () => {
    t = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
    eduAdmin = await t.login('edu-admin');
    // Assessed on 10 December 2025: re-assessment due on 10 December 2026.
    due = await createSystem(t, eduAdmin, { name: '教育资源公共服务平台', mlpsLevel: 3 });
    const mlps = await t.request('PUT', `/api/systems/${due.id}/mlps`, {
      cookie: eduAdmin,
      body: { mlpsLevel: 3, gradedOn: '2025-09-01', filingNumber: '31011843001-25001', filedOn: '2025-09-20', filingAuthority: '上海市公安局青浦分局' },
    });
    assert.equal(mlps.statusCode, 200, mlps.body);
    const assessed = await t.request('POST', `/api/systems/${due.id}/assessments`, { cookie: eduAdmin, body: { assessedOn: '2025-12-10', assessor: '上海市信息安全测评认证中心', result: 'pass' } });
    assert.equal(assessed.statusCode, 201, assessed.body);
    // Live since January 2026 (the go-live gate itself is tested in security.test.ts).
    await t.ownerQuery(`UPDATE system_security SET live_at = '2026-01-05T10:00:00+08:00', live_by_name = '区大数据中心' WHERE system_id = '${due.id}'`);
    // Graded, filed and assessed on the same days, but never live: its assessment comes at its go-live gate.
    const building = await createSystem(t, eduAdmin, { name: '在建系统', mlpsLevel: 3 });
    await t.request('PUT', `/api/systems/${building.id}/mlps`, {
      cookie: eduAdmin,
      body: { mlpsLevel: 3, gradedOn: '2025-09-01', filingNumber: '31011843001-25002', filedOn: '2025-09-20', filingAuthority: '上海市公安局青浦分局' },
    });
    await t.request('POST', `/api/systems/${building.id}/assessments`, { cookie: eduAdmin, body: { assessedOn: '2025-12-10', assessor: '上海市信息安全测评认证中心', result: 'pass' } });
    // No due date: level 2 has no interval in Qingpu, and a level-3 system never graded has nothing to count from.
    const level2 = await createSystem(t, eduAdmin, { name: '二级系统', mlpsLevel: 2 });
    await t.request('PUT', `/api/systems/${level2.id}/mlps`, { cookie: eduAdmin, body: { mlpsLevel: 2, gradedOn: '2024-01-10', filingNumber: '31011843001-24009', filedOn: '2024-02-01' } });
    await createSystem(t, eduAdmin, { name: '未定级系统', mlpsLevel: 3 });
  });
  after(() => t.close());

  const reminders = async (kind: string) =>
    (await t.ownerQuery(
      `SELECT u.username, n.title_zh AS title, n.body_zh AS body, n.link FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = '${kind}' ORDER BY u.username`,
    )) as { username: string; title: string; body: string; link: string }[];

  test('nothing before the lead time; the status shows the due date the reminders count from', async () => {
    const status = (await t.request('GET', `/api/systems/${due.id}/security`, { cookie: eduAdmin })).json();
    assert.equal(status.mlps.reassessment.dueOn, '2026-12-10');
    assert.deepEqual(await sweepReassessmentReminders(t.platform, at('2026-11-09')), { dueSoon: 0, overdue: 0 }, '31 days ahead');
    assert.deepEqual(await reminders('mlps.reassessment_due'), []);
  });

  test('30 days ahead: one reminder to the unit’s administrators and the operator’s supervisors, however often the check runs', async () => {
    const now = at('2026-11-10');
    // Two sweeps at once (two instances), then again later: one reminder.
    const [first, second] = await Promise.all([sweepReassessmentReminders(t.platform, now), sweepReassessmentReminders(t.platform, now)]);
    assert.equal(first.dueSoon + second.dueSoon, 1);
    assert.equal(first.overdue + second.overdue, 0);
    assert.deepEqual(await sweepReassessmentReminders(t.platform, at('2026-11-20')), { dueSoon: 0, overdue: 0 });

    const sent = await reminders('mlps.reassessment_due');
    assert.deepEqual(
      sent.map((r) => r.username),
      ['chief', 'edu-admin', 'res-admin'],
      'the unit’s administrator and the operator’s supervisors; not the applicant, not another unit',
    );
    assert.equal(sent[0]!.title, '等保复测即将到期：教育资源公共服务平台');
    assert.match(sent[0]!.body, /等保三级，每 12 个月复测一次，应于 2026-12-10 前完成复测（青浦办法第二十二条）/);
    assert.equal(sent[0]!.link, `/systems/${due.id}`);
    const [claim] = (await t.ownerQuery(`SELECT due_on::text AS due_on, stage, recipients FROM reassessment_reminders WHERE system_id = '${due.id}'`)) as Record<string, unknown>[];
    assert.deepEqual(claim, { due_on: '2026-12-10', stage: 'due_soon', recipients: 3 });
    const audits = (await t.ownerQuery(`SELECT actor_username, detail FROM audit_log WHERE action = 'mlps.reassessment.remind'`)) as { actor_username: string; detail: { dueOn: string } }[];
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.actor_username, 'system');
    assert.equal(audits[0]!.detail.dueOn, '2026-12-10');
  });

  test('the day after the due date: one overdue reminder, also from two scheduler instances', async () => {
    const a = new Scheduler(t.platform, [reassessmentRemindersJob], { tickSeconds: 30, log: quietLog });
    const b = new Scheduler(t.platform, [reassessmentRemindersJob], { tickSeconds: 30, log: quietLog });
    assert.deepEqual(await a.tick(at('2026-12-10')), ['mlps-reassessment-reminders'], 'the due date itself: not overdue yet');
    assert.deepEqual(await reminders('mlps.reassessment_overdue'), []);
    const ran = (await Promise.all([a.tick(at('2026-12-11')), b.tick(at('2026-12-11'))])).flat();
    assert.deepEqual(ran, ['mlps-reassessment-reminders'], 'one instance claims the slot');
    // Later slots on both instances: the reminder is not repeated.
    await Promise.all([a.tick(new Date(at('2026-12-11').getTime() + 3_600_000)), b.tick(new Date(at('2026-12-12').getTime()))]);
    await b.tick(at('2026-12-20'));
    const overdue = await reminders('mlps.reassessment_overdue');
    assert.deepEqual(overdue.map((r) => r.username), ['chief', 'edu-admin', 'res-admin']);
    assert.match(overdue[0]!.body, /应于 2026-12-10 前完成等保复测（青浦办法第二十二条），至今未登记新的测评，已超期/);
    assert.equal((await reminders('mlps.reassessment_due')).length, 3, 'the due-soon stage is not sent again');
    const outcomes = (await t.ownerQuery(`SELECT outcome FROM scheduler_slots WHERE job = 'mlps-reassessment-reminders' ORDER BY slot`)) as { outcome: { ok: boolean; result: { overdue: number } } }[];
    assert.ok(outcomes.every((o) => o.outcome.ok));
    assert.deepEqual(outcomes.map((o) => o.outcome.result.overdue), [0, 1, 0, 0, 0]);
  });

  test('a new assessment moves the due date, and the new due date is reminded afresh', async () => {
    const assessed = await t.request('POST', `/api/systems/${due.id}/assessments`, { cookie: eduAdmin, body: { assessedOn: '2026-11-24', assessor: '上海市信息安全测评认证中心', result: 'pass' } });
    assert.equal(assessed.statusCode, 201, assessed.body);
    assert.deepEqual(await sweepReassessmentReminders(t.platform, at('2026-12-21')), { dueSoon: 0, overdue: 0 }, 'due on 2027-11-24: not yet');
    assert.deepEqual(await sweepReassessmentReminders(t.platform, at('2027-10-25')), { dueSoon: 1, overdue: 0 }, '30 days before 2027-11-24');
    assert.deepEqual(await sweepReassessmentReminders(t.platform, at('2027-10-26')), { dueSoon: 0, overdue: 0 });
    const claims = (await t.ownerQuery(`SELECT due_on::text AS due_on, stage FROM reassessment_reminders ORDER BY due_on, stage`)) as Record<string, unknown>[];
    assert.deepEqual(claims, [
      { due_on: '2026-12-10', stage: 'due_soon' },
      { due_on: '2026-12-10', stage: 'overdue' },
      { due_on: '2027-11-24', stage: 'due_soon' },
    ], 'only the live system with a due date was ever reminded');
  });
});
