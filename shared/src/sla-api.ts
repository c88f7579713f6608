/**
 * Contract of the approval SLA report (时限执行情况): how many decided approval steps met their
 * working-day deadline (QP-9, QP-10, QP-11), per step and per approver, and which open steps are overdue.
 */
import { z } from 'zod';
import { BilingualSchema } from './api.ts';

export const SlaQuerySchema = z.object({
  from: z.iso.date().optional().describe('first day (Asia/Shanghai) of decisions counted; default: the first day of the month of `to`'),
  to: z.iso.date().optional().describe('last day (Asia/Shanghai), inclusive; default: today; at most two years after `from`'),
});

export const SlaFiguresSchema = z.object({
  decided: z.number().int().describe('steps decided in the period'),
  onTime: z.number().int().describe('decided no later than their deadline'),
  overdue: z.number().int().describe('decided after their deadline'),
  onTimeRate: z.number().nullable().describe('onTime / decided, 0..1; null when nothing was decided'),
  averageWorkingDays: z.number().nullable().describe('average working days from activation to decision, 2 decimals'),
});
export type SlaFigures = z.infer<typeof SlaFiguresSchema>;

export const SlaStepRowSchema = SlaFiguresSchema.extend({
  kind: z.string().describe('application kind, e.g. resource, expansion'),
  role: z.string(),
  stepName: BilingualSchema,
});

export const SlaApproverRowSchema = SlaFiguresSchema.extend({
  approverId: z.uuid().nullable(),
  approverName: z.string().nullable(),
});

export const OpenOverdueStepSchema = z.object({
  applicationId: z.uuid(),
  number: z.string(),
  title: z.string(),
  kind: z.string(),
  unitName: z.string(),
  stepIdx: z.number().int(),
  stepName: BilingualSchema,
  role: z.string(),
  article: z.string().nullable(),
  dueAt: z.string(),
  overdueWorkingDays: z.number().int().describe('working days past the due date, today included'),
  remindedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
});

export const SlaReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: SlaFiguresSchema,
  steps: z.array(SlaStepRowSchema),
  approvers: z.array(SlaApproverRowSchema),
  openOverdue: z.array(OpenOverdueStepSchema),
});
export type SlaReport = z.infer<typeof SlaReportSchema>;
