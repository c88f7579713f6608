/** HTTP surface of identity: sign-in, the current user, user administration, sessions. */
import {
  ChangePasswordBodySchema,
  CreatedUserSchema,
  CreateUserBodySchema,
  IdParamsSchema,
  LoginBodySchema,
  MeSchema,
  PageQuerySchema,
  pageOf,
  SessionInfoSchema,
  SetRolesBodySchema,
  TemporaryPasswordSchema,
  UpdateUserBodySchema,
  UserListQuerySchema,
  UserSchema,
} from '@yunshu/shared/api';
import { endSession, SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { errors } from '../../platform/errors.ts';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { changeOwnPassword, checkPassword, login, type PasswordCheck, presentMe } from './auth.service.ts';
import { findUser, listUsers } from './users.repository.ts';
import { createUser, resetPassword, setRoles, setUserStatus, unlockUser, updateUser } from './users.service.ts';

const USER = { zh: '用户', en: 'User' };
const SESSION = { zh: '会话', en: 'Session' };

export const identityRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/auth/login',
    summary: '登录 / Sign in (sets the session cookie)',
    tags: ['auth'],
    access: 'public',
    body: LoginBodySchema,
    response: MeSchema,
    auditAction: 'auth.login',
    prepare: ({ body, services }) => checkPassword(services.db, body.username, body.password),
    async handler(ctx) {
      const { me, token, expiresAt } = await login(ctx, ctx.services.config, ctx.prepared as PasswordCheck);
      ctx.reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.services.config.cookieSecure,
        path: '/',
        expires: expiresAt,
      });
      return me;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/logout',
    summary: '退出登录 / Sign out (ends the session on the server)',
    tags: ['auth'],
    access: 'authenticated',
    allowBeforePasswordChange: true,
    status: 204,
    auditAction: 'auth.logout',
    async handler(ctx) {
      const actor = signedIn(ctx.actor);
      await endSession(ctx.trx, actor.sessionId, 'logout');
      ctx.audit.objectType = 'session';
      ctx.audit.objectId = actor.sessionId;
      ctx.reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    summary: '修改本人口令 / Change my password',
    tags: ['auth'],
    access: 'authenticated',
    allowBeforePasswordChange: true,
    body: ChangePasswordBodySchema,
    status: 204,
    auditAction: 'auth.password.change',
    async handler(ctx) {
      const actor = signedIn(ctx.actor);
      ctx.audit.objectType = 'user';
      ctx.audit.objectId = actor.userId;
      await changeOwnPassword(ctx.trx, actor, ctx.body.currentPassword, ctx.body.newPassword);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me',
    summary: '当前用户 / The signed-in user, unit, roles and permissions',
    tags: ['auth'],
    access: 'authenticated',
    allowBeforePasswordChange: true,
    response: MeSchema,
    handler: (ctx) => presentMe(ctx.trx, signedIn(ctx.actor)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: '用户列表 / Users (unit-scoped roles see their own unit only)',
    tags: ['users'],
    access: 'user:read',
    query: UserListQuerySchema,
    response: pageOf(UserSchema),
    handler: (ctx) => listUsers(ctx.trx, ctx.query, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary: '新建用户 / Create a user with a one-time password',
    tags: ['users'],
    access: 'user:manage',
    body: CreateUserBodySchema,
    response: CreatedUserSchema,
    status: 201,
    auditAction: 'user.create',
    handler: (ctx) => createUser(ctx.trx, signedIn(ctx.actor), ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users/:id',
    summary: '用户详情 / A user',
    tags: ['users'],
    access: 'user:read',
    params: IdParamsSchema,
    response: UserSchema,
    tenantScoped: true,
    async handler(ctx) {
      const user = await findUser(ctx.trx, ctx.params.id);
      if (!user) throw errors.notFound(USER);
      return user;
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/users/:id',
    summary: '修改用户信息 / Edit a user',
    tags: ['users'],
    access: 'user:manage',
    params: IdParamsSchema,
    body: UpdateUserBodySchema,
    response: UserSchema,
    auditAction: 'user.update',
    handler: (ctx) => updateUser(ctx.trx, ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/users/:id/roles',
    summary: '设置角色 / Set roles (三员分立 enforced)',
    tags: ['users'],
    access: 'user:manage',
    params: IdParamsSchema,
    body: SetRolesBodySchema,
    response: UserSchema,
    auditAction: 'user.roles.set',
    handler: (ctx) => setRoles(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.body.roles, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:id/disable',
    summary: '停用用户 / Disable a user (ends their sessions)',
    tags: ['users'],
    access: 'user:manage',
    params: IdParamsSchema,
    response: UserSchema,
    auditAction: 'user.disable',
    handler: (ctx) => setUserStatus(ctx.trx, signedIn(ctx.actor), ctx.params.id, 'disabled', ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:id/enable',
    summary: '启用用户 / Enable a user',
    tags: ['users'],
    access: 'user:manage',
    params: IdParamsSchema,
    response: UserSchema,
    auditAction: 'user.enable',
    handler: (ctx) => setUserStatus(ctx.trx, signedIn(ctx.actor), ctx.params.id, 'active', ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:id/reset-password',
    summary: '重置口令 / Reset a password to a one-time password',
    tags: ['users'],
    access: 'user:manage',
    params: IdParamsSchema,
    response: TemporaryPasswordSchema,
    auditAction: 'user.password.reset',
    handler: (ctx) => resetPassword(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:id/unlock',
    summary: '解除锁定 / Unlock an account locked after failed sign-ins',
    tags: ['security'],
    access: 'user:unlock',
    params: IdParamsSchema,
    response: UserSchema,
    auditAction: 'user.unlock',
    handler: (ctx) => unlockUser(ctx.trx, ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/security/sessions',
    summary: '在线会话 / Active sessions',
    tags: ['security'],
    access: 'session:manage',
    query: PageQuerySchema,
    response: pageOf(SessionInfoSchema),
    async handler(ctx) {
      const actor = signedIn(ctx.actor);
      const { page, pageSize } = ctx.query;
      const base = ctx.trx
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .where('s.ended_at', 'is', null)
        .where('s.expires_at', '>', new Date());
      const total = await base.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      const rows = await base
        .select(['s.id', 's.ip', 's.user_agent', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.username', 'u.display_name'])
        .orderBy('s.last_seen_at', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          user: { id: row.user_id, username: row.username, displayName: row.display_name },
          ip: row.ip,
          userAgent: row.user_agent,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          current: row.id === actor.sessionId,
        })),
        total: Number(total.count),
        page,
        pageSize,
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/security/sessions/:id',
    summary: '强制下线 / End a session',
    tags: ['security'],
    access: 'session:manage',
    params: IdParamsSchema,
    status: 204,
    auditAction: 'session.end',
    async handler(ctx) {
      ctx.audit.objectType = 'session';
      ctx.audit.objectId = ctx.params.id;
      if (!(await endSession(ctx.trx, ctx.params.id, 'ended_by_security_admin'))) throw errors.notFound(SESSION);
    },
  }),
];
