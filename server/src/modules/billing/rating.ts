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

/** The 'YYYY-MM' month `count` months after (or, negative, before) `month`. */
export function shiftMonth(month: string, count: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const serial = year * 12 + index - 1 + count;
  return `${Math.floor(serial / 12)}-${String((serial % 12) + 1).padStart(2, '0')}`;
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

/**
 * The price versions in force during [from, to) as they apply to each platform: the district book, or
 * the city provider's tender book (SJ-10). A few dozen rows. They are read on their own and handed to
 * the usage queries as arrays because row-level security hides from the planner how many rows of the
 * catalog tables a query will see: it guesses one, and joined inside the usage query that guess made it
 * scan a month's usage once per price version (19 s instead of 1 for a month of a city's estate).
 * Instants stay text as the database wrote them, exact to the microsecond.
 */
async function pricesInForce(trx: Trx, from: Date, to: Date) {
  const { rows } = await sql<{ platform_id: string; item_id: string; category: string; price_version_id: string; unit_price: string; effective_from: string; effective_to: string }>`
    SELECT p.id AS platform_id, v.item_id, c.category, v.id AS price_version_id, v.unit_price,
           v.effective_from::text AS effective_from, coalesce(v.effective_to, 'infinity'::timestamptz)::text AS effective_to
    FROM platforms p
    JOIN price_books b ON (p.level = 'city' AND b.kind = 'city_tender' AND b.provider_unit_id = p.provider_unit_id)
                       OR (p.level <> 'city' AND b.kind = 'district')
    JOIN price_versions v ON v.book_id = b.id AND v.withdrawn_at IS NULL
    JOIN catalog_items c ON c.id = v.item_id
    WHERE v.effective_from < ${to}::timestamptz AND coalesce(v.effective_to, 'infinity'::timestamptz) > ${from}::timestamptz
  `.execute(trx);
  return sql`unnest(${rows.map((r) => r.platform_id)}::uuid[], ${rows.map((r) => r.item_id)}::uuid[], ${rows.map((r) => r.category)}::text[],
                    ${rows.map((r) => r.price_version_id)}::uuid[], ${rows.map((r) => r.unit_price)}::numeric[],
                    ${rows.map((r) => r.effective_from)}::timestamptz[], ${rows.map((r) => r.effective_to)}::timestamptz[])
             AS v(platform_id, item_id, category, price_version_id, unit_price, effective_from, effective_to)`;
}

/** Usage intervals not replaced by a correction (a hashed NOT IN: the corrections are few). */
const notCorrected = sql`i.id NOT IN (SELECT fix.corrects FROM usage_intervals fix WHERE fix.corrects IS NOT NULL)`;

/**
 * The rating of a month as SQL: `usage` (each interval's part in the period), `priced` (that part cut
 * at price versions, with its quantity-seconds, where charged) and `lines` (summed per statement line,
 * or per resource too). Shared by `rateMonth`, which reads the lines, and the statements writer, which
 * writes them without their leaving the server.
 */
export async function ratingCtes(trx: Trx, profile: PolicyProfile, month: string, scope: RatingScope = {}) {
  const bounds = monthBounds(month);
  const from = scope.from && scope.from > bounds.start ? scope.from : bounds.start;
  const to = scope.to && scope.to < bounds.end ? scope.to : bounds.end;
  const monthSeconds = (bounds.end.getTime() - bounds.start.getTime()) / 1000;
  const stoppedBilled = profile.parameters['settlement.stoppedServersBilled'].value;
  const byResource = scope.perResource === true;
  const prices = await pricesInForce(trx, from, to);
  // qs: quantity-seconds of a piece, worked out once; its products and quotients are the same NUMERIC
  // operations as unit price × quantity × seconds ÷ seconds in the month, term by term.
  return sql`
    usage AS (
      SELECT i.resource_id, i.unit_id, i.system_id, i.platform_id, i.provider_unit_id, i.item_id, i.quantity, i.power,
             greatest(i.started_at, ${from}::timestamptz) AS s,
             least(coalesce(i.ended_at, 'infinity'::timestamptz), ${to}::timestamptz) AS e
      FROM usage_intervals i
      WHERE i.started_at < ${to}::timestamptz
        AND coalesce(i.ended_at, 'infinity'::timestamptz) > ${from}::timestamptz
        AND ${notCorrected}
        ${scope.unitId ? sql`AND i.unit_id = ${scope.unitId}` : sql``}
        ${scope.resourceId ? sql`AND i.resource_id = ${scope.resourceId}` : sql``}
    ),
    priced AS (
      SELECT u.resource_id, u.unit_id, u.system_id, u.platform_id, u.provider_unit_id, u.item_id, v.price_version_id, v.unit_price,
             u.quantity * extract(epoch FROM least(u.e, v.effective_to) - greatest(u.s, v.effective_from)) AS qs
      FROM usage u
      JOIN ${prices} ON v.platform_id = u.platform_id AND v.item_id = u.item_id AND v.effective_from < u.e AND v.effective_to > u.s
      WHERE (${stoppedBilled} OR u.power = 'running' OR v.category <> 'compute')
    ),
    lines AS (
      SELECT unit_id, system_id, platform_id, provider_unit_id, item_id, price_version_id, unit_price,
             ${byResource ? sql`resource_id` : sql`NULL::uuid AS resource_id`},
             sum(qs / 3600) AS quantity_hours,
             sum(qs) AS quantity_seconds,
             count(DISTINCT resource_id) AS resources,
             sum(unit_price * qs / ${monthSeconds}) AS exact
      FROM priced
      GROUP BY unit_id, system_id, platform_id, provider_unit_id, item_id, price_version_id, unit_price${byResource ? sql`, resource_id` : sql``}
    )`;
}

/** The order of a unit's statement lines: system (none last), platform, item, price version. */
export const LINE_ORDER = sql`system_id NULLS LAST, platform_id, item_id, price_version_id`;

/** The rated lines of a month, in a stable order. */
export async function rateMonth(trx: Trx, profile: PolicyProfile, month: string, scope: RatingScope = {}): Promise<(RatedLine & { resourceId?: string })[]> {
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
    WITH ${await ratingCtes(trx, profile, month, scope)}
    SELECT unit_id, system_id, platform_id, provider_unit_id, item_id, price_version_id, unit_price, resource_id,
           quantity_hours::text, quantity_seconds::text, resources::text, exact::text, round(exact, 2)::text AS amount
    FROM lines
    ORDER BY unit_id, ${LINE_ORDER}${byResource ? sql`, resource_id` : sql``}
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
 * some moment of it), by platform name and item code. Rating would leave it out; a statement must not,
 * so rating refuses instead.
 */
export async function unpricedUsage(trx: Trx, month: string): Promise<{ platform: string; code: string }[]> {
  const { start, end } = monthBounds(month);
  const prices = await pricesInForce(trx, start, end);
  // An interval is priced throughout when one stretch of back-to-back versions of its platform's book
  // covers its part of the month (versions of a book and item never overlap). Only the platforms and
  // items without such a stretch over the whole month can have unpriced usage — usually none, or items
  // nobody uses there — and their intervals are looked up by index, not by a scan of the month's usage.
  const rows = await sql<{ platform: string; code: string }>`
    WITH spans AS (
      SELECT v.platform_id, v.item_id, greatest(v.effective_from, ${start}::timestamptz) AS f, least(v.effective_to, ${end}::timestamptz) AS t,
             v.effective_from IS DISTINCT FROM lag(v.effective_to) OVER (PARTITION BY v.platform_id, v.item_id ORDER BY v.effective_from) AS starts_stretch
      FROM ${prices}
    ),
    stretches AS (
      SELECT platform_id, item_id, f, t, count(*) FILTER (WHERE starts_stretch) OVER (PARTITION BY platform_id, item_id ORDER BY f) AS stretch FROM spans
    ),
    covered AS MATERIALIZED (
      SELECT platform_id, item_id, min(f) AS f, max(t) AS t FROM stretches GROUP BY platform_id, item_id, stretch
    ),
    open_pairs AS MATERIALIZED (
      SELECT p.id AS platform_id, c.id AS item_id, p.name AS platform, c.code
      FROM platforms p CROSS JOIN catalog_items c
      WHERE NOT EXISTS (SELECT 1 FROM covered k WHERE k.platform_id = p.id AND k.item_id = c.id AND k.f <= ${start}::timestamptz AND k.t >= ${end}::timestamptz)
    )
    SELECT o.platform, o.code
    FROM open_pairs o
    WHERE EXISTS (
      SELECT 1 FROM usage_intervals i
      WHERE i.platform_id = o.platform_id AND i.item_id = o.item_id
        AND i.started_at < ${end}::timestamptz AND coalesce(i.ended_at, 'infinity'::timestamptz) > ${start}::timestamptz
        AND ${notCorrected}
        AND NOT EXISTS (SELECT 1 FROM covered k WHERE k.platform_id = i.platform_id AND k.item_id = i.item_id
                          AND k.f <= greatest(i.started_at, ${start}::timestamptz)
                          AND k.t >= least(coalesce(i.ended_at, 'infinity'::timestamptz), ${end}::timestamptz))
    )
    ORDER BY o.platform, o.code
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
