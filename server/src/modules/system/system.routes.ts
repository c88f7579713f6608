/** Health, the OpenAPI document, the policy profile in force and the role catalogue. */
import { HealthSchema, PolicyViewSchema, RoleCatalogSchema } from '@yunshu/shared/api';
import { ROLE_PERMISSIONS } from '@yunshu/shared/permissions';
import { ROLE_DEFINITIONS, ROLES, SEPARATED_ADMIN_ROLES } from '@yunshu/shared/roles';
import { sql } from 'kysely';
import { defineRoute } from '../../platform/http/route.ts';
import { policyView } from '../../platform/policy/policy-profile.ts';

export const systemRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/health',
    summary: '健康检查 / Health (checks the database)',
    tags: ['system'],
    access: 'public',
    response: HealthSchema,
    async handler(ctx) {
      await sql`SELECT 1`.execute(ctx.trx);
      return { status: 'ok' as const, database: ctx.services.db.kind, version: ctx.services.config.version };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/policy',
    summary: '政策参数 / The district policy profile in force, each value with its article',
    tags: ['policy'],
    access: 'policy:read',
    response: PolicyViewSchema,
    handler: async (ctx) => policyView(ctx.services.policy),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/roles',
    summary: '角色目录 / Roles, the unit types that may hold them and their permissions',
    tags: ['users'],
    access: 'authenticated',
    response: RoleCatalogSchema,
    handler: async () =>
      ROLES.map((role) => ({
        role,
        label: ROLE_DEFINITIONS[role].label,
        unitTypes: [...ROLE_DEFINITIONS[role].unitTypes],
        scope: ROLE_DEFINITIONS[role].scope,
        article: ROLE_DEFINITIONS[role].article ?? null,
        permissions: [...ROLE_PERMISSIONS[role]],
        separatedAdmin: SEPARATED_ADMIN_ROLES.includes(role),
      })),
  }),
];
