/** SQL over billing months, statements and their lines. RLS narrows statements to the caller's unit. */
import type { BillingMonth, Statement, StatementDetail, StatementLine } from '@yunshu/shared/billing-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { fetchPage, unitLabel } from '../../platform/db/query-helpers.ts';

/** The months and their status; the district total only for district-wide roles (QP-19). */
export async function listMonths(trx: Trx, scope: 'all' | 'unit'): Promise<BillingMonth[]> {
  const rows = await trx.selectFrom('billing_months').selectAll().orderBy('month', 'desc').execute();
  return rows.map((row) => ({
    month: row.month,
    status: row.status,
    total: scope === 'all' ? row.total : null,
    ratedAt: row.rated_at.toISOString(),
    ratedBy: row.rated_by_name,
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    confirmedBy: row.confirmed_by_name,
  }));
}

function statementQuery(trx: Trx) {
  return trx
    .selectFrom('statements as s')
    .innerJoin('units as n', 'n.id', 's.unit_id')
    .innerJoin('billing_months as m', 'm.month', 's.month')
    .select(['s.id', 's.month', 's.unit_id', 'n.name as unit_name', 'n.type as unit_type', 's.district_budget', 's.total', 's.line_count', 'm.status']);
}
type StatementRow = Awaited<ReturnType<ReturnType<typeof statementQuery>['executeTakeFirstOrThrow']>>;

function presentStatement(row: StatementRow): Statement {
  return {
    id: row.id,
    month: row.month,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as Statement['unit']['type'] },
    districtBudget: row.district_budget,
    total: row.total,
    lineCount: row.line_count,
    status: row.status,
  };
}

export function listStatements(trx: Trx, filter: { month?: string | undefined; unitId?: string | undefined; districtBudget?: boolean | undefined }, page: number, pageSize: number) {
  let query = statementQuery(trx);
  if (filter.month) query = query.where('s.month', '=', filter.month);
  if (filter.unitId) query = query.where('s.unit_id', '=', filter.unitId);
  if (filter.districtBudget !== undefined) query = query.where('s.district_budget', '=', filter.districtBudget);
  return fetchPage(trx, query, query.orderBy('s.month', 'desc').orderBy(sql`s.total::numeric`, 'desc').orderBy('n.name'), page, pageSize, presentStatement);
}

function lineQuery(trx: Trx) {
  return trx
    .selectFrom('statement_lines as l')
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .innerJoin('platforms as p', 'p.id', 'l.platform_id')
    .innerJoin('price_versions as v', 'v.id', 'l.price_version_id')
    .leftJoin('information_systems as sys', 'sys.id', 'l.system_id')
    .selectAll('l')
    .select([
      'i.code as item_code',
      'i.name_zh as item_name',
      'i.name_en as item_name_en',
      'i.unit_of_measure',
      'p.name as platform_name',
      // The provider's unit row is not the caller's to read (RLS); its name is public to its customers.
      unitLabel('l.provider_unit_id', 'name').as('provider_name'),
      'sys.name as system_name',
      'v.effective_from',
      'v.effective_to',
    ]);
}
type LineRow = Awaited<ReturnType<ReturnType<typeof lineQuery>['executeTakeFirstOrThrow']>>;

function presentLine(row: LineRow): StatementLine {
  return {
    lineNo: row.line_no,
    systemId: row.system_id,
    systemName: row.system_name,
    platformId: row.platform_id,
    platformName: row.platform_name,
    providerUnitId: row.provider_unit_id,
    providerName: row.provider_name,
    item: { id: row.item_id, code: row.item_code, nameZh: row.item_name, nameEn: row.item_name_en, unitOfMeasure: row.unit_of_measure },
    priceVersion: { id: row.price_version_id, effectiveFrom: row.effective_from.toISOString(), effectiveTo: row.effective_to?.toISOString() ?? null },
    unitPrice: row.unit_price,
    quantityHours: row.quantity_hours,
    resources: row.resources,
    amount: row.amount,
  };
}

export async function findStatement(trx: Trx, id: string): Promise<StatementDetail | null> {
  const row = await statementQuery(trx).where('s.id', '=', id).executeTakeFirst();
  if (!row) return null;
  const lines = await lineQuery(trx).where('l.statement_id', '=', id).orderBy('l.line_no').execute();
  return { ...presentStatement(row), lines: lines.map(presentLine) };
}

/** Every line of a month, for exports and summaries, in statement and line order. */
export async function monthLines(trx: Trx, month: string) {
  return lineQuery(trx)
    .innerJoin('statements as st', 'st.id', 'l.statement_id')
    .innerJoin('units as un', 'un.id', 'st.unit_id')
    .select(['st.month', 'st.district_budget', 'un.name as unit_name'])
    .where('st.month', '=', month)
    .orderBy('un.name')
    .orderBy('st.unit_id')
    .orderBy('l.line_no')
    .execute();
}
