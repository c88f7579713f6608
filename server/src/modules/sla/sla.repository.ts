/**
 * SQL of deadline supervision over approval steps: overdue steps to remind and escalate, their
 * timeline entries, and the figures of the SLA report. Reads the application tables and writes only
 * the supervision columns of a step (`reminded_at`, `escalated_at`) and `reminded`/`escalated` events.
 */
import type { Trx } from '../../platform/db/database.ts';

/** Active steps of applications under review whose deadline passed and that still lack a reminder or an escalation. */
export async function overdueStepIds(trx: Trx, now: Date): Promise<string[]> {
  const rows = await trx
    .selectFrom('application_steps as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .select('s.id')
    .where('s.status', '=', 'active')
    .where('a.status', '=', 'in_review')
    .where('s.due_at', '<', now)
    .where((eb) => eb.or([eb('s.reminded_at', 'is', null), eb('s.escalated_at', 'is', null)]))
    .orderBy('s.due_at')
    .execute();
  return rows.map((r) => r.id);
}

export interface OverdueStep {
  id: string;
  applicationId: string;
  unitId: string;
  unitName: string;
  number: string;
  title: string;
  idx: number;
  nameZh: string;
  nameEn: string;
  role: string;
  article: string | null;
  dueAt: Date;
  remindedAt: Date | null;
  escalatedAt: Date | null;
}

/**
 * The step, locked for this transaction, if it is still overdue and unsupervised; null when another
 * worker holds it or it was decided, re-activated or handled meanwhile.
 */
export async function lockOverdueStep(trx: Trx, id: string, now: Date): Promise<OverdueStep | null> {
  const row = await trx
    .selectFrom('application_steps as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .innerJoin('units as n', 'n.id', 'a.unit_id')
    .select([
      's.id',
      's.application_id as applicationId',
      'a.unit_id as unitId',
      'n.name as unitName',
      'a.number',
      'a.title',
      's.idx',
      's.name_zh as nameZh',
      's.name_en as nameEn',
      's.role',
      's.article',
      's.due_at as dueAt',
      's.reminded_at as remindedAt',
      's.escalated_at as escalatedAt',
    ])
    .where('s.id', '=', id)
    .where('s.status', '=', 'active')
    .where('a.status', '=', 'in_review')
    .where('s.due_at', '<', now)
    .where((eb) => eb.or([eb('s.reminded_at', 'is', null), eb('s.escalated_at', 'is', null)]))
    .forUpdate(['s'])
    .skipLocked()
    .executeTakeFirst();
  return row ? { ...row, dueAt: row.dueAt! } : null;
}

export async function markStepSupervised(trx: Trx, id: string, set: { reminded_at?: Date; escalated_at?: Date }): Promise<void> {
  await trx.updateTable('application_steps').set(set).where('id', '=', id).execute();
}

export async function insertSystemStepEvent(
  trx: Trx,
  event: { applicationId: string; unitId: string; at: Date; action: 'reminded' | 'escalated'; stepIdx: number; detail: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('application_events')
    .values({
      application_id: event.applicationId,
      unit_id: event.unitId,
      at: event.at,
      actor_id: null,
      actor_name: '系统',
      actor_roles: [],
      action: event.action,
      step_idx: event.stepIdx,
      detail: JSON.stringify(event.detail),
    })
    .execute();
}

/** Steps decided in [from, to) that had a deadline, with their application kind. */
export async function decidedSteps(trx: Trx, from: Date, to: Date) {
  return trx
    .selectFrom('application_steps as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .select([
      'a.kind',
      's.role',
      's.name_zh as nameZh',
      's.name_en as nameEn',
      's.activated_at as activatedAt',
      's.due_at as dueAt',
      's.decided_at as decidedAt',
      's.decided_by as decidedBy',
      's.decided_by_name as decidedByName',
    ])
    .where('s.status', 'in', ['approved', 'rejected', 'returned'])
    .where('s.decided_at', '>=', from)
    .where('s.decided_at', '<', to)
    .where('s.due_at', 'is not', null)
    .orderBy('s.decided_at')
    .execute();
}

/** Active steps of applications under review whose deadline has passed, most overdue first. */
export async function openOverdueSteps(trx: Trx, now: Date) {
  return trx
    .selectFrom('application_steps as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .innerJoin('units as n', 'n.id', 'a.unit_id')
    .select([
      'a.id as applicationId',
      'a.number',
      'a.title',
      'a.kind',
      'n.name as unitName',
      's.idx',
      's.name_zh as nameZh',
      's.name_en as nameEn',
      's.role',
      's.article',
      's.due_at as dueAt',
      's.reminded_at as remindedAt',
      's.escalated_at as escalatedAt',
    ])
    .where('s.status', '=', 'active')
    .where('a.status', '=', 'in_review')
    .where('s.due_at', '<', now)
    .orderBy('s.due_at')
    .orderBy('a.number')
    .execute();
}
