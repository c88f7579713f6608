import {
  CreateUnitBodySchema,
  IdParamsSchema,
  PageQuerySchema,
  pageOf,
  UnitListQuerySchema,
  UnitSchema,
  UpdateUnitBodySchema,
  UserSchema,
} from '@yunshu/shared/api';
import { defineRoute } from '../../platform/http/route.ts';
import { listUsers } from '../identity/users.repository.ts';
import { createUnit, listUnits, requireUnit, updateUnit } from './units.service.ts';

export const unitRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/units',
    summary: '单位列表 / Units (a user unit sees only itself, QP-19)',
    tags: ['units'],
    access: 'unit:read',
    query: UnitListQuerySchema,
    response: pageOf(UnitSchema),
    handler: (ctx) => listUnits(ctx.trx, ctx.query, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/units',
    summary: '新建单位 / Create a unit',
    tags: ['units'],
    access: 'unit:manage',
    body: CreateUnitBodySchema,
    response: UnitSchema,
    status: 201,
    auditAction: 'unit.create',
    handler: (ctx) => createUnit(ctx.trx, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units/:id',
    summary: '单位详情 / A unit',
    tags: ['units'],
    access: 'unit:read',
    params: IdParamsSchema,
    response: UnitSchema,
    tenantScoped: true,
    handler: (ctx) => requireUnit(ctx.trx, ctx.params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/units/:id',
    summary: '修改或停用单位 / Edit or disable a unit',
    tags: ['units'],
    access: 'unit:manage',
    params: IdParamsSchema,
    body: UpdateUnitBodySchema,
    response: UnitSchema,
    auditAction: 'unit.update',
    handler: (ctx) => updateUnit(ctx.trx, ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units/:id/users',
    summary: '单位成员 / Users of a unit',
    tags: ['units'],
    access: 'user:read',
    params: IdParamsSchema,
    query: PageQuerySchema,
    response: pageOf(UserSchema),
    tenantScoped: true,
    async handler(ctx) {
      await requireUnit(ctx.trx, ctx.params.id);
      return listUsers(ctx.trx, { unitId: ctx.params.id }, ctx.query.page, ctx.query.pageSize);
    },
  }),
];
