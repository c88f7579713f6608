/**
 * Metering (SJ-15 按实结算): a resource's usage is a run of intervals per catalog item, each with a
 * constant quantity and power state. Whenever a resource reaches a new observed state (provisioned,
 * resized, stopped, started, reclaimed — by the reconciler or a work order), the intervals that no
 * longer hold are closed at that instant and the ones now true are opened. Cost grows with the number
 * of changes, never with time.
 */
import { type Selectable, sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import type { ResourcesTable } from '../../platform/db/tables.ts';

type Resource = Pick<
  Selectable<ResourcesTable>,
  'id' | 'unit_id' | 'provider_unit_id' | 'system_id' | 'platform_id' | 'kind' | 'status' | 'observed_spec' | 'billing_items'
>;

export interface MeteredQuantity {
  itemId: string;
  quantity: string;
  power: 'running' | 'stopped';
}

/** What a resource in this observed state is metered as. A reclaimed resource: nothing. */
export function meteredQuantities(resource: Pick<Resource, 'kind' | 'status' | 'observed_spec' | 'billing_items'>): MeteredQuantity[] {
  if (resource.status !== 'running' && resource.status !== 'stopped') return [];
  const spec = resource.observed_spec ?? {};
  const power = resource.status;
  const quantities: MeteredQuantity[] = [];
  for (const [key, itemId] of Object.entries(resource.billing_items)) {
    const amount = spec[key];
    if (amount !== undefined && amount > 0) quantities.push({ itemId, quantity: String(amount), power: resource.kind === 'volume' ? 'running' : power });
  }
  return quantities;
}

const sameQuantity = (a: string, b: string) => Number(a) === Number(b);

/** Brings a resource's open intervals in line with its observed state, at `at`. Idempotent. */
export async function meterResource(trx: Trx, resource: Resource, at: Date, source: 'lifecycle' | 'work_order'): Promise<{ opened: number; closed: number }> {
  const wanted = meteredQuantities(resource);
  const open = await trx
    .selectFrom('usage_intervals')
    .select(['id', 'item_id', 'quantity', 'power', 'started_at'])
    .where('resource_id', '=', resource.id)
    .where('ended_at', 'is', null)
    .where('source', '!=', 'correction')
    .forUpdate()
    .execute();
  // Intervals must not overlap or run backwards, even if instances' clocks disagree by a moment.
  const latestStart = Math.max(0, ...open.map((i) => i.started_at.getTime()));
  const when = at.getTime() > latestStart ? at : new Date(latestStart + 1);
  let closed = 0;
  const kept = new Set<string>();
  for (const interval of open) {
    const still = wanted.find((w) => w.itemId === interval.item_id && w.power === interval.power && sameQuantity(w.quantity, interval.quantity));
    if (still) {
      kept.add(still.itemId);
      continue;
    }
    await trx.updateTable('usage_intervals').set({ ended_at: when }).where('id', '=', interval.id).execute();
    // A correction of a still-open interval ends with it: it replaces the original, not the future.
    await sql`
      WITH RECURSIVE chain AS (
        SELECT id FROM usage_intervals WHERE corrects = ${interval.id}
        UNION ALL SELECT u.id FROM usage_intervals u JOIN chain c ON u.corrects = c.id
      )
      UPDATE usage_intervals SET ended_at = ${when} WHERE id IN (SELECT id FROM chain) AND ended_at IS NULL AND started_at < ${when}
    `.execute(trx);
    closed++;
  }
  let opened = 0;
  for (const quantity of wanted) {
    if (kept.has(quantity.itemId)) continue;
    await trx
      .insertInto('usage_intervals')
      .values({
        resource_id: resource.id,
        unit_id: resource.unit_id,
        provider_unit_id: resource.provider_unit_id,
        system_id: resource.system_id,
        platform_id: resource.platform_id,
        item_id: quantity.itemId,
        quantity: quantity.quantity,
        power: quantity.power,
        started_at: when,
        source,
      })
      .execute();
    opened++;
  }
  return { opened, closed };
}
