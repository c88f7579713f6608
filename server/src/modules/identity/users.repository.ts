/** All SQL over users and their roles. Row-level security narrows every query to the caller's scope. */
import type { Role } from '@yunshu/shared/roles';
import type { User } from '@yunshu/shared/api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { containsPattern, fetchPage } from '../../platform/db/query-helpers.ts';

export interface UserFilter {
  q?: string | undefined;
  unitId?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'disabled' | 'locked' | undefined;
}

function baseQuery(trx: Trx) {
  return trx
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.phone',
      'u.email',
      'u.status',
      'u.locked_until',
      'u.must_change_password',
      'u.last_login_at',
      'u.created_at',
      'n.id as unit_id',
      'n.name as unit_name',
      'n.type as unit_type',
      sql<string[]>`coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id), '{}')`.as('roles'),
    ]);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export function presentUser(row: UserRow, now = new Date()): User {
  const locked = row.locked_until !== null && row.locked_until > now;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as User['unit']['type'] },
    roles: row.roles as Role[],
    phone: row.phone,
    email: row.email,
    status: row.status === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
    lockedUntil: locked ? (row.locked_until as Date).toISOString() : null,
    mustChangePassword: row.must_change_password,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findUser(trx: Trx, id: string): Promise<User | null> {
  const row = await baseQuery(trx).where('u.id', '=', id).executeTakeFirst();
  return row ? presentUser(row) : null;
}

export async function listUsers(trx: Trx, filter: UserFilter, page: number, pageSize: number) {
  let query = baseQuery(trx);
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  if (filter.unitId) query = query.where('u.unit_id', '=', filter.unitId);
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) => eb.exists(eb.selectFrom('user_roles as r').select('r.role').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', role)));
  }
  if (filter.status === 'disabled') query = query.where('u.status', '=', 'disabled');
  if (filter.status === 'locked') query = query.where('u.status', '=', 'active').where('u.locked_until', '>', new Date());
  if (filter.status === 'active') {
    query = query.where('u.status', '=', 'active').where((eb) => eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', new Date())]));
  }
  return fetchPage(trx, query, query.orderBy('n.name').orderBy('u.username'), page, pageSize, (row) => presentUser(row));
}

export async function replaceRoles(trx: Trx, userId: string, roles: readonly Role[], grantedBy: string | null): Promise<void> {
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length === 0) return;
  await trx
    .insertInto('user_roles')
    .values(roles.map((role) => ({ user_id: userId, role, granted_by: grantedBy })))
    .execute();
}
