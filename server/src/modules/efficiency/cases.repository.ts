/** All SQL of efficiency findings and rectification cases (QP-14, SJ-14). */
import type { CaseResponseSchema, Finding, IdleSpendRanking, RectificationStage } from '@yunshu/shared/efficiency-cases-api';
import { money, toFen } from '@yunshu/shared/money';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Trx } from '../../platform/db/database.ts';
import type { EfficiencyRule } from '../../platform/db/tables.ts';
import type { DayFigures } from './efficiency-rules.ts';

/** The servers the utilisation rules judge: provisioned, not reclaimed, with the project's declared cycle (QP-8). */
export async function judgedServers(trx: Trx) {
  return trx
    .selectFrom('resources as r')
    .innerJoin('platforms as p', 'p.id', 'r.platform_id')
    .leftJoin('applications as a', 'a.id', 'r.application_id')
    .leftJoin('project_approvals as pa', 'pa.id', 'a.project_id')
    .select(['r.id', 'r.unit_id', 'r.system_id', 'r.platform_id', 'r.desired_spec', 'r.billing_items', 'p.level', 'p.provider_unit_id'])
    .select((eb) => eb.fn.coalesce('pa.cyclical', eb.val(false)).as('cyclical'))
    .where('r.kind', '=', 'server')
    .where('r.desired_state', '!=', 'deleted')
    .where('r.provisioned_at', 'is not', null)
    .orderBy('r.id')
    .execute();
}

export async function dailyFigures(trx: Trx, resourceIds: readonly string[], from: string, to: string): Promise<Map<string, DayFigures[]>> {
  const byResource = new Map<string, DayFigures[]>();
  if (resourceIds.length === 0) return byResource;
  const rows = await trx
    .selectFrom('utilization_daily')
    .select(['resource_id', 'day', 'cpu_p95', 'cpu_max', 'memory_p95', 'network_rx_bytes', 'network_tx_bytes', 'samples'])
    .where('resource_id', 'in', resourceIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('resource_id')
    .orderBy('day')
    .execute();
  for (const row of rows) {
    const network = row.network_rx_bytes === null && row.network_tx_bytes === null ? null : BigInt(row.network_rx_bytes ?? 0) + BigInt(row.network_tx_bytes ?? 0);
    const list = byResource.get(row.resource_id) ?? [];
    list.push({ day: String(row.day), cpuP95: row.cpu_p95, cpuMax: row.cpu_max, memoryP95: row.memory_p95, networkBytes: network, samples: row.samples });
    byResource.set(row.resource_id, list);
  }
  return byResource;
}

/** Running servers whose monitoring agent is missing now (QP-13): the open gaps of the rollups' check. */
export async function openMonitoringGaps(trx: Trx) {
  return trx
    .selectFrom('monitoring_gaps as g')
    .innerJoin('resources as r', 'r.id', 'g.resource_id')
    .select(['g.resource_id', 'r.unit_id', 'r.system_id', 'g.since', 'g.seen_before', 'g.detected_at'])
    .where('g.cleared_at', 'is', null)
    .where('r.desired_state', '!=', 'deleted')
    .execute();
}

/** Temporary resources past their term and still not reclaimed (QP-12): a server or a loose volume. */
export async function expiredTemporaries(trx: Trx, now: Date) {
  return trx
    .selectFrom('resources')
    .select(['id', 'unit_id', 'system_id', 'lease_expires_at', 'desired_state', 'status'])
    .where('temporary', '=', true)
    .where('parent_id', 'is', null)
    .where('desired_state', '!=', 'deleted')
    .where('lease_expires_at', '<=', now)
    .execute();
}

export async function openFindings(trx: Trx) {
  return trx.selectFrom('efficiency_findings').select(['id', 'resource_id', 'rule']).where('cleared_at', 'is', null).execute();
}

export interface FindingValues {
  resourceId: string;
  unitId: string;
  systemId: string | null;
  rule: EfficiencyRule;
  evidence: Record<string, unknown>;
  monthlySaving: string | null;
}

/** Inserts an open finding; null when another run opened it meanwhile (the open index is the key). */
export async function insertFinding(trx: Trx, values: FindingValues, now: Date): Promise<string | null> {
  const row = await trx
    .insertInto('efficiency_findings')
    .values({
      resource_id: values.resourceId,
      unit_id: values.unitId,
      system_id: values.systemId,
      rule: values.rule,
      evidence: JSON.stringify(values.evidence),
      monthly_saving: values.monthlySaving,
      detected_at: now,
      last_seen_at: now,
    })
    .onConflict((oc) => oc.columns(['resource_id', 'rule']).where('cleared_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function refreshFinding(trx: Trx, id: string, values: FindingValues, now: Date): Promise<void> {
  await trx
    .updateTable('efficiency_findings')
    .set({ evidence: JSON.stringify(values.evidence), monthly_saving: values.monthlySaving, last_seen_at: now })
    .where('id', '=', id)
    .where('cleared_at', 'is', null)
    .execute();
}

export async function clearFinding(trx: Trx, id: string, now: Date): Promise<boolean> {
  const row = await trx.updateTable('efficiency_findings').set({ cleared_at: now }).where('id', '=', id).where('cleared_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function insertCase(trx: Trx, finding: { id: string; resourceId: string; unitId: string; rule: EfficiencyRule }, now: Date): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('rectification_case_seq')::text AS n`.execute(trx);
  const number = `ZG${now.getUTCFullYear()}-${rows[0]!.n.padStart(5, '0')}`;
  const row = await trx
    .insertInto('rectification_cases')
    .values({ number, finding_id: finding.id, resource_id: finding.resourceId, unit_id: finding.unitId, rule: finding.rule, stage: 'open', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function caseOfFinding(trx: Trx, findingId: string) {
  return trx.selectFrom('rectification_cases').select(['id', 'stage', 'unit_id']).where('finding_id', '=', findingId).executeTakeFirst();
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof lockCase>>>;

export async function lockCase(trx: Trx, id: string) {
  return trx.selectFrom('rectification_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateCase(
  trx: Trx,
  id: string,
  change: {
    stage: RectificationStage;
    warning_text?: string;
    deadline_date?: string | null;
    deadline_at?: Date | null;
    deadline_provisional?: boolean;
    response?: z.infer<typeof CaseResponseSchema>;
    refusal_action?: 'stop' | 'stop_and_reclaim';
    closed_at?: Date | null;
  },
  now: Date,
): Promise<void> {
  const { response, ...rest } = change;
  await trx
    .updateTable('rectification_cases')
    .set({ ...rest, ...(response ? { response: JSON.stringify(response) } : {}), updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function insertCaseEvent(
  trx: Trx,
  event: { caseId: string; unitId: string; actor: { id: string; name: string } | null; action: string; from: string | null; to: string; comment?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('rectification_case_events')
    .values({
      case_id: event.caseId,
      unit_id: event.unitId,
      actor_id: event.actor?.id ?? null,
      actor_name: event.actor?.name ?? '系统',
      action: event.action,
      stage_from: event.from,
      stage_to: event.to,
      comment: event.comment ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

export async function caseEvents(trx: Trx, caseId: string) {
  return trx.selectFrom('rectification_case_events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
}

/** The resources a stop-use decision acts on: the finding's resource and, being reclaimed, its data volumes with it (QP-11). */
export async function lockCaseResources(trx: Trx, resourceId: string) {
  return trx
    .selectFrom('resources')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', resourceId), eb('parent_id', '=', resourceId)]))
    .where('desired_state', '!=', 'deleted')
    .orderBy('kind')
    .forUpdate()
    .execute();
}

// --- reading -------------------------------------------------------------------------------------

function findingQuery(trx: Trx) {
  return trx
    .selectFrom('efficiency_findings as f')
    .innerJoin('resources as r', 'r.id', 'f.resource_id')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .leftJoin('rectification_cases as c', 'c.finding_id', 'f.id')
    .select([
      'f.id',
      'f.rule',
      'f.resource_id',
      'r.name as resource_name',
      'r.desired_state',
      'f.unit_id',
      'u.name as unit_name',
      'f.system_id',
      'f.evidence',
      'f.monthly_saving',
      'f.detected_at',
      'f.last_seen_at',
      'f.cleared_at',
      'c.id as case_id',
    ]);
}
type FindingRow = Awaited<ReturnType<ReturnType<typeof findingQuery>['executeTakeFirstOrThrow']>>;

function presentFinding(row: FindingRow): Finding {
  return {
    id: row.id,
    rule: row.rule,
    resource: { id: row.resource_id, name: row.resource_name, desiredState: row.desired_state },
    unit: { id: row.unit_id, name: row.unit_name },
    systemId: row.system_id,
    status: row.cleared_at ? 'cleared' : 'open',
    evidence: row.evidence,
    monthlySaving: row.monthly_saving,
    detectedAt: row.detected_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    clearedAt: row.cleared_at?.toISOString() ?? null,
    caseId: row.case_id,
  };
}

export async function listFindings(
  trx: Trx,
  filter: { rule?: EfficiencyRule | undefined; status: 'open' | 'cleared' | 'all'; unitId?: string | undefined; resourceId?: string | undefined },
  page: number,
  pageSize: number,
) {
  let query = findingQuery(trx);
  if (filter.rule) query = query.where('f.rule', '=', filter.rule);
  if (filter.status === 'open') query = query.where('f.cleared_at', 'is', null);
  if (filter.status === 'cleared') query = query.where('f.cleared_at', 'is not', null);
  if (filter.unitId) query = query.where('f.unit_id', '=', filter.unitId);
  if (filter.resourceId) query = query.where('f.resource_id', '=', filter.resourceId);
  const [rows, count] = await Promise.all([
    query.orderBy('f.detected_at', 'desc').orderBy('f.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(presentFinding), total: Number(count.n), page, pageSize };
}

export async function findFinding(trx: Trx, id: string): Promise<Finding | null> {
  const row = await findingQuery(trx).where('f.id', '=', id).executeTakeFirst();
  return row ? presentFinding(row) : null;
}

/**
 * 各单位闲置资源月度费用: per unit with open findings (a unit sees its own), the open findings and the sum
 * of their monthly savings (see findings.service.ts), by that sum and then the count, most first.
 */
export async function idleSpendByUnit(trx: Trx): Promise<IdleSpendRanking> {
  const rows = await trx
    .selectFrom('efficiency_findings as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .select(['f.unit_id', 'u.name as unit_name'])
    .select((eb) => [eb.fn.countAll<string>().as('findings'), eb.fn.coalesce(eb.fn.sum<string>('f.monthly_saving'), sql<string>`0`).as('idle')])
    .where('f.cleared_at', 'is', null)
    .groupBy(['f.unit_id', 'u.name'])
    .orderBy('idle', 'desc')
    .orderBy('findings', 'desc')
    .orderBy('u.name')
    .orderBy('f.unit_id')
    .execute();
  const items = rows.map((row) => ({ unit: { id: row.unit_id, name: row.unit_name }, openFindings: Number(row.findings), idleMonthlySpend: toFen(money(row.idle)) }));
  return {
    items,
    openFindings: items.reduce((n, item) => n + item.openFindings, 0),
    idleMonthlySpend: toFen(items.reduce((sum, item) => sum.plus(item.idleMonthlySpend), money(0))),
  };
}

export async function listCaseRows(
  trx: Trx,
  filter: { stage?: RectificationStage | undefined; state: 'active' | 'closed' | 'all'; unitId?: string | undefined },
  page: number,
  pageSize: number,
) {
  let query = trx.selectFrom('rectification_cases');
  if (filter.stage) query = query.where('stage', '=', filter.stage);
  if (filter.state === 'active') query = query.where('closed_at', 'is', null);
  if (filter.state === 'closed') query = query.where('closed_at', 'is not', null);
  if (filter.unitId) query = query.where('unit_id', '=', filter.unitId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findCaseRow(trx: Trx, id: string) {
  return trx.selectFrom('rectification_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

// --- reminders -----------------------------------------------------------------------------------

/** Cases waiting for the unit to rectify, with their deadline. */
export async function casesAwaitingRectification(trx: Trx) {
  return trx
    .selectFrom('rectification_cases as c')
    .innerJoin('resources as r', 'r.id', 'c.resource_id')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.number', 'c.unit_id', 'u.name as unit_name', 'c.rule', 'c.deadline_date', 'r.name as resource_name'])
    .where('c.stage', '=', 'warning_issued')
    .where('c.deadline_date', 'is not', null)
    .execute();
}

export async function sentReminderKeys(trx: Trx, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await trx.selectFrom('rectification_reminders').select(['case_id', 'deadline_date', 'stage']).where('case_id', 'in', caseIds).execute();
  return new Set(rows.map((r) => `${r.case_id}|${String(r.deadline_date)}|${r.stage}`));
}

export async function claimReminder(trx: Trx, key: { caseId: string; unitId: string; deadlineDate: string; stage: 'due_soon' | 'overdue' }, at: Date): Promise<boolean> {
  const row = await trx
    .insertInto('rectification_reminders')
    .values({ case_id: key.caseId, unit_id: key.unitId, deadline_date: key.deadlineDate, stage: key.stage, sent_at: at })
    .onConflict((oc) => oc.doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function recordReminderRecipients(trx: Trx, key: { caseId: string; deadlineDate: string; stage: 'due_soon' | 'overdue' }, recipients: number): Promise<void> {
  await trx
    .updateTable('rectification_reminders')
    .set({ recipients })
    .where('case_id', '=', key.caseId)
    .where('deadline_date', '=', key.deadlineDate)
    .where('stage', '=', key.stage)
    .execute();
}
