/**
 * Tenant isolation (QP-19), enforced twice: the application answers 404 for another unit's objects,
 * and PostgreSQL row-level security hides them even from a query that forgets to filter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { apiRoutes } from '../src/app.ts';
import { applicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { catalogItemIds, createProject, createSystem, pdfBytes, projectBody, uploadDocument } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

describe('tenant isolation (QP-19)', () => {
  let t: TestPlatform;
  let eduCookie: string;
  let eduUnitId: string;
  let healthUnitId: string;
  let healthUserId: string;
  let eduUserId: string;

  before(async () => {
    t = await startTestPlatform();
    const admin = await t.login('sysadmin');
    const units = (await t.request('GET', '/api/units?pageSize=200', { cookie: admin })).json().items as { id: string; name: string }[];
    eduUnitId = units.find((u) => u.name.endsWith('教育局'))!.id;
    healthUnitId = units.find((u) => u.name.endsWith('卫生健康委员会'))!.id;
    const users = (await t.request('GET', '/api/users?pageSize=200', { cookie: admin })).json().items as { id: string; username: string }[];
    healthUserId = users.find((u) => u.username === 'health-admin')!.id;
    eduUserId = users.find((u) => u.username === 'edu-applicant')!.id;
    eduCookie = await t.login('edu-admin');
  });
  after(() => t.close());

  const tenantRoutes = apiRoutes.filter((route) => route.tenantScoped);

  /** Objects of both units, and a valid body for each state-changing tenant-scoped route. */
  async function objectsOf(cookie: string, unitId: string) {
    const [itemA, itemB] = await catalogItemIds(t);
    const system = await createSystem(t, cookie);
    const project = await createProject(t, cookie, system.id, [itemA!, itemB!]);
    const document = (await uploadDocument(t, cookie, project.id)).json();
    const estate = await applicationEstate(t);
    const { systemId, projectId } = await systemWithProject(t, cookie, { [estate.vcpu]: '8' });
    const application = await submitted(t, cookie, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '1' }));
    // A server as provisioning leaves it (provisioning.test.ts covers how it gets there).
    const [resource] = (await t.ownerQuery(
      `INSERT INTO resources (unit_id, provider_unit_id, system_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation)
       SELECT '${unitId}', p.provider_unit_id, '${systemId}', p.id, '${application.id}', 'server', 'tenant-vm', 'tenant-${application.id}', 'running', '{"vcpus":1,"memoryGiB":1}', 'create', 'running', 1, 1
       FROM platforms p WHERE p.id = '${estate.x86}' RETURNING id`,
    )) as { id: string }[];
    await t.ownerQuery(
      `INSERT INTO billing_months (month, starts_at, ends_at, status, rated_at, total) VALUES ('2026-09', '2026-08-31T16:00:00Z', '2026-09-30T16:00:00Z', 'draft', now(), '0') ON CONFLICT DO NOTHING`,
    );
    const [statement] = (await t.ownerQuery(
      `INSERT INTO statements (month, unit_id, district_budget, total, line_count) VALUES ('2026-09', '${unitId}', true, '0.00', 0) RETURNING id`,
    )) as { id: string }[];
    // The security record and a fault ticket (security.test.ts and operations.test.ts cover their rules).
    const onSystem = async (path: string, body?: unknown) => {
      const response = await t.request('POST', `/api/systems/${system.id}${path}`, { cookie, ...(body !== undefined ? { body } : {}) });
      if (response.statusCode >= 300) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
      return response.json();
    };
    const assessment = await onSystem('/assessments', { assessedOn: '2026-04-01', assessor: '测评机构', result: 'pass', rectifications: [{ description: '整改' }] });
    const vulnerability = await onSystem('/vulnerabilities', { title: '弱口令', foundOn: '2026-04-02', source: 'scan', severity: 'low' });
    const incident = await onSystem('/incidents', { occurredOn: '2026-04-03', level: 'general', title: '告警', description: '端口扫描' });
    const checks = await onSystem('/go-live-checks', { item: 'self_check' });
    await onSystem('/commitment-letter');
    const fault = (await t.request('POST', '/api/ops/faults', { cookie, body: { platformId: estate.x86, systemId: system.id, severity: 'minor', title: '访问缓慢', description: '页面加载慢' } })).json();
    // A rectification requirement of a published evaluation (evaluation.test.ts covers how it is issued).
    await t.ownerQuery(
      `INSERT INTO evaluations (year, status, model, run_at, run_by_name, published_at, published_by_name) VALUES (2025, 'published', '{}', now(), '测试', now(), '测试') ON CONFLICT (year) DO NOTHING`,
    );
    const [requirement] = (await t.ownerQuery(
      `INSERT INTO rectification_requirements (evaluation_id, unit_id, requirement, due_on, issued_by_name) SELECT id, '${unitId}', '整改', '2099-01-01', '测试' FROM evaluations WHERE year = 2025 RETURNING id`,
    )) as { id: string }[];
    // A rectification case with its warning issued (efficiency-cases.test.ts covers how it gets there).
    const [rectificationCase] = (await t.ownerQuery(
      `WITH f AS (INSERT INTO efficiency_findings (resource_id, unit_id, rule, evidence, detected_at, last_seen_at) VALUES ('${resource!.id}', '${unitId}', 'zombie', '{}', now(), now()) RETURNING id)
       INSERT INTO rectification_cases (number, finding_id, resource_id, unit_id, rule, stage, deadline_date, deadline_at)
       SELECT 'ZG-T-' || f.id, f.id, '${resource!.id}', '${unitId}', 'zombie', 'warning_issued', '2099-01-01', '2099-01-02T00:00:00+08:00' FROM f RETURNING id`,
    )) as { id: string }[];
    return {
      system: system.id as string,
      project: project.id as string,
      document: document.id as string,
      application: application.id as string,
      resource: resource!.id,
      statement: statement!.id,
      rectification: assessment.rectifications[0].id as string,
      vulnerability: vulnerability.id as string,
      incident: incident.id as string,
      check: checks.checks.find((c: { item: string }) => c.item === 'self_check').checkId as string,
      fault: fault.id as string,
      requirement: requirement!.id,
      rectificationCase: rectificationCase!.id,
    };
  }
  let own: Awaited<ReturnType<typeof objectsOf>>;
  let foreign: Awaited<ReturnType<typeof objectsOf>>;
  before(async () => {
    own = await objectsOf(eduCookie, eduUnitId);
    foreign = await objectsOf(await t.login('health-admin'), healthUnitId);
  });

  function idFor(url: string, side: 'own' | 'foreign'): string {
    const objects = side === 'own' ? own : foreign;
    if (url.startsWith('/api/users')) return side === 'own' ? eduUserId : healthUserId;
    if (url.startsWith('/api/units')) return side === 'own' ? eduUnitId : healthUnitId;
    if (url.startsWith('/api/systems')) return objects.system;
    if (url.startsWith('/api/projects')) return objects.project;
    if (url.startsWith('/api/documents')) return objects.document;
    if (url.startsWith('/api/applications')) return objects.application;
    if (url.startsWith('/api/resources')) return objects.resource;
    if (url.startsWith('/api/billing/statements')) return objects.statement;
    if (url.startsWith('/api/rectification-items')) return objects.rectification;
    if (url.startsWith('/api/vulnerabilities')) return objects.vulnerability;
    if (url.startsWith('/api/incidents')) return objects.incident;
    if (url.startsWith('/api/go-live-checks')) return objects.check;
    if (url.startsWith('/api/ops/faults')) return objects.fault;
    if (url.startsWith('/api/rectification-requirements')) return objects.requirement;
    if (url.startsWith('/api/rectification-cases')) return objects.rectificationCase;
    throw new Error(`no fixture for ${url}`);
  }

  async function requestFor(route: (typeof tenantRoutes)[number], id: string) {
    const url = route.url.replace(':id', id);
    const uploads = ['/api/projects/:id/documents', '/api/applications/:id/documents', '/api/go-live-checks/:id/documents', '/api/systems/:id/commitment-letter/scan'];
    if (uploads.includes(route.url)) {
      return t.request('POST', `${url}?filename=x.pdf`, { cookie: eduCookie, body: pdfBytes(), headers: { 'content-type': 'application/pdf' } });
    }
    const bodies: Record<string, unknown> = {
      'PATCH /api/systems/:id': { purpose: '越权修改' },
      'POST /api/systems/:id/projects': projectBody(await catalogItemIds(t, 1)),
      'PATCH /api/projects/:id': { approvingBody: '越权修改' },
      'POST /api/applications/:id/resubmit': {},
      'POST /api/applications/:id/withdraw': { reason: '越权撤回' },
      'PUT /api/systems/:id/mlps': { mlpsLevel: 2, gradedOn: '2026-03-02' },
      'POST /api/systems/:id/assessments': { assessedOn: '2026-04-01', assessor: '越权测评', result: 'fail' },
      'PATCH /api/rectification-items/:id': { status: 'in_progress' },
      'POST /api/systems/:id/vulnerabilities': { title: '越权登记', foundOn: '2026-04-02', source: 'scan', severity: 'low' },
      'POST /api/vulnerabilities/:id/fix': { fixedOn: '2026-04-05' },
      'POST /api/systems/:id/incidents': { occurredOn: '2026-04-03', level: 'general', title: '越权登记', description: 'x' },
      'PATCH /api/incidents/:id': { handling: '越权处置' },
      'POST /api/systems/:id/go-live-checks': { item: 'hardening' },
      'POST /api/systems/:id/commitment-letter/signature': { signature: '30'.repeat(70) },
      'POST /api/rectification-requirements/:id/respond': { response: '越权反馈整改' },
      'POST /api/rectification-cases/:id/response': { kind: 'explanation', text: '越权答复' },
    };
    const key = `${route.method} ${route.url}`;
    return t.request(route.method, url, { cookie: eduCookie, ...(key in bodies ? { body: bodies[key] } : route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
  }

  test('the tenant-scoped routes are the ones expected', () => {
    assert.deepEqual(tenantRoutes.map((r) => `${r.method} ${r.url}`).sort(), [
      'DELETE /api/documents/:id',
      'GET /api/applications/:id',
      'GET /api/billing/statements/:id',
      'GET /api/documents/:id',
      'GET /api/ops/faults/:id',
      'GET /api/projects/:id',
      'GET /api/rectification-cases/:id',
      'GET /api/resources/:id',
      'GET /api/resources/:id/utilization',
      'GET /api/systems/:id',
      'GET /api/systems/:id/assessments',
      'GET /api/systems/:id/commitment-letter',
      'GET /api/systems/:id/commitment-letter/verify',
      'GET /api/systems/:id/go-live',
      'GET /api/systems/:id/incidents',
      'GET /api/systems/:id/projects',
      'GET /api/systems/:id/quota-usage',
      'GET /api/systems/:id/security',
      'GET /api/systems/:id/vulnerabilities',
      'GET /api/units/:id',
      'GET /api/units/:id/evaluation-grade',
      'GET /api/units/:id/users',
      'GET /api/users/:id',
      'PATCH /api/incidents/:id',
      'PATCH /api/projects/:id',
      'PATCH /api/rectification-items/:id',
      'PATCH /api/systems/:id',
      'POST /api/applications/:id/documents',
      'POST /api/applications/:id/resubmit',
      'POST /api/applications/:id/withdraw',
      'POST /api/go-live-checks/:id/documents',
      'POST /api/projects/:id/documents',
      'POST /api/resources/:id/start',
      'POST /api/rectification-cases/:id/response',
      'POST /api/rectification-requirements/:id/respond',
      'POST /api/resources/:id/stop',
      'POST /api/systems/:id/assessments',
      'POST /api/systems/:id/commitment-letter',
      'POST /api/systems/:id/commitment-letter/scan',
      'POST /api/systems/:id/commitment-letter/signature',
      'POST /api/systems/:id/go-live',
      'POST /api/systems/:id/go-live-checks',
      'POST /api/systems/:id/incidents',
      'POST /api/systems/:id/projects',
      'POST /api/systems/:id/vulnerabilities',
      'POST /api/vulnerabilities/:id/fix',
      'PUT /api/systems/:id/mlps',
    ].sort());
  });

  for (const route of apiRoutes.filter((r) => r.tenantScoped)) {
    test(`${route.method} ${route.url}: another unit’s object answers 404${route.method === 'GET' ? ', one’s own 200' : ' and is left unchanged'}`, async () => {
      const auditBefore = (await t.ownerQuery(`SELECT count(*)::int AS n FROM audit_log WHERE result = 'success'`)) as { n: number }[];
      const response = await requestFor(route, idFor(route.url, 'foreign'));
      assert.equal(response.statusCode, 404, `${response.statusCode} ${response.body.slice(0, 300)}`);
      assert.equal(response.json().error.code, 'not_found');
      const auditAfter = (await t.ownerQuery(`SELECT count(*)::int AS n FROM audit_log WHERE result = 'success'`)) as { n: number }[];
      assert.equal(auditAfter[0]!.n, auditBefore[0]!.n, 'no successful change recorded');
      if (route.method === 'GET') {
        const mine = await requestFor(route, idFor(route.url, 'own'));
        assert.equal(mine.statusCode, 200, mine.body.slice(0, 300));
      }
    });
  }

  test('a foreign document is still there after the refused delete, and unchanged after the refused edit', async () => {
    const rows = (await t.ownerQuery(`SELECT count(*)::int AS n FROM documents WHERE id = '${foreign.document}'`)) as { n: number }[];
    assert.equal(rows[0]!.n, 1);
    const [system] = (await t.ownerQuery(`SELECT purpose FROM information_systems WHERE id = '${foreign.system}'`)) as { purpose: string }[];
    assert.notEqual(system!.purpose, '越权修改');
  });

  test('lists show a unit user only their own unit and its people', async () => {
    const units = (await t.request('GET', '/api/units?pageSize=200', { cookie: eduCookie })).json();
    assert.deepEqual(units.items.map((u: { id: string }) => u.id), [eduUnitId]);
    assert.equal(units.total, 1);
    const users = (await t.request('GET', '/api/users?pageSize=200', { cookie: eduCookie })).json();
    assert.ok(users.items.length >= 2);
    assert.ok(users.items.every((u: { unit: { id: string } }) => u.unit.id === eduUnitId));
  });

  test('row-level security hides other units even from an unfiltered query', async () => {
    const rows = await t.platform.db.tx({ scope: 'unit', unitId: eduUnitId, userId: null }, async (trx) => ({
      units: await trx.selectFrom('units').select('id').execute(),
      users: await trx.selectFrom('users').select('unit_id').execute(),
      resources: await trx.selectFrom('resources').select('unit_id').execute(),
      events: await trx.selectFrom('resource_events').select('unit_id').execute(),
      findings: await trx.selectFrom('inventory_findings').select('id').execute(),
      vulnerabilities: await trx.selectFrom('vulnerabilities').select('unit_id').execute(),
      letters: await trx.selectFrom('commitment_letters').select('unit_id').execute(),
      faults: await trx.selectFrom('fault_tickets').select('unit_id').execute(),
      whoami: (await sql<{ user: string; bypass: boolean; superuser: boolean }>`SELECT current_user AS user, r.rolbypassrls AS bypass, r.rolsuper AS superuser FROM pg_roles r WHERE r.rolname = current_user`.execute(trx)).rows[0],
    }));
    assert.deepEqual(rows.units.map((u) => u.id), [eduUnitId]);
    assert.ok(rows.users.length > 0 && rows.users.every((u) => u.unit_id === eduUnitId));
    assert.ok(rows.resources.length > 0 && rows.resources.every((r) => r.unit_id === eduUnitId), 'resources of the unit only');
    assert.ok(rows.events.every((e) => e.unit_id === eduUnitId));
    assert.equal(rows.findings.length, 0, 'inventory findings are the operator’s');
    for (const table of ['vulnerabilities', 'letters', 'faults'] as const) {
      assert.ok(rows[table].length > 0 && rows[table].every((r) => r.unit_id === eduUnitId), `${table} of the unit only`);
    }
    assert.deepEqual(rows.whoami, { user: 'yunshu_app', bypass: false, superuser: false });
  });

  test('row-level security refuses writing into another unit', async () => {
    await assert.rejects(
      t.platform.db.tx({ scope: 'unit', unitId: eduUnitId, userId: null }, (trx) =>
        trx.updateTable('users').set({ display_name: 'x' }).where('id', '=', healthUserId).returning('id').executeTakeFirstOrThrow(),
      ),
    );
    const unchanged = await t.platform.db.tx({ scope: 'all', unitId: null, userId: null }, (trx) =>
      trx.selectFrom('users').select('display_name').where('id', '=', healthUserId).executeTakeFirstOrThrow(),
    );
    assert.notEqual(unchanged.display_name, 'x');
  });

  test('without a tenant scope nothing is visible (fails closed)', async () => {
    const rows = await t.platform.db.kysely.transaction().execute(async (trx) => {
      await sql`SELECT set_config('role', 'yunshu_app', true)`.execute(trx);
      return trx.selectFrom('units').select('id').execute();
    });
    assert.equal(rows.length, 0);
  });
});
