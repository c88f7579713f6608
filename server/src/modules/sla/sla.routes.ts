/** HTTP surface of the approval SLA report. */
import { SlaQuerySchema, SlaReportSchema } from '@yunshu/shared/sla-api';
import { defineRoute } from '../../platform/http/route.ts';
import { slaReport } from './sla-report.service.ts';

export const slaRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/applications/sla',
    summary: '审批时限执行情况 / Approval SLA: decided steps on time vs overdue per step and approver, working days taken, open overdue steps',
    tags: ['applications'],
    access: 'application:report',
    query: SlaQuerySchema,
    response: SlaReportSchema,
    handler: (ctx) => slaReport(ctx.trx, ctx.query),
  }),
];
