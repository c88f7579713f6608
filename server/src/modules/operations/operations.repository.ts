/**
 * SQL of inspection reports and fault tickets. Row-level security shows a provider its platforms' rows,
 * a unit the tickets it raised or that concern it, and the district-wide roles everything. Names of units
 * a caller cannot read come through `yunshu_unit_label`, which reveals nothing else.
 */
import type { FaultTicket, InspectionReport } from '@yunshu/shared/operations-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { fetchPage, unitLabel } from '../../platform/db/query-helpers.ts';
import { metDeadline } from './fault-deadlines.ts';

const label = (column: string, part: 'name' | 'type') => unitLabel<string | null>(column, part);

// --- inspections -----------------------------------------------------------------------------------

function inspectionQuery(trx: Trx) {
  return trx
    .selectFrom('inspection_reports as r')
    .innerJoin('platforms as p', 'p.id', 'r.platform_id')
    .selectAll('r')
    .select(['p.name as platform_name', 'p.level as platform_level', 'p.architecture as platform_architecture'])
    .select(sql<string | null>`yunshu_provider_name(r.provider_unit_id)`.as('provider_name'));
}

function presentInspection(row: Awaited<ReturnType<ReturnType<typeof inspectionQuery>['executeTakeFirstOrThrow']>>): InspectionReport {
  return {
    id: row.id,
    platform: { id: row.platform_id, name: row.platform_name, level: row.platform_level as never, architecture: row.platform_architecture as never },
    provider: { id: row.provider_unit_id, name: row.provider_name },
    inspectedOn: row.inspected_on,
    items: row.items,
    anomalies: row.anomalies,
    summary: row.summary,
    inspector: row.inspector_name,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findInspection(trx: Trx, id: string): Promise<InspectionReport | null> {
  const row = await inspectionQuery(trx).where('r.id', '=', id).executeTakeFirst();
  return row ? presentInspection(row) : null;
}

export async function listInspections(
  trx: Trx,
  filter: { platformId?: string | undefined; from?: string | undefined; to?: string | undefined; anomalies?: boolean | undefined },
  page: number,
  pageSize: number,
) {
  let query = inspectionQuery(trx);
  if (filter.platformId) query = query.where('r.platform_id', '=', filter.platformId);
  if (filter.from) query = query.where('r.inspected_on', '>=', filter.from);
  if (filter.to) query = query.where('r.inspected_on', '<=', filter.to);
  if (filter.anomalies !== undefined) query = query.where('r.anomalies', filter.anomalies ? '>' : '=', 0);
  return fetchPage(trx, query, query.orderBy('r.inspected_on', 'desc').orderBy('p.name'), page, pageSize, presentInspection);
}

// --- missing inspections ---------------------------------------------------------------------------

export interface PlatformInService {
  platform: InspectionReport['platform'];
  provider: InspectionReport['provider'];
  registeredAt: Date;
}

/** Platforms not disabled, optionally one provider's or one platform. */
export async function platformsInService(trx: Trx, filter: { providerUnitId?: string | undefined; platformId?: string | undefined }): Promise<PlatformInService[]> {
  let query = trx
    .selectFrom('platforms as p')
    .select(['p.id', 'p.name', 'p.level', 'p.architecture', 'p.provider_unit_id', 'p.created_at'])
    .select(sql<string | null>`yunshu_provider_name(p.provider_unit_id)`.as('provider_name'))
    .where('p.disabled', '=', false);
  if (filter.providerUnitId) query = query.where('p.provider_unit_id', '=', filter.providerUnitId);
  if (filter.platformId) query = query.where('p.id', '=', filter.platformId);
  const rows = await query.orderBy('p.name').execute();
  return rows.map((row) => ({
    platform: { id: row.id, name: row.name, level: row.level as never, architecture: row.architecture as never },
    provider: { id: row.provider_unit_id, name: row.provider_name },
    registeredAt: row.created_at,
  }));
}

/** How a (platform, day) pair is keyed in the sets and maps below. */
export const inspectionDayKey = (platformId: string, day: string) => `${platformId}|${day}`;

/** The (platform, day) pairs with a filed report in [from, to], as `platform|day` keys. */
export async function inspectedDays(trx: Trx, platformIds: readonly string[], from: string, to: string): Promise<Set<string>> {
  if (platformIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('inspection_reports')
    .select(['platform_id', 'inspected_on'])
    .where('platform_id', 'in', [...platformIds])
    .where('inspected_on', '>=', from)
    .where('inspected_on', '<=', to)
    .execute();
  return new Set(rows.map((row) => inspectionDayKey(row.platform_id, row.inspected_on)));
}

/** When each missing (platform, day) in [from, to] was notified, by `platform|day` key. */
export async function missingNoticeTimes(trx: Trx, platformIds: readonly string[], from: string, to: string): Promise<Map<string, Date>> {
  if (platformIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('missing_inspection_notices')
    .select(['platform_id', 'day', 'notified_at'])
    .where('platform_id', 'in', [...platformIds])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
  return new Map(rows.map((row) => [inspectionDayKey(row.platform_id, row.day), row.notified_at]));
}

/** Claims the notice of one missing day: true for the one caller whose insert went in. */
export async function claimMissingInspectionNotice(trx: Trx, notice: { platformId: string; providerUnitId: string; day: string; at: Date }): Promise<boolean> {
  const inserted = await trx
    .insertInto('missing_inspection_notices')
    .values({ platform_id: notice.platformId, provider_unit_id: notice.providerUnitId, day: notice.day, notified_at: notice.at })
    .onConflict((oc) => oc.doNothing())
    .returning('platform_id')
    .execute();
  return inserted.length === 1;
}

export async function recordNoticeRecipients(trx: Trx, key: { platformId: string; day: string }, recipients: number): Promise<void> {
  await trx.updateTable('missing_inspection_notices').set({ recipients }).where('platform_id', '=', key.platformId).where('day', '=', key.day).execute();
}

// --- fault tickets --------------------------------------------------------------------------------

function faultQuery(trx: Trx) {
  return trx
    .selectFrom('fault_tickets as t')
    .innerJoin('platforms as p', 'p.id', 't.platform_id')
    .selectAll('t')
    .select(['p.name as platform_name', 'p.level as platform_level', 'p.architecture as platform_architecture'])
    .select(sql<string | null>`yunshu_provider_name(t.provider_unit_id)`.as('provider_name'))
    .select([label('t.unit_id', 'name').as('unit_name'), label('t.unit_id', 'type').as('unit_type'), label('t.raised_by_unit_id', 'name').as('raised_by_unit_name')]);
}

function presentFault(article: string | null, now: Date) {
  return (row: Awaited<ReturnType<ReturnType<typeof faultQuery>['executeTakeFirstOrThrow']>>): FaultTicket => ({
    id: row.id,
    number: row.number,
    platform: { id: row.platform_id, name: row.platform_name, level: row.platform_level as never, architecture: row.platform_architecture as never },
    provider: { id: row.provider_unit_id, name: row.provider_name },
    unit: row.unit_id ? { id: row.unit_id, name: row.unit_name ?? '', type: (row.unit_type ?? 'user_unit') as never } : null,
    systemId: row.system_id,
    systemName: row.system_name,
    raisedBy: row.raised_by_name,
    raisedByUnit: row.raised_by_unit_name,
    severity: row.severity,
    title: row.title,
    description: row.description,
    status: row.status,
    raisedAt: row.raised_at.toISOString(),
    respondDueAt: row.respond_due_at.toISOString(),
    resolveDueAt: row.resolve_due_at.toISOString(),
    respondedAt: row.responded_at?.toISOString() ?? null,
    respondedBy: row.responded_by_name,
    responseNote: row.response_note,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by_name,
    resolution: row.resolution,
    respondedOnTime: metDeadline(row.responded_at, row.respond_due_at, now),
    resolvedOnTime: metDeadline(row.resolved_at, row.resolve_due_at, now),
    article,
  });
}

export async function findFault(trx: Trx, id: string, article: string | null, now = new Date()): Promise<FaultTicket | null> {
  const row = await faultQuery(trx).where('t.id', '=', id).executeTakeFirst();
  return row ? presentFault(article, now)(row) : null;
}

export async function listFaults(
  trx: Trx,
  article: string | null,
  filter: { status?: string | undefined; severity?: string | undefined; platformId?: string | undefined; overdue?: boolean | undefined },
  page: number,
  pageSize: number,
  now = new Date(),
) {
  let query = faultQuery(trx);
  if (filter.status) query = query.where('t.status', '=', filter.status as 'open');
  if (filter.severity) query = query.where('t.severity', '=', filter.severity as 'critical');
  if (filter.platformId) query = query.where('t.platform_id', '=', filter.platformId);
  if (filter.overdue !== undefined) {
    const late = sql<boolean>`((t.responded_at IS NULL AND t.respond_due_at < ${now}::timestamptz) OR (t.resolved_at IS NULL AND t.resolve_due_at < ${now}::timestamptz))`;
    query = query.where(filter.overdue ? late : sql<boolean>`NOT ${late}`);
  }
  return fetchPage(trx, query, query.orderBy('t.raised_at', 'desc'), page, pageSize, presentFault(article, now));
}

interface SlaRow {
  provider_unit_id: string;
  provider_name: string | null;
  severity: 'critical' | 'major' | 'minor';
  raised: number;
  responded: number;
  responded_on_time: number;
  resolved: number;
  resolved_on_time: number;
  open_overdue: number;
  response_on_time_rate: string | null;
  resolution_on_time_rate: string | null;
}

/**
 * Response and resolution on time per provider and severity, over tickets raised in [from, to)
 * (instants): a rate counts the tickets that can be judged at `now` — done, or late while not done.
 */
export async function faultSlaRows(trx: Trx, from: Date, to: Date, now: Date) {
  const result = await sql<SlaRow>`
    SELECT c.*,
      round(c.responded_on_time::numeric / nullif(c.response_judged, 0), 4)::text AS response_on_time_rate,
      round(c.resolved_on_time::numeric / nullif(c.resolution_judged, 0), 4)::text AS resolution_on_time_rate
    FROM (
      SELECT t.provider_unit_id, yunshu_provider_name(t.provider_unit_id) AS provider_name, t.severity,
        count(*)::int AS raised,
        (count(*) FILTER (WHERE t.responded_at IS NOT NULL))::int AS responded,
        (count(*) FILTER (WHERE t.responded_at <= t.respond_due_at))::int AS responded_on_time,
        (count(*) FILTER (WHERE t.responded_at IS NOT NULL OR t.respond_due_at < ${now}::timestamptz))::int AS response_judged,
        (count(*) FILTER (WHERE t.resolved_at IS NOT NULL))::int AS resolved,
        (count(*) FILTER (WHERE t.resolved_at <= t.resolve_due_at))::int AS resolved_on_time,
        (count(*) FILTER (WHERE t.resolved_at IS NOT NULL OR t.resolve_due_at < ${now}::timestamptz))::int AS resolution_judged,
        (count(*) FILTER (WHERE t.resolved_at IS NULL AND t.resolve_due_at < ${now}::timestamptz))::int AS open_overdue
      FROM fault_tickets t
      WHERE t.raised_at >= ${from}::timestamptz AND t.raised_at < ${to}::timestamptz
      GROUP BY t.provider_unit_id, t.severity
    ) c
    ORDER BY c.provider_name, array_position(ARRAY['critical','major','minor'], c.severity)
  `.execute(trx);
  return result.rows.map((row) => ({
    provider: { id: row.provider_unit_id, name: row.provider_name },
    severity: row.severity,
    raised: row.raised,
    responded: row.responded,
    respondedOnTime: row.responded_on_time,
    resolved: row.resolved,
    resolvedOnTime: row.resolved_on_time,
    openOverdue: row.open_overdue,
    responseOnTimeRate: row.response_on_time_rate,
    resolutionOnTimeRate: row.resolution_on_time_rate,
  }));
}
