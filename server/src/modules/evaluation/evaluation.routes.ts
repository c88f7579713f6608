/** HTTP surface of the yearly comprehensive evaluation and its rectification requirements (QP-24, QP-25). */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import {
  AdjustBodySchema,
  CloseRectificationBodySchema,
  EvaluationDetailSchema,
  EvaluationSummarySchema,
  IssueRectificationBodySchema,
  RectificationListQuerySchema,
  RectificationSchema,
  RespondRectificationBodySchema,
  UnitGradeSchema,
  YearParamsSchema,
} from '@yunshu/shared/evaluation-api';
import { z } from 'zod';
import { errors } from '../../platform/errors.ts';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { citeArticle, type PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { evaluationWorkbook, unitReportPdf } from './evaluation-reports.ts';
import {
  adjustScore,
  closeRequirement,
  evaluationDetail,
  issueRequirement,
  latestGrade,
  listEvaluations,
  listRequirements,
  publishEvaluation,
  respondRequirement,
  runEvaluation,
  unitResult,
} from './evaluation.service.ts';

/** The articles the model rests on, as people cite them (青浦办法第二十四条). */
const modelBasis = (profile: PolicyProfile, article: string | null) => (article ? article.split(/,\s*/).map((a) => citeArticle(profile, a).zh).join('、') : null);

const YearUnitParamsSchema = YearParamsSchema.extend({ id: z.uuid() });

export const evaluationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/evaluations',
    summary: '综合评价年度列表 / The years evaluated (a unit-scoped reader: published ones)',
    tags: ['evaluation'],
    access: 'evaluation:read',
    response: z.array(EvaluationSummarySchema),
    handler: (ctx) => listEvaluations(ctx.trx, signedIn(ctx.actor)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/evaluations/:year',
    summary: '年度综合评价结果 / A year’s scores, ranks and grades with their evidence (a unit: its own, once published)',
    tags: ['evaluation'],
    access: 'evaluation:read',
    params: YearParamsSchema,
    response: EvaluationDetailSchema,
    handler: (ctx) => evaluationDetail(ctx.trx, signedIn(ctx.actor), ctx.params.year),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evaluations/:year/run',
    summary: '开展年度综合评价 / Run (or re-run, while a draft) a year’s evaluation from the records (QP-24)',
    tags: ['evaluation'],
    access: 'evaluation:run',
    params: YearParamsSchema,
    response: EvaluationDetailSchema,
    auditAction: 'evaluation.run',
    handler: (ctx) => runEvaluation(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.year, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evaluations/:year/adjustments',
    summary: '人工调整指标得分 / Adjust a unit’s indicator score, with a reason (draft only)',
    tags: ['evaluation'],
    access: 'evaluation:run',
    params: YearParamsSchema,
    body: AdjustBodySchema,
    response: EvaluationDetailSchema,
    auditAction: 'evaluation.adjust',
    handler: (ctx) => adjustScore(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.year, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evaluations/:year/publish',
    summary: '发布评价结果 / Publish a year’s results once the year is over, freezing them (QP-25)',
    tags: ['evaluation'],
    access: 'evaluation:publish',
    params: YearParamsSchema,
    response: EvaluationDetailSchema,
    auditAction: 'evaluation.publish',
    handler: (ctx) => publishEvaluation(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.year, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/evaluations/:year/export.xlsx',
    summary: '导出评价结果（Excel） / All units and all indicators, the model and the adjustments',
    tags: ['evaluation'],
    access: 'evaluation:read',
    params: YearParamsSchema,
    raw: true,
    async handler(ctx) {
      const detail = await evaluationDetail(ctx.trx, signedIn(ctx.actor), ctx.params.year);
      const buffer = await evaluationWorkbook(detail, ctx.services.policy.district.zh, modelBasis(ctx.services.policy, detail.model.article));
      const name = encodeURIComponent(`${ctx.services.policy.district.zh}电子政务云使用单位综合评价-${ctx.params.year}.xlsx`);
      return ctx.reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="evaluation-${ctx.params.year}.xlsx"; filename*=UTF-8''${name}`)
        .send(buffer);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/evaluations/:year/units/:id/report.pdf',
    summary: '单位评价报告（PDF） / A unit’s evaluation report with its evidence, Chinese font embedded',
    tags: ['evaluation'],
    access: 'evaluation:read',
    params: YearUnitParamsSchema,
    raw: true,
    async handler(ctx) {
      const { detail, result } = await unitResult(ctx.trx, signedIn(ctx.actor), ctx.params.year, ctx.params.id);
      const pdf = await unitReportPdf(detail, result, ctx.services.policy.district.zh, modelBasis(ctx.services.policy, detail.model.article));
      const name = encodeURIComponent(`${result.unit.name}-${ctx.params.year}年度综合评价报告.pdf`);
      return ctx.reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="evaluation-${ctx.params.year}-${ctx.params.id}.pdf"; filename*=UTF-8''${name}`)
        .send(pdf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/units/:id/evaluation-grade',
    summary: '单位最近一次综合评价等次 / A unit’s latest published grade, shown with its applications (QP-25)',
    tags: ['evaluation'],
    access: 'evaluation:read',
    params: IdParamsSchema,
    response: UnitGradeSchema.nullable(),
    tenantScoped: true,
    handler: (ctx) => {
      const actor = signedIn(ctx.actor);
      // Another unit's grade is not a unit-scoped reader's business (QP-19); approvers see the applicant's.
      if (actor.scope === 'unit' && actor.unitId !== ctx.params.id) throw errors.notFound({ zh: '单位', en: 'Unit' });
      return latestGrade(ctx.trx, ctx.params.id);
    },
  }),

  // --- rectification requirements --------------------------------------------------------------------
  defineRoute({
    method: 'GET',
    url: '/api/rectification-requirements',
    summary: '整改要求 / Rectification requirements issued to units (a unit: its own)',
    tags: ['evaluation'],
    access: 'evaluation:read',
    query: RectificationListQuerySchema,
    response: pageOf(RectificationSchema),
    handler: (ctx) => listRequirements(ctx.trx, ctx.query, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/evaluations/:year/rectification-requirements',
    summary: '下达整改要求 / Issue a rectification requirement to a unit of a published year (QP-25)',
    tags: ['evaluation'],
    access: 'evaluation:publish',
    params: YearParamsSchema,
    body: IssueRectificationBodySchema,
    response: RectificationSchema,
    auditAction: 'rectification.issue',
    handler: (ctx) => issueRequirement(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.year, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-requirements/:id/respond',
    summary: '反馈整改情况 / The unit reports how it rectified',
    tags: ['evaluation'],
    access: 'evaluation:respond',
    params: IdParamsSchema,
    body: RespondRectificationBodySchema,
    response: RectificationSchema,
    auditAction: 'rectification.respond',
    tenantScoped: true,
    handler: (ctx) => respondRequirement(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.body.response, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-requirements/:id/close',
    summary: '整改销号 / The authority closes a requirement the unit has answered',
    tags: ['evaluation'],
    access: 'evaluation:publish',
    params: IdParamsSchema,
    body: CloseRectificationBodySchema,
    response: RectificationSchema,
    auditAction: 'rectification.close',
    handler: (ctx) => closeRequirement(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.body.note, ctx.audit),
  }),
];
