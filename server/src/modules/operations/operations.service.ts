/**
 * Operations records (SJ-19, QP-16): a provider files the daily inspection report of each platform it
 * runs (SJ-19 日常检查); units report problems (QP-16, SJ-19 及时…反映) and providers their platforms'
 * faults as tickets, which the provider (or the operator) responds to and resolves within the profile's
 * deadlines for the severity; the SLA report counts what was on time.
 */
import type { z } from 'zod';
import type { CreateFaultBodySchema, CreateInspectionBodySchema, FaultTicket, InspectionReport } from '@yunshu/shared/operations-api';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/sessions.ts';
import { SYSTEM_SCOPE, type Trx, withTenant } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { shanghaiDate, startOfShanghaiDay } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { requirePlatform } from '../platforms/index.ts';
import { requireSystem } from '../systems/index.ts';
import { faultDeadlines } from './fault-deadlines.ts';
import { faultSlaRows, findFault, findInspection } from './operations.repository.ts';

const INSPECTION = { zh: '巡检报告', en: 'Inspection report' };
const FAULT = { zh: '故障单', en: 'Fault ticket' };
const DAY_MS = 86_400_000;

const deadlineArticle = (profile: PolicyProfile) => profile.parameters['operations.faultResolveHours'].article;

export async function requireInspection(trx: Trx, id: string): Promise<InspectionReport> {
  const found = await findInspection(trx, id);
  if (!found) throw errors.notFound(INSPECTION);
  return found;
}

export async function requireFault(trx: Trx, profile: PolicyProfile, id: string): Promise<FaultTicket> {
  const found = await findFault(trx, id, deadlineArticle(profile));
  if (!found) throw errors.notFound(FAULT);
  return found;
}

/** The daily inspection report of a platform, by the provider running it; one per platform and day. */
export async function fileInspection(trx: Trx, actor: Actor, input: z.infer<typeof CreateInspectionBodySchema>, audit: AuditTarget): Promise<InspectionReport> {
  const platform = await requirePlatform(trx, input.platformId);
  if (platform.provider.id !== actor.unitId) {
    throw errors.field('platformId', '只能为本单位运营的云平台提交巡检报告', 'You can file inspections only for platforms your provider runs');
  }
  if (input.inspectedOn > shanghaiDate(new Date())) throw errors.field('inspectedOn', '巡检日期不能晚于今天', 'The inspection date cannot be in the future');
  const clash = await trx.selectFrom('inspection_reports').select('id').where('platform_id', '=', input.platformId).where('inspected_on', '=', input.inspectedOn).executeTakeFirst();
  if (clash) throw errors.conflict('inspection_exists', `该云平台 ${input.inspectedOn} 的巡检报告已提交`, 'The platform’s report for this day is already filed');
  const anomalies = input.items.filter((item) => item.result === 'anomaly').length;
  const row = await trx
    .insertInto('inspection_reports')
    .values({
      platform_id: platform.id,
      provider_unit_id: platform.provider.id,
      inspected_on: input.inspectedOn,
      items: JSON.stringify(input.items),
      anomalies,
      summary: input.summary || null,
      inspector_id: actor.userId,
      inspector_name: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'inspection_report', objectId: row.id, detail: { platformId: platform.id, inspectedOn: input.inspectedOn, items: input.items.length, anomalies } });
  return requireInspection(trx, row.id);
}

/** Who raises a ticket for which unit: a unit for itself, a provider for its own platform, the operator for any unit. */
async function ticketParties(trx: Trx, actor: Actor, input: z.infer<typeof CreateFaultBodySchema>, providerId: string) {
  if (actor.unitType === 'provider') {
    if (providerId !== actor.unitId) throw errors.field('platformId', '只能报告本单位运营的云平台的故障', 'You can report faults of platforms your provider runs only');
    if (input.unitId || input.systemId) throw errors.field(input.unitId ? 'unitId' : 'systemId', '服务商报告的是云平台故障，不指定使用单位', 'A provider reports a platform fault, not one of a unit');
    return { unitId: null, system: null };
  }
  if (actor.scope === 'unit' && input.unitId && input.unitId !== actor.unitId) {
    throw errors.field('unitId', '只能为本单位报告故障', 'You can report faults for your own unit only');
  }
  const system = input.systemId ? await requireSystem(trx, input.systemId) : null;
  let unitId = actor.scope === 'unit' ? actor.unitId : (input.unitId ?? system?.unit.id ?? null);
  if (actor.scope === 'all' && unitId) {
    const unit = await trx.selectFrom('units').select('type').where('id', '=', unitId).executeTakeFirst();
    if (unit?.type !== 'user_unit') throw errors.field('unitId', '须为使用单位', 'Must be a user unit');
  }
  if (system && system.unit.id !== unitId) throw errors.field('systemId', '信息系统不属于该单位', 'The system is not the unit’s');
  unitId ??= null;
  return { unitId, system };
}

/** Raises a fault ticket with its response and resolution deadlines, and tells the provider's engineers. */
export async function raiseFault(trx: Trx, actor: Actor, profile: PolicyProfile, input: z.infer<typeof CreateFaultBodySchema>, audit: AuditTarget, now = new Date()): Promise<FaultTicket> {
  const platform = await requirePlatform(trx, input.platformId);
  const { unitId, system } = await ticketParties(trx, actor, input, platform.provider.id);
  const { respondDueAt, resolveDueAt } = faultDeadlines(profile, input.severity, now);
  const seq = await sql<{ n: string }>`SELECT nextval('fault_ticket_number_seq')::text AS n`.execute(trx);
  const number = `GZ-${shanghaiDate(now).slice(0, 4)}-${seq.rows[0]!.n.padStart(5, '0')}`;
  const row = await trx
    .insertInto('fault_tickets')
    .values({
      number,
      platform_id: platform.id,
      provider_unit_id: platform.provider.id,
      unit_id: unitId,
      system_id: system?.id ?? null,
      system_name: system?.name ?? null,
      raised_by_unit_id: actor.unitId,
      raised_by: actor.userId,
      raised_by_name: actor.displayName,
      severity: input.severity,
      title: input.title,
      description: input.description,
      raised_at: now,
      respond_due_at: respondDueAt,
      resolve_due_at: resolveDueAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The provider's engineers are not visible to a unit-scoped caller: looked up under the system scope.
  const engineers = await withTenant(trx, SYSTEM_SCOPE, () =>
    trx
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select('users.id')
      .where('users.unit_id', '=', platform.provider.id)
      .where('user_roles.role', '=', 'provider_engineer')
      .execute(),
  );
  if (platform.provider.id !== actor.unitId) {
    await notify(trx, { userIds: engineers.map((e) => e.id) }, {
      kind: 'fault.raised',
      title: { zh: `故障单 ${number}：${input.title}`, en: `Fault ticket ${number}: ${input.title}` },
      body: {
        zh: `${platform.name} 报告故障，请于 ${respondDueAt.toISOString()} 前响应、${resolveDueAt.toISOString()} 前解决。`,
        en: `A fault on ${platform.name}: respond by ${respondDueAt.toISOString()}, resolve by ${resolveDueAt.toISOString()}.`,
      },
      link: '/operations/faults',
      dedupeKey: `fault:${number}`,
    });
  }
  Object.assign(audit, { objectType: 'fault_ticket', objectId: row.id, detail: { number, platformId: platform.id, unitId, severity: input.severity, respondDueAt, resolveDueAt } });
  return requireFault(trx, profile, row.id);
}

/** The provider running the platform (or the operator) responds; the time decides whether on time. */
export async function respondToFault(trx: Trx, actor: Actor, profile: PolicyProfile, id: string, note: string, audit: AuditTarget, now = new Date()): Promise<FaultTicket> {
  const ticket = await requireFault(trx, profile, id);
  Object.assign(audit, { objectType: 'fault_ticket', objectId: id, detail: { number: ticket.number } });
  if (ticket.status !== 'open') throw errors.conflict('fault_already_responded', '故障单已经响应', 'The ticket has been responded to');
  await trx
    .updateTable('fault_tickets')
    .set({ status: 'responded', responded_at: now, responded_by_name: actor.displayName, response_note: note })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
  const after = await requireFault(trx, profile, id);
  Object.assign(audit, { detail: { number: ticket.number, onTime: after.respondedOnTime } });
  return after;
}

/** Resolves a ticket; resolving an unanswered one answers it at the same moment. */
export async function resolveFault(trx: Trx, actor: Actor, profile: PolicyProfile, id: string, resolution: string, audit: AuditTarget, now = new Date()): Promise<FaultTicket> {
  const ticket = await requireFault(trx, profile, id);
  Object.assign(audit, { objectType: 'fault_ticket', objectId: id, detail: { number: ticket.number } });
  if (ticket.status === 'resolved') throw errors.conflict('fault_already_resolved', '故障单已经解决', 'The ticket is already resolved');
  await trx
    .updateTable('fault_tickets')
    .set({
      status: 'resolved',
      resolved_at: now,
      resolved_by_name: actor.displayName,
      resolution,
      ...(ticket.respondedAt ? {} : { responded_at: now, responded_by_name: actor.displayName, response_note: resolution }),
    })
    .where('id', '=', id)
    .execute();
  const after = await requireFault(trx, profile, id);
  Object.assign(audit, { detail: { number: ticket.number, onTime: after.resolvedOnTime } });
  return after;
}

/** The SLA report over the days [from, to] (Asia/Shanghai); default the last 30 days. */
export async function faultSla(trx: Trx, query: { from?: string | undefined; to?: string | undefined }, now = new Date()) {
  const to = query.to ?? shanghaiDate(now);
  const from = query.from ?? shanghaiDate(new Date(startOfShanghaiDay(to).getTime() - 29 * DAY_MS));
  if (from > to) throw errors.field('from', '起始日期不能晚于截止日期', '`from` cannot be after `to`');
  const rows = await faultSlaRows(trx, startOfShanghaiDay(from), new Date(startOfShanghaiDay(to).getTime() + DAY_MS), now);
  return { from, to, rows };
}
