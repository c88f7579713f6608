/** Sign-in, lockout, session expiry and sign-out, one-time passwords and 三员 separation. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from './harness.ts';

describe('sign-in and sessions', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ LOCKOUT_THRESHOLD: '3', LOCKOUT_MINUTES: '15', SESSION_IDLE_MINUTES: '20', SESSION_ABSOLUTE_HOURS: '8' });
  });
  after(() => t.close());

  test('a correct password signs in and /api/me names the user, unit, roles and permissions', async () => {
    const cookie = await t.login('res-admin');
    const me = (await t.request('GET', '/api/me', { cookie })).json();
    assert.equal(me.username, 'res-admin');
    assert.equal(me.unit.type, 'operator');
    assert.deepEqual(me.roles, ['operator_resource_admin']);
    assert.ok(me.permissions.includes('policy:read'));
    assert.equal(me.scope, 'all');
  });

  test('a wrong password answers 401 in both languages, the same as an unknown user', async () => {
    const wrong = await t.request('POST', '/api/auth/login', { body: { username: 'chief', password: 'not-the-password' } });
    const unknown = await t.request('POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'not-the-password' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().error.code, 'invalid_credentials');
    assert.equal(wrong.json().error.message, unknown.json().error.message);
    assert.match(wrong.json().error.message, /用户名或口令错误/);
    assert.match(wrong.json().error.messageEn, /Wrong username or password/);
  });

  test('repeated failures lock the account for the configured time, even against the right password', async () => {
    for (let i = 0; i < 2; i++) {
      assert.equal((await t.request('POST', '/api/auth/login', { body: { username: 'leader', password: 'wrong' } })).statusCode, 401);
    }
    const third = await t.request('POST', '/api/auth/login', { body: { username: 'leader', password: 'wrong' } });
    assert.equal(third.statusCode, 423);
    assert.equal(third.json().error.code, 'account_locked');
    const until = new Date(third.json().error.details.lockedUntil).getTime();
    assert.ok(Math.abs(until - (Date.now() + 15 * 60_000)) < 60_000, 'locked for LOCKOUT_MINUTES');
    const rightPassword = await t.request('POST', '/api/auth/login', { body: { username: 'leader', password: 'Yunshu@Demo2026' } });
    assert.equal(rightPassword.statusCode, 423);

    const audit = await t.ownerQuery(`SELECT action, result FROM audit_log WHERE actor_username = 'leader' ORDER BY seq`);
    assert.deepEqual(audit, [
      { action: 'auth.login', result: 'failure' },
      { action: 'auth.login', result: 'failure' },
      { action: 'auth.lockout', result: 'success' },
      { action: 'auth.login', result: 'failure' },
      { action: 'auth.login', result: 'failure' },
    ]);

    const security = await t.login('secadmin');
    const locked = (await t.request('GET', '/api/users?status=locked', { cookie: security })).json();
    const leader = locked.items.find((u: { username: string }) => u.username === 'leader');
    assert.equal(leader.status, 'locked');
    assert.equal((await t.request('POST', `/api/users/${leader.id}/unlock`, { cookie: security })).statusCode, 200);
    assert.ok(await t.login('leader'));
  });

  test('sign-out ends the session on the server: the old cookie no longer works', async () => {
    const cookie = await t.login('chief');
    assert.equal((await t.request('GET', '/api/me', { cookie })).statusCode, 200);
    assert.equal((await t.request('POST', '/api/auth/logout', { cookie })).statusCode, 204);
    const after = await t.request('GET', '/api/me', { cookie });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'unauthenticated');
  });

  test('a session idle longer than the idle timeout ends', async () => {
    const cookie = await t.login('authority');
    await t.ownerQuery(`UPDATE sessions SET last_seen_at = now() - interval '21 minutes' WHERE ended_at IS NULL AND user_id = (SELECT id FROM users WHERE username = 'authority')`);
    assert.equal((await t.request('GET', '/api/me', { cookie })).statusCode, 401);
    const [row] = (await t.ownerQuery(`SELECT end_reason FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'authority') ORDER BY created_at DESC LIMIT 1`)) as { end_reason: string }[];
    assert.equal(row!.end_reason, 'idle_timeout');
  });

  test('a session past its absolute lifetime ends even while active', async () => {
    const cookie = await t.login('provider');
    await t.ownerQuery(`UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE ended_at IS NULL AND user_id = (SELECT id FROM users WHERE username = 'provider')`);
    assert.equal((await t.request('GET', '/api/me', { cookie })).statusCode, 401);
  });

  test('a session within both limits lasts, and its absolute expiry is the configured hours', async () => {
    const cookie = await t.login('auditor');
    assert.equal((await t.request('GET', '/api/me', { cookie })).statusCode, 200);
    const [row] = (await t.ownerQuery(`SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM sessions WHERE ended_at IS NULL AND user_id = (SELECT id FROM users WHERE username = 'auditor')`)) as { seconds: number }[];
    assert.ok(Math.abs(row!.seconds - 8 * 3600) <= 2);
  });
});

describe('accounts created by the system administrator', () => {
  let t: TestPlatform;
  let admin: string;
  let operatorUnitId: string;
  let eduUnitId: string;
  before(async () => {
    t = await startTestPlatform();
    admin = await t.login('sysadmin');
    const units = (await t.request('GET', '/api/units?pageSize=200', { cookie: admin })).json().items as { id: string; type: string; name: string }[];
    operatorUnitId = units.find((u) => u.type === 'operator')!.id;
    eduUnitId = units.find((u) => u.name.endsWith('教育局'))!.id;
  });
  after(() => t.close());

  test('a new account must replace its one-time password before doing anything else', async () => {
    const created = await t.request('POST', '/api/users', { cookie: admin, body: { username: 'new.clerk', displayName: '新科员', unitId: eduUnitId, roles: ['unit_applicant'] } });
    assert.equal(created.statusCode, 201, created.body);
    const { initialPassword, user } = created.json();
    assert.equal(user.mustChangePassword, true);
    const cookie = await t.login('new.clerk', initialPassword);
    const blocked = await t.request('GET', '/api/units', { cookie });
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().error.code, 'password_change_required');
    const weak = await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: initialPassword, newPassword: 'short1A' } });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.code, 'password_too_weak');
    assert.equal(weak.json().error.fields[0].path, 'newPassword');
    const withName = await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: initialPassword, newPassword: 'New.Clerk#2026xyz' } });
    assert.equal(withName.json().error.code, 'password_too_weak');
    assert.match(withName.json().error.message, /不得包含用户名/);
    const ok = await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: initialPassword, newPassword: 'Harbour#Lantern2026' } });
    assert.equal(ok.statusCode, 204, ok.body);
    assert.equal((await t.request('GET', '/api/units', { cookie })).statusCode, 200);
  });

  test('三员分立: a second one of the system/security/audit administrator roles is refused', async () => {
    const created = (await t.request('POST', '/api/users', { cookie: admin, body: { username: 'sec2', displayName: '安全员二', unitId: operatorUnitId, roles: ['security_admin'] } })).json();
    const both = await t.request('PUT', `/api/users/${created.user.id}/roles`, { cookie: admin, body: { roles: ['security_admin', 'audit_admin'] } });
    assert.equal(both.statusCode, 409);
    assert.equal(both.json().error.code, 'separation_of_duties');
    assert.match(both.json().error.message, /三员分立/);
    const atCreation = await t.request('POST', '/api/users', { cookie: admin, body: { username: 'triple', displayName: '三合一', unitId: operatorUnitId, roles: ['system_admin', 'security_admin'] } });
    assert.equal(atCreation.statusCode, 409);
    assert.equal((await t.request('GET', `/api/users?q=triple`, { cookie: admin })).json().total, 0, 'nothing half-written');
    const roles = await t.ownerQuery(`SELECT role FROM user_roles WHERE user_id = $1`, [created.user.id]);
    assert.deepEqual(roles, [{ role: 'security_admin' }]);
    // The database refuses it too, whatever the application does.
    await assert.rejects(t.ownerQuery(`INSERT INTO user_roles (user_id, role) VALUES ($1, 'audit_admin')`, [created.user.id]));
  });

  test('roles must fit the unit: a bureau user cannot be 云资源管理员 (QP-9)', async () => {
    const response = await t.request('POST', '/api/users', { cookie: admin, body: { username: 'misfit', displayName: '错配', unitId: eduUnitId, roles: ['operator_resource_admin'] } });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'role_not_allowed_for_unit');
  });

  test('nobody changes their own roles, disables or resets themselves', async () => {
    const me = (await t.request('GET', '/api/me', { cookie: admin })).json();
    for (const [method, path, body] of [
      ['PUT', `/api/users/${me.id}/roles`, { roles: [] }],
      ['POST', `/api/users/${me.id}/disable`, undefined],
      ['POST', `/api/users/${me.id}/reset-password`, undefined],
    ] as const) {
      const response = await t.request(method, path, { cookie: admin, ...(body ? { body } : {}) });
      assert.equal(response.statusCode, 403, `${method} ${path}`);
      assert.equal(response.json().error.code, 'self_administration');
    }
  });

  test('disabling a user ends their sessions; a reset password is one-time again', async () => {
    const users = (await t.request('GET', '/api/users?q=town-applicant', { cookie: admin })).json();
    const id = users.items[0].id;
    const cookie = await t.login('town-applicant');
    assert.equal((await t.request('POST', `/api/users/${id}/disable`, { cookie: admin })).json().status, 'disabled');
    assert.equal((await t.request('GET', '/api/me', { cookie })).statusCode, 401);
    const disabledLogin = await t.request('POST', '/api/auth/login', { body: { username: 'town-applicant', password: 'Yunshu@Demo2026' } });
    assert.equal(disabledLogin.statusCode, 403);
    assert.equal((await t.request('POST', `/api/users/${id}/enable`, { cookie: admin })).json().status, 'active');
    const reset = (await t.request('POST', `/api/users/${id}/reset-password`, { cookie: admin })).json();
    const after = await t.login('town-applicant', reset.temporaryPassword);
    assert.equal((await t.request('GET', '/api/me', { cookie: after })).json().mustChangePassword, true);
  });
});
