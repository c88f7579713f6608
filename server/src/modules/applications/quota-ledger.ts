/**
 * A system's resources per catalog item as the applications record them: allocated (approved
 * resource, expansion and city-cloud lines, less approved reclamations) and pending (in review or
 * returned). Computed from the applications, never stored twice.
 */
import { Money } from '@yunshu/shared/money';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { QUOTA_ADDING_KINDS, QUOTA_RELEASING_KINDS } from './approval-flow.ts';

export interface QuotaPosition {
  approved: Money;
  allocated: Money;
  pending: Money;
}

/** Serialises quota decisions on one system: two concurrent submissions cannot both pass a ceiling. */
export async function lockSystemForQuota(trx: Trx, systemId: string): Promise<void> {
  await sql`SELECT id FROM information_systems WHERE id = ${systemId} FOR UPDATE`.execute(trx);
}

export async function quotaPositions(trx: Trx, systemId: string, exceptApplicationId?: string): Promise<Map<string, QuotaPosition>> {
  const approved = await trx
    .selectFrom('project_quotas as q')
    .innerJoin('project_approvals as p', 'p.id', 'q.project_id')
    .select(['q.item_id', sql<string>`sum(q.quantity)::text`.as('quantity')])
    .where('p.system_id', '=', systemId)
    .groupBy('q.item_id')
    .execute();
  let linesQuery = trx
    .selectFrom('application_lines as l')
    .innerJoin('applications as a', 'a.id', 'l.application_id')
    .select(['l.item_id', 'a.kind', 'a.status', sql<string>`sum(l.quantity)::text`.as('quantity')])
    .where('a.system_id', '=', systemId)
    .where('a.kind', 'in', [...QUOTA_ADDING_KINDS, ...QUOTA_RELEASING_KINDS])
    .where('a.status', 'in', ['approved', 'in_review', 'returned'])
    .groupBy(['l.item_id', 'a.kind', 'a.status']);
  if (exceptApplicationId) linesQuery = linesQuery.where('a.id', '!=', exceptApplicationId);
  const lines = await linesQuery.execute();
  const positions = new Map<string, QuotaPosition>();
  const position = (itemId: string) => {
    let found = positions.get(itemId);
    if (!found) {
      found = { approved: new Money(0), allocated: new Money(0), pending: new Money(0) };
      positions.set(itemId, found);
    }
    return found;
  };
  for (const row of approved) position(row.item_id).approved = new Money(row.quantity);
  for (const row of lines) {
    const p = position(row.item_id);
    const quantity = new Money(row.quantity);
    const releasing = QUOTA_RELEASING_KINDS.includes(row.kind as never);
    if (row.status === 'approved') p.allocated = releasing ? p.allocated.minus(quantity) : p.allocated.plus(quantity);
    else if (!releasing) p.pending = p.pending.plus(quantity);
  }
  return positions;
}
