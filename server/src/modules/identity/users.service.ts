/** User administration use cases. Each runs in the request's transaction; its audit record is written there. */
import type { CreatedUser, User } from '@yunshu/shared/api';
import type { Role, UnitType } from '@yunshu/shared/roles';
import type { z } from 'zod';
import type { CreateUserBodySchema, UpdateUserBodySchema } from '@yunshu/shared/api';
import type { Actor } from '../../platform/auth/sessions.ts';
import { endSessionsOfUser } from '../../platform/auth/sessions.ts';
import { generateOneTimePassword, hashPassword } from '../../platform/auth/passwords.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { assertRolesAssignable } from './role-rules.ts';
import { findUser, replaceRoles } from './users.repository.ts';

const USER = { zh: '用户', en: 'User' };

async function requireUser(trx: Trx, id: string): Promise<User> {
  const user = await findUser(trx, id);
  if (!user) throw errors.notFound(USER);
  return user;
}

function refuseSelf(actor: Actor, userId: string, what: { zh: string; en: string }): void {
  if (actor.userId === userId) {
    throw new AppError({ status: 403, code: 'self_administration', zh: `不能${what.zh}自己的账号`, en: `You cannot ${what.en} your own account` });
  }
}

export async function createUser(
  trx: Trx,
  actor: Actor,
  input: z.infer<typeof CreateUserBodySchema>,
  audit: AuditTarget,
): Promise<CreatedUser> {
  const unit = await trx.selectFrom('units').select(['id', 'type', 'disabled']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit) throw errors.field('unitId', '所属单位不存在', 'Unit not found');
  if (unit.disabled) throw errors.field('unitId', '所属单位已停用', 'The unit is disabled');
  const roles = [...new Set(input.roles)] as Role[];
  assertRolesAssignable(roles, unit.type as UnitType);
  const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw errors.conflict('username_taken', `用户名 ${input.username} 已被使用`, `Username ${input.username} is taken`);
  const initialPassword = generateOneTimePassword();
  const row = await trx
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.displayName,
      unit_id: input.unitId,
      password_hash: await hashPassword(initialPassword),
      must_change_password: true,
      phone: input.phone ?? null,
      email: input.email ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceRoles(trx, row.id, roles, actor.userId);
  Object.assign(audit, { objectType: 'user', objectId: row.id, detail: { username: input.username, unitId: input.unitId, roles } });
  return { user: await requireUser(trx, row.id), initialPassword };
}

export async function updateUser(
  trx: Trx,
  id: string,
  input: z.infer<typeof UpdateUserBodySchema>,
  audit: AuditTarget,
): Promise<User> {
  const before = await requireUser(trx, id);
  await trx
    .updateTable('users')
    .set({
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  Object.assign(audit, { objectType: 'user', objectId: id, detail: { username: before.username, changed: Object.keys(input) } });
  return requireUser(trx, id);
}

/** Replaces a user's roles. Nobody grants or removes their own roles (separation of duties). */
export async function setRoles(trx: Trx, actor: Actor, id: string, requested: readonly Role[], audit: AuditTarget): Promise<User> {
  const before = await requireUser(trx, id);
  refuseSelf(actor, id, { zh: '修改', en: 'change the roles of' });
  const roles = [...new Set(requested)];
  assertRolesAssignable(roles, before.unit.type);
  await replaceRoles(trx, id, roles, actor.userId);
  Object.assign(audit, { objectType: 'user', objectId: id, detail: { username: before.username, before: before.roles, after: roles } });
  return requireUser(trx, id);
}

export async function setUserStatus(
  trx: Trx,
  actor: Actor,
  id: string,
  status: 'active' | 'disabled',
  audit: AuditTarget,
): Promise<User> {
  const before = await requireUser(trx, id);
  if (status === 'disabled') refuseSelf(actor, id, { zh: '停用', en: 'disable' });
  await trx.updateTable('users').set({ status, updated_at: new Date() }).where('id', '=', id).execute();
  if (status === 'disabled') await endSessionsOfUser(trx, id, 'account_disabled');
  Object.assign(audit, { objectType: 'user', objectId: id, detail: { username: before.username, before: before.status, after: status } });
  return requireUser(trx, id);
}

/** Issues a one-time password (to be changed at next login), ends the user's sessions and clears a lockout. */
export async function resetPassword(trx: Trx, actor: Actor, id: string, audit: AuditTarget): Promise<{ temporaryPassword: string }> {
  const user = await requireUser(trx, id);
  refuseSelf(actor, id, { zh: '重置', en: 'reset the password of' });
  const temporaryPassword = generateOneTimePassword();
  await trx
    .updateTable('users')
    .set({
      password_hash: await hashPassword(temporaryPassword),
      must_change_password: true,
      failed_attempts: 0,
      locked_until: null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  await endSessionsOfUser(trx, id, 'password_reset');
  Object.assign(audit, { objectType: 'user', objectId: id, detail: { username: user.username } });
  return { temporaryPassword };
}

export async function unlockUser(trx: Trx, id: string, audit: AuditTarget): Promise<User> {
  const user = await requireUser(trx, id);
  await trx.updateTable('users').set({ failed_attempts: 0, locked_until: null, updated_at: new Date() }).where('id', '=', id).execute();
  Object.assign(audit, { objectType: 'user', objectId: id, detail: { username: user.username, wasLockedUntil: user.lockedUntil } });
  return requireUser(trx, id);
}


