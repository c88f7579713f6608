/**
 * efficiency-fleet — the full-fleet daily analysis of issue 7: 10,000 servers × 30 days of 5-minute
 * node_exporter data in a real Prometheus (Debian's), rolled up into PostgreSQL by the platform's own
 * rollup (rollUpDays, ADR 010). The samples — 8 node_exporter series per server with 8,641 readings
 * each, about 690 million, and the 3 series the recording rules would have recorded from them — are
 * written straight into a TSDB block (bench/tsdb-block.ts, bench/fleet-metrics.ts), which Prometheus
 * loads when it starts; OpenMetrics text for promtool would be tens of gigabytes.
 *
 * Printed: wall time of the rollup, split into Prometheus' answers and PostgreSQL's writes, the number of
 * Prometheus requests, each figure's query time, and rows written — first for a tenth of the fleet, so
 * that the two runs show the queries do not grow with the fleet (O(metrics), not O(resources)) — and
 * what one evaluation of the recording rules costs Prometheus for the fleet (it runs every 5 minutes).
 * Target (the issue): under 30 s for 10,000 servers. BENCH_FLEET_SERVERS (comma-separated, default
 * "1000,10000") sets the fleets; BENCH_POSTGRES_URL as in billing-year (without a server: PGlite).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../server/src/config.ts';
import { shanghaiDate, shiftDate, startOfShanghaiDay } from '../server/src/modules/calendar/working-days.ts';
import { type MetricsSource, PrometheusSource, type ServerRecord, type SourceAnswer } from '../server/src/modules/efficiency/metrics-source.ts';
import { PrometheusClient } from '../server/src/modules/efficiency/prometheus-client.ts';
import { runEfficiencyRules } from '../server/src/modules/efficiency/findings.service.ts';
import { rollUpDays } from '../server/src/modules/efficiency/rollups.service.ts';
import { DAILY_FIGURES, dailyRollupQueries, recordingRules } from '../server/src/modules/efficiency/utilization-queries.ts';
import { openPlatform } from '../server/src/platform.ts';
import type { Database } from '../server/src/platform/db/tables.ts';
import { expectedDay, type Fleet, fleetSeries, fleetServerId } from './fleet-metrics.ts';
import { freePort, ms, postgresReachable, ROOT, removeDir, type RunningProcess, scratchDatabase, scratchDir, startCommand, table } from './lib.ts';
import { writeBlock } from './tsdb-block.ts';

export const description = 'efficiency: roll up 30 days of 5-minute node_exporter data for 10,000 servers from a real Prometheus (wall time, query count)';

const TARGET_SECONDS = 30;
const DAYS = 30;
const JOB = 'yunshu-node';

function fleetsFromEnv(): number[] {
  const raw = process.env.BENCH_FLEET_SERVERS || '1000,10000';
  const fleets = raw.split(',').map(Number);
  if (fleets.some((n) => !Number.isInteger(n) || n < 1 || n > 50_000)) throw new Error(`BENCH_FLEET_SERVERS must list fleet sizes from 1 to 50000, got "${raw}"`);
  return fleets;
}

/** Times every request the client sends (the rollup sends its queries at once, so these overlap). */
function timedFetch(log: { query: string; ms: number }[]): typeof fetch {
  return async (input, init) => {
    const started = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      const body = init?.body instanceof URLSearchParams ? init.body : new URLSearchParams(String(init?.body ?? ''));
      log.push({ query: body.get('query') ?? String(input), ms: performance.now() - started });
    }
  };
}

/** The source with the time spent waiting for Prometheus added up. */
class TimedSource implements MetricsSource {
  readonly kind = 'prometheus';
  waitedMs = 0;
  readonly #inner: PrometheusSource;
  constructor(inner: PrometheusSource) {
    this.#inner = inner;
  }
  get requests(): number {
    return this.#inner.requests;
  }
  async dailyFigures(days: readonly string[], servers: readonly ServerRecord[]): Promise<SourceAnswer> {
    const started = performance.now();
    try {
      return await this.#inner.dailyFigures(days, servers);
    } finally {
      this.waitedMs += performance.now() - started;
    }
  }
}

async function startPrometheus(dataDir: string): Promise<{ prometheus: RunningProcess; url: string; readyMs: number }> {
  const port = await freePort();
  const configFile = join(dataDir, '..', 'prometheus.yml');
  writeFileSync(configFile, 'global: {scrape_interval: 1m}\nscrape_configs: []\n');
  const started = performance.now();
  const prometheus = startCommand(
    'prometheus',
    [`--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, '--storage.tsdb.retention.time=3650d', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    port,
    { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (prometheus.child.exitCode !== null) throw new Error(`prometheus exited (${prometheus.child.exitCode}):\n${prometheus.output()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { prometheus, url, readyMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus was not ready within 2 minutes:\n${prometheus.output()}`);
}

/** `servers` running servers, provisioned before the first day, spread over the demo district's user units (an application each) and pools. */
export async function addServers(db: Kysely<Database>, servers: number, provisionedAt: Date): Promise<void> {
  const applicant = await db.selectFrom('users').select('id').where('username', '=', 'res-admin').executeTakeFirstOrThrow();
  const owners = await sql<{ id: string; unit_id: string }>`
    INSERT INTO applications (unit_id, number, kind, status, title, applicant_id, submitted_at, due_at, decided_at)
    SELECT id, 'FLEET-' || row_number() OVER (ORDER BY id), 'resource', 'approved', '基准测试资源', ${applicant.id}::uuid,
           ${provisionedAt}::timestamptz - interval '10 days', ${provisionedAt}::timestamptz - interval '3 days', ${provisionedAt}::timestamptz - interval '5 days'
    FROM units WHERE type = 'user_unit'
    RETURNING id, unit_id`.execute(db);
  const pools = await db.selectFrom('platforms').select(['id', 'provider_unit_id']).where('level', '=', 'district').orderBy('id').execute();
  if (owners.rows.length === 0 || pools.length === 0) throw new Error('the demo district has no user units or no district pools');
  const ids = Array.from({ length: servers }, (_, i) => fleetServerId(i + 1));
  for (let first = 0; first < servers; first += 5000) {
    const batch = ids.slice(first, first + 5000);
    const owner = batch.map((_, i) => (first + i) % owners.rows.length);
    const pool = batch.map((_, i) => (first + i) % pools.length);
    const spec = batch.map((_, i) => JSON.stringify({ vcpus: 2, memoryGiB: [2, 4, 8, 16][(first + i) % 4], diskGiB: 100 }));
    await sql`
      INSERT INTO resources (id, unit_id, provider_unit_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec,
                             operation, status, generation, observed_generation, provider_id, provisioned_at)
      SELECT s.id, (${owners.rows.map((o) => o.unit_id)}::uuid[])[s.owner + 1], (${pools.map((p) => p.provider_unit_id)}::uuid[])[s.pool + 1],
             (${pools.map((p) => p.id)}::uuid[])[s.pool + 1], (${owners.rows.map((o) => o.id)}::uuid[])[s.owner + 1], 'server',
             'fleet-' || s.id, 'fleet-' || s.id, 'running', s.spec::jsonb, 'create', 'running', 1, 1, 'fleet-' || s.id, ${provisionedAt}
      FROM unnest(${batch}::uuid[], ${owner}::int[], ${pool}::int[], ${spec}::text[]) AS s(id, owner, pool, spec)`.execute(db);
  }
  await sql`ANALYZE resources`.execute(db);
}

interface FleetResult {
  servers: number;
  series: number;
  samples: number;
  blockMiB: number;
  generateMs: number;
  readyMs: number;
  rollupMs: number;
  prometheusMs: number;
  queries: number;
  rows: number;
  perFigureMs: Map<string, number>;
  rulesMs: number;
  yesterdayMs: number;
  yesterdayQueries: number;
  rulesRunMs: number;
  findings: number;
  districtCpuAvg: string;
  /** Where the stored figures of the checked servers differ from the generator's own. */
  problems: string[];
}

/**
 * Compares the stored day of a few servers (first, middle, last) with the same figures worked out from
 * the generated samples: the block, Prometheus' answers and the rollup must agree. Percentages may
 * differ in their fourth decimal (Prometheus sums in another order); bytes and counts must be equal.
 */
async function checkAgainstGenerator(db: Kysely<Database>, fleet: Fleet, day: string): Promise<string[]> {
  const dayStart = startOfShanghaiDay(day).getTime();
  const dayEnd = dayStart + 86_400_000;
  const problems: string[] = [];
  for (const n of [...new Set([1, Math.ceil(fleet.servers / 2), fleet.servers])]) {
    const expected = expectedDay(fleet, n, dayStart, dayEnd);
    const row = await db.selectFrom('utilization_daily').selectAll().where('resource_id', '=', fleetServerId(n)).where('day', '=', day).executeTakeFirst();
    if (!row) {
      problems.push(`server ${n}: no row for ${day}`);
      continue;
    }
    const stored = {
      cpu: [row.cpu_avg, row.cpu_p95, row.cpu_max],
      memory: [row.memory_avg, row.memory_p95, row.memory_max],
      samples: row.samples,
      diskUsedBytes: row.disk_used_bytes === null ? null : String(row.disk_used_bytes),
      networkRxBytes: row.network_rx_bytes === null ? null : String(row.network_rx_bytes),
      networkTxBytes: row.network_tx_bytes === null ? null : String(row.network_tx_bytes),
    };
    const close = (a: readonly (number | null)[], b: readonly (number | null)[]) => a.every((v, i) => v !== null && b[i] !== null && Math.abs(Number(v) - Number(b[i])) <= 0.00011);
    if (!close(stored.cpu, expected.cpu) || !close(stored.memory, expected.memory)) problems.push(`server ${n}: utilisation ${JSON.stringify([stored.cpu, stored.memory])} ≠ ${JSON.stringify([expected.cpu, expected.memory])}`);
    for (const key of ['samples', 'diskUsedBytes', 'networkRxBytes', 'networkTxBytes'] as const) {
      if (String(stored[key]) !== String(expected[key])) problems.push(`server ${n}: ${key} ${stored[key]} ≠ ${expected[key]}`);
    }
  }
  return problems;
}

async function measure(servers: number, engine: 'pglite' | 'postgres', serverUrl: string): Promise<FleetResult> {
  const dir = scratchDir('efficiency-fleet');
  const database = engine === 'postgres' ? await scratchDatabase(serverUrl, 'fleet') : null;
  let prometheus: RunningProcess | undefined;
  try {
    // The 30 Shanghai days up to yesterday, with one reading before the first for its first rate.
    const now = new Date();
    const lastDay = shiftDate(shanghaiDate(now), -1);
    const firstDay = shiftDate(lastDay, -(DAYS - 1));
    const from = startOfShanghaiDay(firstDay).getTime() - 300_000;
    const to = startOfShanghaiDay(shiftDate(lastDay, 1)).getTime();

    const generating = performance.now();
    const fleet = fleetSeries(servers, from, to, JOB);
    const block = writeBlock(join(dir, 'data'), fleet.series);
    const generateMs = performance.now() - generating;
    console.log(`  ${servers.toLocaleString('en-US')} servers: ${block.samples.toLocaleString('en-US')} samples in ${block.series.toLocaleString('en-US')} series, block of ${Math.round(block.bytes / 2 ** 20)} MiB written in ${ms(generateMs / 1000)} s`);

    const started = await startPrometheus(join(dir, 'data'));
    prometheus = started.prometheus;

    // The rules judge over the 30 days the issue names (the profiles' own windows are 90 days).
    const policyDir = join(dir, 'policies');
    mkdirSync(policyDir);
    const profile = readFileSync(join(ROOT, 'policies/qingpu-2023.yaml'), 'utf8')
      .replace(/(efficiency\.lowUtilization\.days:\n\s+value:) 90/, '$1 30')
      .replace(/(efficiency\.zombieIdleDays:\n\s+value:) 90/, '$1 30');
    writeFileSync(join(policyDir, 'qingpu-2023.yaml'), profile);
    const config = loadConfig({
      ...process.env,
      ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '' }),
      DATA_DIR: join(dir, 'pglite'),
      YUNSHU_DEMO: 'true',
      YUNSHU_DEMO_WORKLOAD: 'false',
      PROMETHEUS_NODE_JOB: JOB,
      YUNSHU_POLICY: 'qingpu-2023',
      YUNSHU_POLICY_DIR: policyDir,
      LOG_LEVEL: 'silent',
    });
    const platform = await openPlatform(config);
    try {
      await addServers(platform.db.kysely, servers, new Date(from - 86_400_000));
      const log: { query: string; ms: number }[] = [];
      const client = new PrometheusClient({ baseUrl: started.url, timeoutSeconds: 600, fetch: timedFetch(log) });
      const source = new TimedSource(new PrometheusSource(client, JOB));
      const rolling = performance.now();
      const result = await rollUpDays(platform, { from: firstDay, to: lastDay }, now, source);
      const rollupMs = performance.now() - rolling;
      const figureOf = new Map(Object.entries(dailyRollupQueries(JOB)).map(([figure, query]) => [query, figure]));
      const perFigureMs = new Map<string, number>();
      for (const { query, ms } of log) {
        const figure = figureOf.get(query) ?? 'other';
        perFigureMs.set(figure, (perFigureMs.get(figure) ?? 0) + ms);
      }
      // One evaluation of the rules, as Prometheus runs them every 5 minutes, at the last reading.
      const rulesMs: number[] = [];
      for (const rule of recordingRules(JOB)) {
        const evaluating = performance.now();
        const answer = await client.instant(rule.expr, new Date(to));
        rulesMs.push(performance.now() - evaluating);
        if (answer.length !== servers) console.log(`  check: rule ${rule.record} gave ${answer.length} series for ${servers} servers`);
      }
      // The daily analysis as the jobs run it: yesterday rolled up, then the rules over the stored days.
      const before = source.requests;
      const daily = performance.now();
      await rollUpDays(platform, { from: lastDay, to: lastDay }, now, source);
      const yesterdayMs = performance.now() - daily;
      const yesterdayQueries = source.requests - before;
      const judging = performance.now();
      const findings = await runEfficiencyRules(platform, now);
      const rulesRunMs = performance.now() - judging;
      const problems = await checkAgainstGenerator(platform.db.kysely, fleet, lastDay);
      const average = await sql<{ avg: string | null }>`SELECT round(avg(cpu_avg)::numeric, 2)::text AS avg FROM utilization_daily WHERE day BETWEEN ${firstDay} AND ${lastDay}`.execute(platform.db.kysely);
      return {
        servers,
        series: block.series,
        samples: block.samples,
        blockMiB: Math.round(block.bytes / 2 ** 20),
        generateMs,
        readyMs: started.readyMs,
        rollupMs,
        prometheusMs: source.waitedMs,
        queries: result.queries,
        rows: result.rows,
        perFigureMs,
        rulesMs: rulesMs.reduce((a, b) => a + b, 0),
        yesterdayMs,
        yesterdayQueries,
        rulesRunMs,
        findings: findings.opened,
        districtCpuAvg: average.rows[0]?.avg ?? '—',
        problems,
      };
    } finally {
      await platform.close();
    }
  } finally {
    await prometheus?.stop(10_000);
    removeDir(dir);
    await database?.drop();
  }
}

const seconds = (milliseconds: number) => ms(milliseconds / 1000, 2);

export async function run(): Promise<void> {
  const fleets = fleetsFromEnv();
  const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const engine = (await postgresReachable(serverUrl)) ? 'postgres' : 'pglite';
  console.log(`  ${DAYS} days of 5-minute readings per server, rolled up into ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite (no PostgreSQL server answers)'}`);
  const results: FleetResult[] = [];
  for (const servers of fleets) results.push(await measure(servers, engine, serverUrl));

  console.log('');
  console.log('  the daily analysis, as the jobs run it: yesterday rolled up from Prometheus, then the efficiency rules over the stored days');
  console.log(
    table(
      ['servers', 'yesterday s', 'queries', 'rules over 30 days s', 'findings opened', 'daily analysis s'],
      results.map((r) => [
        r.servers.toLocaleString('en-US'),
        seconds(r.yesterdayMs),
        String(r.yesterdayQueries),
        seconds(r.rulesRunMs),
        r.findings.toLocaleString('en-US'),
        seconds(r.yesterdayMs + r.rulesRunMs),
      ]),
    ),
  );
  console.log('');
  console.log(`  ${DAYS} days rolled up at once (a backfill, as when monitoring is first connected)`);
  console.log(
    table(
      ['servers', 'series', 'samples', 'block MiB', 'write s', 'Prometheus ready s', 'rollup s', 'of which Prometheus s', 'queries', 'rows', 'district CPU avg %', 'rules s / 5 min'],
      results.map((r) => [
        r.servers.toLocaleString('en-US'),
        r.series.toLocaleString('en-US'),
        r.samples.toLocaleString('en-US'),
        String(r.blockMiB),
        seconds(r.generateMs),
        seconds(r.readyMs),
        seconds(r.rollupMs),
        seconds(r.prometheusMs),
        String(r.queries),
        r.rows.toLocaleString('en-US'),
        r.districtCpuAvg,
        seconds(r.rulesMs),
      ]),
    ),
  );
  console.log('');
  console.log("  each figure's query in the backfill, seconds (sent together, so they overlap):");
  console.log(
    table(
      ['servers', ...DAILY_FIGURES],
      results.map((r) => [r.servers.toLocaleString('en-US'), ...DAILY_FIGURES.map((figure) => seconds(r.perFigureMs.get(figure) ?? Number.NaN))]),
    ),
  );
  const largest = results.at(-1)!;
  const queryCounts = new Set(results.map((r) => r.queries));
  const verdict = (milliseconds: number) => `${seconds(milliseconds)} s, ${milliseconds / 1000 < TARGET_SECONDS ? 'met' : 'MISSED'}`;
  console.log('');
  console.log(`  queries: ${[...queryCounts].join(', ')} for ${results.map((r) => r.servers.toLocaleString('en-US')).join(' and ')} servers — ${queryCounts.size === 1 ? 'the same whatever the fleet (O(metrics))' : 'NOT the same: they grow with the fleet'}`);
  console.log(`  target ${TARGET_SECONDS} s for ${largest.servers.toLocaleString('en-US')} servers: the daily analysis ${verdict(largest.yesterdayMs + largest.rulesRunMs)}; a ${DAYS}-day backfill ${verdict(largest.rollupMs)}`);
  for (const r of results) {
    if (r.rows !== r.servers * DAYS) console.log(`  check: ${r.servers} servers gave ${r.rows} rows, expected ${r.servers * DAYS}`);
    console.log(
      r.problems.length === 0
        ? `  check: ${r.servers.toLocaleString('en-US')} servers — the stored day of the first, middle and last server equals the figures worked out from the generated samples`
        : `  check FAILED for ${r.servers.toLocaleString('en-US')} servers:\n    ${r.problems.join('\n    ')}`,
    );
  }
}
