/**
 * Contract of the monthly sync to the district big-data platform (QP-15 云数联动、上云必入数): one delivery
 * per month with a stable id, its status, attempts and the digest of the bytes delivered. Money is a
 * string of yuan with two decimals.
 */
import { z } from 'zod';
import { PageQuerySchema } from './api.ts';

export const DATA_SYNC_STATUSES = ['pending', 'retrying', 'delivered', 'failed', 'file_only'] as const;
export type DataSyncStatus = (typeof DATA_SYNC_STATUSES)[number];

export const USAGE_SOURCES = ['rating', 'statements_draft', 'statements_confirmed'] as const;

export const DataSyncAttemptSchema = z.object({
  attempt: z.number().int(),
  revision: z.number().int(),
  cause: z.enum(['schedule', 'resend']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  outcome: z.enum(['delivered', 'failed']).nullable().describe('null while the attempt is in flight'),
});
export type DataSyncAttempt = z.infer<typeof DataSyncAttemptSchema>;

export const DataSyncDeliverySchema = z.object({
  id: z.uuid().describe('the delivery id: the same on every attempt and re-send of the month, the receiver’s idempotency key'),
  month: z.string().describe('YYYY-MM, Asia/Shanghai: the month whose projects and usage are delivered'),
  revision: z.number().int().describe('raised when a refresh finds the month’s data changed'),
  status: z.enum(DATA_SYNC_STATUSES),
  usageSource: z.enum(USAGE_SOURCES).describe('usage from confirmed or draft statements, or rated as it stood'),
  payloadSm3: z.string().describe('SM3 of the JSON body delivered (and downloaded)'),
  projects: z.number().int(),
  usageLines: z.number().int(),
  billedCost: z.string(),
  attempts: z.number().int().describe('attempts since the delivery was last (re)queued'),
  totalAttempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  refreshedAt: z.string().nullable(),
  resentAt: z.string().nullable(),
  resentBy: z.string().nullable(),
});
export type DataSyncDelivery = z.infer<typeof DataSyncDeliverySchema>;

export const DataSyncDeliveryDetailSchema = DataSyncDeliverySchema.extend({
  attemptLog: z.array(DataSyncAttemptSchema),
  endpointConfigured: z.boolean(),
});
export type DataSyncDeliveryDetail = z.infer<typeof DataSyncDeliveryDetailSchema>;

export const DataSyncListQuerySchema = PageQuerySchema.extend({
  status: z.enum(DATA_SYNC_STATUSES).optional(),
});

export const DataSyncPrepareResultSchema = z.object({
  delivery: DataSyncDeliverySchema,
  created: z.boolean(),
  changed: z.boolean().describe('a refresh found the data changed: a new revision is queued'),
});
export type DataSyncPrepareResult = z.infer<typeof DataSyncPrepareResultSchema>;
