/**
 * The PromQL the platform asks Prometheus (ADR 010): each query covers the whole fleet at once,
 * aggregated `by (yunshu_resource)` — the label every server's scrape target carries with the id of its
 * resource record (docs/monitoring.md) — so a day, or a month of days, costs one query per figure,
 * never one per server.
 *
 * A day's figures come from 5-minute readings: a subquery `[<day − 1 s>:5m]` evaluated at the end of the
 * day takes the 288 steps from 00:05 to 24:00 Asia/Shanghai, each reading the 5 minutes that end there
 * (day boundaries are multiples of 5 minutes, so steps land on them).
 */

/** The label that ties a scrape target to a resource record: `yunshu_resource="<resources.id>"`. */
export const RESOURCE_LABEL = 'yunshu_resource';
export const STEP_SECONDS = 300;
export const DAY_SECONDS = 86_400;

/** Pseudo and container file systems are not the server's disk. */
const DISK_FILTER = 'fstype!~"tmpfs|devtmpfs|overlay|squashfs|ramfs|nsfs|iso9660|autofs"';
/** Loopback and virtual interfaces would count traffic twice or not at all. */
const NIC_FILTER = 'device!~"lo|veth.*|docker.*|br-.*|virbr.*|cni.*|flannel.*|cali.*|tun.*"';

export const DAILY_FIGURES = [
  'cpu_avg',
  'cpu_p95',
  'cpu_max',
  'samples',
  'memory_avg',
  'memory_p95',
  'memory_max',
  'network_rx_bytes',
  'network_tx_bytes',
  'disk_used_bytes',
] as const;
export type DailyFigure = (typeof DAILY_FIGURES)[number];

function selector(metric: string, job: string, ...matchers: string[]): string {
  return `${metric}{${[`job="${job}"`, `${RESOURCE_LABEL}!=""`, ...matchers].join(',')}}`;
}

/** CPU utilisation in percent: the share of time the server's CPUs were not idle. */
export function cpuUtilization(job: string): string {
  return `100 * (1 - avg by (${RESOURCE_LABEL}) (rate(${selector('node_cpu_seconds_total', job, 'mode="idle"')}[5m])))`;
}

/** Memory utilisation in percent: what is not available to new work, as the kernel reports it. */
export function memoryUtilization(job: string): string {
  const by = `sum by (${RESOURCE_LABEL})`;
  return `100 * (1 - ${by} (${selector('node_memory_MemAvailable_bytes', job)}) / ${by} (${selector('node_memory_MemTotal_bytes', job)}))`;
}

/** Bytes in use on the server's real file systems. */
export function diskUsed(job: string): string {
  return `sum by (${RESOURCE_LABEL}) (${selector('node_filesystem_size_bytes', job, DISK_FILTER)} - ${selector('node_filesystem_avail_bytes', job, DISK_FILTER)})`;
}

/** The readings of one day, evaluated at its end: `(expr)[86399s:5m]`. */
function overDay(expression: string, daySeconds: number): string {
  return `(${expression})[${daySeconds - 1}s:${STEP_SECONDS / 60}m]`;
}

/**
 * One query per figure, each answering for every server at once. Evaluated at the end of a day (an
 * instant query) or at the ends of a run of days (a range query with a one-day step).
 */
export function dailyRollupQueries(job: string, daySeconds = DAY_SECONDS): Record<DailyFigure, string> {
  const cpu = overDay(cpuUtilization(job), daySeconds);
  const memory = overDay(memoryUtilization(job), daySeconds);
  const increase = (metric: string) => `sum by (${RESOURCE_LABEL}) (increase(${selector(metric, job, NIC_FILTER)}[${daySeconds}s]))`;
  return {
    cpu_avg: `avg_over_time(${cpu})`,
    cpu_p95: `quantile_over_time(0.95, ${cpu})`,
    cpu_max: `max_over_time(${cpu})`,
    samples: `count_over_time(${cpu})`,
    memory_avg: `avg_over_time(${memory})`,
    memory_p95: `quantile_over_time(0.95, ${memory})`,
    memory_max: `max_over_time(${memory})`,
    network_rx_bytes: increase('node_network_receive_bytes_total'),
    network_tx_bytes: increase('node_network_transmit_bytes_total'),
    disk_used_bytes: `max_over_time(${overDay(diskUsed(job), daySeconds)})`,
  };
}

/**
 * When each server's agent was last seen up, within `lookbackSeconds` of the evaluation time, to the
 * minute: the timestamp of its latest `up == 1` sample. A server missing from the answer was not seen
 * at all in the window.
 */
export function agentLastSeenQuery(job: string, lookbackSeconds: number): string {
  const up = selector('up', job);
  return `max by (${RESOURCE_LABEL}) (max_over_time((timestamp(${up}) and ${up} == 1)[${lookbackSeconds}s:1m]))`;
}
