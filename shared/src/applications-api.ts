/**
 * Contract of applications (申请) and approvals: every kind of the resource lifecycle (SJ-9), each with
 * its own form; the approval steps with working-day deadlines; the timeline.
 */
import { z } from 'zod';
import { PageQuerySchema, UnitRefSchema } from './api.ts';
import { APPLICATION_KINDS } from './application-kinds.ts';
import { QuantitySchema } from './systems-api.ts';

export { APPLICATION_KIND_LABELS, APPLICATION_KINDS, type ApplicationKind } from './application-kinds.ts';

export const APPLICATION_STATUSES = ['in_review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const LineInputSchema = z.object({
  itemId: z.uuid(),
  quantity: QuantitySchema,
  months: z.number().int().min(1).max(120).optional().describe('for temporary resources: the term in months (QP-12)'),
});

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A server to provision from the approved lines: compute is sold per vCPU and per GiB of memory, so
 * the form says how the approved amounts are cut into servers. Without servers, one server takes the
 * whole approved vCPU and memory, and the block storage becomes its data disk.
 */
export const ServerRequestSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, { message: 'server_name_invalid' })
    .describe('host name: lower-case letters, digits and dashes, 2–40 characters, starting with a letter'),
  vcpus: z.number().int().min(1).max(128),
  memoryGiB: z.number().int().min(1).max(2048),
  dataDiskGiB: z.number().int().min(1).max(32768).optional().describe('a data volume attached to the server, taken from the block-storage lines'),
});
export type ServerRequest = z.infer<typeof ServerRequestSchema>;

/** A new shape for one of the system's servers (an expansion, QP-10, or a change within the quota, SJ-13). */
export const ResizeRequestSchema = z.object({
  resourceId: z.uuid(),
  vcpus: z.number().int().min(1).max(128),
  memoryGiB: z.number().int().min(1).max(2048),
});
export type ResizeRequest = z.infer<typeof ResizeRequestSchema>;

const servers = z.array(ServerRequestSchema).max(50).optional().describe('how the approved compute is cut into servers');
const resizes = z.array(ResizeRequestSchema).max(50).optional().describe('servers of the system to resize');

const base = {
  title: text(120),
};

export const SubmitApplicationBodySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('new_project_filing'),
    ...base,
    systemId: z.uuid(),
    platformId: z.uuid().describe('the chosen provider’s platform (city or district), SJ-11'),
    architecture: z.enum(['x86', 'arm']),
    lines: z.array(LineInputSchema).min(1).max(50),
    plannedGoLive: z.iso.date(),
  }),
  z.object({ kind: z.literal('resource'), ...base, systemId: z.uuid(), projectId: z.uuid(), platformId: z.uuid(), lines: z.array(LineInputSchema).min(1).max(50), servers }),
  z.object({
    kind: z.literal('expansion'),
    ...base,
    systemId: z.uuid(),
    platformId: z.uuid(),
    basis: z.string().trim().max(1000).default('').describe('扩容依据 (QP-10)'),
    lines: z.array(LineInputSchema).min(1).max(50),
    servers,
    resizes,
  }),
  z.object({ kind: z.literal('change'), ...base, systemId: z.uuid(), description: text(2000).describe('what changes and why (SJ-13)'), resizes }),
  z.object({
    kind: z.literal('reclamation'),
    ...base,
    systemId: z.uuid(),
    lines: z.array(LineInputSchema).min(1).max(50),
    backupConfirmed: z.boolean().describe('应用和数据已完成备份迁移 (QP-11)'),
    irreversibleAcknowledged: z.boolean().describe('已知悉回收不可逆 (QP-11)'),
    resourceIds: z.array(z.uuid()).max(100).optional().describe('the servers and volumes to reclaim (a server takes its data volumes with it)'),
  }),
  z.object({
    kind: z.literal('temporary'),
    ...base,
    systemId: z.uuid().optional(),
    platformId: z.uuid(),
    purpose: text(1000),
    lines: z.array(LineInputSchema).min(1).max(50),
    servers,
  }),
  z.object({
    kind: z.literal('temporary_extension'),
    ...base,
    relatedApplicationId: z.uuid(),
    months: z.number().int().min(1).max(120),
    reason: text(1000),
  }),
  z.object({ kind: z.literal('migration'), ...base, systemId: z.uuid(), platformId: z.uuid(), description: text(2000) }),
  z.object({
    kind: z.literal('city_cloud'),
    ...base,
    systemId: z.uuid(),
    projectId: z.uuid(),
    platformId: z.uuid().describe('a city-level platform of the chosen city provider (SJ-10)'),
    reason: z.enum(['city_line_requirement', 'district_insufficient']),
    explanation: text(1000),
    lines: z.array(LineInputSchema).min(1).max(50),
    servers,
  }),
  z.object({
    kind: z.literal('provider_plan'),
    ...base,
    platformId: z.uuid(),
    description: text(4000),
    plannedStart: z.iso.datetime({ offset: true }),
    major: z.boolean(),
    expertReview: z
      .object({ reviewer: text(100), reviewedOn: z.iso.date(), conclusion: text(1000) })
      .optional()
      .describe('required for a major adjustment: the third-party or expert evaluation (SJ-19)'),
  }),
]);
export type SubmitApplicationBody = z.infer<typeof SubmitApplicationBodySchema>;

export const ApplicationStepSchema = z.object({
  id: z.uuid(),
  idx: z.number().int(),
  name: z.object({ zh: z.string(), en: z.string() }),
  role: z.string(),
  article: z.string().nullable(),
  status: z.enum(['waiting', 'active', 'approved', 'rejected', 'returned', 'skipped']),
  activatedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  comment: z.string().nullable(),
  assessment: z.record(z.string(), z.unknown()).nullable(),
});

export const ApplicationEventSchema = z.object({
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  stepIdx: z.number().int().nullable(),
  comment: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const ApplicationLineSchema = z.object({
  lineNo: z.number().int(),
  itemId: z.uuid(),
  itemCode: z.string(),
  itemName: z.string(),
  itemNameEn: z.string(),
  unitOfMeasure: z.string(),
  quantity: z.string(),
  months: z.number().int().nullable(),
});

export const ApplicationSummarySchema = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  title: z.string(),
  unit: UnitRefSchema,
  systemId: z.uuid().nullable(),
  systemName: z.string().nullable(),
  applicantName: z.string(),
  submittedAt: z.string(),
  dueAt: z.string(),
  dueProvisional: z.boolean(),
  decidedAt: z.string().nullable(),
  currentStep: z.object({ idx: z.number().int(), name: z.object({ zh: z.string(), en: z.string() }), role: z.string(), dueAt: z.string().nullable(), overdue: z.boolean() }).nullable(),
});

export const ApplicationDetailSchema = ApplicationSummarySchema.extend({
  projectId: z.uuid().nullable(),
  platformId: z.uuid().nullable(),
  platformName: z.string().nullable(),
  relatedApplicationId: z.uuid().nullable(),
  payload: z.record(z.string(), z.unknown()),
  estimate: z.record(z.string(), z.unknown()).nullable(),
  executionDueAt: z.string().nullable(),
  executionDueProvisional: z.boolean(),
  expiresAt: z.string().nullable(),
  lines: z.array(ApplicationLineSchema),
  steps: z.array(ApplicationStepSchema),
  timeline: z.array(ApplicationEventSchema),
  documents: z.array(z.object({ id: z.uuid(), filename: z.string(), category: z.string().nullable(), sizeBytes: z.number().int(), sm3: z.string(), uploadedAt: z.string() })),
  canAct: z.boolean().describe('the caller holds the active step’s role'),
  canWithdraw: z.boolean(),
  canResubmit: z.boolean(),
});

export const ApplicationListQuerySchema = PageQuerySchema.extend({
  mine: z.enum(['true', 'false']).optional().describe('only applications I submitted'),
  status: z.enum(APPLICATION_STATUSES).optional(),
  kind: z.enum(APPLICATION_KINDS).optional(),
  systemId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
});

export const ApproveBodySchema = z.object({
  comment: z.string().trim().max(1000).optional(),
  assessment: z
    .object({ result: z.enum(['pass', 'fail']), summary: text(1000) })
    .optional()
    .describe('migration only: the pre-cloud test/assessment result recorded by the operator (SJ-12)'),
});
export const RejectBodySchema = z.object({ reason: text(1000) });
export const ReturnBodySchema = z.object({
  to: z.union([z.literal('applicant'), z.number().int().min(0)]).describe('"applicant" or the index of an earlier step'),
  comment: text(1000),
});
export const WithdrawBodySchema = z.object({ reason: z.string().trim().max(1000).optional() });
export const ResubmitBodySchema = z.object({ comment: z.string().trim().max(1000).optional() });
