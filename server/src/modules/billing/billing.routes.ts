/** HTTP surface of billing months, statements, their drill-down and the FOCUS export. */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import {
  BillingMonthSchema,
  LineResourcesSchema,
  MonthParamsSchema,
  MonthResultSchema,
  StatementDetailSchema,
  StatementLineParamsSchema,
  StatementListQuerySchema,
  StatementSchema,
} from '@yunshu/shared/billing-api';
import { z } from 'zod';
import { errors } from '../../platform/errors.ts';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { focusCsv } from './focus-export.ts';
import { findStatement, listMonths, listStatements } from './statements.repository.ts';
import { confirmMonth, lineResources, rateMonthIntoStatements, requireMonth } from './statements.service.ts';

const STATEMENT = { zh: '账单', en: 'Statement' };

export const billingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/billing/months',
    summary: '计费月份 / Billing months with their status (draft, confirmed) and district total',
    tags: ['billing'],
    access: 'billing:read',
    response: z.array(BillingMonthSchema),
    handler: (ctx) => listMonths(ctx.trx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/billing/months/:month/rate',
    summary: '生成月度账单 / Rate a month into draft statements (idempotent; refused once confirmed)',
    tags: ['billing'],
    access: 'billing:manage',
    params: MonthParamsSchema,
    response: MonthResultSchema,
    auditAction: 'billing.rate',
    handler: (ctx) => rateMonthIntoStatements(ctx.trx, ctx.services, ctx.params.month, signedIn(ctx.actor), ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/billing/months/:month/confirm',
    summary: '确认月度账单 / Confirm an ended month: its statements and usage are frozen',
    tags: ['billing'],
    access: 'billing:manage',
    params: MonthParamsSchema,
    response: MonthResultSchema,
    auditAction: 'billing.confirm',
    handler: (ctx) => confirmMonth(ctx.trx, signedIn(ctx.actor), ctx.params.month, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/statements',
    summary: '账单列表 / Monthly statements per unit (a unit sees its own); district-budget and non-budget units apart',
    tags: ['billing'],
    access: 'billing:read',
    query: StatementListQuerySchema,
    response: pageOf(StatementSchema),
    handler: (ctx) =>
      listStatements(
        ctx.trx,
        { month: ctx.query.month, unitId: ctx.query.unitId, districtBudget: ctx.query.districtBudget === undefined ? undefined : ctx.query.districtBudget === 'true' },
        ctx.query.page,
        ctx.query.pageSize,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/statements/:id',
    summary: '账单明细 / A statement with its lines: system, platform, item, price version, quantity-hours, amount',
    tags: ['billing'],
    access: 'billing:read',
    params: IdParamsSchema,
    response: StatementDetailSchema,
    tenantScoped: true,
    handler: async (ctx) => {
      const statement = await findStatement(ctx.trx, ctx.params.id);
      if (!statement) throw errors.notFound(STATEMENT);
      return statement;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/statements/:id/lines/:lineNo',
    summary: '账单行追溯 / A statement line down to its resources and their usage intervals',
    tags: ['billing'],
    access: 'billing:read',
    params: StatementLineParamsSchema,
    response: LineResourcesSchema,
    handler: (ctx) => lineResources(ctx.trx, ctx.services, ctx.params.id, ctx.params.lineNo),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/months/:month/focus.csv',
    summary: '导出 FOCUS 格式明细（CSV） / The month’s statement lines as FOCUS-style CSV',
    tags: ['billing'],
    access: 'billing:read',
    params: MonthParamsSchema,
    raw: true,
    async handler(ctx) {
      requireMonth(ctx.params.month);
      const csv = await focusCsv(ctx.trx, ctx.params.month);
      const name = encodeURIComponent(`云资源账单-${ctx.params.month}-FOCUS.csv`);
      return ctx.reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="billing-${ctx.params.month}-focus.csv"; filename*=UTF-8''${name}`)
        .send(csv);
    },
  }),
];
