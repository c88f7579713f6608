/**
 * Plausible, deterministic utilization figures for a simulated server: a daily and weekly pattern in
 * Beijing time chosen and shaped by the server's id, with jitter that depends only on the id and the
 * sample's time bucket. The same server asked about the same moment always gives the same figures, so
 * the efficiency rules (long-term low utilization, zombie systems — QP-14, SJ-14) can be tested on it.
 */
import { unitHash } from './seeded-random.ts';

/** `idle`: a zombie-like server that barely moves; the others are busy in office hours, all day, or at night. */
export const UTILIZATION_PROFILES = ['idle', 'office', 'steady', 'nightly_batch'] as const;
export type UtilizationProfile = (typeof UTILIZATION_PROFILES)[number];

export interface UtilizationSample {
  /** Start of the sampled interval (ISO 8601, UTC). */
  at: string;
  intervalSeconds: number;
  cpuPercent: number;
  memoryPercent: number;
  /** Bytes received and sent during the interval. */
  networkRxBytes: number;
  networkTxBytes: number;
}

const HOUR_MS = 3_600_000;
const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** The profile a server gets from its id: about 15% idle, 45% office, 25% steady, 15% nightly batch. */
export function profileForServer(serverId: string): UtilizationProfile {
  const u = unitHash(`${serverId}:profile`);
  if (u < 0.15) return 'idle';
  if (u < 0.6) return 'office';
  if (u < 0.85) return 'steady';
  return 'nightly_batch';
}

/** 0–1: how busy a profile is at a Beijing-time hour (fractional) on a weekday or weekend. */
function activity(profile: UtilizationProfile, hour: number, weekend: boolean): number {
  switch (profile) {
    case 'idle':
      return 0;
    case 'office': {
      if (weekend) return 0.04;
      if (hour >= 9 && hour < 12) return 1;
      if (hour >= 12 && hour < 13.5) return 0.55;
      if (hour >= 13.5 && hour < 17.5) return 0.9;
      if ((hour >= 8 && hour < 9) || (hour >= 17.5 && hour < 20)) return 0.3;
      return 0.03;
    }
    case 'steady':
      // a gentle wave peaking mid-afternoon
      return 0.6 + 0.25 * Math.cos(((hour - 15) / 24) * 2 * Math.PI) - (weekend ? 0.1 : 0);
    case 'nightly_batch':
      if (hour >= 1 && hour < 5) return 1;
      if (hour >= 0 && hour < 1) return 0.4;
      return 0.06;
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The figures of the interval starting at `at` (aligned down to `intervalSeconds`). */
export function utilizationAt(serverId: string, profile: UtilizationProfile, at: number, intervalSeconds = 300): UtilizationSample {
  const stepMs = intervalSeconds * 1000;
  const start = Math.floor(at / stepMs) * stepMs;
  const local = new Date(start + BEIJING_OFFSET_MS);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const weekday = local.getUTCDay();
  const weekend = weekday === 0 || weekday === 6;

  const p = (name: string) => unitHash(`${serverId}:${name}`);
  const jitter = (name: string) => unitHash(`${serverId}:${name}:${start}`) * 2 - 1;

  let cpu: number;
  let memoryBase: number;
  if (profile === 'idle') {
    cpu = 0.3 + 2 * p('idle-cpu') + 0.3 * jitter('cpu');
    memoryBase = 6 + 10 * p('idle-memory');
  } else {
    const base = 2 + 5 * p('cpu-base');
    const peak = 30 + 50 * p('cpu-peak');
    cpu = base + peak * activity(profile, hour, weekend);
    cpu *= 1 + 0.15 * jitter('cpu');
    memoryBase = 30 + 35 * p('memory');
  }
  cpu = clamp(cpu, 0.05, 99.5);
  const memory = clamp(memoryBase + 0.2 * cpu + 1.5 * jitter('memory'), 1, 97);

  // 10 KB/s to 2 MB/s at full activity, a trickle when idle
  const netScale = profile === 'idle' ? 200 + 800 * p('net') : 10_000 + 2_000_000 * p('net');
  const rxRate = netScale * (0.03 + cpu / 100) * (1 + 0.2 * jitter('net'));
  const txRatio = 0.3 + 1.2 * p('tx-ratio');
  return {
    at: new Date(start).toISOString(),
    intervalSeconds,
    cpuPercent: round2(cpu),
    memoryPercent: round2(memory),
    networkRxBytes: Math.round(rxRate * intervalSeconds),
    networkTxBytes: Math.round(rxRate * txRatio * intervalSeconds),
  };
}

