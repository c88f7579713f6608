/**
 * Utilisation from a real Prometheus (ADR 010) and the monitoring agent check (QP-13): known node_exporter
 * series for a few servers over three days are loaded with promtool, with the recording rules' 5-minute
 * readings of them as the lab evaluates the rules; then the daily rollups are compared
 * with figures worked out by hand, re-run to show they replace themselves, and counted in queries; the
 * agent check flags a server whose series went silent and one that never had any, tells the operator
 * once, and clears the flag when the series return. The embedded default rolls up the simulated cloud.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { shanghaiDate, shiftDate, startOfShanghaiDay } from '../src/modules/calendar/working-days.ts';
import { runEfficiencyRules } from '../src/modules/efficiency/findings.service.ts';
import { checkMonitoringAgents } from '../src/modules/efficiency/monitoring-agent.service.ts';
import { PrometheusClient } from '../src/modules/efficiency/prometheus-client.ts';
import { rollUpDays } from '../src/modules/efficiency/rollups.service.ts';
import { DAILY_FIGURES, RECORDED, RULE_INTERVAL_SECONDS, recordingRules } from '../src/modules/efficiency/utilization-queries.ts';
import type { AppError } from '../src/platform/errors.ts';
import { applicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { backfill, backfillRecordingRules, openMetricsBuilder, PROMETHEUS_URL, prometheusAnswers, skipWithoutPrometheus } from './prometheus-lab.ts';

const available = await prometheusAnswers();
const JOB = 'yunshu-node';
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

// Three whole days that are over, a few days back so the series lie in the past.
const TODAY = shanghaiDate(new Date());
const DAYS = [shiftDate(TODAY, -5), shiftDate(TODAY, -4), shiftDate(TODAY, -3)] as const;
const [D1, D2, D3] = DAYS;
const secondsOf = (date: Date) => date.getTime() / 1000;
const dayStart = (day: string) => secondsOf(startOfShanghaiDay(day));
const D3_END = dayStart(shiftDate(D3, 1));
/** The agent check runs half an hour after D3 ends, and again when the series of C have come back. */
const CHECK_1 = new Date((D3_END + 1800) * 1000);
const CHECK_2 = new Date((D3_END + 7200) * 1000);
const SERIES_FROM = dayStart(D1) - 3600;
const SERIES_TO = secondsOf(CHECK_2);

/** Servers of the test, with fixed ids: the label values in the backfilled series. */
const A = 'a0000000-0000-4000-8000-00000000000a'; // busy evenings, every day alike
const B = 'b0000000-0000-4000-8000-00000000000b'; // a little busier each day; its counter resets on D2 at 12:00
const C = 'c0000000-0000-4000-8000-00000000000c'; // silent from D3 12:00 until an hour after D3 ends
const D = 'd0000000-0000-4000-8000-00000000000d'; // running, never monitored
const E = 'e0000000-0000-4000-8000-00000000000e'; // stopped, never monitored

/** Shanghai hour (0–23) and day index (0 = D1) of the interval ending at `t` seconds. */
function hourOf(t: number): number {
  return new Date((t - 1) * 1000 + 8 * 3_600_000).getUTCHours();
}
function dayIndexOf(t: number): number {
  return Math.min(2, Math.max(0, Math.floor((t - 1 - dayStart(D1)) / 86_400)));
}

interface Shape {
  id: string;
  cpu(t: number): number;
  memory(t: number): number;
  rxPerSecond: number;
  txPerSecond: number;
  diskUsed(t: number): number;
  /** Whether the agent reports at `t`. */
  reports(t: number): boolean;
  /** Seconds at which the receive counter restarts from zero. */
  rxResetAt?: number;
}

const SHAPES: Shape[] = [
  {
    id: A,
    cpu: (t) => (hourOf(t) < 20 ? 10 : hourOf(t) < 23 ? 40 : 90),
    memory: (t) => (hourOf(t) < 12 ? 30 : 60),
    rxPerSecond: 1000,
    txPerSecond: 500,
    diskUsed: (t) => 20 * GiB + hourOf(t) * MiB,
    reports: () => true,
  },
  {
    id: B,
    cpu: (t) => 5 + 10 * dayIndexOf(t),
    memory: () => 20,
    rxPerSecond: 10,
    txPerSecond: 20,
    diskUsed: () => 5 * GiB,
    reports: () => true,
    rxResetAt: dayStart(D2) + 12 * 3600,
  },
  {
    id: C,
    cpu: () => 50,
    memory: () => 70,
    rxPerSecond: 100,
    txPerSecond: 100,
    diskUsed: () => 8 * GiB,
    reports: (t) => t <= dayStart(D3) + 12 * 3600 || t >= D3_END + 3600,
  },
];

/** node_exporter's series of the shapes, a sample a minute, as promtool reads them. */
function seriesOfShapes(): string {
  const { add, text } = openMetricsBuilder();
  for (const [index, shape] of SHAPES.entries()) {
    const base = { job: JOB, instance: `10.0.0.${index + 1}:9100`, yunshu_resource: shape.id };
    const times: number[] = [];
    for (let t = SERIES_FROM; t <= SERIES_TO; t += 60) if (shape.reports(t)) times.push(t);
    const idle = [0, 1].map(() => [] as [number, number][]);
    const rx: [number, number][] = [];
    const tx: [number, number][] = [];
    const loopback: [number, number][] = [];
    let idleSeconds = 0;
    let rxBytes = 0;
    let previous = SERIES_FROM - 60;
    for (const t of times) {
      const dt = t - previous;
      // Each CPU is idle for the share of the interval the shape is not busy.
      idleSeconds += (dt * (100 - shape.cpu(t))) / 100;
      rxBytes = shape.rxResetAt === t ? 0 : rxBytes + dt * shape.rxPerSecond;
      for (const cpu of idle) cpu.push([t, idleSeconds]);
      rx.push([t, rxBytes]);
      tx.push([t, (t - SERIES_FROM) * shape.txPerSecond]);
      loopback.push([t, (t - SERIES_FROM) * 1_000_000]);
      previous = t;
    }
    for (const [cpu, samples] of idle.entries()) add('node_cpu_seconds', 'counter', { ...base, cpu: String(cpu), mode: 'idle' }, samples);
    add('node_memory_MemTotal_bytes', 'gauge', base, times.map((t) => [t, 8 * GiB]));
    add('node_memory_MemAvailable_bytes', 'gauge', base, times.map((t) => [t, (8 * GiB * (100 - shape.memory(t))) / 100]));
    add('node_network_receive_bytes', 'counter', { ...base, device: 'eth0' }, rx);
    add('node_network_receive_bytes', 'counter', { ...base, device: 'lo' }, loopback);
    add('node_network_transmit_bytes', 'counter', { ...base, device: 'eth0' }, tx);
    const root = { ...base, device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' };
    const shm = { ...base, device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/dev/shm' };
    add('node_filesystem_size_bytes', 'gauge', root, times.map((t) => [t, 100 * GiB]));
    add('node_filesystem_size_bytes', 'gauge', shm, times.map((t) => [t, GiB]));
    add('node_filesystem_avail_bytes', 'gauge', root, times.map((t) => [t, 100 * GiB - shape.diskUsed(t)]));
    add('node_filesystem_avail_bytes', 'gauge', shm, times.map((t) => [t, 0]));
    add('up', 'gauge', base, times.map((t) => [t, 1]));
  }
  return text();
}

/**
 * Loads the series, and the recording rules' readings of them from D1 to the end of D3, unless this
 * Prometheus already holds them (the PostgreSQL leg after the PGlite one).
 */
async function ensureSeries(client: PrometheusClient): Promise<void> {
  const loaded = await client.instant(`up{job="${JOB}",yunshu_resource="${A}"}`, new Date(D3_END * 1000));
  if (loaded.length === 0) backfill(seriesOfShapes());
  const recorded = await client.instant(`${RECORDED.cpu}{yunshu_resource="${A}"}`, new Date(D3_END * 1000));
  if (recorded.length === 0) await backfillRecordingRules(recordingRules(JOB), dayStart(D1), D3_END, RULE_INTERVAL_SECONDS);
}

/** Running or stopped servers with fixed ids under the units' one application, provisioned at `provisionedAt` (Unix seconds). */
async function insertServers(t: TestPlatform, servers: readonly [id: string, unit: string, status: string, vcpus: number, memoryGiB: number][], provisionedAt: number): Promise<void> {
  const cookie = await t.login('edu-admin');
  const estate = await applicationEstate(t);
  const { systemId, projectId } = await systemWithProject(t, cookie, { [estate.vcpu]: '64' });
  const application = await submitted(t, cookie, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '1' }));
  const at = new Date(provisionedAt * 1000).toISOString();
  for (const [id, unit, status, vcpus, memoryGiB] of servers) {
    await t.ownerQuery(
      `INSERT INTO resources (id, unit_id, provider_unit_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation, provider_id, provisioned_at)
       SELECT '${id}', '${unit}', p.provider_unit_id, p.id, '${application.id}', 'server', 'vm-${id.slice(0, 2)}', 'mon-${id}', '${status}', '{"vcpus":${vcpus},"memoryGiB":${memoryGiB},"diskGiB":100}', 'create', '${status}', 1, 1, 'srv-${id.slice(0, 2)}', '${at}'
       FROM platforms p WHERE p.id = '${estate.x86}'`,
    );
  }
}

async function unitIds(t: TestPlatform): Promise<{ edu: string; health: string }> {
  const admin = await t.login('sysadmin');
  const units = (await t.request('GET', '/api/units?pageSize=200', { cookie: admin })).json().items as { id: string; name: string }[];
  return { edu: units.find((u) => u.name.endsWith('教育局'))!.id, health: units.find((u) => u.name.endsWith('卫生健康委员会'))!.id };
}

/** Five servers with the fixed ids (A, B, E of the education bureau; C, D of the health commission), provisioned before D1. */
async function createServers(t: TestPlatform): Promise<{ edu: string; health: string }> {
  const { edu, health } = await unitIds(t);
  await insertServers(
    t,
    [
      [A, edu, 'running', 4, 8],
      [B, edu, 'running', 2, 4],
      [C, health, 'running', 8, 16],
      [D, health, 'running', 1, 2],
      [E, edu, 'stopped', 1, 1],
    ],
    dayStart(D1) - 86_400,
  );
  return { edu, health };
}

type DailyRow = { resource_id: string; day: string; source: string; cpu_avg: number; cpu_p95: number; cpu_max: number; memory_avg: number; memory_p95: number; memory_max: number; network_rx_bytes: string; network_tx_bytes: string; disk_used_bytes: string; samples: number };

async function dailyOf(t: TestPlatform): Promise<DailyRow[]> {
  return (await t.ownerQuery('SELECT * FROM utilization_daily ORDER BY resource_id, day')) as DailyRow[];
}
const figures = (row: DailyRow | undefined) =>
  row && {
    cpu: [row.cpu_avg, row.cpu_p95, row.cpu_max],
    memory: [row.memory_avg, row.memory_p95, row.memory_max],
    rx: row.network_rx_bytes,
    tx: row.network_tx_bytes,
    disk: row.disk_used_bytes,
    samples: row.samples,
  };

describe('utilisation from Prometheus and the monitoring agent (QP-13)', { skip: skipWithoutPrometheus(available) }, () => {
  let t: TestPlatform;
  let client: PrometheusClient;
  before(async () => {
    t = await startTestPlatform({ SCHEDULER_ENABLED: 'false', RECONCILER_ENABLED: 'false', PROMETHEUS_URL: PROMETHEUS_URL ?? '', PROMETHEUS_NODE_JOB: JOB });
    client = new PrometheusClient({ baseUrl: PROMETHEUS_URL!, timeoutSeconds: 30 });
    await ensureSeries(client);
    await createServers(t);
  });
  after(() => t?.close());

  test('rolls up three days of the fleet exactly as worked out by hand, in one query per figure', async () => {
    const result = await rollUpDays(t.platform, { from: D1, to: D3 }, CHECK_2);
    assert.equal(result.source, 'prometheus');
    assert.equal(result.days, 3);
    assert.equal(result.queries, DAILY_FIGURES.length, 'one range query per figure for all servers and days');
    const rows = await dailyOf(t);
    const of = (id: string, day: string) => figures(rows.find((r) => r.resource_id === id && r.day === day));
    // A: 240 readings at 10 %, 36 at 40 %, 12 at 90 % → avg 4920/288; rank 0.95 × 287 = 272.65 falls among the 40s.
    for (const day of DAYS) {
      assert.deepEqual(of(A, day), {
        cpu: [17.0833, 40, 90],
        memory: [45, 60, 60],
        rx: String(1000 * 86_400),
        tx: String(500 * 86_400),
        disk: String(20 * GiB + 23 * MiB),
        samples: 288,
      }, `A on ${day}`);
    }
    // B: 5, 15 and 25 % all day; the reset at 12:00 on D2 loses the one minute before it (10 B/s × 60 s).
    assert.deepEqual(of(B, D1), { cpu: [5, 5, 5], memory: [20, 20, 20], rx: '864000', tx: '1728000', disk: String(5 * GiB), samples: 288 });
    assert.deepEqual(of(B, D2)?.cpu, [15, 15, 15]);
    assert.equal(of(B, D2)?.rx, '863400');
    assert.deepEqual(of(B, D3)?.cpu, [25, 25, 25]);
    // C stopped reporting at 12:00 on D3: half a day of readings.
    assert.equal(of(C, D2)?.samples, 288);
    assert.equal(of(C, D3)?.samples, 144);
    assert.deepEqual(of(C, D3)?.cpu, [50, 50, 50]);
    // D and E have no series: no rows.
    assert.deepEqual([...new Set(rows.map((r) => r.resource_id))].sort(), [A, B, C]);
    assert.ok(rows.every((r) => r.source === 'prometheus'));
  });

  test('rolling up again replaces the rows; more servers cost no more queries', async () => {
    const before = await dailyOf(t);
    await t.ownerQuery(
      `INSERT INTO resources (unit_id, provider_unit_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation, provisioned_at)
       SELECT unit_id, provider_unit_id, platform_id, application_id, 'server', 'extra-' || n, 'extra-' || n, 'stopped', desired_spec, 'create', 'stopped', 1, 1, provisioned_at
       FROM resources, generate_series(1, 20) AS n WHERE id = '${E}'`,
    );
    const again = await rollUpDays(t.platform, { from: D1, to: D3 }, CHECK_2);
    assert.equal(again.queries, DAILY_FIGURES.length, 'the same queries for 25 servers as for 5');
    const one = await rollUpDays(t.platform, { from: D2, to: D2 }, CHECK_2);
    assert.equal(one.queries, DAILY_FIGURES.length);
    const after = await dailyOf(t);
    assert.equal(after.length, before.length);
    assert.deepEqual(after.map(figures), before.map(figures));
    const runs = (await t.ownerQuery('SELECT day::text, source, resources FROM utilization_rollup_runs ORDER BY day')) as { day: string; resources: number }[];
    assert.deepEqual(runs.map((r) => [r.day, r.resources]), [[D1, 3], [D2, 3], [D3, 3]]);
  });

  test('refuses a day that is not over and a reversed range, naming the field', async () => {
    await assert.rejects(rollUpDays(t.platform, { from: D3, to: shiftDate(D3, 1) }, CHECK_2), (e: AppError) => e.fields?.[0]?.path === 'to');
    await assert.rejects(rollUpDays(t.platform, { from: D3, to: D1 }, CHECK_2), (e: AppError) => e.fields?.[0]?.path === 'from');
  });

  test('flags a running server whose agent went silent and one never monitored, since when; tells the operator once', async () => {
    const first = await checkMonitoringAgents(t.platform, CHECK_1, client);
    assert.deepEqual({ opened: first.opened, cleared: first.cleared, notified: first.notified }, { opened: 2, cleared: 0, notified: 2 });
    const gaps = (await t.ownerQuery('SELECT resource_id, since, seen_before, cleared_at FROM monitoring_gaps ORDER BY resource_id')) as { resource_id: string; since: Date; seen_before: boolean }[];
    assert.deepEqual(
      gaps.map((g) => [g.resource_id, new Date(g.since).toISOString(), g.seen_before]),
      [
        [C, new Date((dayStart(D3) + 12 * 3600) * 1000).toISOString(), true],
        [D, new Date(CHECK_1.getTime() - 86_400_000).toISOString(), false],
      ],
      'C since its last sample; D since the start of the one-day window; the stopped E is not flagged',
    );
    const notices = async () => Number(((await t.ownerQuery(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'monitoring.missing'`)) as { n: number }[])[0]!.n);
    const sent = await notices();
    assert.ok(sent >= 2, 'the operator’s resource administrators are told');
    const second = await checkMonitoringAgents(t.platform, CHECK_1, client);
    assert.deepEqual({ opened: second.opened, notified: second.notified }, { opened: 0, notified: 0 });
    assert.equal(await notices(), sent, 'once per flag');
  });

  test('each unit sees its own servers’ gaps and figures; the flag clears when the series return', async () => {
    const operator = await t.login('res-admin');
    const health = await t.login('health-admin');
    const edu = await t.login('edu-admin');
    const gapsOf = async (cookie: string) => {
      const response = await t.request('GET', '/api/efficiency/monitoring-gaps', { cookie });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { staleMinutes: number; article: string | null; configured: boolean; items: { resource: { id: string } }[] };
    };
    const all = await gapsOf(operator);
    assert.equal(all.staleMinutes, 30);
    assert.equal(all.article, 'QP-13');
    assert.equal(all.configured, true);
    assert.deepEqual(all.items.map((g) => g.resource.id).sort(), [C, D]);
    assert.deepEqual((await gapsOf(health)).items.map((g) => g.resource.id).sort(), [C, D]);
    assert.deepEqual((await gapsOf(edu)).items, []);

    const utilization = await t.request('GET', `/api/resources/${C}/utilization?from=${D1}&to=${D3}`, { cookie: health });
    assert.equal(utilization.statusCode, 200, utilization.body);
    const body = utilization.json();
    assert.deepEqual(body.days.map((d: { day: string; samples: number }) => [d.day, d.samples]), [[D1, 288], [D2, 288], [D3, 144]]);
    assert.equal(body.monitoringMissing.resource.id, C);
    assert.equal((await t.request('GET', `/api/resources/${C}/utilization`, { cookie: edu })).statusCode, 404, 'another unit’s server is not disclosed');

    const trend = (await t.request('GET', `/api/efficiency/trend?from=${D1}&to=${D1}`, { cookie: operator })).json();
    // Weighted by vCPUs: (4 × 17.0833 + 2 × 5 + 8 × 50) / 14; by memory: (8 × 45 + 4 × 20 + 16 × 70) / 28.
    assert.deepEqual(trend.days[0], {
      day: D1,
      servers: 3,
      vcpus: 14,
      memoryGiB: 28,
      cpuAvg: Math.round(((4 * 17.0833 + 2 * 5 + 8 * 50) / 14) * 10_000) / 10_000,
      memoryAvg: Math.round((1560 / 28) * 10_000) / 10_000,
      networkRxBytes: String(86_400_000 + 864_000 + 8_640_000),
      networkTxBytes: String(43_200_000 + 1_728_000 + 8_640_000),
    });
    const eduTrend = (await t.request('GET', `/api/efficiency/trend?from=${D1}&to=${D1}`, { cookie: edu })).json();
    assert.equal(eduTrend.days[0].servers, 2, 'a unit’s trend covers its own servers');

    const back = await checkMonitoringAgents(t.platform, CHECK_2, client);
    assert.equal(back.cleared, 1);
    assert.deepEqual((await gapsOf(operator)).items.map((g) => g.resource.id), [D]);
    const history = (await t.request('GET', '/api/efficiency/monitoring-gaps?state=all', { cookie: operator })).json();
    assert.ok(history.items.some((g: { resource: { id: string }; clearedAt: string | null }) => g.resource.id === C && g.clearedAt === CHECK_2.toISOString()));
  });

  test('Prometheus errors become bilingual errors', async () => {
    await assert.rejects(client.instant('sum(', CHECK_1), (e: AppError) => e.code === 'prometheus_query_failed' && e.messageZh.includes('Prometheus') && /parse/i.test(e.messageEn));
  });
});

/**
 * The efficiency rules on a week read from Prometheus (QP-14, SJ-14): three servers report constant
 * figures every 5 minutes for the 7 days up to yesterday under a scrape job of their own — one
 * forgotten (0.5 % CPU, 30 B/s of traffic), one long-term low (5 % CPU, 20 % memory, busy network), one
 * busy (60 % CPU) — the recording rules' readings are backfilled, the week is rolled up, and the rules,
 * with their windows set to the week, find exactly the zombie and the low server, with figures that can
 * be read off the shapes.
 */
const WEEK_JOB = 'yunshu-node-week';
const WEEK = Array.from({ length: 7 }, (_, i) => shiftDate(TODAY, i - 7));
const WEEK_FROM = dayStart(WEEK[0]!) - 3600;
const WEEK_TO = dayStart(TODAY);
const WEEK_SHAPES = [
  { id: 'a1000000-0000-4000-8000-0000000000a1', cpu: 0.5, memory: 10, rxPerSecond: 20, txPerSecond: 10 }, // forgotten
  { id: 'a2000000-0000-4000-8000-0000000000a2', cpu: 5, memory: 20, rxPerSecond: 100_000, txPerSecond: 50_000 }, // low
  { id: 'a3000000-0000-4000-8000-0000000000a3', cpu: 60, memory: 70, rxPerSecond: 1_000_000, txPerSecond: 500_000 }, // busy
] as const;
const [ZOMBIE, LOW, BUSY] = WEEK_SHAPES.map((shape) => shape.id) as [string, string, string];

function weekSeries(): string {
  const { add, text } = openMetricsBuilder();
  const times: number[] = [];
  for (let t = WEEK_FROM; t <= WEEK_TO; t += 300) times.push(t);
  for (const [index, shape] of WEEK_SHAPES.entries()) {
    const base = { job: WEEK_JOB, instance: `10.0.1.${index + 1}:9100`, yunshu_resource: shape.id };
    const since = (t: number) => t - WEEK_FROM;
    add('node_cpu_seconds', 'counter', { ...base, cpu: '0', mode: 'idle' }, times.map((t) => [t, (since(t) * (100 - shape.cpu)) / 100]));
    add('node_memory_MemTotal_bytes', 'gauge', base, times.map((t) => [t, 8 * GiB]));
    add('node_memory_MemAvailable_bytes', 'gauge', base, times.map((t) => [t, (8 * GiB * (100 - shape.memory)) / 100]));
    add('node_network_receive_bytes', 'counter', { ...base, device: 'eth0' }, times.map((t) => [t, since(t) * shape.rxPerSecond]));
    add('node_network_transmit_bytes', 'counter', { ...base, device: 'eth0' }, times.map((t) => [t, since(t) * shape.txPerSecond]));
    const root = { ...base, device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' };
    add('node_filesystem_size_bytes', 'gauge', root, times.map((t) => [t, 100 * GiB]));
    add('node_filesystem_avail_bytes', 'gauge', root, times.map((t) => [t, 90 * GiB]));
    add('up', 'gauge', base, times.map((t) => [t, 1]));
  }
  return text();
}

describe('the efficiency rules on a week read from Prometheus (QP-14, SJ-14)', { skip: skipWithoutPrometheus(available) }, () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ SCHEDULER_ENABLED: 'false', RECONCILER_ENABLED: 'false', PROMETHEUS_URL: PROMETHEUS_URL ?? '', PROMETHEUS_NODE_JOB: WEEK_JOB });
    const client = new PrometheusClient({ baseUrl: PROMETHEUS_URL!, timeoutSeconds: 30 });
    if ((await client.instant(`up{job="${WEEK_JOB}",yunshu_resource="${ZOMBIE}"}`, new Date(WEEK_TO * 1000))).length === 0) backfill(weekSeries());
    if ((await client.instant(`${RECORDED.cpu}{yunshu_resource="${ZOMBIE}"}`, new Date(WEEK_TO * 1000))).length === 0) {
      await backfillRecordingRules(recordingRules(WEEK_JOB), dayStart(WEEK[0]!), WEEK_TO, RULE_INTERVAL_SECONDS);
    }
    const { edu } = await unitIds(t);
    await insertServers(t, WEEK_SHAPES.map((shape) => [shape.id, edu, 'running', 4, 8] as [string, string, string, number, number]), WEEK_FROM - 86_400);
    // The shipped windows are 90 days (QP-14 does not say how long "long-term" is); a week here.
    Object.assign(t.platform.policy.parameters['efficiency.lowUtilization.days'], { value: 7 });
    Object.assign(t.platform.policy.parameters['efficiency.zombieIdleDays'], { value: 7 });
  });
  after(() => t?.close());

  test('a week rolled up from Prometheus: the zombie and the low server are found, the busy one is not', async () => {
    const now = new Date();
    const rolled = await rollUpDays(t.platform, { from: WEEK[0]!, to: WEEK[6]! }, now);
    assert.equal(rolled.rows, 21, 'three servers × seven days');
    const days = (await t.ownerQuery(`SELECT resource_id, cpu_p95, memory_p95, network_rx_bytes, network_tx_bytes, samples FROM utilization_daily WHERE resource_id = '${LOW}' ORDER BY day`)) as DailyRow[];
    assert.deepEqual(
      days.map((d) => [d.cpu_p95, d.memory_p95, d.network_rx_bytes, d.samples]),
      WEEK.map(() => [5, 20, String(100_000 * 86_400), 288]),
    );

    await runEfficiencyRules(t.platform, now);
    const findings = (await t.ownerQuery(
      `SELECT resource_id, rule, evidence FROM efficiency_findings WHERE cleared_at IS NULL AND resource_id IN ('${ZOMBIE}', '${LOW}', '${BUSY}') ORDER BY rule`,
    )) as { resource_id: string; rule: string; evidence: Record<string, unknown> }[];
    assert.deepEqual(
      findings.map((f) => [f.resource_id, f.rule]),
      [
        [LOW, 'low_utilization'],
        [ZOMBIE, 'zombie'],
      ],
    );
    const window = { from: WEEK[0], to: WEEK[6], days: 7 };
    assert.deepEqual(
      { ...findings[0]!.evidence, billed: undefined },
      { window, daysWithData: 7, cyclical: false, cpuP95Mean: 5, memoryP95Mean: 20, cpuBelowPercent: 10, memoryBelowPercent: 30, billed: undefined },
    );
    // The zombie's busiest day: (20 + 10) B/s × 86,400 s.
    assert.deepEqual(
      { ...findings[1]!.evidence, billed: undefined },
      { window, daysWithData: 7, cyclical: false, cpuMaxPeak: 0.5, networkBytesPeakDay: String(30 * 86_400), cpuBelowPercent: 2, networkBytesBelow: '10485760', billed: undefined },
    );
  });
});

describe('the Prometheus client on its own', () => {
  test('an unreachable Prometheus and one that does not answer in time', async () => {
    const closed = new PrometheusClient({ baseUrl: 'http://127.0.0.1:9', timeoutSeconds: 2 });
    await assert.rejects(closed.instant('up', new Date()), (e: AppError) => e.code === 'prometheus_unreachable' && e.status === 503);
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const slow = new PrometheusClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutSeconds: 1 });
      await assert.rejects(slow.range('up', { start: new Date(0), end: new Date(60_000), stepSeconds: 60 }), (e: AppError) => e.code === 'prometheus_timeout' && e.status === 504);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('the embedded default: the simulated cloud’s figures', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ SCHEDULER_ENABLED: 'false', RECONCILER_ENABLED: 'false' });
    await createServers(t);
  });
  after(() => t?.close());

  test('rolls up deterministic, real-looking days for every server that existed, marked simulated', async () => {
    const result = await rollUpDays(t.platform, { from: D1, to: D3 }, CHECK_2);
    assert.deepEqual({ source: result.source, queries: result.queries, rows: result.rows }, { source: 'simulated', queries: 0, rows: 15 });
    const first = await dailyOf(t);
    assert.ok(first.every((r) => r.source === 'simulated' && r.samples === 288));
    assert.ok(first.every((r) => r.cpu_avg <= r.cpu_p95 + 1e-9 && r.cpu_p95 <= r.cpu_max && r.cpu_max <= 100 && r.memory_avg > 0));
    assert.ok(first.every((r) => BigInt(r.network_rx_bytes) > 0n && BigInt(r.disk_used_bytes) > 0n));
    await rollUpDays(t.platform, { from: D1, to: D3 }, CHECK_2);
    assert.deepEqual((await dailyOf(t)).map(figures), first.map(figures), 'the same server and day, the same figures');
  });

  test('no agent to check without Prometheus', async () => {
    assert.equal((await checkMonitoringAgents(t.platform, CHECK_1)).configured, false);
    const operator = await t.login('res-admin');
    const list = (await t.request('GET', '/api/efficiency/monitoring-gaps', { cookie: operator })).json();
    assert.deepEqual({ configured: list.configured, items: list.items }, { configured: false, items: [] });
  });
});
