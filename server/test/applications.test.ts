/** Applications and approvals: every kind's rule with its message and article, the chains, the timeline, race-free quotas. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applicationEstate, approveAll, type ApplicationEstate, resourceBody, submit, submitted, systemWithProject } from './application-fixtures.ts';
import { createSystem, pdfBytes } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

describe('applications and approvals (Qingpu profile)', () => {
  let t: TestPlatform;
  let edu: string;
  let estate: ApplicationEstate;
  before(async () => {
    t = await startTestPlatform();
    edu = await t.login('edu-applicant');
    estate = await applicationEstate(t);
  });
  after(() => t.close());

  test('a resource application passes the three levels in order (QP-9) and waits for provisioning', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '16', [estate.mem]: '64' });
    const application = await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '8', [estate.mem]: '32' }, '教育平台上云'));
    assert.match(application.number, /^SQ\d{4}\d{6}$/);
    assert.equal(application.status, 'in_review');
    assert.deepEqual(application.steps.map((s: { role: string }) => s.role), ['operator_resource_admin', 'operator_section_chief', 'operator_leader']);
    assert.equal(application.steps[0].status, 'active');
    assert.equal(application.steps[0].article, 'QP-9');
    assert.equal(application.estimate.total !== undefined, true, 'a cost estimate is attached');
    const deadline = (await t.request('GET', `/api/calendar/deadline?from=${encodeURIComponent(application.submittedAt)}&workingDays=7`, { cookie: edu })).json();
    assert.equal(application.dueAt, deadline.dueAt, 'due 7 working days after receipt');

    const wrongOrder = await t.request('POST', `/api/applications/${application.id}/approve`, { cookie: await t.login('leader'), body: {} });
    assert.equal(wrongOrder.statusCode, 403);
    assert.equal(wrongOrder.json().error.code, 'not_your_step');

    const pending = (await t.request('GET', '/api/applications/pending', { cookie: await t.login('res-admin') })).json();
    assert.ok(pending.items.some((a: { id: string }) => a.id === application.id), 'in the first approver’s 待办');

    const approved = await approveAll(t, application.id, ['res-admin', 'chief', 'leader']);
    assert.equal(approved.status, 'approved');
    assert.deepEqual(approved.steps.map((s: { status: string }) => s.status), ['approved', 'approved', 'approved']);
    assert.deepEqual(
      approved.timeline.map((e: { action: string }) => e.action),
      ['submitted', 'approved', 'approved', 'approved', 'awaiting_provisioning'],
    );
    const usage = (await t.request('GET', `/api/systems/${systemId}/quota-usage`, { cookie: edu })).json();
    const vcpu = usage.lines.find((l: { itemId: string }) => l.itemId === estate.vcpu);
    assert.equal(vcpu.allocated, '8');
    assert.equal(vcpu.pending, '0');
  });

  test('a resource application needs a project of the system with evidence, and stays within its quota (QP-8, QP-9)', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '10' });
    const other = await createSystem(t, edu);
    const wrongProject = await submit(t, edu, resourceBody(other.id, projectId, estate.x86, { [estate.vcpu]: '1' }));
    assert.equal(wrongProject.statusCode, 400);
    assert.equal(wrongProject.json().error.code, 'project_required');
    assert.equal(wrongProject.json().error.article, 'QP-9');
    const over = await submit(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '10.5' }));
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().error.code, 'quota_exceeded');
    assert.match(over.json().error.message, /超过立项配额 10.*青浦办法第九条/);
    const outsideQuota = await submit(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.mem]: '1' }));
    assert.equal(outsideQuota.json().error.code, 'quota_exceeded', 'an item without quota has quota 0');
    const cityPlatform = await submit(t, edu, resourceBody(systemId, projectId, estate.city, { [estate.vcpu]: '1' }));
    assert.equal(cityPlatform.json().error.code, 'city_cloud_application_required');
    assert.equal(cityPlatform.json().error.article, 'QP-7', 'Qingpu cites its own article on city-cloud use');
    const armPlatform = await submit(t, edu, resourceBody(systemId, projectId, estate.arm, { [estate.vcpu]: '1' }));
    assert.equal(armPlatform.statusCode, 400);
    assert.equal(armPlatform.json().error.fields[0].path, 'platformId');

    const bare = await createSystem(t, edu);
    const project = (await t.request('POST', `/api/systems/${bare.id}/projects`, {
      cookie: edu,
      body: { documentNumber: '无附件', approvedOn: '2026-01-05', approvingBody: '区发改委', budget: '1.00', architecture: 'x86', quotas: [{ itemId: estate.vcpu, quantity: '4', basis: 'x' }] },
    })).json();
    const noEvidence = await submit(t, edu, resourceBody(bare.id, project.id, estate.x86, { [estate.vcpu]: '1' }));
    assert.equal(noEvidence.json().error.code, 'evidence_required');
  });

  test('expansion: basis required; total after expansion ≤ quota × 120%, refused with the figures (QP-10)', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '10' });
    await approveAll(t, (await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '10' }))).id, ['res-admin', 'chief', 'leader']);
    const expansion = (quantity: string, basis = '招生季并发翻倍') => ({ kind: 'expansion', title: '扩容', systemId, platformId: estate.x86, basis, lines: [{ itemId: estate.vcpu, quantity }] });
    const noBasis = await submit(t, edu, expansion('1', ''));
    assert.equal(noBasis.json().error.code, 'expansion_basis_required');
    assert.equal(noBasis.json().error.article, 'QP-10');
    const over = await submit(t, edu, expansion('2.001'));
    assert.equal(over.statusCode, 400);
    const error = over.json().error;
    assert.equal(error.code, 'expansion_ceiling_exceeded');
    assert.equal(error.article, 'QP-10');
    assert.match(error.message, /扩容后总量 12\.001（已分配 10，审批中 0，本次 2\.001）超过配额 10 的 120%（上限 12）（青浦办法第十条）/);
    assert.deepEqual(error.details, { itemId: estate.vcpu, approved: '10', ceiling: '12', allocated: '10', pending: '0', requested: '2.001' });
    const exact = await submitted(t, edu, expansion('2'));
    assert.deepEqual(exact.steps.map((s: { role: string }) => s.role), ['operator_resource_admin']);
    const review = (await t.request('GET', `/api/calendar/deadline?from=${encodeURIComponent(exact.submittedAt)}&workingDays=3`, { cookie: edu })).json();
    assert.equal(exact.dueAt, review.dueAt, 'review within 3 working days');
    const done = await approveAll(t, exact.id, ['res-admin']);
    const execution = (await t.request('GET', `/api/calendar/deadline?from=${encodeURIComponent(done.decidedAt)}&workingDays=3`, { cookie: edu })).json();
    assert.equal(done.executionDueAt, execution.dueAt, 'execution within 3 working days of approval');
  });

  test('two concurrent expansions that together exceed the ceiling cannot both pass', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '10' });
    await approveAll(t, (await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '10' }))).id, ['res-admin', 'chief', 'leader']);
    const body = { kind: 'expansion', title: '并发扩容', systemId, platformId: estate.x86, basis: '峰值', lines: [{ itemId: estate.vcpu, quantity: '1.5' }] };
    const results = await Promise.all([submit(t, edu, body), submit(t, edu, body), submit(t, edu, body)]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 400, 400]);
    const usage = (await t.request('GET', `/api/systems/${systemId}/quota-usage`, { cookie: edu })).json();
    assert.equal(usage.lines[0].pending, '1.5');
  });

  test('reclamation: backup/migration confirmed and irreversibility acknowledged (QP-11), within what is allocated', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '4' });
    await approveAll(t, (await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '4' }))).id, ['res-admin', 'chief', 'leader']);
    const body = (overrides: Record<string, unknown>) => ({ kind: 'reclamation', title: '回收', systemId, lines: [{ itemId: estate.vcpu, quantity: '4' }], backupConfirmed: true, irreversibleAcknowledged: true, ...overrides });
    const noBackup = await submit(t, edu, body({ backupConfirmed: false }));
    assert.equal(noBackup.json().error.code, 'backup_confirmation_required');
    assert.match(noBackup.json().error.message, /备份迁移.*青浦办法第十一条/);
    assert.equal((await submit(t, edu, body({ irreversibleAcknowledged: false }))).json().error.code, 'irreversible_acknowledgement_required');
    assert.equal((await submit(t, edu, body({ lines: [{ itemId: estate.vcpu, quantity: '5' }] }))).statusCode, 400);
    const ok = await submitted(t, edu, body({}));
    const due = (await t.request('GET', `/api/calendar/deadline?from=${encodeURIComponent(ok.submittedAt)}&workingDays=5`, { cookie: edu })).json();
    assert.equal(ok.dueAt, due.dueAt, 'review and reclamation within 5 working days');
    await approveAll(t, ok.id, ['res-admin']);
    const usage = (await t.request('GET', `/api/systems/${systemId}/quota-usage`, { cookie: edu })).json();
    assert.equal(usage.lines[0].allocated, '0');
  });

  test('temporary resources: no project, the authority approves, at most 3 months (QP-12)', async () => {
    const body = (months: number) => ({ kind: 'temporary', title: '临时演练环境', platformId: estate.x86, purpose: '应急演练', lines: [{ itemId: estate.vcpu, quantity: '4', months }] });
    const tooLong = await submit(t, edu, body(4));
    assert.equal(tooLong.json().error.code, 'temporary_term_too_long');
    assert.equal(tooLong.json().error.article, 'QP-12');
    const application = await submitted(t, edu, body(3));
    assert.deepEqual(application.steps.map((s: { role: string }) => s.role), ['authority_reviewer']);
    const byOperator = await t.request('POST', `/api/applications/${application.id}/approve`, { cookie: await t.login('res-admin'), body: {} });
    assert.equal(byOperator.statusCode, 403);
    assert.equal((await approveAll(t, application.id, ['authority'])).status, 'approved');

    const early = await submit(t, edu, { kind: 'temporary_extension', title: '延期', relatedApplicationId: application.id, months: 1, reason: '演练延长' });
    assert.equal(early.statusCode, 400, 'not provisioned yet: no expiry to extend');
    // Provisioning sets the expiry; here the owner sets it as provisioning would.
    await t.ownerQuery(`UPDATE applications SET expires_at = now() + interval '10 days' WHERE id = '${application.id}'`);
    const late = await submit(t, edu, { kind: 'temporary_extension', title: '延期', relatedApplicationId: application.id, months: 1, reason: '演练延长' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'extension_too_late');
    assert.match(late.json().error.message, /到期前 14 天.*青浦办法第十二条/);
    await t.ownerQuery(`UPDATE applications SET expires_at = now() + interval '20 days' WHERE id = '${application.id}'`);
    const inTime = await submitted(t, edu, { kind: 'temporary_extension', title: '延期', relatedApplicationId: application.id, months: 1, reason: '演练延长' });
    assert.deepEqual(inTime.steps.map((s: { role: string }) => s.role), ['authority_reviewer']);
  });

  test('city-cloud use is refused where the profile does not provide for it (QP-7)', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '4' });
    const response = await submit(t, edu, { kind: 'city_cloud', title: '市云', systemId, projectId, platformId: estate.city, reason: 'city_line_requirement', explanation: '市条线要求', lines: [{ itemId: estate.vcpu, quantity: '2' }] });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'city_cloud_not_allowed');
    assert.equal(response.json().error.article, 'QP-7');
  });

  test('migration: only for systems to migrate; the operator records the assessment; a failed one refuses (SJ-12)', async () => {
    const newSystem = await createSystem(t, edu);
    const wrong = await submit(t, edu, { kind: 'migration', title: '迁移', systemId: newSystem.id, platformId: estate.x86, description: '迁移上云' });
    assert.equal(wrong.json().error.code, 'not_a_system_to_migrate');
    assert.equal(wrong.json().error.article, undefined, 'Qingpu’s regulation has no migration article: the message names the policy parameter');
    assert.match(wrong.json().error.message, /青浦区政策参数 migration\.requiresPreCloudTesting/);
    const legacy = await createSystem(t, edu, { constructionType: 'migrate' });
    const application = await submitted(t, edu, { kind: 'migration', title: '老系统迁移', systemId: legacy.id, platformId: estate.x86, description: '迁移上云' });
    const operator = await t.login('res-admin');
    const noReports = await t.request('POST', `/api/applications/${application.id}/approve`, { cookie: operator, body: { assessment: { result: 'pass', summary: '通过' } } });
    assert.equal(noReports.json().error.code, 'migration_reports_missing');
    for (const category of ['test_report', 'assessment_report']) {
      const uploaded = await t.request('POST', `/api/applications/${application.id}/documents?filename=${category}.pdf&category=${category}`, { cookie: edu, body: pdfBytes(category), headers: { 'content-type': 'application/pdf' } });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
    }
    const failed = await t.request('POST', `/api/applications/${application.id}/approve`, { cookie: operator, body: { assessment: { result: 'fail', summary: '等保测评未通过，不符合上云要求' } } });
    assert.equal(failed.statusCode, 200);
    assert.equal(failed.json().status, 'rejected');
    assert.equal(failed.json().steps[0].assessment.result, 'fail');
  });

  test('return to the applicant, resubmit with a new deadline; return to an earlier level; withdraw', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '8' });
    const application = await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '2' }));
    await approveAll(t, application.id, ['res-admin']);
    const chief = await t.login('chief');
    const toFirst = await t.request('POST', `/api/applications/${application.id}/return`, { cookie: chief, body: { to: 0, comment: '请一级复核数量' } });
    assert.deepEqual(toFirst.json().steps.map((s: { status: string }) => s.status), ['active', 'waiting', 'waiting']);
    const noComment = await t.request('POST', `/api/applications/${application.id}/return`, { cookie: await t.login('res-admin'), body: { to: 'applicant' } });
    assert.equal(noComment.statusCode, 400);
    const toApplicant = await t.request('POST', `/api/applications/${application.id}/return`, { cookie: await t.login('res-admin'), body: { to: 'applicant', comment: '请补充立项批复扫描件' } });
    assert.equal(toApplicant.json().status, 'returned');
    assert.equal(toApplicant.json().canResubmit, false, 'the approver is not the applicant');
    const other = await t.login('edu-admin');
    assert.equal((await t.request('POST', `/api/applications/${application.id}/resubmit`, { cookie: other, body: {} })).json().error.code, 'not_the_applicant');
    const again = await t.request('POST', `/api/applications/${application.id}/resubmit`, { cookie: edu, body: { comment: '已补充' } });
    assert.equal(again.json().status, 'in_review');
    assert.equal(again.json().steps[0].status, 'active');
    const withdrawn = await t.request('POST', `/api/applications/${application.id}/withdraw`, { cookie: edu, body: { reason: '项目调整' } });
    assert.equal(withdrawn.json().status, 'withdrawn');
    assert.equal((await t.request('POST', `/api/applications/${application.id}/withdraw`, { cookie: edu, body: {} })).statusCode, 409);
    const actions = withdrawn.json().timeline.map((e: { action: string }) => e.action);
    assert.deepEqual(actions, ['submitted', 'approved', 'returned', 'returned', 'resubmitted', 'withdrawn']);
    assert.equal((await t.request('GET', `/api/systems/${systemId}/quota-usage`, { cookie: edu })).json().lines[0].pending, '0');
  });

  test('a rejection needs a reason and ends the application', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '8' });
    const application = await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '2' }));
    const operator = await t.login('res-admin');
    assert.equal((await t.request('POST', `/api/applications/${application.id}/reject`, { cookie: operator, body: {} })).statusCode, 400);
    const rejected = await t.request('POST', `/api/applications/${application.id}/reject`, { cookie: operator, body: { reason: '与已有系统重复建设' } });
    assert.equal(rejected.json().status, 'rejected');
    assert.equal((await t.request('POST', `/api/applications/${application.id}/approve`, { cookie: operator, body: {} })).statusCode, 409);
  });

  test('providers submit optimization plans in advance; a major one needs an expert review and the authority (SJ-19)', async () => {
    const provider = await t.login('provider');
    const soon = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const plan = { kind: 'provider_plan', title: '存储扩容割接', platformId: estate.x86, description: '更换存储控制器', plannedStart: soon, major: true };
    const noReview = await submit(t, provider, plan);
    assert.equal(noReview.json().error.code, 'expert_review_required');
    const past = await submit(t, provider, { ...plan, plannedStart: new Date(Date.now() - 3_600_000).toISOString(), major: false });
    assert.equal(past.json().error.code, 'plan_not_in_advance');
    const major = await submitted(t, provider, { ...plan, expertReview: { reviewer: '区信息化专家组', reviewedOn: '2026-11-20', conclusion: '方案可行' } });
    assert.deepEqual(major.steps.map((s: { role: string }) => s.role), ['operator_resource_admin', 'authority_reviewer']);
    assert.equal((await submit(t, edu, { ...plan, major: false })).statusCode, 403, 'user units do not submit provider plans');
  });

  test('a user unit sees only its own applications; another unit’s answers 404', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '8' });
    const application = await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '1' }));
    const health = await t.login('health-admin');
    assert.equal((await t.request('GET', `/api/applications/${application.id}`, { cookie: health })).statusCode, 404);
    const list = (await t.request('GET', '/api/applications?pageSize=200', { cookie: health })).json();
    assert.equal(list.items.some((a: { id: string }) => a.id === application.id), false);
  });
});

describe('applications under the Songjiang profile', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022' });
  });
  after(() => t.close());

  test('city-cloud use is allowed with a reason, on a city platform, at the city tender prices (SJ-10); temporary resources are not', async () => {
    const edu = await t.login('edu-applicant');
    const estate = await applicationEstate(t);
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '8' });
    const application = await submitted(t, edu, {
      kind: 'city_cloud', title: '市云资源', systemId, projectId, platformId: estate.city, reason: 'district_insufficient', explanation: '区级资源池容量不足', lines: [{ itemId: estate.vcpu, quantity: '2' }],
    });
    assert.equal(application.estimate.priceBook.kind, 'city_tender');
    assert.ok(application.steps.every((s: { article: string | null }) => !s.article?.startsWith('QP-')), 'Songjiang never cites Qingpu');
    assert.deepEqual(application.steps.map((s: { role: string }) => s.role), ['operator_resource_admin', 'operator_leader']);
    const temporary = await submit(t, edu, { kind: 'temporary', title: '临时', platformId: estate.x86, purpose: 'x', lines: [{ itemId: estate.vcpu, quantity: '1', months: 1 }] });
    assert.equal(temporary.statusCode, 409);
    assert.equal(temporary.json().error.code, 'temporary_not_allowed');
  });
});
