/**
 * Server-side sessions in PostgreSQL, so any app instance can serve any request. The browser holds only
 * a random token; the database keeps its SM3 hash. A session ends on logout, after the idle timeout, or
 * at its absolute expiry, whichever comes first.
 */
import { randomBytes } from 'node:crypto';
import { type Permission, permissionsOf } from '@yunshu/shared/permissions';
import { type DataScope, type Role, scopeOfRoles } from '@yunshu/shared/roles';
import type { Config } from '../../config.ts';
import { sm3Hex } from '../crypto/sm.ts';
import type { Trx } from '../db/database.ts';

export const SESSION_COOKIE = 'yunshu_sid';
/** last_seen_at is refreshed at most this often, so reads don't all become writes. */
const TOUCH_INTERVAL_MS = 30_000;

export interface Actor {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
  unitType: string;
  roles: Role[];
  permissions: Set<Permission>;
  scope: DataScope;
  mustChangePassword: boolean;
}

export function tokenHash(token: string): string {
  return sm3Hex(`yunshu-session:${token}`);
}

export async function createSession(
  trx: Trx,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
  config: Config,
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + config.session.absoluteHours * 3_600_000);
  const row = await trx
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      user_id: userId,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      last_seen_at: now,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, sessionId: row.id, expiresAt };
}

export type Authentication =
  | { actor: Actor }
  | { actor: null; expired?: { sessionId: string; reason: string } };

/**
 * Resolves a session token to the acting user. A timed-out session is reported, not ended here: the
 * request's transaction rolls back on 401, so the caller ends it in a transaction of its own.
 * Needs system scope.
 */
export async function authenticate(trx: Trx, token: string, config: Config): Promise<Authentication> {
  const row = await trx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select([
      's.id as sessionId',
      's.last_seen_at as lastSeenAt',
      's.expires_at as expiresAt',
      'u.id as userId',
      'u.username',
      'u.display_name as displayName',
      'u.status',
      'u.must_change_password as mustChangePassword',
      'n.id as unitId',
      'n.name as unitName',
      'n.type as unitType',
      'n.disabled as unitDisabled',
    ])
    .where('s.token_hash', '=', tokenHash(token))
    .where('s.ended_at', 'is', null)
    .executeTakeFirst();
  if (!row) return { actor: null };
  const now = Date.now();
  const idleLimit = row.lastSeenAt.getTime() + config.session.idleMinutes * 60_000;
  const endReason =
    now >= row.expiresAt.getTime() ? 'absolute_timeout'
    : now >= idleLimit ? 'idle_timeout'
    : row.status !== 'active' || row.unitDisabled ? 'account_disabled'
    : null;
  if (endReason) return { actor: null, expired: { sessionId: row.sessionId, reason: endReason } };
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await trx.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id', '=', row.sessionId).execute();
  }
  const roles = (
    await trx.selectFrom('user_roles').select('role').where('user_id', '=', row.userId).orderBy('role').execute()
  ).map((r) => r.role as Role);
  const actor: Actor = {
    sessionId: row.sessionId,
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    unitId: row.unitId,
    unitName: row.unitName,
    unitType: row.unitType,
    roles,
    permissions: new Set(permissionsOf(roles)),
    scope: scopeOfRoles(roles),
    mustChangePassword: row.mustChangePassword,
  };
  return { actor };
}

export async function endSession(trx: Trx, sessionId: string, reason: string): Promise<boolean> {
  const result = await trx
    .updateTable('sessions')
    .set({ ended_at: new Date(), end_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function endSessionsOfUser(trx: Trx, userId: string, reason: string, exceptSessionId?: string): Promise<void> {
  let query = trx.updateTable('sessions').set({ ended_at: new Date(), end_reason: reason }).where('user_id', '=', userId).where('ended_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}
