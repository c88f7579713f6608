/**
 * Versioned prices, as pure rules. A price version holds for [effectiveFrom, effectiveTo): the instant a
 * new price takes effect belongs to the new price. Versions of one book and item never overlap. Billing
 * uses the price valid at each moment (SJ-10, SJ-15), so history is never rewritten: a version that has
 * taken effect keeps its price and start, and an open-ended version is closed only at an instant that
 * has not yet passed.
 */

export interface VersionSpan {
  id: string;
  from: Date;
  /** Exclusive; null while no later version is known. */
  to: Date | null;
  /** The workbook row a version comes from, while an import is being checked. */
  row?: number;
}

export type PriceStatus = 'scheduled' | 'effective' | 'expired' | 'withdrawn';

export function overlaps(a: { from: Date; to: Date | null }, b: { from: Date; to: Date | null }): boolean {
  const aEnd = a.to?.getTime() ?? Number.POSITIVE_INFINITY;
  const bEnd = b.to?.getTime() ?? Number.POSITIVE_INFINITY;
  return a.from.getTime() < bEnd && b.from.getTime() < aEnd;
}

/** Whether a version has taken effect: from then on it is history and is never edited. */
export function hasTakenEffect(version: { from: Date }, now: Date): boolean {
  return version.from.getTime() <= now.getTime();
}

export function statusAt(version: { from: Date; to: Date | null; withdrawn: boolean }, now: Date): PriceStatus {
  if (version.withdrawn) return 'withdrawn';
  if (version.from.getTime() > now.getTime()) return 'scheduled';
  if (version.to && version.to.getTime() <= now.getTime()) return 'expired';
  return 'effective';
}

/** The version in force at `instant`: from ≤ instant < to. */
export function versionAt<T extends { from: Date; to: Date | null }>(versions: readonly T[], instant: Date): T | null {
  const t = instant.getTime();
  return versions.find((v) => v.from.getTime() <= t && (v.to === null || t < v.to.getTime())) ?? null;
}

export interface Placement {
  /** The open-ended version that starts earlier and is closed at the new version's start. */
  close: VersionSpan | null;
  /** A version the new one would overlap: refused. */
  conflict: VersionSpan | null;
  /** Closing `close` at this start would rewrite a price that already applied: refused. */
  retroactive: boolean;
}

/**
 * Where a new version [from, to) fits among the active versions of one book and item: adding a version
 * that starts after an open-ended one closes that one at the new start; any other overlap is refused.
 */
export function placeVersion(existing: readonly VersionSpan[], from: Date, to: Date | null, now: Date): Placement {
  const open = existing.find((v) => v.to === null && v.from.getTime() < from.getTime()) ?? null;
  const conflict = existing.find((v) => v !== open && overlaps(v, { from, to })) ?? null;
  if (conflict) return { close: null, conflict, retroactive: false };
  return { close: open, conflict: null, retroactive: open !== null && from.getTime() < now.getTime() };
}

export interface Addition {
  key: number;
  from: Date;
  to: Date | null;
}

export interface PlannedAddition extends Placement {
  key: number;
}

/**
 * Places several new versions of one book and item in order of their start, each seeing the ones placed
 * before it (an import: later rows of a workbook may close earlier ones).
 */
export function planAdditions(existing: readonly VersionSpan[], additions: readonly Addition[], now: Date): PlannedAddition[] {
  const spans = existing.map((v) => ({ ...v }));
  const planned: PlannedAddition[] = [];
  for (const addition of [...additions].sort((a, b) => a.from.getTime() - b.from.getTime() || a.key - b.key)) {
    const placement = placeVersion(spans, addition.from, addition.to, now);
    planned.push({ key: addition.key, ...placement });
    if (placement.conflict || placement.retroactive) continue;
    if (placement.close) placement.close.to = addition.from;
    spans.push({ id: `row:${addition.key}`, from: addition.from, to: addition.to, row: addition.key });
  }
  return planned;
}

// --- how instants read ----------------------------------------------------------------------------

const SHANGHAI_MS = 8 * 3600 * 1000;

/** An instant in Beijing time: `2026-07-01` at midnight, else `2026-07-01 08:30:00`. */
export function formatShanghai(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_MS).toISOString();
  const date = local.slice(0, 10);
  const time = local.slice(11, 19);
  return time === '00:00:00' ? date : `${date} ${time}`;
}

export function describeSpan(span: { from: Date; to: Date | null }): { zh: string; en: string } {
  const from = formatShanghai(span.from);
  if (!span.to) return { zh: `${from} 起（未设失效日期）`, en: `from ${from}, open-ended` };
  const to = formatShanghai(span.to);
  return { zh: `${from} 至 ${to}`, en: `from ${from} to ${to}` };
}
