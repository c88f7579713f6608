/**
 * Contract of utilisation and the monitoring agent (QP-13, QP-14, SJ-14): daily rollups per server and
 * Asia/Shanghai day, the district's or a unit's daily trend weighted by allocation, and the running
 * servers whose monitoring is missing.
 */
import { z } from 'zod';
import { DateSchema } from './systems-api.ts';

/** Where a day's figures came from: Prometheus (node_exporter on the server), or the simulated cloud of the demo. */
export const UTILIZATION_SOURCES = ['prometheus', 'simulated'] as const;
export const UtilizationSourceSchema = z.enum(UTILIZATION_SOURCES);

const percent = z.number().min(0).max(100).nullable();
/** Byte counts can exceed 2^53 over a fleet: decimal strings. */
const bytes = z.string().regex(/^\d+$/).nullable();

export const UtilizationDaySchema = z.object({
  day: z.string().describe('Asia/Shanghai calendar day'),
  source: UtilizationSourceSchema,
  cpu: z.object({ avg: percent, p95: percent, max: percent }).describe('CPU utilisation, percent of the allocated vCPUs'),
  memory: z.object({ avg: percent, p95: percent, max: percent }).describe('memory utilisation, percent of the allocated memory'),
  networkRxBytes: bytes,
  networkTxBytes: bytes,
  diskUsedBytes: bytes.describe('the most disk space in use during the day'),
  samples: z.number().int().describe('5-minute readings with data (288 in a full day)'),
});
export type UtilizationDay = z.infer<typeof UtilizationDaySchema>;

export const UtilizationRangeQuerySchema = z.object({
  from: DateSchema.optional().describe('first day (Asia/Shanghai); default: 29 days before `to`'),
  to: DateSchema.optional().describe('last day, inclusive; default and at most yesterday'),
});

export const MonitoringGapSchema = z.object({
  id: z.uuid(),
  resource: z.object({ id: z.uuid(), name: z.string(), status: z.string() }),
  unit: z.object({ id: z.uuid(), name: z.string().nullable() }),
  since: z.string().describe('last time the agent was seen; when never seen in the look-back window, the window’s start or the provisioning time'),
  seenBefore: z.boolean(),
  detectedAt: z.string(),
  clearedAt: z.string().nullable().describe('when the agent series returned; null while missing'),
  notifiedAt: z.string().nullable(),
});
export type MonitoringGap = z.infer<typeof MonitoringGapSchema>;

export const ResourceUtilizationSchema = z.object({
  resourceId: z.uuid(),
  from: z.string(),
  to: z.string(),
  days: z.array(UtilizationDaySchema).describe('oldest first; days without a rollup are left out'),
  monitoringMissing: MonitoringGapSchema.nullable().describe('the open gap of this server, if its monitoring is missing now'),
});
export type ResourceUtilization = z.infer<typeof ResourceUtilizationSchema>;

export const UtilizationTrendQuerySchema = UtilizationRangeQuerySchema.extend({
  unitId: z.uuid().optional().describe('one unit; default: every server the caller may see'),
});
export const UtilizationTrendDaySchema = z.object({
  day: z.string(),
  servers: z.number().int(),
  vcpus: z.number().int().describe('allocated vCPUs of the servers with figures that day'),
  memoryGiB: z.number(),
  cpuAvg: percent.describe('average CPU utilisation weighted by allocated vCPUs'),
  memoryAvg: percent.describe('average memory utilisation weighted by allocated memory'),
  networkRxBytes: z.string(),
  networkTxBytes: z.string(),
});
export const UtilizationTrendSchema = z.object({
  from: z.string(),
  to: z.string(),
  unitId: z.uuid().nullable(),
  days: z.array(UtilizationTrendDaySchema),
});
export type UtilizationTrend = z.infer<typeof UtilizationTrendSchema>;

export const MonitoringGapQuerySchema = z.object({
  state: z.enum(['open', 'all']).default('open').describe('open: missing now; all: also the gaps that closed'),
});
export const MonitoringGapListSchema = z.object({
  staleMinutes: z.number().int().describe('efficiency.monitoringStaleMinutes of the profile'),
  article: z.string().nullable(),
  configured: z.boolean().describe('false: no Prometheus configured, so the agent is not checked'),
  items: z.array(MonitoringGapSchema).describe('newest first'),
});
export type MonitoringGapList = z.infer<typeof MonitoringGapListSchema>;
