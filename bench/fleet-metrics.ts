/**
 * A fleet's node_exporter series, generated: for each server the eight series of node_exporter the
 * platform's rules and queries read (ADR 010, utilization-queries.ts) — idle CPU seconds of two CPUs,
 * memory total and available, the root file system's size and free bytes, and eth0's received and sent
 * bytes — every 5 minutes, and the three series the recording rules would have recorded from them
 * every 5 minutes (CPU and memory utilisation, disk used), worked out the way the rules' PromQL does.
 * Servers differ (a twentieth forgotten, a quarter nearly idle, half moderate, the rest busy; a daily curve peaking in the
 * Shanghai afternoon; noise), and every figure is a deterministic function of the server and the
 * time, so a run can be repeated sample for sample. Other series a real node_exporter exposes (other
 * CPU modes, other file systems and devices) are left out: the queries' label matchers select by index,
 * so their only cost would be a bigger index.
 */
import { roundPercent, spreadOf } from '../server/src/modules/efficiency/rollup-arithmetic.ts';
import { RECORDED } from '../server/src/modules/efficiency/utilization-queries.ts';
import type { BlockSeries, Labels } from './tsdb-block.ts';

export const STEP_MS = 300_000;
const GiB = 1024 ** 3;
const FLAVOUR_MEMORY_GIB = [2, 4, 8, 16, 32, 64];
const DISK_GIB = [40, 100, 200, 500];

/** The id of the n-th server (1-based) of the benchmark, as resources.id and as the `yunshu_resource` label. */
export function fleetServerId(n: number): string {
  return `b4000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A number in [0, 1) fixed by its two arguments (a 32-bit integer hash). */
function noise(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

interface ServerShape {
  cpuBase: number;
  /** Width of the 5-minute noise around the daily curve, in points. */
  cpuNoise: number;
  memoryShare: number;
  memoryBytes: number;
  diskBytes: number;
  rxPerSecond: number;
  txPerSecond: number;
}

function shapeOf(server: number): ServerShape {
  const kind = noise(server, 1);
  // One in twenty forgotten (zombies), a quarter nearly idle, half moderate, the rest busy.
  const zombie = kind < 0.05;
  const idle = kind < 0.3;
  const cpuBase = zombie ? 0.2 + 0.3 * noise(server, 2) : idle ? 1 + 3 * noise(server, 2) : kind < 0.8 ? 10 + 30 * noise(server, 2) : 45 + 40 * noise(server, 2);
  return {
    cpuBase,
    cpuNoise: zombie ? 0.4 : 4,
    memoryShare: 0.15 + 0.65 * noise(server, 3),
    memoryBytes: FLAVOUR_MEMORY_GIB[Math.floor(noise(server, 4) * FLAVOUR_MEMORY_GIB.length)]! * GiB,
    diskBytes: DISK_GIB[Math.floor(noise(server, 5) * DISK_GIB.length)]! * GiB,
    rxPerSecond: idle ? 50 : 20_000 * noise(server, 6),
    txPerSecond: idle ? 30 : 10_000 * noise(server, 7),
  };
}

/** CPU utilisation in percent of `server` over the 5 minutes ending at sample `i` (time `t`, ms). */
function cpuPercent(shape: ServerShape, server: number, i: number, t: number): number {
  const hour = ((t / 3_600_000 + 8) % 24) - 15; // Shanghai hours from 15:00
  const daily = 1 + 0.6 * Math.cos((2 * Math.PI * hour) / 24);
  return Math.min(99, Math.max(0.1, shape.cpuBase * daily + shape.cpuNoise * (noise(server, i) - 0.5)));
}

export interface Fleet {
  servers: number;
  /** Sample times (ms), every 5 minutes from `from` to `to` inclusive. */
  times: Float64Array;
  series: BlockSeries[];
}

/** The series of servers 1…`servers` sampled every 5 minutes over [`from`, `to`] (ms, multiples of 5 minutes). */
export function fleetSeries(servers: number, from: number, to: number, job: string): Fleet {
  const times = new Float64Array(Math.floor((to - from) / STEP_MS) + 1);
  for (let i = 0; i < times.length; i++) times[i] = from + i * STEP_MS;
  const values = new Float64Array(times.length);
  const scratch = new Float64Array(times.length);
  const series: BlockSeries[] = [];
  const add = (labels: Labels, fill: (values: Float64Array) => void) =>
    series.push({
      labels,
      samples: () => {
        fill(values);
        return { times, values };
      },
    });

  for (let server = 1; server <= servers; server++) {
    const id = fleetServerId(server);
    const common: Labels = [
      ['instance', `10.${(server >> 16) & 255}.${(server >> 8) & 255}.${server & 255}:9100`],
      ['job', job],
      ['yunshu_resource', id],
    ];
    const shape = shapeOf(server);
    const idle = (cpu: number, v: Float64Array) => {
      let seconds = 1_000_000 * noise(server, 8 + cpu);
      for (let i = 0; i < v.length; i++) {
        // One CPU works a little harder than the other, never more than all of its time.
        if (i > 0) seconds += (STEP_MS / 1000) * (1 - Math.min(100, cpuPercent(shape, server, i, times[i]!) * (cpu === 0 ? 1.1 : 0.9)) / 100);
        v[i] = Math.round(seconds * 100) / 100; // hundredths, as the kernel's clock ticks give them
      }
    };
    const available = (v: Float64Array) => {
      for (let i = 0; i < v.length; i++) {
        const used = Math.min(0.97, shape.memoryShare + 0.05 * (noise(server + 1_000_000, i) - 0.5));
        v[i] = 4096 * Math.round((shape.memoryBytes * (1 - used)) / 4096);
      }
    };
    const diskFree = (v: Float64Array) => {
      const start = shape.diskBytes * (0.7 - 0.4 * noise(server, 9));
      for (let i = 0; i < v.length; i++) v[i] = start - 4096 * Math.floor(i * 3 * noise(server, 10));
    };
    for (const cpu of [0, 1]) add([['__name__', 'node_cpu_seconds_total'], ['cpu', String(cpu)], ['mode', 'idle'], ...common], (v) => idle(cpu, v));
    add([['__name__', 'node_memory_MemTotal_bytes'], ...common], (v) => v.fill(shape.memoryBytes));
    add([['__name__', 'node_memory_MemAvailable_bytes'], ...common], available);
    const filesystem: Labels = [['device', '/dev/vda1'], ['fstype', 'ext4'], ['mountpoint', '/']];
    add([['__name__', 'node_filesystem_size_bytes'], ...filesystem, ...common], (v) => v.fill(shape.diskBytes));
    add([['__name__', 'node_filesystem_avail_bytes'], ...filesystem, ...common], diskFree);

    // What the recording rules record at each 5-minute evaluation after the first reading.
    const recorded = (name: string, fill: (v: Float64Array) => void) =>
      series.push({
        labels: [['__name__', name], ['yunshu_resource', id]],
        samples: () => {
          fill(values);
          return { times: times.subarray(1), values: values.subarray(1) };
        },
      });
    recorded(RECORDED.cpu, (v) => {
      idle(0, v);
      idle(1, scratch);
      for (let i = v.length - 1; i > 0; i--) v[i] = 100 * (1 - ((v[i]! - v[i - 1]!) / 300 + (scratch[i]! - scratch[i - 1]!) / 300) / 2);
    });
    recorded(RECORDED.memory, (v) => {
      available(v);
      for (let i = 0; i < v.length; i++) v[i] = 100 * (1 - v[i]! / shape.memoryBytes);
    });
    recorded(RECORDED.disk, (v) => {
      diskFree(v);
      for (let i = 0; i < v.length; i++) v[i] = shape.diskBytes - v[i]!;
    });
    for (const [name, perSecond, salt] of [
      ['node_network_receive_bytes_total', shape.rxPerSecond, 11],
      ['node_network_transmit_bytes_total', shape.txPerSecond, 12],
    ] as const) {
      add([['__name__', name], ['device', 'eth0'], ...common], (v) => {
        let total = Math.floor(1e9 * noise(server, salt));
        for (let i = 0; i < v.length; i++) {
          if (i > 0) total += Math.round((STEP_MS / 1000) * perSecond * (0.5 + noise(server + salt * 1_000_000, i)));
          v[i] = total;
        }
      });
    }
  }
  return { servers, times, series };
}

/** One server's figures of one day as the rollup should store them, worked out from the generated samples. */
export interface ExpectedDay {
  cpu: [number | null, number | null, number | null];
  memory: [number | null, number | null, number | null];
  samples: number;
  diskUsedBytes: string | null;
  networkRxBytes: string | null;
  networkTxBytes: string | null;
}

/**
 * The day (dayStart, dayEnd] (ms) of server `n` worked out here from the very samples written to the
 * block — the recorded readings' average, p95 and maximum as `quantile_over_time` and its siblings
 * compute them, the counters' increase between the readings at the day's two ends (both inside the
 * window on Prometheus 2.x, so nothing is extrapolated) — to compare with what the rollup stored.
 */
export function expectedDay(fleet: Fleet, n: number, dayStart: number, dayEnd: number): ExpectedDay {
  const id = fleetServerId(n);
  const ofServer = fleet.series.filter((s) => s.labels.some(([name, value]) => name === 'yunshu_resource' && value === id));
  const named = (name: string) => ofServer.find((s) => s.labels.some(([k, v]) => k === '__name__' && v === name));
  const inDay = (name: string): number[] => {
    const series = named(name);
    if (!series) return [];
    const { times, values } = series.samples();
    const day: number[] = [];
    for (let i = 0; i < times.length; i++) if (times[i]! > dayStart && times[i]! <= dayEnd) day.push(values[i]!);
    return day;
  };
  const at = (name: string, time: number): number | null => {
    const series = named(name);
    if (!series) return null;
    const { times, values } = series.samples();
    for (let i = 0; i < times.length; i++) if (times[i] === time) return values[i]!;
    return null;
  };
  const spread = (values: number[]) => {
    const s = spreadOf(values);
    return [roundPercent(s.avg), roundPercent(s.p95), roundPercent(s.max)] as [number | null, number | null, number | null];
  };
  const increase = (name: string) => {
    const first = at(name, dayStart);
    const last = at(name, dayEnd);
    return first === null || last === null ? null : String(Math.round(last - first));
  };
  const cpu = inDay(RECORDED.cpu);
  const disk = inDay(RECORDED.disk);
  return {
    cpu: spread(cpu),
    memory: spread(inDay(RECORDED.memory)),
    samples: cpu.length,
    diskUsedBytes: disk.length === 0 ? null : String(Math.round(Math.max(...disk))),
    networkRxBytes: increase('node_network_receive_bytes_total'),
    networkTxBytes: increase('node_network_transmit_bytes_total'),
  };
}
