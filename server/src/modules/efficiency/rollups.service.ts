/**
 * Daily utilisation rollups (QP-14, SJ-14): per server and Asia/Shanghai day, the average, 95th
 * percentile and maximum of CPU and memory utilisation, network bytes in and out, disk in use and the
 * number of readings — kept in PostgreSQL so reports and the yearly evaluation never read raw metrics
 * again. A day is rolled up once it is over; rolling it up again replaces its rows (idempotent per
 * server and day), so a backfill may be repeated.
 */
import type { ResourceUtilization, UtilizationDay, UtilizationTrend } from '@yunshu/shared/efficiency-api';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/route.ts';
import { shanghaiDate, shiftDate, startOfShanghaiDay } from '../calendar/working-days.ts';
import { dailyRows, recordRollupRun, rolledUpDays, serversBetween, trendRows, upsertDailyFigures, visibleResource } from './efficiency.repository.ts';
import { metricsSourceFor, type MetricsSource } from './metrics-source.ts';
import { gapOfResource } from './monitoring-agent.service.ts';

/** Days asked of the source at once: a month of subqueries is still a light query. */
const BATCH_DAYS = 31;
/** The longest range a read or a backfill covers at once. */
export const MAX_RANGE_DAYS = 366;
/** How far back the periodic rollup catches up on days it missed (an outage, a restart). */
const CATCH_UP_DAYS = 7;

export interface RollupResult {
  source: 'prometheus' | 'simulated';
  days: number;
  rows: number;
  unmatched: number;
  /** Prometheus requests sent (0 for the simulated source). */
  queries: number;
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = shiftDate(day, 1)) days.push(day);
  return days;
}

function assertRange(from: string, to: string, lastAllowed: string): void {
  if (from > to) throw errors.field('from', '起始日期不能晚于截止日期', '`from` cannot be after `to`');
  if (to > lastAllowed) {
    throw errors.field('to', `只能汇总已结束的日期（最晚 ${lastAllowed}）`, `Only days that are over can be rolled up (at most ${lastAllowed})`);
  }
  if (shiftDate(from, MAX_RANGE_DAYS - 1) < to) {
    throw errors.field('from', `一次最多 ${MAX_RANGE_DAYS} 天`, `At most ${MAX_RANGE_DAYS} days at a time`);
  }
}

/**
 * Rolls up the days [from, to] (each over by `now`) for every server that existed then, from the
 * configured source, one transaction per day. Queries the source once per run of up to 31 days.
 */
export async function rollUpDays(services: Services, range: { from: string; to: string }, now: Date = new Date(), source: MetricsSource = metricsSourceFor(services.config)): Promise<RollupResult> {
  assertRange(range.from, range.to, shiftDate(shanghaiDate(now), -1));
  const result: RollupResult = { source: source.kind, days: 0, rows: 0, unmatched: 0, queries: 0 };
  const before = source.requests;
  const all = daysBetween(range.from, range.to);
  for (let i = 0; i < all.length; i += BATCH_DAYS) {
    const days = all.slice(i, i + BATCH_DAYS);
    const start = startOfShanghaiDay(days[0]!);
    const end = startOfShanghaiDay(shiftDate(days.at(-1)!, 1));
    const servers = await services.db.tx(SYSTEM_SCOPE, (trx) => serversBetween(trx, start, end));
    const answer = await source.dailyFigures(days, servers, now);
    const byId = new Map(servers.map((s) => [s.id, s]));
    for (const day of days) {
      const items = [...(answer.figures.get(day) ?? new Map())].map(([id, figures]) => ({ server: byId.get(id)!, figures }));
      const unmatched = answer.unmatched.get(day) ?? 0;
      await services.db.tx(SYSTEM_SCOPE, async (trx) => {
        await upsertDailyFigures(trx, day, source.kind, items, now);
        await recordRollupRun(trx, { day, source: source.kind, resources: items.length, unmatched, at: now });
      });
      result.days++;
      result.rows += items.length;
      result.unmatched += unmatched;
    }
  }
  result.queries = source.requests - before;
  return result;
}

/**
 * The periodic rollup: every day of the last week that is over and not rolled up yet — normally just
 * yesterday, once, shortly after midnight in Asia/Shanghai.
 */
export async function rollUpMissedDays(services: Services, now: Date = new Date()): Promise<RollupResult & { from: string | null; to: string | null }> {
  const to = shiftDate(shanghaiDate(now), -1);
  const from = shiftDate(to, -(CATCH_UP_DAYS - 1));
  const done = await services.db.tx(SYSTEM_SCOPE, (trx) => rolledUpDays(trx, from, to));
  const missing = daysBetween(from, to).filter((day) => !done.has(day));
  if (missing.length === 0) return { source: metricsSourceFor(services.config).kind, days: 0, rows: 0, unmatched: 0, queries: 0, from: null, to: null };
  // One run from the first missing day: days rolled up twice are simply replaced.
  const result = await rollUpDays(services, { from: missing[0]!, to }, now);
  return { ...result, from: missing[0]!, to };
}

/** [from, to] of a read: default the 30 days up to yesterday; `to` never after yesterday. */
export function readRange(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const yesterday = shiftDate(shanghaiDate(now), -1);
  const to = query.to && query.to < yesterday ? query.to : yesterday;
  const from = query.from ?? shiftDate(to, -29);
  if (from > to) throw errors.field('from', '起始日期不能晚于截止日期', '`from` cannot be after `to`');
  if (shiftDate(from, MAX_RANGE_DAYS - 1) < to) throw errors.field('from', `一次最多查询 ${MAX_RANGE_DAYS} 天`, `Ask for at most ${MAX_RANGE_DAYS} days at a time`);
  return { from, to };
}

type DailyRow = Awaited<ReturnType<typeof dailyRows>>[number];

function presentDay(row: DailyRow): UtilizationDay {
  return {
    day: row.day,
    source: row.source,
    cpu: { avg: row.cpu_avg, p95: row.cpu_p95, max: row.cpu_max },
    memory: { avg: row.memory_avg, p95: row.memory_p95, max: row.memory_max },
    networkRxBytes: row.network_rx_bytes,
    networkTxBytes: row.network_tx_bytes,
    diskUsedBytes: row.disk_used_bytes,
    samples: row.samples,
  };
}

/** `GET /api/resources/:id/utilization`: a server's days under the caller's scope (another unit's: 404). */
export async function resourceUtilization(trx: Trx, resourceId: string, query: { from?: string | undefined; to?: string | undefined }, now: Date = new Date()): Promise<ResourceUtilization> {
  const resource = await visibleResource(trx, resourceId);
  if (!resource) throw errors.notFound({ zh: '云资源', en: 'Resource' });
  const { from, to } = readRange(query, now);
  const rows = await dailyRows(trx, resourceId, from, to);
  return { resourceId, from, to, days: rows.map(presentDay), monitoringMissing: await gapOfResource(trx, resourceId) };
}

/** `GET /api/efficiency/trend`: per day over the servers the caller sees, weighted by allocation. */
export async function utilizationTrend(trx: Trx, query: { from?: string | undefined; to?: string | undefined; unitId?: string | undefined }, now: Date = new Date()): Promise<UtilizationTrend> {
  const { from, to } = readRange(query, now);
  const rows = await trendRows(trx, from, to, query.unitId);
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10_000) / 10_000);
  return {
    from,
    to,
    unitId: query.unitId ?? null,
    days: rows.map((row) => ({
      day: row.day,
      servers: row.servers,
      vcpus: row.vcpus,
      memoryGiB: Number(row.memory_gib),
      cpuAvg: round(row.cpu_avg),
      memoryAvg: round(row.memory_avg),
      networkRxBytes: row.network_rx_bytes,
      networkTxBytes: row.network_tx_bytes,
    })),
  };
}
