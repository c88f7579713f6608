/**
 * Tenant isolation (QP-19), enforced twice: the application answers 404 for another unit's objects,
 * and PostgreSQL row-level security hides them even from a query that forgets to filter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { apiRoutes } from '../src/app.ts';
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

  test('the tenant-scoped routes are the ones expected', () => {
    assert.deepEqual(tenantRoutes.map((r) => `${r.method} ${r.url}`).sort(), ['GET /api/units/:id', 'GET /api/units/:id/users', 'GET /api/users/:id']);
  });

  for (const route of apiRoutes.filter((r) => r.tenantScoped)) {
    test(`${route.method} ${route.url}: another unit's object answers 404, one's own 200`, async () => {
      const foreignId = route.url.startsWith('/api/users') ? healthUserId : healthUnitId;
      const ownId = route.url.startsWith('/api/users') ? eduUserId : eduUnitId;
      const foreign = await t.request(route.method, route.url.replace(':id', foreignId), { cookie: eduCookie });
      assert.equal(foreign.statusCode, 404, foreign.body);
      assert.equal(foreign.json().error.code, 'not_found');
      const own = await t.request(route.method, route.url.replace(':id', ownId), { cookie: eduCookie });
      assert.equal(own.statusCode, 200, own.body);
    });
  }

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
      whoami: (await sql<{ user: string; bypass: boolean; superuser: boolean }>`SELECT current_user AS user, r.rolbypassrls AS bypass, r.rolsuper AS superuser FROM pg_roles r WHERE r.rolname = current_user`.execute(trx)).rows[0],
    }));
    assert.deepEqual(rows.units.map((u) => u.id), [eduUnitId]);
    assert.ok(rows.users.length > 0 && rows.users.every((u) => u.unit_id === eduUnitId));
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
