/** Assembles the HTTP application: every module's routes, the OpenAPI document and the web console. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { applicationRoutes } from './modules/applications/index.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { billingRoutes } from './modules/billing/index.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { dataSyncRoutes } from './modules/datasync/index.ts';
import { catalogRoutes, priceBookRoutes } from './modules/catalog/index.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { notificationRoutes } from './modules/notifications/index.ts';
import { operationsRoutes } from './modules/operations/index.ts';
import { unitRoutes } from './modules/organizations/units.routes.ts';
import { platformRoutes } from './modules/platforms/index.ts';
import { provisioningRoutes } from './modules/provisioning/index.ts';
import { securityRoutes } from './modules/security/index.ts';
import { evaluationRoutes } from './modules/evaluation/index.ts';
import { efficiencyRoutes, rectificationRoutes } from './modules/efficiency/index.ts';
import { slaRoutes } from './modules/sla/index.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { systemsRoutes } from './modules/systems/systems.routes.ts';
import { AppError } from './platform/errors.ts';
import { buildOpenApi } from './platform/http/openapi.ts';
import { type AnyRoute, errorBody, registerRoutes, type Services } from './platform/http/route.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const BINARY_CONTENT_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export const apiRoutes: readonly AnyRoute[] = [...systemRoutes, ...identityRoutes, ...unitRoutes, ...platformRoutes, ...catalogRoutes, ...priceBookRoutes, ...systemsRoutes, ...calendarRoutes, ...applicationRoutes, ...provisioningRoutes, ...efficiencyRoutes, ...rectificationRoutes, ...billingRoutes, ...dataSyncRoutes, ...securityRoutes, ...evaluationRoutes, ...operationsRoutes, ...slaRoutes, ...notificationRoutes, ...auditRoutes];

/** `logStream` sends the log somewhere other than stdout (tests read what would have been logged). */
export async function createApp(services: Services, options: { logger?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: services.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'], ...(options.logStream ? { stream: options.logStream } : {}) },
    trustProxy: services.config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });
  await app.register(fastifyCookie);
  // Files (project documents, price-book workbooks) arrive as the raw request body with their own
  // content type; the route's schema decides which types it takes.
  app.addContentTypeParser(BINARY_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));

  // Malformed JSON and other errors Fastify raises before a handler runs: a client mistake, never a 500.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'unhandled error');
    const appError = new AppError({
      status,
      code: status === 500 ? 'internal_error' : 'bad_request',
      zh: status === 500 ? '服务器内部错误' : `请求格式错误：${error.message}`,
      en: status === 500 ? 'Internal error' : `Malformed request: ${error.message}`,
    });
    return reply.code(status).send(errorBody(appError, String(request.id)));
  });

  registerRoutes(app, apiRoutes, services);
  const openapi = buildOpenApi(apiRoutes, services.config.version);
  app.get('/api/openapi.json', async () => openapi);

  const webDist = services.config.webDist;
  const hasConsole = existsSync(join(webDist, 'index.html'));
  if (hasConsole) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasConsole || request.method !== 'GET') {
      const error = new AppError({ status: 404, code: 'route_not_found', zh: '接口不存在', en: `No route ${request.method} ${request.url.split('?')[0]}` });
      return reply.code(404).send(errorBody(error, String(request.id)));
    }
    return reply.sendFile('index.html');
  });
  return app;
}
