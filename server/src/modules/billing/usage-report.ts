/**
 * A month's resource usage per unit, system, platform, item and price version with the names a reader
 * outside Yunshu needs (the QP-15 sync to the big-data platform). Where the month has statements
 * (draft or confirmed) their lines are the figures, so the sync says what the bills say; otherwise the
 * month is rated as it stands. Quantities and prices are fixed to 6 decimals and amounts to the fen, so
 * the same figures always render as the same text whichever path produced them.
 */
import { Money } from '@yunshu/shared/money';
import type { Trx } from '../../platform/db/database.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { rateMonth } from './rating.ts';

export type UsageSource = 'rating' | 'statements_draft' | 'statements_confirmed';

export interface MonthUsageLine {
  unitId: string;
  unitName: string;
  unitCreditCode: string;
  districtBudget: boolean;
  systemId: string | null;
  systemName: string | null;
  platformId: string;
  platformName: string;
  providerUnitId: string;
  providerName: string;
  itemId: string;
  itemCode: string;
  itemName: string;
  unitOfMeasure: string;
  priceVersionId: string;
  unitPrice: string;
  quantityHours: string;
  resources: number;
  amount: string;
}

interface RawLine {
  unitId: string;
  systemId: string | null;
  platformId: string;
  providerUnitId: string;
  itemId: string;
  priceVersionId: string;
  unitPrice: string;
  quantityHours: string;
  resources: number;
  amount: string;
}

/** The month's usage lines and where they come from. Needs a platform-wide scope (all units' usage). */
export async function monthUsage(trx: Trx, profile: PolicyProfile, month: string): Promise<{ source: UsageSource; lines: MonthUsageLine[] }> {
  const billed = await trx.selectFrom('billing_months').select('status').where('month', '=', month).executeTakeFirst();
  let source: UsageSource;
  let raw: RawLine[];
  if (billed) {
    source = billed.status === 'confirmed' ? 'statements_confirmed' : 'statements_draft';
    const rows = await trx
      .selectFrom('statement_lines as l')
      .innerJoin('statements as st', 'st.id', 'l.statement_id')
      .select(['l.unit_id', 'l.system_id', 'l.platform_id', 'l.provider_unit_id', 'l.item_id', 'l.price_version_id', 'l.unit_price', 'l.quantity_hours', 'l.resources', 'l.amount'])
      .where('st.month', '=', month)
      .execute();
    raw = rows.map((r) => ({
      unitId: r.unit_id,
      systemId: r.system_id,
      platformId: r.platform_id,
      providerUnitId: r.provider_unit_id,
      itemId: r.item_id,
      priceVersionId: r.price_version_id,
      unitPrice: r.unit_price,
      quantityHours: r.quantity_hours,
      resources: r.resources,
      amount: r.amount,
    }));
  } else {
    source = 'rating';
    raw = await rateMonth(trx, profile, month);
  }
  if (raw.length === 0) return { source, lines: [] };

  const unitIds = [...new Set(raw.flatMap((r) => [r.unitId, r.providerUnitId]))];
  const systemIds = [...new Set(raw.flatMap((r) => (r.systemId ? [r.systemId] : [])))];
  const [units, systems, platforms, items] = await Promise.all([
    trx.selectFrom('units').select(['id', 'name', 'credit_code', 'district_budget']).where('id', 'in', unitIds).execute(),
    systemIds.length ? trx.selectFrom('information_systems').select(['id', 'name']).where('id', 'in', systemIds).execute() : Promise.resolve([]),
    trx.selectFrom('platforms').select(['id', 'name']).where('id', 'in', [...new Set(raw.map((r) => r.platformId))]).execute(),
    trx.selectFrom('catalog_items').select(['id', 'code', 'name_zh', 'unit_of_measure']).where('id', 'in', [...new Set(raw.map((r) => r.itemId))]).execute(),
  ]);
  const unit = new Map(units.map((u) => [u.id, u]));
  const system = new Map(systems.map((s) => [s.id, s.name]));
  const platform = new Map(platforms.map((p) => [p.id, p.name]));
  const item = new Map(items.map((i) => [i.id, i]));
  const lines = raw.map((r): MonthUsageLine => {
    const owner = unit.get(r.unitId)!;
    const catalogItem = item.get(r.itemId)!;
    return {
      unitId: r.unitId,
      unitName: owner.name,
      unitCreditCode: owner.credit_code,
      districtBudget: owner.district_budget,
      systemId: r.systemId,
      systemName: r.systemId ? (system.get(r.systemId) ?? null) : null,
      platformId: r.platformId,
      platformName: platform.get(r.platformId)!,
      providerUnitId: r.providerUnitId,
      providerName: unit.get(r.providerUnitId)?.name ?? '',
      itemId: r.itemId,
      itemCode: catalogItem.code,
      itemName: catalogItem.name_zh,
      unitOfMeasure: catalogItem.unit_of_measure,
      priceVersionId: r.priceVersionId,
      unitPrice: new Money(r.unitPrice).toFixed(6),
      quantityHours: new Money(r.quantityHours).toDecimalPlaces(6, Money.ROUND_HALF_UP).toFixed(6),
      resources: r.resources,
      amount: new Money(r.amount).toFixed(2),
    };
  });
  return { source, lines };
}
