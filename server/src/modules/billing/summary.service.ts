/**
 * Cost figures for the dashboards: the monthly trend (district-budget and non-budget apart) and the
 * spend per unit, system, cloud provider and catalog category over a range of months. Read from the
 * statements, so a unit sees its own spend only (RLS) and every figure re-adds to the statements.
 */
import type { BillingSummary } from '@yunshu/shared/billing-api';
import { Money } from '@yunshu/shared/money';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { unitLabel } from '../../platform/db/query-helpers.ts';
import { errors } from '../../platform/errors.ts';
import { shiftMonth } from './rating.ts';

export async function billingSummary(trx: Trx, query: { from?: string | undefined; to?: string | undefined }): Promise<BillingSummary> {
  const last = await trx.selectFrom('billing_months').select('month').orderBy('month', 'desc').executeTakeFirst();
  const to = query.to ?? last?.month ?? null;
  const from = query.from ?? (to ? shiftMonth(to, -11) : null);
  if (from && to && from > to) throw errors.field('from', '起始月份不能晚于结束月份', 'The first month is after the last');
  if (!from || !to) return { from, to, total: '0.00', months: [], byUnit: [], bySystem: [], byProvider: [], byCategory: [] };

  const lines = () =>
    trx
      .selectFrom('statement_lines as l')
      .innerJoin('statements as s', 's.id', 'l.statement_id')
      .where('s.month', '>=', from)
      .where('s.month', '<=', to);
  const months = await trx
    .selectFrom('statements as s')
    .innerJoin('billing_months as m', 'm.month', 's.month')
    .select([
      's.month',
      'm.status',
      sql<string>`sum(s.total)::text`.as('total'),
      sql<string>`coalesce(sum(s.total) FILTER (WHERE s.district_budget), 0)::text`.as('budget'),
      sql<string>`coalesce(sum(s.total) FILTER (WHERE NOT s.district_budget), 0)::text`.as('non_budget'),
    ])
    .where('s.month', '>=', from)
    .where('s.month', '<=', to)
    .groupBy(['s.month', 'm.status'])
    .orderBy('s.month')
    .execute();
  const share = (rows: { id: string | null; name: string | null; total: string }[]) =>
    rows.map((r) => ({ id: r.id ?? '', name: r.name ?? '', total: new Money(r.total).toFixed(2) })).sort((a, b) => new Money(b.total).comparedTo(a.total) || a.name.localeCompare(b.name, 'zh-CN'));
  const byUnit = await lines()
    .select([sql<string>`s.unit_id::text`.as('id'), unitLabel('s.unit_id', 'name').as('name'), sql<string>`sum(l.amount)::text`.as('total')])
    .groupBy('s.unit_id')
    .execute();
  const bySystem = await lines()
    .leftJoin('information_systems as sys', 'sys.id', 'l.system_id')
    .select([
      sql<string>`coalesce(l.system_id::text, '')`.as('id'),
      sql<string>`coalesce(sys.name, '（未关联信息系统）')`.as('name'),
      unitLabel('s.unit_id', 'name').as('unit_name'),
      sql<string>`sum(l.amount)::text`.as('total'),
    ])
    .groupBy(['l.system_id', 'sys.name', 's.unit_id'])
    .execute();
  const byProvider = await lines()
    .select([sql<string>`l.provider_unit_id::text`.as('id'), unitLabel('l.provider_unit_id', 'name').as('name'), sql<string>`sum(l.amount)::text`.as('total')])
    .groupBy('l.provider_unit_id')
    .execute();
  const byCategory = await lines()
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .select(['i.category as id', 'i.category as name', sql<string>`sum(l.amount)::text`.as('total')])
    .groupBy('i.category')
    .execute();
  const total = months.reduce((sum, m) => sum.plus(m.total), new Money(0));
  return {
    from,
    to,
    total: total.toFixed(2),
    months: months.map((m) => ({ month: m.month, status: m.status, total: new Money(m.total).toFixed(2), districtBudget: new Money(m.budget).toFixed(2), nonBudget: new Money(m.non_budget).toFixed(2) })),
    byUnit: share(byUnit),
    bySystem: share(bySystem).map((s) => ({ ...s, unitName: bySystem.find((r) => (r.id ?? '') === s.id && r.name === s.name)?.unit_name ?? '' })),
    byProvider: share(byProvider),
    byCategory: share(byCategory),
  };
}
