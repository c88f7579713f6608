/**
 * One way to define an API route: access rule → validation → one transaction under the caller's
 * tenant scope → handler → audit record in that same transaction (for every state-changing route).
 * A failed change is rolled back and its failure audited in a transaction of its own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Permission } from '@yunshu/shared/permissions';
import type { Config } from '../../config.ts';
import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import type { SecretBox } from '../crypto/sm.ts';
import { type Actor, authenticate, endSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { type Db, SYSTEM_SCOPE, setTenant, type Trx } from '../db/database.ts';
import { AppError, errors } from '../errors.ts';
import type { PolicyProfile } from '../policy/policy-profile.ts';
import { fieldErrorsOf } from './validation-messages.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Access = 'public' | 'authenticated' | Permission;

export interface Services {
  config: Config;
  db: Db;
  auditLog: AuditLog;
  policy: PolicyProfile;
  /** Seals secrets at rest (SM4) with the key from configuration, e.g. cloud driver credentials. */
  secretBox: SecretBox;
}

export interface AuditTarget {
  /** Who acted, where the request carries no session (a login names the account it tried). */
  actor?: Partial<Pick<AuditEntry, 'actorId' | 'actorUsername' | 'actorRoles' | 'unitId' | 'unitName'>>;
  objectType: string | null;
  objectId: string | null;
  detail: Record<string, unknown>;
}

export interface RouteContext<P, Q, B> {
  trx: Trx;
  actor: Actor | null;
  params: P;
  query: Q;
  body: B;
  request: { id: string; ip: string; userAgent: string | null };
  reply: FastifyReply;
  services: Services;
  /** What the automatic audit record of a state-changing route names; set it in the handler. */
  audit: AuditTarget;
  /** What the route's `prepare` step returned, if it has one. */
  prepared: unknown;
  /** Writes an additional audit record in this transaction (e.g. a lockout beside a failed login). */
  recordAudit(entry: Partial<AuditEntry> & Pick<AuditEntry, 'action' | 'result'>): Promise<void>;
}

export interface RouteDefinition<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: HttpMethod;
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response?: z.ZodType;
  /** Status of a successful answer; 204 sends no body. */
  status?: 200 | 201 | 204;
  /** Audit action of a state-changing route, e.g. `user.create`. */
  auditAction?: string;
  /** The `:id` of this route names an object that belongs to one user unit (QP-19: other units get 404). */
  tenantScoped?: boolean;
  /** Allowed while the user still has to replace a one-time password. */
  allowBeforePasswordChange?: boolean;
  /** The handler writes the reply itself (file downloads). */
  raw?: boolean;
  /**
   * CPU-heavy work done before the transaction opens (password hashing), so that it does not hold a
   * database connection. Public routes only; its result is `ctx.prepared`.
   */
  prepare?(input: { params: P; query: Q; body: B; services: Services }): Promise<unknown>;
  handler(ctx: RouteContext<P, Q, B>): Promise<R>;
}

/** Thrown by a handler whose failure must still be committed (failed-login counters) and audited. */
export class CommittedFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.error = error;
  }
}

export function defineRoute<P = unknown, Q = unknown, B = unknown, R = unknown>(
  definition: RouteDefinition<P, Q, B, R>,
): RouteDefinition<P, Q, B, R> {
  const mutating = definition.method !== 'GET';
  if (mutating && !definition.auditAction) {
    throw new Error(`${definition.method} ${definition.url}: a state-changing route must name its audit action`);
  }
  if (definition.prepare && definition.access !== 'public') {
    throw new Error(`${definition.method} ${definition.url}: only public routes may prepare outside the transaction`);
  }
  return definition;
}

export type AnyRoute = RouteDefinition<any, any, any, any>;

/** The caller of a route whose access rule already requires a session; narrows `ctx.actor`. */
export function signedIn(actor: Actor | null): Actor {
  if (!actor) throw errors.unauthenticated();
  return actor;
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (prefix === 'body' ? undefined : {}));
  if (!result.success) throw errors.validation(fieldErrorsOf(result.error, prefix === 'body' ? '' : prefix));
  return result.data;
}

function hasPermission(actor: Actor, access: Access): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return actor.permissions.has(access);
}

function actorFields(actor: Actor | null, request: { ip: string; id: string }) {
  return {
    actorId: actor?.userId ?? null,
    actorUsername: actor?.username ?? null,
    actorRoles: actor?.roles ?? [],
    unitId: actor?.unitId ?? null,
    unitName: actor?.unitName ?? null,
    sourceIp: request.ip,
    requestId: request.id,
  };
}

export function errorBody(error: AppError, requestId: string) {
  return {
    error: {
      code: error.code,
      message: error.messageZh,
      messageEn: error.messageEn,
      ...(error.article ? { article: error.article } : {}),
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.details ? { details: error.details } : {}),
      requestId,
    },
  };
}

function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== request.headers.host) {
    throw new AppError({ status: 403, code: 'cross_origin_refused', zh: '拒绝跨站请求', en: 'Cross-origin request refused' });
  }
}

export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], services: Services): void {
  for (const route of routes) {
    const mutating = route.method !== 'GET';
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const req = { id: String(request.id), ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
        const token = request.cookies[SESSION_COOKIE];
        let actor: Actor | null = null;
        let expired: { sessionId: string; reason: string } | undefined;
        let committedFailure: AppError | null = null;
        let auditTarget: AuditTarget = { objectType: null, objectId: null, detail: {} };
        const parseRequest = () => ({
          params: parseWith(route.params, request.params, 'params'),
          query: parseWith(route.query, request.query, 'query'),
          body: parseWith(route.body, request.body, 'body'),
        });
        try {
          if (mutating) assertSameOrigin(request);
          let parsed: ReturnType<typeof parseRequest> | null = null;
          let prepared: unknown;
          if (route.prepare) {
            parsed = parseRequest();
            prepared = await route.prepare({ ...parsed, services });
          }
          const result = await services.db.tx(SYSTEM_SCOPE, async (trx) => {
            const authentication = token ? await authenticate(trx, token, services.config) : { actor: null };
            actor = authentication.actor;
            if (!authentication.actor) expired = authentication.expired;
            if (route.access !== 'public') {
              if (!actor) throw errors.unauthenticated();
              if (actor.mustChangePassword && !route.allowBeforePasswordChange) {
                throw new AppError({
                  status: 403,
                  code: 'password_change_required',
                  zh: '请先修改一次性口令',
                  en: 'Change your one-time password first',
                });
              }
              if (!hasPermission(actor, route.access)) throw errors.forbidden();
            }
            const { params, query, body } = parsed ?? parseRequest();
            const current = actor as Actor | null;
            if (current) await setTenant(trx, { scope: current.scope, unitId: current.unitId, userId: current.userId });
            const ctx: RouteContext<unknown, unknown, unknown> = {
              trx,
              actor: current,
              params,
              query,
              body,
              request: req,
              reply,
              services,
              audit: auditTarget,
              prepared,
              recordAudit: (entry) =>
                services.auditLog.append(trx, {
                  ...actorFields(actor, req),
                  objectType: null,
                  objectId: null,
                  reason: null,
                  detail: {},
                  ...entry,
                }),
            };
            let value: unknown;
            try {
              value = await route.handler(ctx);
            } catch (error) {
              if (!(error instanceof CommittedFailure)) throw error;
              committedFailure = error.error;
            }
            auditTarget = ctx.audit;
            if (mutating) {
              await services.auditLog.append(trx, {
                ...actorFields(actor, req),
                ...auditTarget.actor,
                action: route.auditAction as string,
                objectType: auditTarget.objectType,
                objectId: auditTarget.objectId,
                result: committedFailure ? 'failure' : 'success',
                reason: committedFailure?.code ?? null,
                detail: auditTarget.detail,
              });
            }
            return value;
          });
          if (committedFailure) throw committedFailure;
          if (route.raw) return reply;
          if (route.status === 204) return reply.code(204).send();
          return reply.code(route.status ?? 200).send(result);
        } catch (thrown) {
          const error = toAppError(thrown, request);
          if (expired) {
            const { sessionId, reason } = expired;
            await services.db.tx(SYSTEM_SCOPE, (trx) => endSession(trx, sessionId, reason)).catch(() => {});
          }
          if (mutating && !committedFailure) {
            await auditFailure(services, route, actor, req, auditTarget, error).catch((auditError) =>
              request.log.error({ err: auditError }, 'failed to audit a failed request'),
            );
          }
          return reply.code(error.status).send(errorBody(error, req.id));
        }
      },
    });
  }
}

async function auditFailure(
  services: Services,
  route: AnyRoute,
  actor: Actor | null,
  req: { id: string; ip: string },
  target: AuditTarget,
  error: AppError,
): Promise<void> {
  await services.db.tx(SYSTEM_SCOPE, (trx) =>
    services.auditLog.append(trx, {
      ...actorFields(actor, req),
      ...target.actor,
      action: route.auditAction as string,
      objectType: target.objectType,
      objectId: target.objectId,
      result: 'failure',
      reason: error.code,
      detail: { status: error.status, ...(error.fields ? { fields: error.fields.map((f) => f.path) } : {}) },
    }),
  );
}

/** Client mistakes the database reports (bad uuid text, unique clash) become 4xx; the rest is a 500. */
export function toAppError(thrown: unknown, request: FastifyRequest): AppError {
  const error = thrown instanceof CommittedFailure ? thrown.error : thrown;
  if (error instanceof AppError) return error;
  const pgCode = (error as { code?: string } | null)?.code;
  if (pgCode === '23505') {
    return errors.conflict('already_exists', '记录已存在（唯一性冲突）', 'A record with the same unique value already exists');
  }
  if (pgCode === '42501') {
    return new AppError({ status: 404, code: 'not_found', zh: '对象不存在', en: 'Not found' });
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError({ status: 500, code: 'internal_error', zh: '服务器内部错误，请联系运维人员并提供请求编号', en: 'Internal error; report the request id to the operator' });
}
