/**
 * Where a day's utilisation comes from (ADR 010): Prometheus when PROMETHEUS_URL is set — node_exporter
 * on every server, fleet-wide queries, one per figure for a whole run of days — or, in the embedded
 * default, the simulated cloud's own deterministic figures for the server (ADR 005), marked 'simulated'.
 */
import type { Config } from '../../config.ts';
import { startOfShanghaiDay } from '../calendar/working-days.ts';
import { profileForServer, unitHash, utilizationAt } from '../provisioning/index.ts';
import { PrometheusClient } from './prometheus-client.ts';
import { roundPercent, type Spread, spreadOf, wholeBytes } from './rollup-arithmetic.ts';
import { DAILY_FIGURES, DAY_SECONDS, type DailyFigure, dailyRollupQueries, RESOURCE_LABEL, STEP_SECONDS } from './utilization-queries.ts';

/** A server as the rollup sees it. */
export interface ServerRecord {
  id: string;
  providerId: string | null;
  unitId: string;
  providerUnitId: string;
  vcpus: number;
  memoryGiB: number;
  diskGiB: number;
  provisionedAt: Date | null;
  deletedAt: Date | null;
}

/** One server's figures of one day. */
export interface DayFigures {
  cpu: Spread;
  memory: Spread;
  networkRxBytes: string | null;
  networkTxBytes: string | null;
  diskUsedBytes: string | null;
  samples: number;
}

export interface SourceAnswer {
  /** day → resource id → figures; a server without readings that day is absent. */
  figures: Map<string, Map<string, DayFigures>>;
  /** day → series whose label names no server of the rollup (a mislabelled target, a deleted record). */
  unmatched: Map<string, number>;
}

export interface MetricsSource {
  readonly kind: 'prometheus' | 'simulated';
  /** Requests sent to Prometheus so far (0 for the simulated cloud). */
  readonly requests: number;
  /** Figures of consecutive Asia/Shanghai days `days` for `servers`. */
  dailyFigures(days: readonly string[], servers: readonly ServerRecord[], now: Date): Promise<SourceAnswer>;
}

/** The source configured for this instance; `client` replaces the one built from configuration (tests). */
export function metricsSourceFor(config: Config, client?: PrometheusClient): MetricsSource {
  const url = config.monitoring.prometheusUrl;
  if (client) return new PrometheusSource(client, config.monitoring.nodeJob);
  if (url) return new PrometheusSource(new PrometheusClient({ baseUrl: url, timeoutSeconds: config.monitoring.timeoutSeconds }), config.monitoring.nodeJob);
  return new SimulatedSource();
}

const endOfDay = (day: string) => new Date(startOfShanghaiDay(day).getTime() + DAY_SECONDS * 1000);
/** The Shanghai day a reading taken at the end of a day belongs to. */
const dayEndingAt = (seconds: number) => new Date((seconds - 1) * 1000 + 8 * 3_600_000).toISOString().slice(0, 10);

function emptyFigures(): DayFigures {
  return { cpu: { avg: null, p95: null, max: null }, memory: { avg: null, p95: null, max: null }, networkRxBytes: null, networkTxBytes: null, diskUsedBytes: null, samples: 0 };
}

function assign(figures: DayFigures, figure: DailyFigure, value: number): void {
  switch (figure) {
    case 'cpu_avg':
      figures.cpu.avg = roundPercent(value);
      return;
    case 'cpu_p95':
      figures.cpu.p95 = roundPercent(value);
      return;
    case 'cpu_max':
      figures.cpu.max = roundPercent(value);
      return;
    case 'memory_avg':
      figures.memory.avg = roundPercent(value);
      return;
    case 'memory_p95':
      figures.memory.p95 = roundPercent(value);
      return;
    case 'memory_max':
      figures.memory.max = roundPercent(value);
      return;
    case 'samples':
      figures.samples = Math.round(value);
      return;
    case 'network_rx_bytes':
      figures.networkRxBytes = wholeBytes(value);
      return;
    case 'network_tx_bytes':
      figures.networkTxBytes = wholeBytes(value);
      return;
    case 'disk_used_bytes':
      figures.diskUsedBytes = wholeBytes(value);
      return;
  }
}

export class PrometheusSource implements MetricsSource {
  readonly kind = 'prometheus';
  readonly client: PrometheusClient;
  readonly #queries: Record<DailyFigure, string>;

  constructor(client: PrometheusClient, nodeJob: string) {
    this.client = client;
    this.#queries = dailyRollupQueries(nodeJob);
  }

  get requests(): number {
    return this.client.requests;
  }

  /** One range query per figure, evaluated at the end of each day: the number of queries depends on neither servers nor days. */
  async dailyFigures(days: readonly string[], servers: readonly ServerRecord[]): Promise<SourceAnswer> {
    const figures = new Map<string, Map<string, DayFigures>>(days.map((day) => [day, new Map()]));
    const unmatchedLabels = new Map<string, Set<string>>(days.map((day) => [day, new Set()]));
    if (days.length === 0) return { figures, unmatched: new Map() };
    const known = new Set(servers.map((s) => s.id));
    const window = { start: endOfDay(days[0]!), end: endOfDay(days.at(-1)!), stepSeconds: DAY_SECONDS };
    const answers = await Promise.all(DAILY_FIGURES.map(async (figure) => [figure, await this.client.range(this.#queries[figure], window)] as const));
    for (const [figure, series] of answers) {
      for (const { labels, points } of series) {
        const resourceId = labels[RESOURCE_LABEL] ?? '';
        for (const point of points) {
          const day = dayEndingAt(point.at);
          const ofDay = figures.get(day);
          if (!ofDay) continue;
          if (!known.has(resourceId)) {
            unmatchedLabels.get(day)?.add(resourceId);
            continue;
          }
          let entry = ofDay.get(resourceId);
          if (!entry) {
            entry = emptyFigures();
            ofDay.set(resourceId, entry);
          }
          assign(entry, figure, point.value);
        }
      }
    }
    // A server whose counters alone reported (no CPU readings) has no day to speak of.
    for (const ofDay of figures.values()) for (const [id, entry] of ofDay) if (entry.samples === 0) ofDay.delete(id);
    return { figures, unmatched: new Map([...unmatchedLabels].map(([day, labels]) => [day, labels.size])) };
  }
}

/**
 * The embedded default: the figures the simulated cloud gives the server (by its provider id) for each
 * 5-minute step of the day while it existed. Deterministic: the same server and day, the same figures.
 */
export class SimulatedSource implements MetricsSource {
  readonly kind = 'simulated';
  readonly requests = 0;

  async dailyFigures(days: readonly string[], servers: readonly ServerRecord[], now: Date): Promise<SourceAnswer> {
    const figures = new Map<string, Map<string, DayFigures>>();
    for (const day of days) {
      const ofDay = new Map<string, DayFigures>();
      const dayStart = startOfShanghaiDay(day).getTime();
      for (const server of servers) {
        if (!server.providerId || !server.provisionedAt) continue;
        const entry = simulatedDay(server, server.providerId, dayStart, Math.min(server.deletedAt?.getTime() ?? Infinity, now.getTime()));
        if (entry) ofDay.set(server.id, entry);
      }
      figures.set(day, ofDay);
    }
    return { figures, unmatched: new Map() };
  }
}

function simulatedDay(server: ServerRecord, providerId: string, dayStart: number, until: number): DayFigures | null {
  const profile = profileForServer(providerId);
  const cpu: number[] = [];
  const memory: number[] = [];
  let rx = 0;
  let tx = 0;
  const stepMs = STEP_SECONDS * 1000;
  for (let end = dayStart + stepMs; end <= dayStart + DAY_SECONDS * 1000; end += stepMs) {
    // A reading covers the 5 minutes ending at its step, as Prometheus's day does.
    if (end - stepMs < server.provisionedAt!.getTime() || end > until) continue;
    const sample = utilizationAt(providerId, profile, end - stepMs, STEP_SECONDS);
    cpu.push(sample.cpuPercent);
    memory.push(sample.memoryPercent);
    rx += sample.networkRxBytes;
    tx += sample.networkTxBytes;
  }
  if (cpu.length === 0) return null;
  const round = (s: Spread): Spread => ({ avg: roundPercent(s.avg), p95: roundPercent(s.p95), max: roundPercent(s.max) });
  // The system disk fills slowly from a share chosen by the server's id.
  const ageDays = Math.max(0, (dayStart - server.provisionedAt!.getTime()) / (DAY_SECONDS * 1000));
  const share = Math.min(0.95, 0.15 + 0.5 * unitHash(`${providerId}:disk`) + 0.002 * ageDays);
  return {
    cpu: round(spreadOf(cpu)),
    memory: round(spreadOf(memory)),
    networkRxBytes: String(rx),
    networkTxBytes: String(tx),
    diskUsedBytes: String(Math.round(server.diskGiB * share * 1024 ** 3)),
    samples: cpu.length,
  };
}
