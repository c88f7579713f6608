/** All SQL of utilisation rollups and monitoring gaps; reads of `resources` go through here too. */
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import type { DayFigures, ServerRecord } from './metrics-source.ts';

/** Servers that existed at some moment of [start, end): provisioned before its end, not deleted before its start. */
export async function serversBetween(trx: Trx, start: Date, end: Date): Promise<ServerRecord[]> {
  const rows = await trx
    .selectFrom('resources')
    .select(['id', 'provider_id', 'unit_id', 'provider_unit_id', 'desired_spec', 'provisioned_at', 'deleted_at'])
    .where('kind', '=', 'server')
    .where('provisioned_at', 'is not', null)
    .where('provisioned_at', '<', end)
    .where((eb) => eb.or([eb('deleted_at', 'is', null), eb('deleted_at', '>', start)]))
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    providerId: row.provider_id,
    unitId: row.unit_id,
    providerUnitId: row.provider_unit_id,
    vcpus: Number(row.desired_spec.vcpus ?? 0),
    memoryGiB: Number(row.desired_spec.memoryGiB ?? 0),
    diskGiB: Number(row.desired_spec.diskGiB ?? 0),
    provisionedAt: row.provisioned_at,
    deletedAt: row.deleted_at,
  }));
}

/** The figures of a day's rollup, column by column, as `utilization_daily` takes them. */
const FIGURE_COLUMNS = [
  ['cpu_avg', 'float8', (f: DayFigures) => f.cpu.avg],
  ['cpu_p95', 'float8', (f: DayFigures) => f.cpu.p95],
  ['cpu_max', 'float8', (f: DayFigures) => f.cpu.max],
  ['memory_avg', 'float8', (f: DayFigures) => f.memory.avg],
  ['memory_p95', 'float8', (f: DayFigures) => f.memory.p95],
  ['memory_max', 'float8', (f: DayFigures) => f.memory.max],
  ['network_rx_bytes', 'int8', (f: DayFigures) => f.networkRxBytes],
  ['network_tx_bytes', 'int8', (f: DayFigures) => f.networkTxBytes],
  ['disk_used_bytes', 'int8', (f: DayFigures) => f.diskUsedBytes],
  ['samples', 'int4', (f: DayFigures) => f.samples],
] as const;

/**
 * Writes a day's figures; a second rollup of the same (server, day) replaces the first. One statement
 * whatever the fleet: the rows travel as one array per column (a row per parameter would pass the
 * protocol's 65,535 parameters at about 3,800 servers).
 */
export async function upsertDailyFigures(
  trx: Trx,
  day: string,
  source: 'prometheus' | 'simulated',
  items: readonly { server: ServerRecord; figures: DayFigures }[],
  at: Date,
): Promise<void> {
  if (items.length === 0) return;
  const column = <T>(of: (item: { server: ServerRecord; figures: DayFigures }) => T) => items.map(of);
  const figures = FIGURE_COLUMNS.map(([, type, of]) => sql`${column(({ figures: f }) => of(f))}::${sql.raw(type)}[]`);
  const names = sql.raw(FIGURE_COLUMNS.map(([name]) => name).join(', '));
  const updates = sql.raw([...FIGURE_COLUMNS.map(([name]) => name), 'source', 'vcpus', 'memory_gib', 'computed_at'].map((name) => `${name} = excluded.${name}`).join(', '));
  await sql`
    INSERT INTO utilization_daily (resource_id, day, unit_id, provider_unit_id, source, vcpus, memory_gib, computed_at, ${names})
    SELECT r.resource_id, ${day}::date, r.unit_id, r.provider_unit_id, ${source}, r.vcpus, r.memory_gib, ${at}::timestamptz, ${names}
    FROM unnest(${column(({ server }) => server.id)}::uuid[], ${column(({ server }) => server.unitId)}::uuid[], ${column(({ server }) => server.providerUnitId)}::uuid[],
                ${column(({ server }) => Math.round(server.vcpus))}::int4[], ${column(({ server }) => server.memoryGiB)}::float8[], ${sql.join(figures)})
      AS r(resource_id, unit_id, provider_unit_id, vcpus, memory_gib, ${names})
    ON CONFLICT (resource_id, day) DO UPDATE SET ${updates}`.execute(trx);
}

export async function recordRollupRun(trx: Trx, run: { day: string; source: 'prometheus' | 'simulated'; resources: number; unmatched: number; at: Date }): Promise<void> {
  await trx
    .insertInto('utilization_rollup_runs')
    .values({ day: run.day, source: run.source, resources: run.resources, unmatched: run.unmatched, computed_at: run.at })
    .onConflict((oc) => oc.column('day').doUpdateSet({ source: run.source, resources: run.resources, unmatched: run.unmatched, computed_at: run.at }))
    .execute();
}

export async function rolledUpDays(trx: Trx, from: string, to: string): Promise<Set<string>> {
  const rows = await trx.selectFrom('utilization_rollup_runs').select('day').where('day', '>=', from).where('day', '<=', to).execute();
  return new Set(rows.map((r) => r.day));
}

/** A resource's identity as the caller may see it; undefined when it is not there or not theirs. */
export function visibleResource(trx: Trx, id: string) {
  return trx.selectFrom('resources').select(['id', 'name', 'kind', 'status', 'unit_id']).where('id', '=', id).executeTakeFirst();
}

export function dailyRows(trx: Trx, resourceId: string, from: string, to: string) {
  return trx.selectFrom('utilization_daily').selectAll().where('resource_id', '=', resourceId).where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
}

/** Per day over the servers the caller sees (and one unit, if given): averages weighted by allocation, traffic summed. */
export async function trendRows(trx: Trx, from: string, to: string, unitId: string | undefined) {
  let query = trx
    .selectFrom('utilization_daily')
    .select([
      'day',
      sql<number>`count(*)::int`.as('servers'),
      sql<number>`coalesce(sum(vcpus), 0)::int`.as('vcpus'),
      sql<number>`coalesce(sum(memory_gib), 0)::float8`.as('memory_gib'),
      sql<number | null>`sum(cpu_avg * vcpus) / nullif(sum(vcpus) FILTER (WHERE cpu_avg IS NOT NULL), 0)`.as('cpu_avg'),
      sql<number | null>`sum(memory_avg * memory_gib) / nullif(sum(memory_gib) FILTER (WHERE memory_avg IS NOT NULL), 0)`.as('memory_avg'),
      sql<string>`coalesce(sum(network_rx_bytes), 0)::text`.as('network_rx_bytes'),
      sql<string>`coalesce(sum(network_tx_bytes), 0)::text`.as('network_tx_bytes'),
    ])
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (unitId) query = query.where('unit_id', '=', unitId);
  return query.groupBy('day').orderBy('day').execute();
}

// --- monitoring gaps --------------------------------------------------------------------------------

/** Servers the platform believes running: the ones whose agent must report (QP-13). */
export function runningServers(trx: Trx) {
  return trx
    .selectFrom('resources')
    .select(['id', 'unit_id', 'provider_unit_id', 'provisioned_at', 'name'])
    .where('kind', '=', 'server')
    .where('status', '=', 'running')
    .where('provisioned_at', 'is not', null)
    .execute();
}

export function openGaps(trx: Trx) {
  return trx.selectFrom('monitoring_gaps').select(['id', 'resource_id', 'notified_at']).where('cleared_at', 'is', null).execute();
}

export async function openGap(trx: Trx, gap: { resourceId: string; unitId: string; providerUnitId: string; since: Date; seenBefore: boolean; at: Date }): Promise<boolean> {
  const inserted = await trx
    .insertInto('monitoring_gaps')
    .values({ resource_id: gap.resourceId, unit_id: gap.unitId, provider_unit_id: gap.providerUnitId, since: gap.since, seen_before: gap.seenBefore, detected_at: gap.at })
    .onConflict((oc) => oc.column('resource_id').where('cleared_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function clearGaps(trx: Trx, ids: readonly string[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await trx.updateTable('monitoring_gaps').set({ cleared_at: at }).where('id', 'in', ids).where('cleared_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims the notice of an open gap: true for the one caller whose update went in. */
export async function claimGapNotice(trx: Trx, id: string, at: Date) {
  return trx
    .updateTable('monitoring_gaps')
    .set({ notified_at: at })
    .where('id', '=', id)
    .where('notified_at', 'is', null)
    .where('cleared_at', 'is', null)
    .returning(['id', 'resource_id', 'unit_id', 'provider_unit_id', 'since', 'seen_before'])
    .executeTakeFirst();
}

export async function recordGapRecipients(trx: Trx, id: string, recipients: number): Promise<void> {
  await trx.updateTable('monitoring_gaps').set({ recipients }).where('id', '=', id).execute();
}

/** Gaps with their server and unit, newest first; under the caller's scope. */
export function listGaps(trx: Trx, filter: { state: 'open' | 'all'; resourceId?: string }) {
  let query = trx
    .selectFrom('monitoring_gaps as g')
    .innerJoin('resources as r', 'r.id', 'g.resource_id')
    .select([
      'g.id',
      'g.resource_id',
      'r.name as resource_name',
      'r.status as resource_status',
      'g.unit_id',
      sql<string | null>`(SELECT name FROM yunshu_unit_label(g.unit_id))`.as('unit_name'),
      'g.since',
      'g.seen_before',
      'g.detected_at',
      'g.cleared_at',
      'g.notified_at',
    ])
    .orderBy('g.detected_at', 'desc')
    .orderBy('g.id');
  if (filter.state === 'open') query = query.where('g.cleared_at', 'is', null);
  if (filter.resourceId) query = query.where('g.resource_id', '=', filter.resourceId);
  return query.limit(1000).execute();
}
