/**
 * Route × role matrix, exhaustively: every API route against every role (and no role, and no
 * session). The expected table is written out here by hand — the intended policy — and compared with
 * what the server answers, so a change to the permission table shows up as a failing cell.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES, type Role } from '@yunshu/shared/roles';
import { apiRoutes } from '../src/app.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

const ALL: readonly Role[] = ROLES;
/** Unit staff for their own unit (QP-19), the operator's estate managers for any unit. */
/** Whoever holds a step of some approval chain (QP-9, QP-12, SJ-11, SJ-19). */
const APPROVERS: readonly Role[] = ['authority_reviewer', 'operator_resource_admin', 'operator_section_chief', 'operator_leader'];
/** User units apply; providers submit their optimization plans (SJ-19). */
const SUBMITTERS: readonly Role[] = ['unit_applicant', 'unit_admin', 'provider_engineer'];
const SYSTEM_MANAGERS: readonly Role[] = ['operator_resource_admin', 'operator_section_chief', 'unit_applicant', 'unit_admin'];
/** Platforms, the catalog and price books are district-wide: everyone reads, the operator's estate managers change them. */
const ESTATE_MANAGERS: readonly Role[] = ['operator_resource_admin', 'operator_section_chief'];
/** A unit keeps its systems' security record (QP-22, SJ-18); the operator may keep it with them. */
const SECURITY_MANAGERS: readonly Role[] = SYSTEM_MANAGERS;
/** The operator's supervision: verifying fixes, issuing notices (QP-21, QP-24). */
const SECURITY_SUPERVISORS: readonly Role[] = ESTATE_MANAGERS;
/** Units and providers report faults (QP-16, SJ-19), the operator too; providers and the operator handle them. */
const FAULT_REPORTERS: readonly Role[] = [...SYSTEM_MANAGERS, 'provider_engineer'];
const FAULT_HANDLERS: readonly Role[] = [...ESTATE_MANAGERS, 'provider_engineer'];
/** Missing daily inspection reports (SJ-19): the operator supervises, a provider watches its own platforms. */
const INSPECTION_SUPERVISORS: readonly Role[] = [...ESTATE_MANAGERS, 'provider_engineer'];
/** The monthly sync to the big-data platform (QP-15): the operator runs it, the authority reads it. */
const DATASYNC_READERS: readonly Role[] = [...ESTATE_MANAGERS, 'operator_leader', 'authority_reviewer'];
const EXPECTED: Record<string, 'public' | 'signed-in' | readonly Role[]> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed-in',
  'POST /api/auth/password': 'signed-in',
  'GET /api/me': 'signed-in',
  'GET /api/policy': ALL,
  'GET /api/roles': 'signed-in',
  'GET /api/units': ALL,
  'GET /api/units/:id': ALL,
  'POST /api/units': ['system_admin'],
  'PATCH /api/units/:id': ['system_admin'],
  'GET /api/units/:id/users': ['unit_admin', 'system_admin', 'security_admin'],
  'GET /api/users': ['unit_admin', 'system_admin', 'security_admin'],
  'GET /api/users/:id': ['unit_admin', 'system_admin', 'security_admin'],
  'POST /api/users': ['system_admin'],
  'PATCH /api/users/:id': ['system_admin'],
  'PUT /api/users/:id/roles': ['system_admin'],
  'POST /api/users/:id/disable': ['system_admin'],
  'POST /api/users/:id/enable': ['system_admin'],
  'POST /api/users/:id/reset-password': ['system_admin'],
  'POST /api/users/:id/unlock': ['security_admin'],
  'GET /api/security/sessions': ['security_admin'],
  'DELETE /api/security/sessions/:id': ['security_admin'],
  'GET /api/systems': ALL,
  'GET /api/systems/:id': ALL,
  'GET /api/systems/:id/projects': ALL,
  'GET /api/systems/:id/quota-usage': ALL,
  'GET /api/projects/:id': ALL,
  'GET /api/documents/:id': ALL,
  'POST /api/systems': SYSTEM_MANAGERS,
  'PATCH /api/systems/:id': SYSTEM_MANAGERS,
  'POST /api/systems/:id/projects': SYSTEM_MANAGERS,
  'PATCH /api/projects/:id': SYSTEM_MANAGERS,
  'POST /api/projects/:id/documents': SYSTEM_MANAGERS,
  'DELETE /api/documents/:id': SYSTEM_MANAGERS,
  'GET /api/platforms': ALL,
  'GET /api/platforms/:id': ALL,
  'POST /api/platforms': ESTATE_MANAGERS,
  'PATCH /api/platforms/:id': ESTATE_MANAGERS,
  'PUT /api/platforms/:id/credentials': ESTATE_MANAGERS,
  'POST /api/platforms/:id/test-connection': ESTATE_MANAGERS,
  'POST /api/platforms/:id/disable': ESTATE_MANAGERS,
  'POST /api/platforms/:id/enable': ESTATE_MANAGERS,
  'GET /api/catalog/items': ALL,
  'GET /api/catalog/items/:id': ALL,
  'POST /api/catalog/items': ESTATE_MANAGERS,
  'PATCH /api/catalog/items/:id': ESTATE_MANAGERS,
  'DELETE /api/catalog/items/:id': ESTATE_MANAGERS,
  'POST /api/catalog/estimate': ALL,
  'GET /api/price-books': ALL,
  'GET /api/price-books/:id': ALL,
  'GET /api/price-books/:id/prices': ALL,
  'GET /api/price-books/:id/changes': ALL,
  'GET /api/price-books/:id/template': ALL,
  'GET /api/price-books/:id/export': ALL,
  'POST /api/price-books': ESTATE_MANAGERS,
  'PATCH /api/price-books/:id': ESTATE_MANAGERS,
  'POST /api/price-books/:id/prices': ESTATE_MANAGERS,
  'POST /api/price-books/:id/import': ESTATE_MANAGERS,
  'GET /api/prices/:id': ALL,
  'PATCH /api/prices/:id': ESTATE_MANAGERS,
  'POST /api/prices/:id/withdraw': ESTATE_MANAGERS,
  'GET /api/calendar/years': ALL,
  'GET /api/calendar/years/:year/days': ALL,
  'GET /api/calendar/deadline': ALL,
  'POST /api/calendar/import': ['system_admin'],
  'PUT /api/calendar/days/:date': ['system_admin'],
  'DELETE /api/calendar/days/:date': ['system_admin'],
  'PUT /api/calendar/years/:year': ['system_admin'],
  'GET /api/applications': ALL,
  'GET /api/applications/:id': ALL,
  'GET /api/applications/pending': APPROVERS,
  'POST /api/applications': SUBMITTERS,
  'POST /api/applications/:id/approve': APPROVERS,
  'POST /api/applications/:id/reject': APPROVERS,
  'POST /api/applications/:id/return': APPROVERS,
  'POST /api/applications/:id/resubmit': SUBMITTERS,
  'POST /api/applications/:id/withdraw': SUBMITTERS,
  'POST /api/applications/:id/documents': SUBMITTERS,
  'GET /api/applications/sla': ['authority_reviewer', 'operator_resource_admin', 'operator_section_chief', 'operator_leader'],
  'GET /api/resources': ALL,
  'GET /api/resources/:id': ALL,
  'GET /api/resources/:id/utilization': ALL,
  'GET /api/efficiency/trend': ALL,
  'GET /api/efficiency/monitoring-gaps': ALL,
  'GET /api/efficiency/findings': ALL,
  'GET /api/efficiency/findings/by-unit': ALL,
  'POST /api/efficiency/findings/run': ESTATE_MANAGERS,
  'GET /api/rectification-cases': ALL,
  'GET /api/rectification-cases/:id': ALL,
  'POST /api/rectification-cases/:id/warning': ESTATE_MANAGERS,
  'POST /api/rectification-cases/:id/review': ['authority_reviewer'],
  'POST /api/rectification-cases/:id/response': ['unit_admin'],
  'POST /api/rectification-cases/:id/close': ESTATE_MANAGERS,
  'POST /api/rectification-cases/:id/escalate': ESTATE_MANAGERS,
  'POST /api/rectification-cases/:id/stop': ESTATE_MANAGERS,
  'POST /api/rectification-cases/:id/consent': ['authority_reviewer'],
  'POST /api/resources/:id/stop': [...ESTATE_MANAGERS, 'unit_admin'],
  'POST /api/resources/:id/start': [...ESTATE_MANAGERS, 'unit_admin'],
  'POST /api/resources/:id/retry': ESTATE_MANAGERS,
  'GET /api/resource-events': ALL,
  'GET /api/work-orders': ALL,
  'POST /api/work-orders/:id/complete': ['provider_engineer'],
  'GET /api/inventory/findings': [...ESTATE_MANAGERS, 'authority_reviewer', 'operator_leader'],
  'POST /api/inventory/findings/:id/acknowledge': ESTATE_MANAGERS,
  'GET /api/inventory/syncs': [...ESTATE_MANAGERS, 'authority_reviewer', 'operator_leader'],
  'POST /api/platforms/:id/inventory-sync': ESTATE_MANAGERS,
  'GET /api/billing/months': ALL,
  'POST /api/billing/months/:month/rate': ESTATE_MANAGERS,
  'POST /api/billing/months/:month/confirm': ESTATE_MANAGERS,
  'GET /api/billing/summary': ALL,
  'POST /api/billing/corrections': ESTATE_MANAGERS,
  'GET /api/billing/statements': ALL,
  'GET /api/billing/statements/:id': ALL,
  'GET /api/billing/statements/:id/lines/:lineNo': ALL,
  'GET /api/billing/months/:month/focus.csv': ALL,
  'GET /api/billing/months/:month/statements.xlsx': ALL,
  'GET /api/datasync/deliveries': DATASYNC_READERS,
  'GET /api/datasync/deliveries/:id': DATASYNC_READERS,
  'GET /api/datasync/deliveries/:id/payload.json': DATASYNC_READERS,
  'GET /api/datasync/deliveries/:id/usage.csv': DATASYNC_READERS,
  'POST /api/datasync/deliveries/:id/resend': ESTATE_MANAGERS,
  'POST /api/datasync/months/:month': ESTATE_MANAGERS,
  'GET /api/settlements': [...ESTATE_MANAGERS, 'operator_leader', 'authority_reviewer', 'auditor'],
  'GET /api/settlements/:id': [...ESTATE_MANAGERS, 'operator_leader', 'authority_reviewer', 'auditor'],
  'GET /api/settlements/:id/summary.pdf': [...ESTATE_MANAGERS, 'operator_leader', 'authority_reviewer', 'auditor'],
  'GET /api/settlements/:id/export.xlsx': [...ESTATE_MANAGERS, 'operator_leader', 'authority_reviewer', 'auditor'],
  'POST /api/settlements': ESTATE_MANAGERS,
  'POST /api/settlements/:id/submit': ESTATE_MANAGERS,
  'PUT /api/settlements/:id/supervision-budget': ESTATE_MANAGERS,
  'POST /api/settlements/:id/adjustments': ['auditor'],
  'POST /api/settlements/:id/complete-audit': ['auditor'],
  'POST /api/settlements/:id/approve': ['authority_reviewer'],
  'GET /api/security/mlps-status': ALL,
  'GET /api/systems/:id/security': ALL,
  'PUT /api/systems/:id/mlps': SECURITY_MANAGERS,
  'GET /api/systems/:id/assessments': ALL,
  'POST /api/systems/:id/assessments': SECURITY_MANAGERS,
  'PATCH /api/rectification-items/:id': SECURITY_MANAGERS,
  'GET /api/systems/:id/vulnerabilities': ALL,
  'POST /api/systems/:id/vulnerabilities': SECURITY_MANAGERS,
  'POST /api/vulnerabilities/:id/fix': SECURITY_MANAGERS,
  'POST /api/vulnerabilities/:id/verify': SECURITY_SUPERVISORS,
  'GET /api/security/vulnerability-stats': ALL,
  'GET /api/systems/:id/incidents': ALL,
  'POST /api/systems/:id/incidents': SECURITY_MANAGERS,
  'POST /api/systems/:id/notices': SECURITY_SUPERVISORS,
  'PATCH /api/incidents/:id': SECURITY_MANAGERS,
  'GET /api/security/activities': ALL,
  'POST /api/security/activities': SECURITY_MANAGERS,
  'GET /api/systems/:id/go-live': ALL,
  'POST /api/systems/:id/go-live-checks': SECURITY_MANAGERS,
  'POST /api/go-live-checks/:id/documents': SECURITY_MANAGERS,
  'POST /api/systems/:id/go-live': SECURITY_MANAGERS,
  'GET /api/security/signing-keys': ALL,
  'POST /api/security/signing-keys': ['unit_admin'],
  'GET /api/systems/:id/commitment-letter': ALL,
  'POST /api/systems/:id/commitment-letter': SECURITY_MANAGERS,
  'POST /api/systems/:id/commitment-letter/scan': SECURITY_MANAGERS,
  'POST /api/systems/:id/commitment-letter/signature': ['unit_admin'],
  'GET /api/systems/:id/commitment-letter/verify': ALL,
  'GET /api/ops/inspections': ALL,
  'GET /api/ops/inspections/missing': INSPECTION_SUPERVISORS,
  'GET /api/ops/inspections/:id': ALL,
  'POST /api/ops/inspections': ['provider_engineer'],
  'GET /api/ops/faults': ALL,
  'GET /api/ops/faults/:id': ALL,
  'POST /api/ops/faults': FAULT_REPORTERS,
  'POST /api/ops/faults/:id/respond': FAULT_HANDLERS,
  'POST /api/ops/faults/:id/resolve': FAULT_HANDLERS,
  'GET /api/ops/fault-sla': ALL,
  'GET /api/evaluations': ALL,
  'GET /api/evaluations/:year': ALL,
  'POST /api/evaluations/:year/run': ESTATE_MANAGERS,
  'POST /api/evaluations/:year/adjustments': ESTATE_MANAGERS,
  'POST /api/evaluations/:year/publish': ['authority_reviewer'],
  'GET /api/evaluations/:year/export.xlsx': ALL,
  'GET /api/evaluations/:year/units/:id/report.pdf': ALL,
  'GET /api/units/:id/evaluation-grade': ALL,
  'GET /api/rectification-requirements': ALL,
  'POST /api/evaluations/:year/rectification-requirements': ['authority_reviewer'],
  'POST /api/rectification-requirements/:id/respond': ['unit_admin'],
  'POST /api/rectification-requirements/:id/close': ['authority_reviewer'],
  'GET /api/notifications': 'signed-in',
  'GET /api/notifications/unread-count': 'signed-in',
  'POST /api/notifications/:id/read': 'signed-in',
  'POST /api/notifications/read-all': 'signed-in',
  'GET /api/audit': ['audit_admin'],
  'GET /api/audit/export': ['audit_admin'],
  'GET /api/audit/verify': ['audit_admin'],
};

/** One demo account per role (the demo district has every role). */
const ACCOUNT_OF: Record<Role, string> = {
  authority_reviewer: 'authority',
  operator_resource_admin: 'res-admin',
  operator_section_chief: 'chief',
  operator_leader: 'leader',
  unit_applicant: 'edu-applicant',
  unit_admin: 'edu-admin',
  provider_engineer: 'provider',
  auditor: 'auditor',
  system_admin: 'sysadmin',
  security_admin: 'secadmin',
  audit_admin: 'auditadmin',
};

// A well-formed id nobody has: an allowed caller gets 404 or 400, a refused one 403, and nothing changes.
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const keyOf = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

describe('route × role permission matrix', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  test('every route has an expected row and every row a route', () => {
    assert.deepEqual(apiRoutes.map(keyOf).sort(), Object.keys(EXPECTED).sort());
  });

  const call = (route: { method: string; url: string }, cookie?: string) =>
    t.request(route.method, route.url.replace(':id', UNKNOWN_ID).replace(':year', '2099').replace(':date', '2099-01-01'), { ...(cookie ? { cookie } : {}), ...(route.method === 'GET' ? {} : { body: {} }) });

  for (const role of [...ROLES, null] as const) {
    test(`${role ?? 'a user with no role'}: allowed routes answer, others 403`, async () => {
      let cookie: string;
      if (role) {
        cookie = await t.login(ACCOUNT_OF[role]);
      } else {
        const admin = await t.login('sysadmin');
        const units = (await t.request('GET', '/api/units?type=user_unit', { cookie: admin })).json();
        const created = (await t.request('POST', '/api/users', { cookie: admin, body: { username: 'no-role', displayName: '无角色', unitId: units.items[0].id, roles: [] } })).json();
        cookie = await t.login('no-role', created.initialPassword);
        const strong = 'Matrix#Password2026';
        assert.equal((await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: created.initialPassword, newPassword: strong } })).statusCode, 204);
      }
      const mismatches: string[] = [];
      // Sign-out last: it ends the session the other calls use.
      const routes = [...apiRoutes].sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
      for (const route of routes) {
        const expected = EXPECTED[keyOf(route)];
        const allowed = expected === 'public' || expected === 'signed-in' || (role !== null && expected!.includes(role));
        const response = await call(route, cookie);
        const refused = response.statusCode === 403;
        if (allowed === refused || response.statusCode === 401 || response.statusCode >= 500) {
          mismatches.push(`${keyOf(route)} → ${response.statusCode} (expected ${allowed ? 'allowed' : '403'})`);
        }
      }
      assert.deepEqual(mismatches, []);
    });
  }

  test('without a session every non-public route answers 401', async () => {
    const wrong: string[] = [];
    for (const route of apiRoutes) {
      const response = await call(route);
      const expected = EXPECTED[keyOf(route)] === 'public' ? 'not 401' : 401;
      if ((expected === 401) !== (response.statusCode === 401)) wrong.push(`${keyOf(route)} → ${response.statusCode}`);
    }
    assert.deepEqual(wrong, []);
  });
});
