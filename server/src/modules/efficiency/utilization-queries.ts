/**
 * The PromQL the platform asks Prometheus (ADR 010): each query covers the whole fleet at once,
 * aggregated `by (yunshu_resource)` — the label every server's scrape target carries with the id of its
 * resource record (docs/monitoring.md) — so a day, or a month of days, costs one query per figure,
 * never one per server.
 *
 * A day's CPU, memory and disk figures are read from series Prometheus records every 5 minutes
 * (`recordingRules`, installed beside the scrape configuration): one series per server, each reading
 * the utilisation over the 5 minutes that end there. A day is then the 288 readings of
 * `(day start, day end]` — a window of `<day − 1 s>` evaluated at the end of the day — so the readings
 * at 00:05 … 24:00 Asia/Shanghai. Working them out from the raw node_exporter series at query time
 * (subqueries) costs Prometheus a full rate and aggregation per server and 5 minutes: at 1,000 servers
 * that took 93 s for 30 days, against under a second a day spent by the rules (bench/README.md).
 * Network bytes come from the raw counters: a day's increase needs no 5-minute readings.
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

/** What Prometheus records every 5 minutes for the rollup, one series per server (label `yunshu_resource`). */
export const RECORDED = {
  cpu: 'yunshu:node_cpu_utilization:percent5m',
  memory: 'yunshu:node_memory_utilization:percent5m',
  disk: 'yunshu:node_filesystem_used:bytes',
} as const;
/** How often the rules are evaluated: a day has 86,400 / 300 = 288 readings. */
export const RULE_INTERVAL_SECONDS = STEP_SECONDS;
export const RULE_GROUP = 'yunshu-utilization';

/** The recording rules the rollup reads, for the node_exporter scrape job `job`. */
export function recordingRules(job: string): { record: string; expr: string }[] {
  return [
    { record: RECORDED.cpu, expr: cpuUtilization(job) },
    { record: RECORDED.memory, expr: memoryUtilization(job) },
    { record: RECORDED.disk, expr: diskUsed(job) },
  ];
}

/** The rules as a Prometheus rule file (`rule_files:` in prometheus.yml; docs/monitoring.md). */
export function recordingRulesFile(job: string): string {
  const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
  return [
    '# 云枢 Yunshu: utilisation readings every 5 minutes, one series per server (docs/monitoring.md).',
    `# Generated for the node_exporter scrape job "${job}" (PROMETHEUS_NODE_JOB).`,
    'groups:',
    `  - name: ${RULE_GROUP}`,
    `    interval: ${RULE_INTERVAL_SECONDS / 60}m`,
    '    rules:',
    ...recordingRules(job).flatMap((rule) => [`      - record: ${rule.record}`, `        expr: ${quoted(rule.expr)}`]),
    '',
  ].join('\n');
}

/** The readings of one day, evaluated at its end: `<series>[86399s]` (the reading at 00:00 belongs to the day before). */
function ofDay(series: string, daySeconds: number): string {
  return `${series}[${daySeconds - 1}s]`;
}

/**
 * One query per figure, each answering for every server at once. Evaluated at the end of a day (an
 * instant query) or at the ends of a run of days (a range query with a one-day step).
 */
export function dailyRollupQueries(job: string, daySeconds = DAY_SECONDS): Record<DailyFigure, string> {
  const cpu = ofDay(RECORDED.cpu, daySeconds);
  const memory = ofDay(RECORDED.memory, daySeconds);
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
    disk_used_bytes: `max_over_time(${ofDay(RECORDED.disk, daySeconds)})`,
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
