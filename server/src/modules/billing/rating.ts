/**
 * Rating (SJ-15 按实结算). A month (Asia/Shanghai) is rated in one query: each usage interval is cut at
 * the month's bounds and at the boundaries of the price versions of the book that applies to its
 * platform (the district book; a city provider's tender book, SJ-10), and each piece costs
 *
 *     unit price (per month) × quantity × hours used ÷ hours in the month        (settlement.proration: hourly)
 *
 * in exact NUMERIC arithmetic. Pieces are summed per statement line — unit, system, platform, item and
 * price version — and each line is rounded half-up to the fen once; a total is the sum of its rounded
 * lines. A stopped server's vCPU and memory are left out where the profile says they are not charged.
 * A correction replaces the interval it corrects.
 */
import { Money } from '@yunshu/shared/money';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The instants a 'YYYY-MM' month of Asia/Shanghai begins and ends (China keeps no daylight saving). */
export function monthBounds(month: string): { start: Date; end: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new RangeError(`not a month: ${month}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { start: new Date(Date.UTC(year, index, 1) - SHANGHAI_OFFSET_MS), end: new Date(Date.UTC(year, index + 1, 1) - SHANGHAI_OFFSET_MS) };
}

/** The month of Asia/Shanghai an instant falls in. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

export interface RatedLine {
  unitId: string;
  systemId: string | null;
  platformId: string;
  providerUnitId: string;
  itemId: string;
  priceVersionId: string;
  unitPrice: string;
  /** Quantity × hours, e.g. vCPU-hours: what the line charges for. */
  quantityHours: string;
  /** The same in quantity-seconds, exact: what the property tests add up. */
  quantitySeconds: string;
  resources: number;
  /** The exact amount before rounding, and the line's amount rounded half-up to the fen. */
  exact: string;
  amount: string;
}

export interface RatingScope {
  unitId?: string | undefined;
  resourceId?: string | undefined;
  /** Rate only a part of the month (the property tests split a month); default the whole month. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Group per resource too (drill-down) instead of per statement line. */
  perResource?: boolean;
}

/** The rated lines of a month, in a stable order. */
export async function rateMonth(trx: Trx, profile: PolicyProfile, month: string, scope: RatingScope = {}): Promise<(RatedLine & { resourceId?: string })[]> {
  const bounds = monthBounds(month);
  const from = scope.from && scope.from > bounds.start ? scope.from : bounds.start;
  const to = scope.to && scope.to < bounds.end ? scope.to : bounds.end;
  const monthSeconds = (bounds.end.getTime() - bounds.start.getTime()) / 1000;
  const stoppedBilled = profile.parameters['settlement.stoppedServersBilled'].value;
  const byResource = scope.perResource === true;
  const rows = await sql<{
    unit_id: string;
    system_id: string | null;
    platform_id: string;
    provider_unit_id: string;
    item_id: string;
    price_version_id: string;
    unit_price: string;
    quantity_hours: string;
    quantity_seconds: string;
    resources: string;
    exact: string;
    amount: string;
    resource_id: string | null;
  }>`
    WITH usage AS (
      SELECT i.resource_id, i.unit_id, i.system_id, i.platform_id, i.provider_unit_id, i.item_id, i.quantity,
             greatest(i.started_at, ${from}::timestamptz) AS s,
             least(coalesce(i.ended_at, 'infinity'::timestamptz), ${to}::timestamptz) AS e
      FROM usage_intervals i
      JOIN catalog_items c ON c.id = i.item_id
      WHERE i.started_at < ${to}::timestamptz
        AND coalesce(i.ended_at, 'infinity'::timestamptz) > ${from}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM usage_intervals fix WHERE fix.corrects = i.id)
        AND (${stoppedBilled} OR i.power = 'running' OR c.category <> 'compute')
        ${scope.unitId ? sql`AND i.unit_id = ${scope.unitId}` : sql``}
        ${scope.resourceId ? sql`AND i.resource_id = ${scope.resourceId}` : sql``}
    ),
    priced AS (
      SELECT u.*, v.id AS price_version_id, v.unit_price,
             greatest(u.s, v.effective_from) AS ps,
             least(u.e, coalesce(v.effective_to, 'infinity'::timestamptz)) AS pe
      FROM usage u
      JOIN platforms p ON p.id = u.platform_id
      JOIN price_books b ON (p.level = 'city' AND b.kind = 'city_tender' AND b.provider_unit_id = p.provider_unit_id)
                         OR (p.level <> 'city' AND b.kind = 'district')
      JOIN price_versions v ON v.book_id = b.id AND v.item_id = u.item_id AND v.withdrawn_at IS NULL
                           AND v.effective_from < u.e AND coalesce(v.effective_to, 'infinity'::timestamptz) > u.s
    )
    SELECT unit_id, system_id, platform_id, provider_unit_id, item_id, price_version_id, unit_price,
           ${byResource ? sql`resource_id` : sql`NULL::uuid AS resource_id`},
           sum(quantity * extract(epoch FROM pe - ps) / 3600)::text AS quantity_hours,
           sum(quantity * extract(epoch FROM pe - ps))::text AS quantity_seconds,
           count(DISTINCT resource_id)::text AS resources,
           sum(unit_price * quantity * extract(epoch FROM pe - ps) / ${monthSeconds})::text AS exact,
           round(sum(unit_price * quantity * extract(epoch FROM pe - ps) / ${monthSeconds}), 2)::text AS amount
    FROM priced
    WHERE pe > ps
    GROUP BY unit_id, system_id, platform_id, provider_unit_id, item_id, price_version_id, unit_price${byResource ? sql`, resource_id` : sql``}
    ORDER BY unit_id, system_id NULLS LAST, platform_id, item_id, price_version_id${byResource ? sql`, resource_id` : sql``}
  `.execute(trx);
  return rows.rows.map((row) => ({
    unitId: row.unit_id,
    systemId: row.system_id,
    platformId: row.platform_id,
    providerUnitId: row.provider_unit_id,
    itemId: row.item_id,
    priceVersionId: row.price_version_id,
    unitPrice: row.unit_price,
    quantityHours: row.quantity_hours,
    quantitySeconds: row.quantity_seconds,
    resources: Number(row.resources),
    exact: row.exact,
    amount: row.amount,
    ...(byResource && row.resource_id ? { resourceId: row.resource_id } : {}),
  }));
}

/**
 * Usage of the month that no price version covers (the platform's book has no price for the item at
 * some moment of it). Rating would leave it out; a statement must not, so rating refuses instead.
 */
export async function unpricedUsage(trx: Trx, month: string): Promise<{ platform: string; code: string }[]> {
  const { start, end } = monthBounds(month);
  const rows = await sql<{ platform: string; code: string }>`
    WITH usage AS (
      SELECT i.platform_id, i.item_id,
             greatest(i.started_at, ${start}::timestamptz) AS s,
             least(coalesce(i.ended_at, 'infinity'::timestamptz), ${end}::timestamptz) AS e
      FROM usage_intervals i
      WHERE i.started_at < ${end}::timestamptz AND coalesce(i.ended_at, 'infinity'::timestamptz) > ${start}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM usage_intervals fix WHERE fix.corrects = i.id)
    ),
    covered AS (
      SELECT u.platform_id, u.item_id, u.s, u.e,
             coalesce(sum(extract(epoch FROM least(u.e, coalesce(v.effective_to, 'infinity'::timestamptz)) - greatest(u.s, v.effective_from))), 0) AS priced_seconds
      FROM usage u
      JOIN platforms p ON p.id = u.platform_id
      LEFT JOIN price_books b ON (p.level = 'city' AND b.kind = 'city_tender' AND b.provider_unit_id = p.provider_unit_id)
                              OR (p.level <> 'city' AND b.kind = 'district')
      LEFT JOIN price_versions v ON v.book_id = b.id AND v.item_id = u.item_id AND v.withdrawn_at IS NULL
                                AND v.effective_from < u.e AND coalesce(v.effective_to, 'infinity'::timestamptz) > u.s
      GROUP BY u.platform_id, u.item_id, u.s, u.e
    )
    SELECT DISTINCT p.name AS platform, c.code
    FROM covered x JOIN platforms p ON p.id = x.platform_id JOIN catalog_items c ON c.id = x.item_id
    WHERE x.priced_seconds < extract(epoch FROM x.e - x.s)
    ORDER BY p.name, c.code
  `.execute(trx);
  return rows.rows;
}

/**
 * What a resource has cost so far: every month of its usage rated for it alone, the exact amounts
 * summed and rounded half-up once. Null when it has no metered usage. (Statements round per line of a
 * unit's month, so this figure may differ from their sum by a fen or so per month.)
 */
export async function costToDate(trx: Trx, profile: PolicyProfile, resourceId: string, now: Date = new Date()): Promise<string | null> {
  const first = await trx.selectFrom('usage_intervals').select((eb) => eb.fn.min('started_at').as('start')).where('resource_id', '=', resourceId).executeTakeFirst();
  if (!first?.start) return null;
  let month = monthOf(new Date(first.start));
  const last = monthOf(now);
  let exact = new Money(0);
  for (let guard = 0; month <= last && guard < 240; guard++) {
    const bounds = monthBounds(month);
    for (const line of await rateMonth(trx, profile, month, { resourceId, to: now < bounds.end ? now : undefined })) exact = exact.plus(line.exact);
    month = monthOf(bounds.end);
  }
  return exact.toDecimalPlaces(2, Money.ROUND_HALF_UP).toFixed(2);
}
