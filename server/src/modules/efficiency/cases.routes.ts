/** HTTP surface of efficiency findings and rectification cases (QP-14, SJ-14). */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import {
  CaseListQuerySchema,
  CaseResponseSchema,
  CommentBodySchema,
  DecisionBodySchema,
  EscalateBodySchema,
  FindingListQuerySchema,
  FindingSchema,
  IdleSpendRankingSchema,
  ProposeWarningBodySchema,
  RectificationCaseDetailSchema,
  RectificationCaseSchema,
  RuleRunSchema,
} from '@yunshu/shared/efficiency-cases-api';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { shanghaiDate } from '../calendar/working-days.ts';
import { idleSpendByUnit, listFindings } from './cases.repository.ts';
import { caseDetail, closeCase, consentToStop, escalateCase, listCases, proposeWarning, respondToWarning, reviewWarning, stopCase } from './cases.service.ts';
import { applyEfficiencyRules } from './findings.service.ts';

const TAGS = ['efficiency'];

export const rectificationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/efficiency/findings',
    summary: '效能发现 / Findings of the efficiency rules with their figures (a unit: its own)',
    tags: TAGS,
    access: 'efficiency:read',
    query: FindingListQuerySchema,
    response: pageOf(FindingSchema),
    handler: (ctx) => listFindings(ctx.trx, ctx.query, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/efficiency/findings/by-unit',
    summary:
      '各单位闲置资源月度费用 / Units ranked by idle spend: per unit its open findings and the sum of their monthly savings — the whole monthly cost of zombie and long-term low servers, the freed vCPUs of over-provisioned ones (a unit: its own)',
    tags: TAGS,
    access: 'efficiency:read',
    response: IdleSpendRankingSchema,
    handler: (ctx) => idleSpendByUnit(ctx.trx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/efficiency/findings/run',
    summary: '立即运行效能规则 / Run the efficiency rules now (QP-14, SJ-14)',
    tags: TAGS,
    access: 'efficiency:manage',
    response: RuleRunSchema,
    auditAction: 'efficiency.rules.run',
    async handler(ctx) {
      const now = new Date();
      const run = await applyEfficiencyRules(ctx.trx, ctx.services, now);
      // The run is named by the Asia/Shanghai day it judged.
      ctx.audit = { objectType: 'efficiency_rules', objectId: shanghaiDate(now), detail: { ...run } };
      return run;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/rectification-cases',
    summary: '整改案件 / Rectification cases by stage (a unit: its own)',
    tags: TAGS,
    access: 'efficiency:read',
    query: CaseListQuerySchema,
    response: pageOf(RectificationCaseSchema),
    handler: (ctx) => listCases(ctx.trx, ctx.services.policy, signedIn(ctx.actor), ctx.query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/rectification-cases/:id',
    summary: '整改案件详情 / A rectification case with its finding and timeline',
    tags: TAGS,
    access: 'efficiency:read',
    params: IdParamsSchema,
    response: RectificationCaseDetailSchema,
    tenantScoped: true,
    handler: (ctx) => caseDetail(ctx.trx, ctx.services.policy, signedIn(ctx.actor), ctx.params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-cases/:id/warning',
    summary: '提出警告提示 / Propose a warning (QP-14: reviewed by the authority; SJ-14: issued at once)',
    tags: TAGS,
    access: 'efficiency:manage',
    params: IdParamsSchema,
    body: ProposeWarningBodySchema,
    response: RectificationCaseDetailSchema,
    auditAction: 'rectification.warning.propose',
    handler: (ctx) => proposeWarning(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body.text, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-cases/:id/review',
    summary: '审核警告提示 / The authority reviews a proposed warning (QP-14)',
    tags: TAGS,
    access: 'efficiency:decide',
    params: IdParamsSchema,
    body: DecisionBodySchema,
    response: RectificationCaseDetailSchema,
    auditAction: 'rectification.warning.review',
    handler: (ctx) => reviewWarning(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-cases/:id/response',
    summary: '答复整改 / The unit answers the warning: explanation, downsizing or reclamation',
    tags: TAGS,
    access: 'efficiency:respond',
    params: IdParamsSchema,
    body: CaseResponseSchema,
    response: RectificationCaseDetailSchema,
    tenantScoped: true,
    auditAction: 'rectification.respond',
    handler: (ctx) => respondToWarning(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-cases/:id/close',
    summary: '结案 / Close the case as rectified (or dismiss it before a warning)',
    tags: TAGS,
    access: 'efficiency:manage',
    params: IdParamsSchema,
    body: CommentBodySchema,
    response: RectificationCaseDetailSchema,
    auditAction: 'rectification.close',
    handler: (ctx) => closeCase(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body.comment, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-cases/:id/escalate',
    summary: '认定拒不整改 / Escalate: the unit refuses to rectify after the warning',
    tags: TAGS,
    access: 'efficiency:manage',
    params: IdParamsSchema,
    body: EscalateBodySchema,
    response: RectificationCaseDetailSchema,
    auditAction: 'rectification.escalate',
    handler: (ctx) => escalateCase(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body.comment, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-cases/:id/stop',
    summary: '决定停止使用 / Stop use (SJ-14: stop and reclaim), where no consent of the authority is needed',
    tags: TAGS,
    access: 'efficiency:manage',
    params: IdParamsSchema,
    body: CommentBodySchema,
    response: RectificationCaseDetailSchema,
    auditAction: 'rectification.stop',
    handler: (ctx) => stopCase(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body.comment, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/rectification-cases/:id/consent',
    summary: '同意停止使用 / The authority consents to stopping use, or declines (QP-14)',
    tags: TAGS,
    access: 'efficiency:decide',
    params: IdParamsSchema,
    body: DecisionBodySchema,
    response: RectificationCaseDetailSchema,
    auditAction: 'rectification.stop.consent',
    handler: (ctx) => consentToStop(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body, ctx.audit),
  }),
];
