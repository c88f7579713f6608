/**
 * The efficiency rules (QP-14, SJ-14 使用率长期较低、僵尸系统长期占用; QP-13 监控), pure: each judges one
 * server's daily rollups over its look-back window, with the profile's thresholds, and returns the
 * figures it judged (the finding's evidence) or null. Utilisation is percent 0–100 in the rollups;
 * the profile's ratios are fractions.
 *
 * Periodic workloads (QP-8): a server whose project declared a cyclical load is judged over a full year —
 * its cycle — so quiet months of its cycle are no finding: low utilisation compares the busiest
 * calendar month's mean, a zombie must be idle every day of the year, and right-sizing uses the
 * year's peak.
 */
import { Money, toFen } from '@yunshu/shared/money';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { shiftDate } from '../calendar/working-days.ts';

/** A cyclical load's cycle: the year, whatever its declared pattern (annual filing, school terms, tax season). */
export const CYCLE_DAYS = 365;

export interface DayFigures {
  day: string;
  cpuP95: number | null;
  cpuMax: number | null;
  memoryP95: number | null;
  /** Received + sent that day; bigint in the database, exact here. */
  networkBytes: bigint | null;
  samples: number;
}

export interface RuleThresholds {
  lowDays: number;
  cpuBelowPercent: number;
  memoryBelowPercent: number;
  zombieDays: number;
  zombieCpuBelowPercent: number;
  zombieNetworkBytes: bigint;
  minCoverage: number;
  targetPercent: number;
}

const percentOf = (ratio: string) => Number(ratio) * 100;

export function thresholdsOf(profile: PolicyProfile): RuleThresholds {
  const p = profile.parameters;
  return {
    lowDays: p['efficiency.lowUtilization.days'].value,
    cpuBelowPercent: percentOf(p['efficiency.lowUtilization.belowRatio'].value),
    memoryBelowPercent: percentOf(p['efficiency.lowUtilization.memoryBelowRatio'].value),
    zombieDays: p['efficiency.zombieIdleDays'].value,
    zombieCpuBelowPercent: percentOf(p['efficiency.zombie.cpuBelowRatio'].value),
    zombieNetworkBytes: BigInt(p['efficiency.zombie.networkBytesPerDay'].value),
    minCoverage: Number(p['efficiency.minDataCoverage'].value),
    targetPercent: percentOf(p['efficiency.rightSize.targetRatio'].value),
  };
}

/** The `days` whole Asia/Shanghai days ending yesterday: today's rollup is not made yet. */
export function windowEnding(today: string, days: number): { from: string; to: string; days: number } {
  const to = shiftDate(today, -1);
  return { from: shiftDate(to, -(days - 1)), to, days };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const inWindow = (rows: readonly DayFigures[], w: { from: string; to: string }) => rows.filter((r) => r.day >= w.from && r.day <= w.to && r.samples > 0);

/** Enough days with figures to judge at all: a gap in monitoring is its own finding, never a low figure. */
function covered(rows: readonly DayFigures[], w: { days: number }, t: RuleThresholds): boolean {
  return rows.length >= Math.ceil(w.days * t.minCoverage);
}

/** 使用率长期较低 (QP-14 (一), SJ-14 (一)): mean daily CPU p95 and mean daily memory p95 both below their thresholds. */
export function judgeLowUtilization(all: readonly DayFigures[], today: string, t: RuleThresholds, cyclical: boolean): Record<string, unknown> | null {
  const w = windowEnding(today, cyclical ? CYCLE_DAYS : t.lowDays);
  const rows = inWindow(all, w);
  if (!covered(rows, w, t)) return null;
  const cpu = cyclical ? busiestMonthMean(rows, (r) => r.cpuP95) : mean(rows.flatMap((r) => (r.cpuP95 === null ? [] : [r.cpuP95])));
  const memory = cyclical ? busiestMonthMean(rows, (r) => r.memoryP95) : mean(rows.flatMap((r) => (r.memoryP95 === null ? [] : [r.memoryP95])));
  if (cpu === null || memory === null || cpu >= t.cpuBelowPercent || memory >= t.memoryBelowPercent) return null;
  return {
    window: { from: w.from, to: w.to, days: w.days },
    daysWithData: rows.length,
    cyclical,
    cpuP95Mean: round2(cpu),
    memoryP95Mean: round2(memory),
    cpuBelowPercent: t.cpuBelowPercent,
    memoryBelowPercent: t.memoryBelowPercent,
    ...(cyclical ? { judged: 'busiest calendar month of the cycle' } : {}),
  };
}

/** The highest of the calendar months' means: a cyclical system is judged at its season. */
function busiestMonthMean(rows: readonly DayFigures[], pick: (r: DayFigures) => number | null): number | null {
  const months = new Map<string, number[]>();
  for (const row of rows) {
    const value = pick(row);
    if (value === null) continue;
    const month = row.day.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), value]);
  }
  let best: number | null = null;
  for (const values of months.values()) {
    const m = mean(values)!;
    if (best === null || m > best) best = m;
  }
  return best;
}

/** 僵尸系统长期占用 (QP-14 (二), SJ-14 (二)): every day of the window near-zero CPU and network. */
export function judgeZombie(all: readonly DayFigures[], today: string, t: RuleThresholds, cyclical: boolean): Record<string, unknown> | null {
  const w = windowEnding(today, cyclical ? CYCLE_DAYS : t.zombieDays);
  const rows = inWindow(all, w);
  if (!covered(rows, w, t)) return null;
  let peakCpu = 0;
  let peakNetwork = 0n;
  for (const row of rows) {
    if (row.cpuMax === null || row.networkBytes === null) return null;
    if (row.cpuMax >= t.zombieCpuBelowPercent || row.networkBytes >= t.zombieNetworkBytes) return null;
    peakCpu = Math.max(peakCpu, row.cpuMax);
    if (row.networkBytes > peakNetwork) peakNetwork = row.networkBytes;
  }
  return {
    window: { from: w.from, to: w.to, days: w.days },
    daysWithData: rows.length,
    cyclical,
    cpuMaxPeak: round2(peakCpu),
    networkBytesPeakDay: peakNetwork.toString(),
    cpuBelowPercent: t.zombieCpuBelowPercent,
    networkBytesBelow: t.zombieNetworkBytes.toString(),
  };
}

/**
 * The vCPUs a server needs: its peak daily CPU p95 of the window, carried on fewer vCPUs at the target
 * utilisation, rounded up; at least one.
 */
export function recommendVcpus(vcpus: number, peakP95: number, targetPercent: number): number {
  return Math.max(1, Math.ceil((vcpus * peakP95) / targetPercent - 1e-9));
}

/** 配置过高 (QP-14 (三) 其他使用不规范): the right size is below the current one. Saving: freed vCPUs × monthly unit price. */
export function judgeOverProvisioned(
  all: readonly DayFigures[],
  today: string,
  t: RuleThresholds,
  cyclical: boolean,
  vcpus: number,
  vcpuMonthlyPrice: string | null,
): { evidence: Record<string, unknown>; monthlySaving: string | null } | null {
  const w = windowEnding(today, cyclical ? CYCLE_DAYS : t.lowDays);
  const rows = inWindow(all, w);
  if (!covered(rows, w, t) || vcpus <= 1) return null;
  const values = rows.flatMap((r) => (r.cpuP95 === null ? [] : [r.cpuP95]));
  if (values.length === 0) return null;
  const peak = Math.max(...values);
  const recommended = recommendVcpus(vcpus, peak, t.targetPercent);
  if (recommended >= vcpus) return null;
  const monthlySaving = vcpuMonthlyPrice === null ? null : toFen(new Money(vcpuMonthlyPrice).times(vcpus - recommended));
  return {
    evidence: {
      window: { from: w.from, to: w.to, days: w.days },
      daysWithData: rows.length,
      cyclical,
      cpuP95Peak: round2(peak),
      targetPercent: t.targetPercent,
      vcpus,
      recommendedVcpus: recommended,
      vcpuMonthlyPrice,
    },
    monthlySaving,
  };
}

/** One billed quantity of a server: the resource's spec key (vcpus, memoryGiB), how many, and its monthly unit price. */
export interface BilledQuantity {
  quantity: string;
  amount: number;
  monthlyUnitPrice: string | null;
}

/**
 * 停用或回收可节省 (zombie, long-term low): the server's whole monthly cost at the prices in force — each
 * billed quantity × its monthly unit price (catalog prices are per month: vCPU·月, GiB·月), summed exactly
 * and rounded half-up to the fen once. Null when a price is unknown or nothing is billed: no figure
 * rather than a low one.
 */
export function wholeMonthlyCost(billed: readonly BilledQuantity[]): string | null {
  if (billed.length === 0 || billed.some((b) => b.monthlyUnitPrice === null)) return null;
  return toFen(billed.reduce((sum, b) => sum.plus(new Money(b.monthlyUnitPrice!).times(b.amount)), new Money(0)));
}
