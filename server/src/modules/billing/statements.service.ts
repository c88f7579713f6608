/**
 * Monthly statements (SJ-15). Rating a month writes one statement per unit that used the cloud —
 * district-budget and non-budget units apart, since the latter pay their own bills — replacing the
 * month's draft; it is idempotent, and refused once the month is confirmed. Confirming freezes the
 * month's statements and, through the usage guard, the usage they cover.
 */
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import { LINE_ORDER, monthBounds, rateMonth, ratingCtes, unpricedUsage } from './rating.ts';
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

  // A month still running is rated as a projection to its end (what it will cost if nothing changes):
  // a draft, rated again and confirmed only once the month is over.
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

  // Usage without a price would be left out of the statements; refuse the month instead, naming it.
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

  // A city's month is hundreds of thousands of pieces and tens of thousands of lines. They are rated
  // and numbered per unit (in rateMonth's order) into a table of this transaction — a query PostgreSQL
  // may spread over parallel workers, which an INSERT would not allow — then summed into statements and
  // written where they are: no line travels to this process and back. A total is the sum of its
  // rounded lines.
  // Its sorts and hash tables fit in memory with room to spare rather than spilling to disk at the
  // default 4 MB; for this transaction only.
  await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
  await sql`DROP TABLE IF EXISTS pg_temp.rated_lines`.execute(trx);
  await sql`
    CREATE TEMPORARY TABLE rated_lines ON COMMIT DROP AS
    WITH ${await ratingCtes(trx, services.policy, month)}
    SELECT lines.*, round(exact, 2) AS amount, row_number() OVER (PARTITION BY unit_id ORDER BY ${LINE_ORDER})::int AS line_no FROM lines
  `.execute(trx);
  const written = await sql<{ statements: string; lines: string; total: string }>`
    WITH written_statements AS (
      INSERT INTO statements (id, month, unit_id, district_budget, total, line_count)
      SELECT gen_random_uuid(), ${month}, r.unit_id, coalesce(u.district_budget, true), sum(r.amount), count(*)
      FROM rated_lines r LEFT JOIN units u ON u.id = r.unit_id
      GROUP BY r.unit_id, u.district_budget
      RETURNING id, unit_id, total, line_count
    ),
    written_lines AS (
      INSERT INTO statement_lines (statement_id, line_no, unit_id, system_id, platform_id, provider_unit_id, item_id, price_version_id, unit_price, quantity_hours, resources, amount)
      SELECT s.id, r.line_no, r.unit_id, r.system_id, r.platform_id, r.provider_unit_id, r.item_id, r.price_version_id, r.unit_price, r.quantity_hours, r.resources, r.amount
      FROM rated_lines r JOIN written_statements s ON s.unit_id = r.unit_id
    )
    SELECT count(*)::text AS statements, coalesce(sum(line_count), 0)::text AS lines, round(coalesce(sum(total), 0), 2)::text AS total FROM written_statements
  `.execute(trx);
  await sql`DROP TABLE rated_lines`.execute(trx);
  const { statements, lines, total } = written.rows[0]!;
  await trx.updateTable('billing_months').set({ total }).where('month', '=', month).execute();
  const result: MonthResult = { month, status: 'draft', total, statements: Number(statements), lines: Number(lines) };
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
