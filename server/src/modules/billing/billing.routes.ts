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
  AdjustmentBodySchema,
  BillingSummaryQuerySchema,
  BillingSummarySchema,
  RunSettlementBodySchema,
  SettlementDetailSchema,
  SettlementSummarySchema,
  SupervisionBodySchema,
  UsageCorrectionBodySchema,
  UsageIntervalSchema,
} from '@yunshu/shared/billing-api';
import { z } from 'zod';
import { errors } from '../../platform/errors.ts';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { correctUsage } from './corrections.service.ts';
import { focusCsv } from './focus-export.ts';
import { findStatement, listMonths, listStatements } from './statements.repository.ts';
import { settlementWorkbook } from './settlement-excel.ts';
import { statementsWorkbook } from './statements-excel.ts';
import { settlementPdf } from './settlement-pdf.ts';
import { billingSummary } from './summary.service.ts';
import {
  addAdjustment,
  approveSettlement,
  completeAudit,
  listSettlements,
  runSettlement,
  setSupervisionBudget,
  settlementDetail,
  submitSettlement,
} from './settlement.service.ts';
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
    handler: (ctx) => listMonths(ctx.trx, signedIn(ctx.actor).scope),
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
    method: 'POST',
    url: '/api/billing/corrections',
    summary: '用量更正 / Correct a usage interval with a reason: a new record replacing it, never an edit; refused inside confirmed months',
    tags: ['billing'],
    access: 'billing:manage',
    body: UsageCorrectionBodySchema,
    response: UsageIntervalSchema,
    status: 201,
    auditAction: 'billing.correct',
    handler: (ctx) => correctUsage(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/summary',
    summary: '费用概览 / Cost dashboard figures: monthly trend, spend per unit, system, provider and category (a unit sees its own)',
    tags: ['billing'],
    access: 'billing:read',
    query: BillingSummaryQuerySchema,
    response: BillingSummarySchema,
    handler: (ctx) => billingSummary(ctx.trx, ctx.query),
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
    url: '/api/billing/months/:month/statements.xlsx',
    summary: '导出月度账单（Excel） / The month’s statements: a summary per unit and one sheet per cloud operator',
    tags: ['billing'],
    access: 'billing:read',
    params: MonthParamsSchema,
    raw: true,
    async handler(ctx) {
      const month = await ctx.trx.selectFrom('billing_months').select('rated_at').where('month', '=', ctx.params.month).executeTakeFirst();
      if (!month) throw errors.notFound({ zh: '该月账单', en: 'The month’s statements' });
      const buffer = await statementsWorkbook(ctx.trx, ctx.params.month, month.rated_at);
      const name = encodeURIComponent(`云资源月度账单-${ctx.params.month}.xlsx`);
      return ctx.reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="statements-${ctx.params.month}.xlsx"; filename*=UTF-8''${name}`)
        .send(buffer);
    },
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
  defineRoute({
    method: 'GET',
    url: '/api/settlements',
    summary: '年度结算方案 / Yearly settlements (SJ-15)',
    tags: ['billing'],
    access: 'settlement:read',
    response: z.array(SettlementSummarySchema),
    handler: (ctx) => listSettlements(ctx.trx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/settlements',
    summary: '生成（重算）结算方案 / Run, or re-run, the settlement of a period from its confirmed months; refused once approved',
    tags: ['billing'],
    access: 'settlement:run',
    body: RunSettlementBodySchema,
    response: SettlementDetailSchema,
    auditAction: 'settlement.run',
    handler: (ctx) => runSettlement(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.body.firstMonth, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/settlements/:id',
    summary: '结算方案详情 / Totals per cloud operator, unit and system, with the auditor’s adjustments',
    tags: ['billing'],
    access: 'settlement:read',
    params: IdParamsSchema,
    response: SettlementDetailSchema,
    handler: (ctx) => settlementDetail(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/settlements/:id/submit',
    summary: '提交审价 / Submit the plan to the third-party auditor (or straight to approval where the district engages none)',
    tags: ['billing'],
    access: 'settlement:run',
    params: IdParamsSchema,
    response: SettlementDetailSchema,
    auditAction: 'settlement.submit',
    handler: (ctx) => submitSettlement(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/settlements/:id/adjustments',
    summary: '审价调整 / The auditor records an adjustment with its reason (a correction record, never an edit)',
    tags: ['billing'],
    access: 'settlement:audit',
    params: IdParamsSchema,
    body: AdjustmentBodySchema,
    response: SettlementDetailSchema,
    status: 201,
    auditAction: 'settlement.adjust',
    handler: (ctx) => addAdjustment(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/settlements/:id/complete-audit',
    summary: '完成审价 / The auditor completes the audit',
    tags: ['billing'],
    access: 'settlement:audit',
    params: IdParamsSchema,
    response: SettlementDetailSchema,
    auditAction: 'settlement.audited',
    handler: (ctx) => completeAudit(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/settlements/:id/supervision-budget',
    summary: '监管专项费用 / The supervision budget, at most the profile’s share of the settlement total (SJ-16)',
    tags: ['billing'],
    access: 'settlement:run',
    params: IdParamsSchema,
    body: SupervisionBodySchema,
    response: SettlementDetailSchema,
    auditAction: 'settlement.supervision_budget',
    handler: (ctx) => setSupervisionBudget(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body.amount, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/settlements/:id/approve',
    summary: '审定结算方案 / The authority approves the plan, which freezes it (SJ-15)',
    tags: ['billing'],
    access: 'settlement:approve',
    params: IdParamsSchema,
    response: SettlementDetailSchema,
    auditAction: 'settlement.approve',
    handler: (ctx) => approveSettlement(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/settlements/:id/summary.pdf',
    summary: '结算方案摘要（PDF） / The settlement’s summary as PDF with an embedded Chinese font',
    tags: ['billing'],
    access: 'settlement:read',
    params: IdParamsSchema,
    raw: true,
    async handler(ctx) {
      const settlement = await settlementDetail(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id);
      const pdf = await settlementPdf(settlement, ctx.services.policy.district.zh);
      const name = encodeURIComponent(`${ctx.services.policy.district.zh}电子政务云资源结算项目-${settlement.label}.pdf`);
      return ctx.reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="settlement-${settlement.firstMonth}.pdf"; filename*=UTF-8''${name}`)
        .send(pdf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/settlements/:id/export.xlsx',
    summary: '导出结算方案（Excel） / The settlement plan: a summary and one sheet per cloud operator',
    tags: ['billing'],
    access: 'settlement:read',
    params: IdParamsSchema,
    raw: true,
    async handler(ctx) {
      const settlement = await settlementDetail(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id);
      const buffer = await settlementWorkbook(settlement, ctx.services.policy.district.zh);
      const name = encodeURIComponent(`${ctx.services.policy.district.zh}电子政务云资源结算项目-${settlement.label}.xlsx`);
      return ctx.reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="settlement-${settlement.firstMonth}.xlsx"; filename*=UTF-8''${name}`)
        .send(buffer);
    },
  }),
];
