/**
 * Monthly statements (SJ-15). Rating a month writes one statement per unit that used the cloud —
 * district-budget and non-budget units apart, since the latter pay their own bills — replacing the
 * month's draft; it is idempotent, and refused once the month is confirmed. Confirming freezes the
 * month's statements and, through the usage guard, the usage they cover.
 */
import { randomUUID } from 'node:crypto';
import { Money } from '@yunshu/shared/money';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import { monthBounds, rateMonth, unpricedUsage } from './rating.ts';
import { findStatement } from './statements.repository.ts';

export function requireMonth(month: string): { start: Date; end: Date } {
  try {
    return monthBounds(month);
  } catch {
    throw errors.field('month', `“${month}”不是有效月份（格式 YYYY-MM）`, `“${month}” is not a month (YYYY-MM)`);
  }
}

function monthConfirmed(month: string): AppError {
  return new AppError({
    status: 409,
    code: 'month_confirmed',
    zh: `${month} 的账单已确认，不能重新计费；更正请由第三方审价在结算中调整`,
    en: `The statements of ${month} are confirmed and cannot be re-rated; corrections go into the settlement as the auditor's adjustments`,
  });
}

export interface MonthResult {
  month: string;
  status: 'draft' | 'confirmed';
  total: string;
  statements: number;
  lines: number;
}

/** Rates a month into draft statements, replacing any earlier draft of it. */
export async function rateMonthIntoStatements(trx: Trx, services: Services, month: string, actor: Actor | null, audit: AuditTarget, now = new Date()): Promise<MonthResult> {
  const bounds = requireMonth(month);
  Object.assign(audit, { objectType: 'billing_month', objectId: month });
  if (bounds.start > now) {
    throw errors.field('month', `${month} 尚未开始，无法计费`, `${month} has not begun; there is nothing to rate`);
  }
  // One rating of a month at a time across instances; the second waits, then replaces the first's draft.
  const existing = await trx.selectFrom('billing_months').selectAll().where('month', '=', month).forUpdate().executeTakeFirst();
  if (existing?.status === 'confirmed') throw monthConfirmed(month);
  await trx.deleteFrom('statements').where('month', '=', month).execute();

  const unpriced = await unpricedUsage(trx, month);
  if (unpriced.length > 0) {
    throw new AppError({
      status: 409,
      code: 'usage_unpriced',
      zh: `${month} 有用量没有有效价格，无法计费：${unpriced.map((u) => `${u.platform} · ${u.code}`).join('、')}；请先在价格表中补充该期间的价格`,
      en: `Some usage of ${month} has no price in force: ${unpriced.map((u) => `${u.platform} · ${u.code}`).join(', ')}; add the prices for that period first`,
      details: { unpriced },
    });
  }
  // A month still running is rated as a projection to its end (what it will cost if nothing changes):
  // a draft, rated again and confirmed only once the month is over.
  const lines = await rateMonth(trx, services.policy, month);
  const budgets = new Map(
    (await trx.selectFrom('units').select(['id', 'district_budget']).where('id', 'in', lines.length > 0 ? [...new Set(lines.map((l) => l.unitId))] : ['00000000-0000-0000-0000-000000000000']).execute()).map(
      (u) => [u.id, u.district_budget],
    ),
  );
  const byUnit = new Map<string, typeof lines>();
  for (const line of lines) {
    const unitLines = byUnit.get(line.unitId);
    if (unitLines) unitLines.push(line);
    else byUnit.set(line.unitId, [line]);
  }

  let total = new Money(0);
  const values = {
    month,
    starts_at: bounds.start,
    ends_at: bounds.end,
    status: 'draft' as const,
    rated_at: now,
    rated_by_name: actor?.displayName ?? '系统',
    total: '0',
  };
  if (existing) await trx.updateTable('billing_months').set(values).where('month', '=', month).execute();
  else await trx.insertInto('billing_months').values(values).execute();

  // A city's month is tens of thousands of lines: each table is written in one INSERT of unnested
  // arrays (a VALUES list that long costs PostgreSQL more to parse and plan than the rows to insert).
  const statements = [...byUnit].map(([unitId, unitLines]) => ({ id: randomUUID(), unitId, unitLines, total: unitLines.reduce((sum, line) => sum.plus(line.amount), new Money(0)) }));
  for (const statement of statements) total = total.plus(statement.total);
  await trx
    .insertInto('statements')
    .columns(['id', 'month', 'unit_id', 'district_budget', 'total', 'line_count'])
    .expression(
      sql`SELECT id, ${month}, unit_id, district_budget, total, line_count
          FROM unnest(${statements.map((s) => s.id)}::uuid[], ${statements.map((s) => s.unitId)}::uuid[], ${statements.map((s) => budgets.get(s.unitId) ?? true)}::bool[],
                      ${statements.map((s) => s.total.toFixed(2))}::numeric[], ${statements.map((s) => s.unitLines.length)}::int[])
               AS s(id, unit_id, district_budget, total, line_count)`,
    )
    .execute();
  const rows = statements.flatMap((statement) => statement.unitLines.map((line, index) => ({ statement, line, lineNo: index + 1 })));
  const column = <T>(value: (row: (typeof rows)[number]) => T) => rows.map(value);
  await trx
    .insertInto('statement_lines')
    .columns(['statement_id', 'line_no', 'unit_id', 'system_id', 'platform_id', 'provider_unit_id', 'item_id', 'price_version_id', 'unit_price', 'quantity_hours', 'resources', 'amount'])
    .expression(
      sql`SELECT * FROM unnest(${column((r) => r.statement.id)}::uuid[], ${column((r) => r.lineNo)}::int[], ${column((r) => r.statement.unitId)}::uuid[],
                               ${column((r) => r.line.systemId)}::uuid[], ${column((r) => r.line.platformId)}::uuid[], ${column((r) => r.line.providerUnitId)}::uuid[],
                               ${column((r) => r.line.itemId)}::uuid[], ${column((r) => r.line.priceVersionId)}::uuid[], ${column((r) => r.line.unitPrice)}::numeric[],
                               ${column((r) => r.line.quantityHours)}::numeric[], ${column((r) => r.line.resources)}::int[], ${column((r) => r.line.amount)}::numeric[])`,
    )
    .execute();
  await trx.updateTable('billing_months').set({ total: total.toFixed(2) }).where('month', '=', month).execute();
  const result: MonthResult = { month, status: 'draft', total: total.toFixed(2), statements: byUnit.size, lines: lines.length };
  audit.detail = { ...result };
  return result;
}

/** Confirms a rated month that has ended: its statements and usage are frozen from now on. */
export async function confirmMonth(trx: Trx, actor: Actor, month: string, audit: AuditTarget, now = new Date()): Promise<MonthResult> {
  const bounds = requireMonth(month);
  Object.assign(audit, { objectType: 'billing_month', objectId: month });
  const row = await trx.selectFrom('billing_months').selectAll().where('month', '=', month).forUpdate().executeTakeFirst();
  if (!row) throw new AppError({ status: 409, code: 'month_not_rated', zh: `${month} 尚未计费，请先生成账单`, en: `${month} has not been rated yet` });
  if (row.status === 'confirmed') throw monthConfirmed(month);
  if (bounds.end > now) {
    throw new AppError({ status: 409, code: 'month_not_over', zh: `${month} 尚未结束，不能确认账单`, en: `${month} is not over yet; its statements cannot be confirmed` });
  }
  // Usage recorded after the draft was rated would be frozen without being billed: rate again first.
  const later = await trx
    .selectFrom('usage_intervals')
    .select('id')
    .where('created_at', '>', row.rated_at)
    .where('started_at', '<', bounds.end)
    .limit(1)
    .executeTakeFirst();
  if (later) {
    throw new AppError({ status: 409, code: 'month_rating_stale', zh: `${month} 计费后又有用量变化，请重新生成账单后再确认`, en: `Usage of ${month} changed after it was rated; rate it again before confirming` });
  }
  await trx
    .updateTable('billing_months')
    .set({ status: 'confirmed', confirmed_at: now, confirmed_by: actor.userId, confirmed_by_name: actor.displayName })
    .where('month', '=', month)
    .execute();
  const counts = await trx.selectFrom('statements').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('line_count').as('lines')]).where('month', '=', month).executeTakeFirstOrThrow();
  const result: MonthResult = { month, status: 'confirmed', total: row.total, statements: Number(counts.n), lines: Number(counts.lines ?? 0) };
  audit.detail = { ...result };
  return result;
}

const STATEMENT = { zh: '账单', en: 'Statement' };

/** A statement line broken down to the resources it charges for and their usage intervals in the month. */
export async function lineResources(trx: Trx, services: Services, statementId: string, lineNo: number) {
  const statement = await findStatement(trx, statementId);
  const line = statement?.lines.find((l) => l.lineNo === lineNo);
  if (!statement || !line) throw errors.notFound(STATEMENT);
  const bounds = requireMonth(statement.month);
  const shares = (await rateMonth(trx, services.policy, statement.month, { unitId: statement.unit.id, perResource: true })).filter(
    (r) => r.systemId === line.systemId && r.platformId === line.platformId && r.itemId === line.item.id && r.priceVersionId === line.priceVersion.id,
  );
  const ids = shares.map((s) => s.resourceId!);
  const names = new Map(ids.length > 0 ? (await trx.selectFrom('resources').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.name]) : []);
  const intervals =
    ids.length > 0
      ? await trx
          .selectFrom('usage_intervals')
          .select(['id', 'resource_id', 'quantity', 'power', 'started_at', 'ended_at', 'source'])
          .where('resource_id', 'in', ids)
          .where('item_id', '=', line.item.id)
          .where('started_at', '<', bounds.end)
          .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', bounds.start)]))
          .orderBy('started_at')
          .execute()
      : [];
  return {
    line,
    resources: shares.map((share) => ({
      resourceId: share.resourceId!,
      resourceName: names.get(share.resourceId!) ?? '',
      quantityHours: share.quantityHours,
      exact: share.exact,
      intervals: intervals
        .filter((i) => i.resource_id === share.resourceId)
        .map((i) => ({ id: String(i.id), quantity: i.quantity, power: i.power, startedAt: i.started_at.toISOString(), endedAt: i.ended_at?.toISOString() ?? null, source: i.source })),
    })),
  };
}
