/**
 * Deadline supervision of approval steps: the overdue sweep (reminded once per stage, escalated to the
 * leader in charge) and the SLA report, on applications written directly into the tables.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { shanghaiDate, startOfShanghaiDay } from '../src/modules/calendar/working-days.ts';
import { sweepOverdueSteps } from '../src/modules/sla/index.ts';
import { createSystem } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

interface StepRow {
  role: string;
  name: string;
  status: 'waiting' | 'active' | 'approved' | 'rejected' | 'returned';
  activatedAt?: string;
  dueAt?: string;
  decidedAt?: string;
  decidedBy?: string;
}

const NAME_EN: Record<string, string> = { 一级审批: 'First-level approval', 二级审批: 'Second-level approval', 三级审批: 'Third-level approval', 审核: 'Review' };

describe('overdue steps and the SLA report', () => {
  let t: TestPlatform;
  let unitId: string;
  let systemId: string;
  let applicantId: string;
  const users: Record<string, { id: string; name: string }> = {};

  before(async () => {
    t = await startTestPlatform();
    const system = await createSystem(t, await t.login('edu-admin'));
    systemId = system.id;
    unitId = system.unit.id;
    for (const row of (await t.ownerQuery(`SELECT id, username, display_name FROM users`)) as { id: string; username: string; display_name: string }[]) {
      users[row.username] = { id: row.id, name: row.display_name };
    }
    applicantId = users['edu-applicant']!.id;
  });
  after(() => t.close());

  /** One application of the education bureau with its steps, written as the database owner. */
  async function application(input: { kind?: string; status?: string; submittedAt: string; steps: StepRow[] }): Promise<{ id: string; number: string; stepIds: string[] }> {
    const number = `T-${randomBytes(4).toString('hex')}`;
    const [app] = (await t.ownerQuery(
      `INSERT INTO applications (unit_id, number, kind, status, title, system_id, applicant_id, submitted_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8::timestamptz + interval '10 days') RETURNING id`,
      [unitId, number, input.kind ?? 'resource', input.status ?? 'in_review', `教育城域网扩容 ${number}`, systemId, applicantId, input.submittedAt],
    )) as { id: string }[];
    const stepIds: string[] = [];
    for (const [idx, step] of input.steps.entries()) {
      const approver = step.decidedBy ? users[step.decidedBy]! : null;
      const [row] = (await t.ownerQuery(
        `INSERT INTO application_steps (application_id, unit_id, idx, name_zh, name_en, role, article, status, activated_at, due_at, decided_at, decided_by, decided_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, 'QP-9', $7, $8, $9, $10, $11, $12) RETURNING id`,
        [app!.id, unitId, idx, step.name, NAME_EN[step.name] ?? step.name, step.role, step.status, step.activatedAt ?? null, step.dueAt ?? null, step.decidedAt ?? null, approver?.id ?? null, approver?.name ?? null],
      )) as { id: string }[];
      stepIds.push(row!.id);
    }
    return { id: app!.id, number, stepIds };
  }

  const count = async (query: string, params: unknown[] = []) => ((await t.ownerQuery(query, params)) as { n: number }[])[0]!.n;
  const inbox = (username: string, kind: string) =>
    count(`SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = $1 AND n.kind = $2`, [username, kind]);

  test('an overdue step is reminded to each role holder once and escalated to the leader once, however often the sweep runs', async () => {
    const admin = await t.login('sysadmin');
    const [operator] = (await t.ownerQuery(`SELECT unit_id AS id FROM users WHERE username = 'chief'`)) as { id: string }[];
    const second = await t.request('POST', '/api/users', { cookie: admin, body: { username: 'chief-b', displayName: '科长 B', unitId: operator!.id, roles: ['operator_section_chief'] } });
    assert.equal(second.statusCode, 201, second.body);

    const now = new Date();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
    const overdue = await application({
      submittedAt: hoursAgo(200),
      steps: [
        { role: 'operator_resource_admin', name: '一级审批', status: 'approved', activatedAt: hoursAgo(200), dueAt: hoursAgo(100), decidedAt: hoursAgo(150), decidedBy: 'res-admin' },
        // Due by the end of yesterday (Asia/Shanghai): the deadline instant is today's 00:00.
        { role: 'operator_section_chief', name: '二级审批', status: 'active', activatedAt: hoursAgo(150), dueAt: startOfShanghaiDay(shanghaiDate(now)).toISOString() },
        { role: 'operator_leader', name: '三级审批', status: 'waiting' },
      ],
    });
    // Not yet due, and overdue but on a withdrawn application: neither is touched.
    const notDue = await application({ submittedAt: hoursAgo(2), steps: [{ role: 'operator_resource_admin', name: '一级审批', status: 'active', activatedAt: hoursAgo(2), dueAt: new Date(now.getTime() + 3_600_000).toISOString() }] });
    await application({ status: 'withdrawn', submittedAt: hoursAgo(300), steps: [{ role: 'operator_resource_admin', name: '一级审批', status: 'active', activatedAt: hoursAgo(300), dueAt: hoursAgo(5) }] });
    const auditsBefore = await count(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'application.step.%'`);

    assert.deepEqual(await sweepOverdueSteps(t.platform, now), { reminded: 1, escalated: 1 });
    assert.deepEqual(await sweepOverdueSteps(t.platform, new Date(now.getTime() + 60_000)), { reminded: 0, escalated: 0 }, 'a second sweep does nothing');

    assert.equal(await inbox('chief', 'application.step_overdue'), 1);
    assert.equal(await inbox('chief-b', 'application.step_overdue'), 1);
    assert.equal(await inbox('leader', 'application.step_escalated'), 1);
    assert.equal(await count(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'application.step_overdue'`), 2, 'no one else is reminded');
    assert.equal(await count(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'application.step_escalated'`), 1);
    const [reminder] = (await t.ownerQuery(
      `SELECT n.title_zh, n.body_zh, n.link, n.application_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'chief' AND n.kind = 'application.step_overdue'`,
    )) as { title_zh: string; body_zh: string; link: string; application_id: string }[];
    assert.equal(reminder!.title_zh, `已超期：${overdue.number} 二级审批`);
    assert.ok(reminder!.body_zh.includes(`办理期限为 ${shanghaiDate(new Date(now.getTime() - 86_400_000))}（QP-9）`), reminder!.body_zh);
    assert.equal(reminder!.link, `/applications/${overdue.id}`);
    assert.equal(reminder!.application_id, overdue.id);

    const [step] = (await t.ownerQuery(`SELECT reminded_at, escalated_at FROM application_steps WHERE id = $1`, [overdue.stepIds[1]])) as { reminded_at: Date; escalated_at: Date }[];
    assert.equal(step!.reminded_at.getTime(), now.getTime());
    assert.equal(step!.escalated_at.getTime(), now.getTime());
    const [untouched] = (await t.ownerQuery(`SELECT reminded_at, escalated_at FROM application_steps WHERE id = $1`, [notDue.stepIds[0]])) as Record<string, unknown>[];
    assert.deepEqual(untouched, { reminded_at: null, escalated_at: null });

    const events = (await t.ownerQuery(`SELECT action, actor_id, actor_name, step_idx, detail FROM application_events WHERE application_id = $1 ORDER BY id`, [overdue.id])) as Record<string, any>[];
    assert.deepEqual(
      events.map((e) => [e.action, e.actor_id, e.actor_name, e.step_idx, e.detail.recipients]),
      [
        ['reminded', null, '系统', 1, 2],
        ['escalated', null, '系统', 1, 1],
      ],
    );
    const audits = (await t.ownerQuery(`SELECT action, actor_username, object_id, detail FROM audit_log WHERE action LIKE 'application.step.%' ORDER BY seq`)) as Record<string, any>[];
    assert.equal(audits.length, auditsBefore + 2);
    assert.deepEqual(
      audits.slice(-2).map((a) => [a.action, a.actor_username, a.object_id, a.detail.number]),
      [
        ['application.step.remind', 'system', overdue.stepIds[1], overdue.number],
        ['application.step.escalate', 'system', overdue.stepIds[1], overdue.number],
      ],
    );
    const auditor = await t.login('auditadmin');
    assert.equal((await t.request('GET', '/api/audit/verify', { cookie: auditor })).json().ok, true, 'the audit chain still verifies');

    // Returned and re-activated: the engine clears the marks and sets a new deadline — a new stage.
    await t.ownerQuery(`UPDATE application_steps SET reminded_at = NULL, escalated_at = NULL, activated_at = $2, due_at = $3 WHERE id = $1`, [
      overdue.stepIds[1],
      hoursAgo(-0.5),
      new Date(now.getTime() + 2 * 60_000).toISOString(),
    ]);
    assert.deepEqual(await sweepOverdueSteps(t.platform, new Date(now.getTime() + 60_000)), { reminded: 0, escalated: 0 }, 'not overdue yet');
    assert.deepEqual(await sweepOverdueSteps(t.platform, new Date(now.getTime() + 3 * 60_000)), { reminded: 1, escalated: 1 });
    assert.equal(await inbox('chief', 'application.step_overdue'), 2, 'reminded again for the new stage');
    assert.equal(await inbox('leader', 'application.step_escalated'), 2);
    assert.equal(await count(`SELECT count(*)::int AS n FROM application_events WHERE application_id = $1`, [overdue.id]), 4);
  });

  test('the SLA report counts steps on time and overdue, per step and per approver, in working days', async () => {
    const at = (local: string) => new Date(`${local}+08:00`).toISOString();
    // Fri → Mon: one working day; Mon → the Friday after next: nine.
    const s1 = await application({
      submittedAt: at('2026-03-06T10:00:00'),
      steps: [
        { role: 'operator_resource_admin', name: '一级审批', status: 'approved', activatedAt: at('2026-03-06T10:00:00'), dueAt: at('2026-03-17T00:00:00'), decidedAt: at('2026-03-09T15:00:00'), decidedBy: 'res-admin' },
        { role: 'operator_section_chief', name: '二级审批', status: 'approved', activatedAt: at('2026-03-09T15:00:00'), dueAt: at('2026-03-13T00:00:00'), decidedAt: at('2026-03-20T10:00:00'), decidedBy: 'chief' },
        { role: 'operator_leader', name: '三级审批', status: 'active', activatedAt: at('2026-03-20T10:00:00'), dueAt: at('2026-03-25T00:00:00') },
      ],
    });
    // Across the Qingming holiday (4–6 April 2026): Friday 3 → Wednesday 8 April is two working days.
    await application({
      status: 'returned',
      submittedAt: at('2026-04-03T09:00:00'),
      steps: [
        { role: 'operator_resource_admin', name: '一级审批', status: 'approved', activatedAt: at('2026-04-03T09:00:00'), dueAt: at('2026-04-10T00:00:00'), decidedAt: at('2026-04-08T09:00:00'), decidedBy: 'res-admin' },
        { role: 'operator_section_chief', name: '二级审批', status: 'returned', activatedAt: at('2026-04-08T09:00:00'), dueAt: at('2026-04-14T00:00:00'), decidedAt: at('2026-04-09T10:00:00'), decidedBy: 'chief' },
      ],
    });
    // Decided in February: outside the period.
    await application({
      kind: 'expansion',
      status: 'approved',
      submittedAt: at('2026-02-10T09:00:00'),
      steps: [{ role: 'operator_resource_admin', name: '审核', status: 'approved', activatedAt: at('2026-02-10T09:00:00'), dueAt: at('2026-02-13T00:00:00'), decidedAt: at('2026-02-11T09:00:00'), decidedBy: 'res-admin' }],
    });
    // Mon 30 March → Thu 2 April, due by 1 April: three working days, overdue.
    await application({
      kind: 'expansion',
      status: 'approved',
      submittedAt: at('2026-03-30T09:00:00'),
      steps: [{ role: 'operator_resource_admin', name: '审核', status: 'approved', activatedAt: at('2026-03-30T09:00:00'), dueAt: at('2026-04-02T00:00:00'), decidedAt: at('2026-04-02T17:00:00'), decidedBy: 'res-admin' }],
    });

    const cookie = await t.login('chief');
    const response = await t.request('GET', '/api/applications/sla?from=2026-03-01&to=2026-04-30', { cookie });
    assert.equal(response.statusCode, 200, response.body);
    const report = response.json();
    assert.equal(report.from, '2026-03-01');
    assert.equal(report.to, '2026-04-30');
    assert.deepEqual(report.totals, { decided: 5, onTime: 3, overdue: 2, onTimeRate: 0.6, averageWorkingDays: 3.2 });
    const figures = (r: any) => [r.decided, r.onTime, r.overdue, r.averageWorkingDays];
    assert.deepEqual(
      report.steps.map((r: any) => [r.kind, r.role, r.stepName.zh, ...figures(r)]),
      [
        ['expansion', 'operator_resource_admin', '审核', 1, 0, 1, 3],
        ['resource', 'operator_resource_admin', '一级审批', 2, 2, 0, 1.5],
        ['resource', 'operator_section_chief', '二级审批', 2, 1, 1, 5],
      ],
    );
    assert.deepEqual(
      report.approvers.map((r: any) => [r.approverId, r.approverName, ...figures(r)]),
      [
        [users['res-admin']!.id, users['res-admin']!.name, 3, 2, 1, 2],
        [users.chief!.id, users.chief!.name, 2, 1, 1, 5],
      ],
    );
    const open = report.openOverdue.find((s: { number: string }) => s.number === s1.number);
    assert.equal(open.stepName.zh, '三级审批');
    assert.equal(open.role, 'operator_leader');
    assert.equal(open.dueAt, at('2026-03-25T00:00:00'));
    assert.ok(open.overdueWorkingDays > 100, `overdue by ${open.overdueWorkingDays} working days`);
    assert.equal(open.remindedAt, null);

    // The last day is inclusive: 8 April counts, 9 April does not.
    const cut = (await t.request('GET', '/api/applications/sla?from=2026-03-01&to=2026-04-08', { cookie })).json();
    assert.deepEqual([cut.totals.decided, cut.totals.onTime, cut.totals.overdue], [4, 2, 2]);
  });

  test('the report is for the operator and the authority, and refuses a reversed period', async () => {
    assert.equal((await t.request('GET', '/api/applications/sla', { cookie: await t.login('authority') })).statusCode, 200);
    assert.equal((await t.request('GET', '/api/applications/sla', { cookie: await t.login('edu-applicant') })).statusCode, 403);
    const reversed = await t.request('GET', '/api/applications/sla?from=2026-05-01&to=2026-04-01', { cookie: await t.login('leader') });
    assert.equal(reversed.statusCode, 400);
    assert.equal(reversed.json().error.fields[0].path, 'from');
  });
});
