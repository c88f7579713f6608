/**
 * Contract of provisioned resources (SJ-9 开通、扩容、回收; QP-9..QP-12): servers and volumes with their
 * desired and observed state, lifecycle history and driver calls, providers' work orders for platforms
 * fulfilled by hand, and inventory findings (resources created outside Yunshu, missing ones, drift).
 */
import { z } from 'zod';
import { PageQuerySchema, UnitRefSchema } from './api.ts';
import { PlatformRefSchema } from './catalog-api.ts';

export const RESOURCE_KINDS = ['server', 'volume'] as const;
export const DESIRED_STATES = ['running', 'stopped', 'deleted'] as const;
export const RESOURCE_STATUSES = [
  'pending',
  'creating',
  'running',
  'stopped',
  'resizing',
  'stopping',
  'starting',
  'deleting',
  'deleted',
  'failed',
  'awaiting_work_order',
] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export const RESOURCE_STATUS_LABELS: Record<ResourceStatus, { zh: string; en: string }> = {
  pending: { zh: '待开通', en: 'Pending' },
  creating: { zh: '创建中', en: 'Creating' },
  running: { zh: '运行中', en: 'Running' },
  stopped: { zh: '已停止', en: 'Stopped' },
  resizing: { zh: '变更规格中', en: 'Resizing' },
  stopping: { zh: '停止中', en: 'Stopping' },
  starting: { zh: '启动中', en: 'Starting' },
  deleting: { zh: '回收中', en: 'Reclaiming' },
  deleted: { zh: '已回收', en: 'Reclaimed' },
  failed: { zh: '操作失败', en: 'Failed' },
  awaiting_work_order: { zh: '待服务商工单处理', en: 'Awaiting work order' },
};

/** A server's shape as sold (vCPU, GiB of memory) plus its system disk; a volume's size. */
export const ResourceSpecSchema = z.object({
  vcpus: z.number().int().optional(),
  memoryGiB: z.number().int().optional(),
  diskGiB: z.number().int().optional().describe('server: system disk'),
  sizeGiB: z.number().int().optional().describe('volume: size'),
});
export type ResourceSpec = z.infer<typeof ResourceSpecSchema>;

export const ResourceSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(RESOURCE_KINDS),
  name: z.string(),
  unit: UnitRefSchema,
  systemId: z.uuid().nullable(),
  systemName: z.string().nullable(),
  platform: PlatformRefSchema,
  provisioningMode: z.enum(['driver', 'work_order']),
  applicationId: z.uuid(),
  applicationNumber: z.string().nullable().describe('null where the caller may not read the application (a provider)'),
  parentId: z.uuid().nullable(),
  desiredState: z.enum(DESIRED_STATES),
  status: z.enum(RESOURCE_STATUSES),
  /** Desired and observed differ: the reconciler (or a work order) is still at work. */
  converging: z.boolean(),
  spec: ResourceSpecSchema,
  observedSpec: ResourceSpecSchema.nullable(),
  providerId: z.string().nullable(),
  providerStatus: z.string().nullable(),
  addresses: z.array(z.string()),
  lastError: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  dueProvisional: z.boolean(),
  overdue: z.boolean().describe('the provisioning deadline (QP-9, QP-10) passed before the operation completed'),
  temporary: z.boolean(),
  leaseExpiresAt: z.string().nullable().describe('temporary resources: the end of the term (QP-12)'),
  provisionedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
  costToDate: z.string().nullable().describe('yuan: its metered usage rated so far (detail page only; null in lists and without usage)'),
});
export type ResourceSummary = z.infer<typeof ResourceSummarySchema>;

export const ResourceEventSchema = z.object({
  id: z.string(),
  resourceId: z.uuid(),
  resourceName: z.string(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(['ok', 'retry', 'failed']).nullable(),
  durationMs: z.number().int().nullable(),
  message: z.string().nullable(),
  applicationId: z.uuid().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type ResourceEvent = z.infer<typeof ResourceEventSchema>;

export const WORK_ORDER_ACTIONS = ['create', 'resize', 'stop', 'start', 'delete'] as const;
export const WORK_ORDER_ACTION_LABELS: Record<(typeof WORK_ORDER_ACTIONS)[number], { zh: string; en: string }> = {
  create: { zh: '开通', en: 'Create' },
  resize: { zh: '变更规格', en: 'Resize' },
  stop: { zh: '停机', en: 'Stop' },
  start: { zh: '开机', en: 'Start' },
  delete: { zh: '回收', en: 'Reclaim' },
};

export const WorkOrderSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  resourceId: z.uuid(),
  resourceName: z.string(),
  resourceKind: z.enum(RESOURCE_KINDS),
  unit: UnitRefSchema,
  platform: PlatformRefSchema,
  action: z.enum(WORK_ORDER_ACTIONS),
  spec: ResourceSpecSchema,
  status: z.enum(['open', 'done', 'cancelled']),
  dueAt: z.string().nullable(),
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  providerReference: z.string().nullable(),
  note: z.string().nullable(),
});
export type WorkOrder = z.infer<typeof WorkOrderSchema>;

export const ResourceDetailSchema = ResourceSummarySchema.extend({
  volumes: z.array(ResourceSummarySchema),
  events: z.array(ResourceEventSchema),
  workOrders: z.array(WorkOrderSchema),
  canOperate: z.boolean().describe('the caller may stop and start it'),
  canRetry: z.boolean().describe('the caller may retry a failed operation'),
});
export type ResourceDetail = z.infer<typeof ResourceDetailSchema>;

export const ResourceListQuerySchema = PageQuerySchema.extend({
  unitId: z.uuid().optional(),
  systemId: z.uuid().optional(),
  platformId: z.uuid().optional(),
  applicationId: z.uuid().optional(),
  kind: z.enum(RESOURCE_KINDS).optional(),
  status: z.enum(RESOURCE_STATUSES).optional(),
  q: z.string().trim().max(100).optional().describe('name, provider id or IP address contains'),
  includeDeleted: z.enum(['true', 'false']).optional().describe('also list reclaimed resources'),
});

export const ResourceEventQuerySchema = PageQuerySchema.extend({
  resourceId: z.uuid().optional(),
  driverCallsOnly: z.enum(['true', 'false']).optional(),
});

export const ResourceActionBodySchema = z.object({ reason: z.string().trim().max(500).optional() });

export const WorkOrderListQuerySchema = PageQuerySchema.extend({
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  platformId: z.uuid().optional(),
});

const positive = (max: number) => z.number().int().min(1).max(max);
export const CompleteWorkOrderBodySchema = z.object({
  providerReference: z.string().trim().min(1).max(200).describe('the resource’s identifier on the provider’s side (instance or volume id)'),
  addresses: z.array(z.string().trim().min(3).max(64)).max(16).default([]),
  vcpus: positive(256).optional(),
  memoryGiB: positive(4096).optional(),
  diskGiB: positive(65536).optional(),
  sizeGiB: positive(65536).optional(),
  note: z.string().trim().max(1000).optional(),
});
export type CompleteWorkOrderBody = z.infer<typeof CompleteWorkOrderBodySchema>;

export const FINDING_KINDS = ['unknown', 'missing', 'drift'] as const;
export const FINDING_KIND_LABELS: Record<(typeof FINDING_KINDS)[number], { zh: string; en: string }> = {
  unknown: { zh: '未登记资源（平台外创建）', en: 'Unknown (created outside Yunshu)' },
  missing: { zh: '资源缺失', en: 'Missing' },
  drift: { zh: '规格或状态漂移', en: 'Drift' },
};

export const InventoryFindingSchema = z.object({
  id: z.uuid(),
  platform: PlatformRefSchema,
  kind: z.enum(FINDING_KINDS),
  resourceType: z.enum(RESOURCE_KINDS),
  providerId: z.string(),
  resourceId: z.uuid().nullable(),
  name: z.string(),
  detail: z.record(z.string(), z.unknown()),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type InventoryFinding = z.infer<typeof InventoryFindingSchema>;

export const InventoryFindingQuerySchema = PageQuerySchema.extend({
  platformId: z.uuid().optional(),
  kind: z.enum(FINDING_KINDS).optional(),
  open: z.enum(['true', 'false']).optional().describe('true (default): unresolved findings only'),
});

export const AcknowledgeFindingBodySchema = z.object({ note: z.string().trim().min(1).max(1000) });

export const InventorySyncSchema = z.object({
  id: z.uuid(),
  platform: PlatformRefSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  message: z.string().nullable(),
  servers: z.number().int(),
  volumes: z.number().int(),
  findings: z.record(z.string(), z.number()),
});
export type InventorySync = z.infer<typeof InventorySyncSchema>;

/** What an on-demand inventory sync answers: counts of the cloud's side and of the findings. */
export const InventorySyncResultSchema = z.object({
  ok: z.boolean(),
  message: z.string().nullable(),
  servers: z.number().int(),
  volumes: z.number().int(),
  findings: z.record(z.string(), z.number()),
  opened: z.number().int().describe('findings seen for the first time'),
  resolved: z.number().int().describe('open findings this sync no longer sees'),
});
export type InventorySyncResult = z.infer<typeof InventorySyncResultSchema>;
