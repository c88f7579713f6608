/** Signing in and out, and changing one's own password. */
import type { Me } from '@yunshu/shared/api';
import { permissionsOf } from '@yunshu/shared/permissions';
import { type Role, scopeOfRoles } from '@yunshu/shared/roles';
import type { Config } from '../../config.ts';
import { assertPasswordComplexity, decoyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { type Actor, createSession, endSessionsOfUser } from '../../platform/auth/sessions.ts';
import { type Db, SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { CommittedFailure, type RouteContext } from '../../platform/http/route.ts';

const invalidCredentials = () =>
  new AppError({ status: 401, code: 'invalid_credentials', zh: '用户名或口令错误', en: 'Wrong username or password' });

const beijingTime = (instant: Date) => instant.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export const accountLocked = (until: Date) =>
  new AppError({
    status: 423,
    code: 'account_locked',
    zh: `连续登录失败次数过多，账号已锁定至 ${beijingTime(until)}（北京时间），请稍后再试或联系安全管理员解锁`,
    en: `Too many failed sign-ins: the account is locked until ${beijingTime(until)} (Beijing time); try later or ask the security administrator`,
    details: { lockedUntil: until.toISOString() },
  });

export async function presentMe(trx: Trx, actor: Pick<Actor, 'userId'>): Promise<Me> {
  const row = await trx
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.must_change_password',
      'u.previous_login_at',
      'u.previous_login_ip',
      'n.id as unit_id',
      'n.name as unit_name',
      'n.type as unit_type',
    ])
    .where('u.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const roles = (await trx.selectFrom('user_roles').select('role').where('user_id', '=', row.id).orderBy('role').execute()).map(
    (r) => r.role as Role,
  );
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as Me['unit']['type'] },
    roles,
    permissions: permissionsOf(roles),
    scope: scopeOfRoles(roles),
    mustChangePassword: row.must_change_password,
    lastLoginAt: row.previous_login_at?.toISOString() ?? null,
    lastLoginIp: row.previous_login_ip,
  };
}

export interface PasswordCheck {
  /** The hash the password was checked against; the check counts only if it is still the user's. */
  checkedHash: string | null;
  passwordOk: boolean;
}

/**
 * Checks the password before the sign-in transaction opens: argon2id takes tens of milliseconds of
 * CPU, and must not hold a database connection meanwhile. Unknown usernames cost the same time.
 */
export async function checkPassword(db: Db, username: string, password: string): Promise<PasswordCheck> {
  const row = await db.tx(SYSTEM_SCOPE, (trx) => trx.selectFrom('users').select('password_hash').where('username', '=', username).executeTakeFirst());
  if (!row) {
    await verifyPassword(await decoyPasswordHash(), password);
    return { checkedHash: null, passwordOk: false };
  }
  return { checkedHash: row.password_hash, passwordOk: await verifyPassword(row.password_hash, password) };
}

/**
 * Signs a user in. Failed attempts count towards a lockout (LOCKOUT_THRESHOLD within one run of
 * failures locks for LOCKOUT_MINUTES); failures are committed and audited, and unknown usernames
 * cost the same time as wrong passwords.
 */
export async function login(
  ctx: RouteContext<unknown, unknown, { username: string; password: string }>,
  config: Config,
  check: PasswordCheck,
): Promise<{ me: Me; token: string; expiresAt: Date }> {
  const { trx, body } = ctx;
  const now = new Date();
  const user = await trx
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.password_hash', 'u.status', 'u.failed_attempts', 'u.locked_until', 'u.last_login_at', 'u.last_login_ip', 'n.id as unit_id', 'n.name as unit_name', 'n.disabled as unit_disabled'])
    .where('u.username', '=', body.username)
    .executeTakeFirst();
  ctx.audit.actor = { actorUsername: body.username, ...(user ? { actorId: user.id, unitId: user.unit_id, unitName: user.unit_name } : {}) };
  ctx.audit.objectType = 'user';
  ctx.audit.objectId = user?.id ?? null;
  if (!user) throw new CommittedFailure(invalidCredentials());
  if (user.locked_until && user.locked_until > now) throw new CommittedFailure(accountLocked(user.locked_until));
  if (!(check.passwordOk && check.checkedHash === user.password_hash)) {
    const attempts = user.failed_attempts + 1;
    if (attempts >= config.lockout.threshold) {
      const until = new Date(now.getTime() + config.lockout.minutes * 60_000);
      await trx.updateTable('users').set({ failed_attempts: 0, locked_until: until }).where('id', '=', user.id).execute();
      await ctx.recordAudit({
        action: 'auth.lockout',
        result: 'success',
        actorId: user.id,
        actorUsername: user.username,
        unitId: user.unit_id,
        unitName: user.unit_name,
        objectType: 'user',
        objectId: user.id,
        detail: { failedAttempts: attempts, lockedUntil: until.toISOString() },
      });
      throw new CommittedFailure(accountLocked(until));
    }
    await trx.updateTable('users').set({ failed_attempts: attempts }).where('id', '=', user.id).execute();
    ctx.audit.detail = { failedAttempts: attempts };
    throw new CommittedFailure(invalidCredentials());
  }
  if (user.status !== 'active' || user.unit_disabled) {
    throw new CommittedFailure(new AppError({ status: 403, code: 'account_disabled', zh: '账号或所属单位已停用，请联系系统管理员', en: 'The account or its unit is disabled' }));
  }
  await trx
    .updateTable('users')
    .set({
      failed_attempts: 0,
      locked_until: null,
      previous_login_at: user.last_login_at,
      previous_login_ip: user.last_login_ip,
      last_login_at: now,
      last_login_ip: ctx.request.ip,
    })
    .where('id', '=', user.id)
    .execute();
  const session = await createSession(trx, user.id, { ip: ctx.request.ip, userAgent: ctx.request.userAgent }, config);
  const me = await presentMe(trx, { userId: user.id });
  ctx.audit.actor = { actorId: user.id, actorUsername: user.username, actorRoles: me.roles, unitId: user.unit_id, unitName: user.unit_name };
  ctx.audit.detail = { sessionId: session.sessionId };
  return { me, token: session.token, expiresAt: session.expiresAt };
}

/** Replaces one's own password (the one-time password included); other sessions of the user end. */
export async function changeOwnPassword(trx: Trx, actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
  const row = await trx.selectFrom('users').select(['password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, currentPassword))) {
    throw new AppError({
      status: 400,
      code: 'current_password_wrong',
      zh: '当前口令不正确',
      en: 'The current password is wrong',
      fields: [{ path: 'currentPassword', message: '当前口令不正确', messageEn: 'wrong current password' }],
    });
  }
  assertPasswordComplexity(newPassword, actor.username);
  if (await verifyPassword(row.password_hash, newPassword)) {
    throw new AppError({
      status: 400,
      code: 'password_reused',
      zh: '新口令不能与当前口令相同',
      en: 'The new password must differ from the current one',
      fields: [{ path: 'newPassword', message: '新口令不能与当前口令相同', messageEn: 'must differ from the current password' }],
    });
  }
  await trx
    .updateTable('users')
    .set({ password_hash: await hashPassword(newPassword), must_change_password: false, password_changed_at: new Date(), updated_at: new Date() })
    .where('id', '=', actor.userId)
    .execute();
  await endSessionsOfUser(trx, actor.userId, 'password_changed', actor.sessionId);
}
