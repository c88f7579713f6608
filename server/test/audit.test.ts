/**
 * The audit log: one record per state-changing request, written in the change's own transaction
 * (a failed audit write fails the change), append-only, and chained with HMAC-SM3 so tampering is found.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { creditCodeCheckCharacter } from '@yunshu/shared/credit-code';
import { apiRoutes } from '../src/app.ts';
import { applicationEstate, resourceBody, systemWithProject } from './application-fixtures.ts';
import { catalogItemIds, createProject, createSystem, pdfBytes, projectBody, uploadDocument } from './fixtures.ts';
import { demoEstate, priceWorkbook, XLSX } from './catalog-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { recordGoLiveItem, signDigest, sm2KeyPair } from './security-fixtures.ts';

describe('audit log', () => {
  let t: TestPlatform;
  let admin: string;
  let eduUnitId: string;
  before(async () => {
    t = await startTestPlatform();
    admin = await t.login('sysadmin');
    const units = (await t.request('GET', '/api/units?pageSize=200', { cookie: admin })).json().items as { id: string; name: string }[];
    eduUnitId = units.find((u) => u.name.endsWith('教育局'))!.id;
  });
  after(() => t.close());

  async function lastAudit(): Promise<Record<string, any>> {
    const [row] = await t.ownerQuery(`SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1`);
    return row as Record<string, any>;
  }

  test('every state-changing route writes one audit record naming actor, role, unit, IP, object and result', async () => {
    const security = await t.login('secadmin');
    const created = (await t.request('POST', '/api/users', { cookie: admin, body: { username: 'audited', displayName: '被审计', unitId: eduUnitId, roles: ['unit_applicant'] } })).json();
    const userId = created.user.id as string;
    const sessionCookie = await t.login('audited', created.initialPassword);
    const [itemId] = await catalogItemIds(t, 1);
    const eduAdmin = await t.login('edu-admin');
    const system = await createSystem(t, eduAdmin);
    const project = await createProject(t, eduAdmin, system.id, [itemId!]);
    let documentId = '';
    let applicationId = '';
    let returnedId = '';
    const forApplications = await applicationEstate(t);
    const freshResourceBody = async () => {
      const { systemId: sys, projectId } = await systemWithProject(t, eduAdmin, { [forApplications.vcpu]: '8' });
      return resourceBody(sys, projectId, forApplications.x86, { [forApplications.vcpu]: '2' });
    };
    const freshApplication = async (): Promise<string> => (await t.request('POST', '/api/applications', { cookie: eduAdmin, body: await freshResourceBody() })).json().id;
    const resAdmin = await t.login('res-admin');
    const estate = await demoEstate(t);
    const made = { platform: '', item: '', book: '', price: '', settlement: '', requirement: '' };
    const keep = (key: keyof typeof made, id: (body: any) => string) => async (response: Promise<{ statusCode: number; body: string }>) => {
      const answered = await response;
      made[key] = id(JSON.parse(answered.body));
      return answered;
    };
    const estateCall = (method: string, url: string, body?: unknown) => t.request(method, url, { cookie: resAdmin, ...(body !== undefined ? { body } : {}) });
    /** A resource as provisioning leaves it, for the resource routes' audit (provisioning.test.ts covers the flow). */
    const resourceRow = async (status: string, platformId = estate.pools.x86, provider = estate.provider1) => {
      const [row] = (await t.ownerQuery(
        `INSERT INTO resources (unit_id, provider_unit_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation, provider_id)
         VALUES ('${eduUnitId}', '${provider}', '${platformId}', '${applicationId}', 'server', 'audit-${status}', 'audit-${status}-${Date.now()}', 'running', '{"vcpus":1,"memoryGiB":1,"diskGiB":40}', 'create', '${status}', 1, ${status === 'failed' ? 0 : 1}, 'p-${status}')
         RETURNING id`,
      )) as { id: string }[];
      return row!.id;
    };
    /** A rectification case at a stage, on a fresh resource (efficiency-cases.test.ts covers how cases arise and move). */
    const rectificationCase = async (stage: string) => {
      const resource = await resourceRow('running');
      const [row] = (await t.ownerQuery(
        `WITH f AS (INSERT INTO efficiency_findings (resource_id, unit_id, rule, evidence, detected_at, last_seen_at) VALUES ('${resource}', '${eduUnitId}', 'zombie', '{}', now(), now()) RETURNING id)
         INSERT INTO rectification_cases (number, finding_id, resource_id, unit_id, rule, stage, deadline_date, deadline_at)
         SELECT 'ZG-AUDIT-' || f.id, f.id, '${resource}', '${eduUnitId}', 'zombie', '${stage}', '2099-01-01', '2099-01-02T00:00:00+08:00' FROM f RETURNING id`,
      )) as { id: string }[];
      return row!.id;
    };
    // The security record and operations (security.test.ts and operations.test.ts cover the rules).
    const secSystem = await createSystem(t, eduAdmin, { mlpsLevel: 2 });
    const sec = { assessment: '', rectification: '', vulnerability: '', incident: '', check: '', digest: '', privateKey: '', fault: '' };
    const keepSec = (key: keyof typeof sec, id: (body: any) => string) => async (response: Promise<{ statusCode: number; body: string }>) => {
      const answered = await response;
      sec[key] = id(JSON.parse(answered.body));
      return answered;
    };
    const filing = { mlpsLevel: 2, gradedOn: '2026-03-02', filingNumber: '31011843001-26099', filedOn: '2026-03-20' };
    const onSystem = (method: string, path: string, body?: unknown, cookie = eduAdmin) => t.request(method, `/api/systems/${secSystem.id}${path}`, { cookie, ...(body !== undefined ? { body } : {}) });
    const securityCalls: Record<string, () => Promise<{ statusCode: number; body: string }>> = {
      'PUT /api/systems/:id/mlps': () => onSystem('PUT', '/mlps', filing),
      'POST /api/systems/:id/assessments': () =>
        keepSec('assessment', (b) => {
          sec.rectification = b.rectifications[0].id;
          return b.id;
        })(onSystem('POST', '/assessments', { assessedOn: '2026-04-01', assessor: '测评机构', result: 'pass', score: '90', rectifications: [{ description: '加固口令策略' }] })),
      'PATCH /api/rectification-items/:id': () => t.request('PATCH', `/api/rectification-items/${sec.rectification}`, { cookie: eduAdmin, body: { status: 'in_progress' } }),
      'POST /api/systems/:id/vulnerabilities': () => keepSec('vulnerability', (b) => b.id)(onSystem('POST', '/vulnerabilities', { title: '弱口令', foundOn: '2026-04-02', source: 'assessment', severity: 'high' })),
      'POST /api/vulnerabilities/:id/fix': () => t.request('POST', `/api/vulnerabilities/${sec.vulnerability}/fix`, { cookie: eduAdmin, body: { fixedOn: '2026-04-05' } }),
      'POST /api/vulnerabilities/:id/verify': () => t.request('POST', `/api/vulnerabilities/${sec.vulnerability}/verify`, { cookie: resAdmin, body: { verifiedOn: '2026-04-06' } }),
      'POST /api/systems/:id/incidents': () => keepSec('incident', (b) => b.id)(onSystem('POST', '/incidents', { occurredOn: '2026-04-03', level: 'general', title: '扫描告警', description: '端口扫描' })),
      'POST /api/systems/:id/notices': () => onSystem('POST', '/notices', { occurredOn: '2026-04-04', level: 'general', title: '通报', description: '弱口令', issuedBy: '区网信办' }, resAdmin),
      'PATCH /api/incidents/:id': () => t.request('PATCH', `/api/incidents/${sec.incident}`, { cookie: eduAdmin, body: { handling: '已封禁来源地址', closedOn: '2026-04-04' } }),
      'POST /api/security/activities': () => t.request('POST', '/api/security/activities', { cookie: eduAdmin, body: { kind: 'drill', heldOn: '2026-04-10', title: '应急演练', content: '数据恢复演练' } }),
      'POST /api/systems/:id/go-live-checks': () => keepSec('check', (b) => b.checks.find((c: { item: string }) => c.item === 'self_check').checkId)(onSystem('POST', '/go-live-checks', { item: 'self_check' })),
      'POST /api/go-live-checks/:id/documents': () =>
        t.request('POST', `/api/go-live-checks/${sec.check}/documents?filename=self-check.pdf`, { cookie: eduAdmin, body: pdfBytes(), headers: { 'content-type': 'application/pdf' } }),
      'POST /api/systems/:id/go-live': async () => {
        // Qingpu's checklist (QP-22): self-check, testing and assessment, hardening, MLPS — all met first.
        const ready = await createSystem(t, eduAdmin, { mlpsLevel: 2 });
        await t.request('PUT', `/api/systems/${ready.id}/mlps`, { cookie: eduAdmin, body: filing });
        for (const item of ['self_check', 'testing_assessment', 'hardening', 'mlps']) await recordGoLiveItem(t, eduAdmin, ready.id, item);
        return t.request('POST', `/api/systems/${ready.id}/go-live`, { cookie: eduAdmin, body: {} });
      },
      'POST /api/security/signing-keys': () => {
        const keys = sm2KeyPair();
        sec.privateKey = keys.privateKey;
        return t.request('POST', '/api/security/signing-keys', { cookie: eduAdmin, body: { publicKey: keys.publicKey } });
      },
      'POST /api/systems/:id/commitment-letter': () => keepSec('digest', (b) => b.digest)(onSystem('POST', '/commitment-letter')),
      'POST /api/systems/:id/commitment-letter/scan': () =>
        t.request('POST', `/api/systems/${secSystem.id}/commitment-letter/scan?filename=scan.pdf`, { cookie: eduAdmin, body: pdfBytes(), headers: { 'content-type': 'application/pdf' } }),
      'POST /api/systems/:id/commitment-letter/signature': () => onSystem('POST', '/commitment-letter/signature', { signature: signDigest(sec.digest, sec.privateKey) }),
      'POST /api/ops/inspections': async () =>
        t.request('POST', '/api/ops/inspections', { cookie: await t.login('provider'), body: { platformId: estate.pools.x86, inspectedOn: '2026-04-01', items: [{ name: '计算节点', result: 'normal' }] } }),
      'POST /api/ops/faults': () => keepSec('fault', (b) => b.id)(t.request('POST', '/api/ops/faults', { cookie: eduAdmin, body: { platformId: estate.pools.x86, severity: 'minor', title: '访问缓慢', description: '页面加载超过 10 秒' } })),
      'POST /api/ops/faults/:id/respond': async () => t.request('POST', `/api/ops/faults/${sec.fault}/respond`, { cookie: await t.login('provider'), body: { note: '排查中' } }),
      'POST /api/ops/faults/:id/resolve': async () => t.request('POST', `/api/ops/faults/${sec.fault}/resolve`, { cookie: await t.login('provider'), body: { resolution: '已扩容带宽' } }),
    };
    const calls: Record<string, () => Promise<{ statusCode: number; body: string }>> = {
      ...securityCalls,
      'POST /api/resources/:id/stop': async () => t.request('POST', `/api/resources/${await resourceRow('running')}/stop`, { cookie: eduAdmin, body: {} }),
      'POST /api/resources/:id/start': async () => {
        const id = await resourceRow('stopped');
        await t.ownerQuery(`UPDATE resources SET desired_state = 'stopped' WHERE id = '${id}'`);
        return t.request('POST', `/api/resources/${id}/start`, { cookie: eduAdmin, body: {} });
      },
      'POST /api/resources/:id/retry': async () => t.request('POST', `/api/resources/${await resourceRow('failed')}/retry`, { cookie: resAdmin }),
      'POST /api/work-orders/:id/complete': async () => {
        const resource = await resourceRow('awaiting_work_order', estate.pools.city, estate.provider2);
        const [order] = (await t.ownerQuery(
          `INSERT INTO work_orders (number, resource_id, unit_id, provider_unit_id, platform_id, generation, action, spec)
           VALUES ('GD-AUDIT', '${resource}', '${eduUnitId}', '${estate.provider2}', '${estate.pools.city}', 1, 'create', '{"vcpus":1,"memoryGiB":1,"diskGiB":40}') RETURNING id`,
        )) as { id: string }[];
        return t.request('POST', `/api/work-orders/${order!.id}/complete`, { cookie: await t.login('city-provider'), body: { providerReference: 'ecs-audit' } });
      },
      'POST /api/inventory/findings/:id/acknowledge': async () => {
        const [finding] = (await t.ownerQuery(
          `INSERT INTO inventory_findings (platform_id, kind, resource_type, provider_id, name) VALUES ('${estate.pools.x86}', 'unknown', 'server', 'rogue-audit', 'rogue') RETURNING id`,
        )) as { id: string }[];
        return t.request('POST', `/api/inventory/findings/${finding!.id}/acknowledge`, { cookie: resAdmin, body: { note: '已核实' } });
      },
      'POST /api/platforms/:id/inventory-sync': () => estateCall('POST', `/api/platforms/${estate.pools.x86}/inventory-sync`),
      'POST /api/billing/months/:month/rate': () => estateCall('POST', '/api/billing/months/2026-09/rate'),
      'POST /api/billing/months/:month/confirm': () => estateCall('POST', '/api/billing/months/2026-09/confirm'),
      'POST /api/datasync/months/:month': () => estateCall('POST', '/api/datasync/months/2026-08'),
      'POST /api/datasync/deliveries/:id/resend': async () => {
        // A re-send needs an endpoint; nothing is pushed here (no job runs).
        const dataSync = t.platform.config.dataSync;
        Object.assign(dataSync, { url: 'http://127.0.0.1:9/qp15', keyHex: 'ab'.repeat(16) });
        try {
          const prepared = (await estateCall('POST', '/api/datasync/months/2026-07')).json();
          return await estateCall('POST', `/api/datasync/deliveries/${prepared.delivery.id}/resend`);
        } finally {
          Object.assign(dataSync, { url: undefined, keyHex: undefined });
        }
      },
      'POST /api/efficiency/findings/run': () => estateCall('POST', '/api/efficiency/findings/run'),
      'POST /api/rectification-cases/:id/warning': async () => estateCall('POST', `/api/rectification-cases/${await rectificationCase('open')}/warning`, { text: '审计测试警告' }),
      'POST /api/rectification-cases/:id/review': async () =>
        t.request('POST', `/api/rectification-cases/${await rectificationCase('warning_proposed')}/review`, { cookie: await t.login('authority'), body: { approve: true } }),
      'POST /api/rectification-cases/:id/response': async () =>
        t.request('POST', `/api/rectification-cases/${await rectificationCase('warning_issued')}/response`, { cookie: eduAdmin, body: { kind: 'explanation', text: '审计测试说明' } }),
      'POST /api/rectification-cases/:id/close': async () => estateCall('POST', `/api/rectification-cases/${await rectificationCase('responded')}/close`, {}),
      'POST /api/rectification-cases/:id/escalate': async () => estateCall('POST', `/api/rectification-cases/${await rectificationCase('responded')}/escalate`, { comment: '审计测试认定' }),
      'POST /api/rectification-cases/:id/stop': async () => {
        // Qingpu stops only with the authority's consent; the operator's own decision is Songjiang's (efficiency-cases.test.ts).
        const consent = t.platform.policy.parameters['efficiency.stopNeedsAuthorityConsent'];
        Object.assign(consent, { value: false });
        try {
          return await estateCall('POST', `/api/rectification-cases/${await rectificationCase('escalated')}/stop`, {});
        } finally {
          Object.assign(consent, { value: true });
        }
      },
      'POST /api/rectification-cases/:id/consent': async () =>
        t.request('POST', `/api/rectification-cases/${await rectificationCase('escalated')}/consent`, { cookie: await t.login('authority'), body: { approve: true } }),
      'POST /api/billing/corrections': async () => {
        const resource = await resourceRow('running');
        const [interval] = (await t.ownerQuery(
          `INSERT INTO usage_intervals (resource_id, unit_id, provider_unit_id, platform_id, item_id, quantity, power, started_at, source)
           VALUES ('${resource}', '${eduUnitId}', '${estate.provider1}', '${estate.pools.x86}', '${estate.items['ECS-X86-VCPU']}', 2, 'running', now() - interval '1 hour', 'lifecycle') RETURNING id::text AS id`,
        )) as { id: string }[];
        return estateCall('POST', '/api/billing/corrections', { intervalId: interval!.id, quantity: '1', reason: '审计测试更正' });
      },
      'POST /api/settlements': async () => {
        for (let month = 1; month <= 12; month++) {
          await estateCall('POST', `/api/billing/months/2025-${String(month).padStart(2, '0')}/rate`);
          await estateCall('POST', `/api/billing/months/2025-${String(month).padStart(2, '0')}/confirm`);
        }
        return keep('settlement', (b) => b.id)(estateCall('POST', '/api/settlements', { firstMonth: '2025-01' }));
      },
      'POST /api/settlements/:id/submit': () => estateCall('POST', `/api/settlements/${made.settlement}/submit`),
      'POST /api/settlements/:id/adjustments': async () => {
        // Qingpu engages no third-party auditor (settlement.thirdPartyAudit): the audit stage is set up here.
        await t.ownerQuery(`UPDATE settlements SET status = 'in_audit' WHERE id = '${made.settlement}'`);
        return t.request('POST', `/api/settlements/${made.settlement}/adjustments`, {
          cookie: await t.login('auditor'),
          body: { providerUnitId: estate.provider1, unitId: eduUnitId, amount: '10.00', reason: '补计漏记用量' },
        });
      },
      'POST /api/settlements/:id/complete-audit': async () => t.request('POST', `/api/settlements/${made.settlement}/complete-audit`, { cookie: await t.login('auditor') }),
      'PUT /api/settlements/:id/supervision-budget': () => estateCall('PUT', `/api/settlements/${made.settlement}/supervision-budget`, { amount: '1.00' }),
      'POST /api/settlements/:id/approve': async () => t.request('POST', `/api/settlements/${made.settlement}/approve`, { cookie: await t.login('authority') }),
      'POST /api/evaluations/:year/run': async () => {
        // The demo units were seeded today; the evaluated year is 2025 (evaluation.test.ts covers the scores).
        await t.ownerQuery(`UPDATE units SET created_at = '2024-06-01T00:00:00+08:00'`);
        return estateCall('POST', '/api/evaluations/2025/run');
      },
      'POST /api/evaluations/:year/adjustments': () => estateCall('POST', '/api/evaluations/2025/adjustments', { unitId: eduUnitId, indicator: 'drills_training', points: '1', reason: '审计测试调整' }),
      'POST /api/evaluations/:year/publish': async () => t.request('POST', '/api/evaluations/2025/publish', { cookie: await t.login('authority') }),
      'POST /api/evaluations/:year/rectification-requirements': async () =>
        keep('requirement', (b) => b.id)(
          t.request('POST', '/api/evaluations/2025/rectification-requirements', { cookie: await t.login('authority'), body: { unitId: eduUnitId, requirement: '审计测试整改要求', dueOn: '2099-01-01' } }),
        ),
      'POST /api/rectification-requirements/:id/respond': () => t.request('POST', `/api/rectification-requirements/${made.requirement}/respond`, { cookie: eduAdmin, body: { response: '审计测试反馈' } }),
      'POST /api/rectification-requirements/:id/close': async () =>
        t.request('POST', `/api/rectification-requirements/${made.requirement}/close`, { cookie: await t.login('authority'), body: { note: '审计测试销号' } }),
      'POST /api/platforms': () =>
        keep('platform', (b) => b.id)(
          estateCall('POST', '/api/platforms', { name: '审计测试平台', level: 'district', providerUnitId: estate.provider1, architecture: 'x86', region: '测试区', mlpsLevel: 3, provisioningMode: 'driver', driver: 'openstack', connection: { authUrl: 'http://127.0.0.1:1/v3', username: 'u', projectName: 'p' } }),
        ),
      'PATCH /api/platforms/:id': () => estateCall('PATCH', `/api/platforms/${made.platform}`, { region: '测试二区' }),
      'PUT /api/platforms/:id/credentials': () => estateCall('PUT', `/api/platforms/${made.platform}/credentials`, { kind: 'password', password: 'audit-only' }),
      'POST /api/platforms/:id/test-connection': () => estateCall('POST', `/api/platforms/${made.platform}/test-connection`),
      'POST /api/platforms/:id/disable': () => estateCall('POST', `/api/platforms/${made.platform}/disable`),
      'POST /api/platforms/:id/enable': () => estateCall('POST', `/api/platforms/${made.platform}/enable`),
      'POST /api/catalog/items': () =>
        keep('item', (b) => b.id)(
          estateCall('POST', '/api/catalog/items', { code: 'AUDIT-ITEM', nameZh: '审计测试服务', nameEn: 'Audit item', category: 'saas', unitOfMeasure: 'instance_month', architectures: ['x86'] }),
        ),
      'PATCH /api/catalog/items/:id': () => estateCall('PATCH', `/api/catalog/items/${made.item}`, { enabled: false }),
      'DELETE /api/catalog/items/:id': () => estateCall('DELETE', `/api/catalog/items/${made.item}`),
      'POST /api/catalog/estimate': () => estateCall('POST', '/api/catalog/estimate', { platformId: estate.pools.x86, lines: [{ itemId: estate.items['EVS-SATA'], quantity: '100', months: 12 }] }),
      'POST /api/price-books': () =>
        keep('book', (b) => b.id)(estateCall('POST', '/api/price-books', { kind: 'city_tender', name: '审计测试价格表', providerUnitId: estate.provider1, tenderReference: 'AUDIT-1' })),
      'PATCH /api/price-books/:id': () => estateCall('PATCH', `/api/price-books/${made.book}`, { description: '审计测试' }),
      'POST /api/price-books/:id/prices': () =>
        keep('price', (b) => b.version.id)(estateCall('POST', `/api/price-books/${made.book}/prices`, { itemId: estate.items['EVS-SATA'], unitPrice: '0.30', effectiveFrom: '2031-01-01', reason: '审计测试' })),
      'POST /api/price-books/:id/import': async () =>
        t.request('POST', `/api/price-books/${made.book}/import`, { cookie: resAdmin, body: await priceWorkbook([['EIP-BGP', '', '', '20', '2026-01-01']]), headers: { 'content-type': XLSX } }),
      'PATCH /api/prices/:id': () => estateCall('PATCH', `/api/prices/${made.price}`, { unitPrice: '0.31', reason: '审计测试更正' }),
      'POST /api/prices/:id/withdraw': () => estateCall('POST', `/api/prices/${made.price}/withdraw`, { reason: '审计测试撤销' }),
      'POST /api/calendar/import': () => t.request('POST', '/api/calendar/import', { cookie: admin, body: { year: 2030, days: [{ name: '元旦', date: '2030-01-01', isOffDay: true }] } }),
      'PUT /api/calendar/days/:date': () => t.request('PUT', '/api/calendar/days/2030-01-02', { cookie: admin, body: { isOffDay: true, name: '调整' } }),
      'DELETE /api/calendar/days/:date': () => t.request('DELETE', '/api/calendar/days/2030-01-02', { cookie: admin }),
      'PUT /api/calendar/years/:year': () => t.request('PUT', '/api/calendar/years/2030', { cookie: admin, body: { published: true } }),
      'POST /api/applications': async () => {
        const response = await t.request('POST', '/api/applications', { cookie: eduAdmin, body: await freshResourceBody() });
        applicationId = response.json().id;
        return response;
      },
      'POST /api/applications/:id/documents': () =>
        t.request('POST', `/api/applications/${applicationId}/documents?filename=x.pdf&category=evidence`, { cookie: eduAdmin, body: pdfBytes(), headers: { 'content-type': 'application/pdf' } }),
      'POST /api/applications/:id/approve': async () => t.request('POST', `/api/applications/${await freshApplication()}/approve`, { cookie: await t.login('res-admin'), body: {} }),
      'POST /api/applications/:id/reject': async () => t.request('POST', `/api/applications/${await freshApplication()}/reject`, { cookie: await t.login('res-admin'), body: { reason: '不予通过' } }),
      'POST /api/applications/:id/return': async () => {
        returnedId = await freshApplication();
        return t.request('POST', `/api/applications/${returnedId}/return`, { cookie: await t.login('res-admin'), body: { to: 'applicant', comment: '补充材料' } });
      },
      'POST /api/applications/:id/resubmit': () => t.request('POST', `/api/applications/${returnedId}/resubmit`, { cookie: eduAdmin, body: {} }),
      'POST /api/applications/:id/withdraw': async () => t.request('POST', `/api/applications/${await freshApplication()}/withdraw`, { cookie: eduAdmin, body: {} }),
      'POST /api/systems': () => t.request('POST', '/api/systems', { cookie: eduAdmin, body: { name: '审计测试系统', purpose: 'x', mlpsLevel: 2, constructionType: 'new', ownerName: 'x', ownerPhone: '02100000' } }),
      'PATCH /api/systems/:id': () => t.request('PATCH', `/api/systems/${system.id}`, { cookie: eduAdmin, body: { purpose: '更新用途' } }),
      'POST /api/systems/:id/projects': () => t.request('POST', `/api/systems/${system.id}/projects`, { cookie: eduAdmin, body: projectBody([itemId!]) }),
      'PATCH /api/projects/:id': () => t.request('PATCH', `/api/projects/${project.id}`, { cookie: eduAdmin, body: { approvingBody: '区财政局' } }),
      'POST /api/projects/:id/documents': async () => {
        const response = await uploadDocument(t, eduAdmin, project.id);
        documentId = response.json().id;
        return response;
      },
      'DELETE /api/documents/:id': () => t.request('DELETE', `/api/documents/${documentId}`, { cookie: eduAdmin }),
      'POST /api/auth/login': () => t.request('POST', '/api/auth/login', { body: { username: 'chief', password: 'Yunshu@Demo2026' } }),
      'POST /api/auth/password': () => t.request('POST', '/api/auth/password', { cookie: sessionCookie, body: { currentPassword: created.initialPassword, newPassword: 'Orchard#Window2026' } }),
      'POST /api/units': () =>
        t.request('POST', '/api/units', {
          cookie: admin,
          body: { name: '青浦区审计测试局', type: 'user_unit', category: 'bureau', creditCode: `11310118MB0099999${creditCodeCheckCharacter('11310118MB0099999')}`, contactName: '测', contactPhone: '021-12345678', districtBudget: true },
        }),
      'PATCH /api/units/:id': () => t.request('PATCH', `/api/units/${eduUnitId}`, { cookie: admin, body: { contactName: '李老师（新）' } }),
      'POST /api/users': () => t.request('POST', '/api/users', { cookie: admin, body: { username: 'audited2', displayName: '二', unitId: eduUnitId, roles: [] } }),
      'PATCH /api/users/:id': () => t.request('PATCH', `/api/users/${userId}`, { cookie: admin, body: { phone: '13800000000' } }),
      'PUT /api/users/:id/roles': () => t.request('PUT', `/api/users/${userId}/roles`, { cookie: admin, body: { roles: ['unit_admin'] } }),
      'POST /api/users/:id/disable': () => t.request('POST', `/api/users/${userId}/disable`, { cookie: admin }),
      'POST /api/users/:id/enable': () => t.request('POST', `/api/users/${userId}/enable`, { cookie: admin }),
      'POST /api/users/:id/reset-password': () => t.request('POST', `/api/users/${userId}/reset-password`, { cookie: admin }),
      'POST /api/users/:id/unlock': () => t.request('POST', `/api/users/${userId}/unlock`, { cookie: security }),
      'DELETE /api/security/sessions/:id': async () => {
        await t.login('chief');
        const [session] = (await t.ownerQuery(
          `SELECT id FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'chief') AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1`,
        )) as { id: string }[];
        return t.request('DELETE', `/api/security/sessions/${session!.id}`, { cookie: security });
      },
      'POST /api/notifications/:id/read': async () => {
        const [note] = (await t.ownerQuery(
          `INSERT INTO notifications (user_id, kind, title_zh, title_en, body_zh, body_en) SELECT id, 'test', '测试', 'Test', '测试', 'Test' FROM users WHERE username = 'leader' RETURNING id`,
        )) as { id: string }[];
        return t.request('POST', `/api/notifications/${note!.id}/read`, { cookie: await t.login('leader') });
      },
      'POST /api/notifications/read-all': async () => t.request('POST', '/api/notifications/read-all', { cookie: await t.login('leader') }),
      'POST /api/auth/logout': async () => t.request('POST', '/api/auth/logout', { cookie: await t.login('res-admin') }),
    };
    const mutating = apiRoutes.filter((r) => r.method !== 'GET');
    assert.deepEqual(mutating.map((r) => `${r.method} ${r.url}`).sort(), Object.keys(calls).sort(), 'a call for every state-changing route');
    for (const route of mutating) {
      const key = `${route.method} ${route.url}`;
      const before = ((await t.ownerQuery(`SELECT count(*)::int AS count FROM audit_log WHERE action = '${route.auditAction}'`)) as { count: number }[])[0]!.count;
      const response = await calls[key]!();
      assert.ok(response.statusCode < 300, `${key} → ${response.statusCode} ${response.body}`);
      const rows = (await t.ownerQuery(`SELECT * FROM audit_log WHERE action = '${route.auditAction}' ORDER BY seq DESC`)) as Record<string, any>[];
      assert.equal(rows.length, before + 1, `${key}: exactly one new ${route.auditAction} record`);
      const record = rows[0]!;
      assert.equal(record.result, 'success', key);
      assert.ok(record.actor_username, `${key}: actor`);
      assert.ok(record.source_ip, `${key}: source IP`);
      assert.ok(record.request_id, `${key}: request id`);
      assert.ok(record.object_id, `${key}: object`);
      assert.ok(record.unit_name, `${key}: unit`);
    }
  });

  test('a refused change is audited as a failure with its reason, and changes nothing', async () => {
    const unitCookie = await t.login('edu-admin');
    const response = await t.request('POST', '/api/units', { cookie: unitCookie, body: { name: 'x' } });
    assert.equal(response.statusCode, 403);
    const record = await lastAudit();
    assert.equal(record.action, 'unit.create');
    assert.equal(record.result, 'failure');
    assert.equal(record.reason, 'forbidden');
    assert.equal(record.actor_username, 'edu-admin');
  });

  test('when the audit record cannot be written, the change is rolled back', async () => {
    // A real fault in the audit table: a constraint that refuses this one action.
    await t.ownerQuery(`ALTER TABLE audit_log ADD CONSTRAINT test_refuse_unit_update CHECK (NOT (action = 'unit.update' AND result = 'success')) NOT VALID`);
    try {
      const before = (await t.request('GET', `/api/units/${eduUnitId}`, { cookie: admin })).json();
      const response = await t.request('PATCH', `/api/units/${eduUnitId}`, { cookie: admin, body: { contactName: '不应保存' } });
      assert.equal(response.statusCode, 500);
      const afterwards = (await t.request('GET', `/api/units/${eduUnitId}`, { cookie: admin })).json();
      assert.equal(afterwards.contactName, before.contactName);
      const record = await lastAudit();
      assert.equal(record.action, 'unit.update');
      assert.equal(record.result, 'failure', 'the failure itself is still recorded');
    } finally {
      await t.ownerQuery(`ALTER TABLE audit_log DROP CONSTRAINT test_refuse_unit_update`);
    }
  });

  test('the application role can neither update nor delete audit records, and the trigger stops even the owner', async () => {
    const { sql } = await import('kysely');
    await assert.rejects(
      t.platform.db.tx({ scope: 'all', unitId: null, userId: null }, (trx) => sql`UPDATE audit_log SET reason = 'x'`.execute(trx)),
      /permission denied|append-only/,
    );
    await assert.rejects(
      t.platform.db.tx({ scope: 'all', unitId: null, userId: null }, (trx) => sql`DELETE FROM audit_log`.execute(trx)),
      /permission denied|append-only/,
    );
    await assert.rejects(t.ownerQuery(`DELETE FROM audit_log WHERE seq = 1`), /append-only/);
    await assert.rejects(t.ownerQuery(`TRUNCATE audit_log`), /append-only/);
  });

  test('a record whose detail JSON rewrites (undefined in arrays, Buffers, toJSON) still verifies', async () => {
    await t.platform.db.tx({ scope: 'system', unitId: null, userId: null }, (trx) =>
      t.platform.auditLog.append(trx, {
        actorId: null, actorUsername: 'system', actorRoles: [], unitId: null, unitName: null, sourceIp: null,
        action: 'test.awkward_detail', objectType: null, objectId: null, result: 'success', reason: null, requestId: null,
        detail: { list: [1, undefined, 2], bytes: Buffer.from('ab'), when: new Date(0), skip: undefined, nested: { b: 1, a: [undefined] } },
      }),
    );
    const auditor = await t.login('auditadmin');
    assert.equal((await t.request('GET', '/api/audit/verify', { cookie: auditor })).json().ok, true);
  });

  test('verify finds the first edited record and the first record after a deletion', async () => {
    const auditor = await t.login('auditadmin');
    const intact = (await t.request('GET', '/api/audit/verify', { cookie: auditor })).json();
    assert.equal(intact.ok, true);
    assert.ok(intact.checked > 10);
    await t.ownerQuery(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      const [victim] = (await t.ownerQuery(`SELECT seq FROM audit_log ORDER BY seq OFFSET 5 LIMIT 1`)) as { seq: string }[];
      await t.ownerQuery(`UPDATE audit_log SET reason = 'covered up' WHERE seq = ${victim!.seq}`);
      const edited = (await t.request('GET', '/api/audit/verify', { cookie: auditor })).json();
      assert.equal(edited.ok, false);
      assert.equal(edited.firstBrokenSeq, victim!.seq);
      assert.match(edited.reason, /edited/);

      await t.ownerQuery(`UPDATE audit_log SET reason = NULL WHERE seq = ${victim!.seq}`);
      assert.equal((await t.request('GET', '/api/audit/verify', { cookie: auditor })).json().ok, true, 'restored');
      const [gone, next] = (await t.ownerQuery(`SELECT seq FROM audit_log ORDER BY seq OFFSET 3 LIMIT 2`)) as { seq: string }[];
      await t.ownerQuery(`DELETE FROM audit_log WHERE seq = ${gone!.seq}`);
      const deleted = (await t.request('GET', '/api/audit/verify', { cookie: auditor })).json();
      assert.equal(deleted.ok, false);
      assert.equal(deleted.firstBrokenSeq, next!.seq);
      assert.match(deleted.reason, /removed or inserted/);
    } finally {
      await t.ownerQuery(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
  });

  test('the audit administrator searches, filters and exports to Excel', async () => {
    const auditor = await t.login('auditadmin');
    const page = (await t.request('GET', '/api/audit?action=auth.login&result=failure&pageSize=5', { cookie: auditor })).json();
    assert.ok(page.items.every((r: { action: string; result: string }) => r.action === 'auth.login' && r.result === 'failure'));
    const exported = await t.request('GET', '/api/audit/export?action=user.', { cookie: auditor });
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-type']), /spreadsheetml/);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as never);
    const sheet = workbook.getWorksheet('审计日志')!;
    assert.equal(sheet.getRow(1).getCell(2).value, '时间（北京时间）');
    assert.ok(sheet.rowCount > 2);
    for (let i = 2; i <= sheet.rowCount; i++) assert.match(String(sheet.getRow(i).getCell(7).value), /^user\./);
    assert.equal((await lastAudit()).action, 'audit.export');
  });
});

