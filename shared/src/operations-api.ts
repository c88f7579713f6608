/**
 * Contract of operations records (SJ-19, QP-16): providers' daily inspection reports per platform, and
 * fault tickets raised by units or providers with response and resolution deadlines from the profile.
 */
import { z } from 'zod';
import { PageQuerySchema, UnitRefSchema } from './api.ts';
import { PlatformRefSchema } from './catalog-api.ts';
import { DateSchema } from './systems-api.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

// --- daily inspections -----------------------------------------------------------------------------

export const INSPECTION_RESULTS = ['normal', 'anomaly'] as const;

export const InspectionItemSchema = z.object({
  name: text(100).describe('what was checked, e.g. 计算节点、存储池、网络链路、安全设备'),
  result: z.enum(INSPECTION_RESULTS),
  note: z.string().trim().max(1000).optional(),
});

export const InspectionReportSchema = z.object({
  id: z.uuid(),
  platform: PlatformRefSchema,
  provider: z.object({ id: z.uuid(), name: z.string().nullable() }),
  inspectedOn: z.string(),
  items: z.array(InspectionItemSchema),
  anomalies: z.number().int().describe('items found abnormal'),
  summary: z.string().nullable(),
  inspector: z.string(),
  createdAt: z.string(),
});
export type InspectionReport = z.infer<typeof InspectionReportSchema>;

export const CreateInspectionBodySchema = z.object({
  platformId: z.uuid(),
  inspectedOn: DateSchema,
  items: z.array(InspectionItemSchema).min(1).max(200),
  summary: z.string().trim().max(4000).optional(),
});
export const InspectionListQuerySchema = PageQuerySchema.extend({
  platformId: z.uuid().optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  anomalies: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('only reports with anomalies'),
});

/** Which days a platform owes its report (`operations.inspectionEvery` of the profile). */
export const INSPECTION_SCHEDULES = ['working_days', 'calendar_days'] as const;

export const MissingInspectionsQuerySchema = z.object({
  from: DateSchema.optional().describe('first day (Asia/Shanghai); default: 29 days before `to`'),
  to: DateSchema.optional().describe('last day, inclusive; default and at most yesterday — a day is judged once it is over'),
  platformId: z.uuid().optional(),
});
export const MissingInspectionSchema = z.object({
  platform: PlatformRefSchema,
  provider: z.object({ id: z.uuid(), name: z.string().nullable() }),
  day: z.string().describe('a day a report was due and none is filed'),
  notifiedAt: z.string().nullable().describe('when the operator and the provider were told; null when the periodic check has not reached the day'),
});
export const MissingInspectionsSchema = z.object({
  from: z.string(),
  to: z.string(),
  every: z.enum(INSPECTION_SCHEDULES).describe('working days of the PRC calendar, or every calendar day'),
  article: z.string().nullable().describe('the article behind the rule'),
  items: z.array(MissingInspectionSchema).describe('newest day first'),
});
export type MissingInspections = z.infer<typeof MissingInspectionsSchema>;

// --- fault tickets ---------------------------------------------------------------------------------

export const FAULT_SEVERITIES = ['critical', 'major', 'minor'] as const;
export type FaultSeverity = (typeof FAULT_SEVERITIES)[number];
export const FAULT_SEVERITY_LABELS: Record<FaultSeverity, { zh: string; en: string }> = {
  critical: { zh: '紧急', en: 'Critical' },
  major: { zh: '严重', en: 'Major' },
  minor: { zh: '一般', en: 'Minor' },
};
export const FAULT_STATUSES = ['open', 'responded', 'resolved'] as const;

export const FaultTicketSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  platform: PlatformRefSchema,
  provider: z.object({ id: z.uuid(), name: z.string().nullable() }),
  unit: UnitRefSchema.nullable().describe('the user unit affected; null for a platform-wide fault a provider raised'),
  systemId: z.uuid().nullable(),
  systemName: z.string().nullable(),
  raisedBy: z.string(),
  raisedByUnit: z.string().nullable(),
  severity: z.enum(FAULT_SEVERITIES),
  title: z.string(),
  description: z.string(),
  status: z.enum(FAULT_STATUSES),
  raisedAt: z.string(),
  respondDueAt: z.string(),
  resolveDueAt: z.string(),
  respondedAt: z.string().nullable(),
  respondedBy: z.string().nullable(),
  responseNote: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  respondedOnTime: z.boolean().nullable().describe('null while unanswered and not yet late'),
  resolvedOnTime: z.boolean().nullable().describe('null while unresolved and not yet late'),
  article: z.string().nullable().describe('the article behind the deadlines'),
});
export type FaultTicket = z.infer<typeof FaultTicketSchema>;

export const CreateFaultBodySchema = z.object({
  platformId: z.uuid(),
  systemId: z.uuid().optional().describe('the unit’s affected system'),
  unitId: z.uuid().optional().describe('the operator may raise for a unit'),
  severity: z.enum(FAULT_SEVERITIES),
  title: text(200),
  description: text(4000),
});
export const RespondFaultBodySchema = z.object({ note: text(2000) });
export const ResolveFaultBodySchema = z.object({ resolution: text(4000) });

export const FaultListQuerySchema = PageQuerySchema.extend({
  status: z.enum(FAULT_STATUSES).optional(),
  severity: z.enum(FAULT_SEVERITIES).optional(),
  platformId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('only tickets past a deadline they have not met'),
});

const rate = z.string().nullable().describe('decimal 0..1, four places; null when nothing can be judged yet');
export const FaultSlaRowSchema = z.object({
  provider: z.object({ id: z.uuid(), name: z.string().nullable() }),
  severity: z.enum(FAULT_SEVERITIES),
  raised: z.number().int(),
  responded: z.number().int(),
  respondedOnTime: z.number().int(),
  resolved: z.number().int(),
  resolvedOnTime: z.number().int(),
  openOverdue: z.number().int().describe('unresolved and past the resolution deadline'),
  responseOnTimeRate: rate,
  resolutionOnTimeRate: rate,
});
export const FaultSlaSchema = z.object({ from: z.string(), to: z.string(), rows: z.array(FaultSlaRowSchema) });
export const FaultSlaQuerySchema = z.object({
  from: DateSchema.optional().describe('first day raised (Asia/Shanghai); default: 30 days before `to`'),
  to: DateSchema.optional().describe('last day raised, inclusive; default today'),
});
