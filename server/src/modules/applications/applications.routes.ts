/** HTTP surface of applications and approvals. */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import {
  ApplicationDetailSchema,
  ApplicationListQuerySchema,
  ApplicationSummarySchema,
  ApproveBodySchema,
  RejectBodySchema,
  ResubmitBodySchema,
  ReturnBodySchema,
  SubmitApplicationBodySchema,
  WithdrawBodySchema,
} from '@yunshu/shared/applications-api';
import { DocumentSchema } from '@yunshu/shared/systems-api';
import { PageQuerySchema } from '@yunshu/shared/api';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/sessions.ts';
import { errors } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { attachApplicationDocument } from './application-documents.service.ts';
import { listApplications } from './applications.repository.ts';
import {
  approveStep,
  rejectApplication,
  requireApplication,
  resubmitApplication,
  returnApplication,
  submitApplication,
  withdrawApplication,
} from './applications.service.ts';

const signedIn = (actor: Actor | null): Actor => {
  if (!actor) throw errors.unauthenticated();
  return actor;
};

export const applicationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/applications',
    summary: '申请列表 / Applications (a user unit sees its own only); mine=true: those I submitted',
    tags: ['applications'],
    access: 'application:read',
    query: ApplicationListQuerySchema,
    response: pageOf(ApplicationSummarySchema),
    handler: (ctx) =>
      listApplications(
        ctx.trx,
        { ...ctx.query, applicantId: ctx.query.mine === 'true' ? signedIn(ctx.actor).userId : undefined },
        ctx.query.page,
        ctx.query.pageSize,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/applications/pending',
    summary: '待办 / Applications whose current step belongs to one of my roles, soonest deadline first',
    tags: ['applications'],
    access: 'application:decide',
    query: PageQuerySchema,
    response: pageOf(ApplicationSummarySchema),
    handler: (ctx) =>
      listApplications(ctx.trx, { status: 'in_review', activeStepRoles: signedIn(ctx.actor).roles }, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications',
    summary: '提交申请 / Submit an application of any kind; each kind’s rules are enforced and cited',
    tags: ['applications'],
    access: 'application:submit',
    body: SubmitApplicationBodySchema,
    response: ApplicationDetailSchema,
    status: 201,
    auditAction: 'application.submit',
    handler: (ctx) => submitApplication(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/applications/:id',
    summary: '申请详情 / An application with its steps, deadlines and timeline',
    tags: ['applications'],
    access: 'application:read',
    params: IdParamsSchema,
    response: ApplicationDetailSchema,
    tenantScoped: true,
    handler: (ctx) => requireApplication(ctx.trx, signedIn(ctx.actor), ctx.params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications/:id/approve',
    summary: '审批通过当前环节 / Approve the current step (migration: record the assessment, SJ-12)',
    tags: ['applications'],
    access: 'application:decide',
    params: IdParamsSchema,
    body: ApproveBodySchema,
    response: ApplicationDetailSchema,
    auditAction: 'application.approve',
    handler: (ctx) => approveStep(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications/:id/reject',
    summary: '驳回 / Reject (reason required)',
    tags: ['applications'],
    access: 'application:decide',
    params: IdParamsSchema,
    body: RejectBodySchema,
    response: ApplicationDetailSchema,
    auditAction: 'application.reject',
    handler: (ctx) => rejectApplication(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.body.reason, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications/:id/return',
    summary: '退回 / Return to the applicant or an earlier step for more information',
    tags: ['applications'],
    access: 'application:decide',
    params: IdParamsSchema,
    body: ReturnBodySchema,
    response: ApplicationDetailSchema,
    auditAction: 'application.return',
    handler: (ctx) => returnApplication(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications/:id/resubmit',
    summary: '重新提交 / Resubmit a returned application (a new deadline runs from now)',
    tags: ['applications'],
    access: 'application:submit',
    params: IdParamsSchema,
    body: ResubmitBodySchema,
    response: ApplicationDetailSchema,
    tenantScoped: true,
    auditAction: 'application.resubmit',
    handler: (ctx) => resubmitApplication(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body.comment, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications/:id/withdraw',
    summary: '撤回 / Withdraw before the final decision',
    tags: ['applications'],
    access: 'application:submit',
    params: IdParamsSchema,
    body: WithdrawBodySchema,
    response: ApplicationDetailSchema,
    tenantScoped: true,
    auditAction: 'application.withdraw',
    handler: (ctx) => withdrawApplication(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.body.reason, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications/:id/documents',
    summary: '上传申请材料 / Attach a document to an application (?filename=&category=test_report|assessment_report|evidence|expert_review|other)',
    tags: ['applications'],
    access: 'application:submit',
    params: IdParamsSchema,
    query: z.object({
      filename: z.string().trim().min(1).max(200),
      category: z.enum(['evidence', 'test_report', 'assessment_report', 'expert_review', 'other']).default('other'),
    }),
    body: z.instanceof(Buffer, { message: 'file_body_required' }),
    response: DocumentSchema,
    status: 201,
    tenantScoped: true,
    auditAction: 'application.document.upload',
    handler: (ctx) => attachApplicationDocument(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.query, ctx.body, ctx.audit),
  }),
];
