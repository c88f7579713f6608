/** The OpenAPI 3.1 document, built from the same route definitions and zod schemas that validate requests. */
import { ErrorBodySchema } from '@yunshu/shared/api';
import { z } from 'zod';
import type { AnyRoute } from './route.ts';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

export function buildOpenApi(routes: readonly AnyRoute[], version: string) {
  const errorResponse = { description: 'Error', content: { 'application/json': { schema: jsonSchema(ErrorBodySchema, 'output') } } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = String(route.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]:
        status === '204'
          ? { description: 'No content' }
          : { description: 'OK', content: { 'application/json': { schema: route.response ? jsonSchema(route.response, 'output') : {} } } },
      default: errorResponse,
    };
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: route.tags,
      description: [
        route.access === 'public' ? 'Access: public' : route.access === 'authenticated' ? 'Access: any signed-in user' : `Access: permission \`${route.access}\``,
        route.auditAction ? `Audited as \`${route.auditAction}\` in the same transaction.` : null,
        route.tenantScoped ? 'Tenant-scoped (QP-19): objects of another user unit answer 404.' : null,
      ]
        .filter(Boolean)
        .join('\n\n'),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
      responses,
      ...(route.access === 'public' ? {} : { security: [{ session: [] }] }),
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: '云枢 Yunshu API',
      version,
      description: '区电子政务云云管平台 — district e-government cloud management platform. Errors carry Chinese and English messages and, where a regulation is behind the rule, its article (QP-n / SJ-n).',
    },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'yunshu_sid' } } },
    paths,
  };
}
