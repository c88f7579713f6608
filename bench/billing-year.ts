/**
 * billing-year — a city-scale settlement year, generated and then rated, on PGlite and on PostgreSQL:
 * 50,000 resources of 2,000 units with about ten lifecycle changes each (usage intervals per item:
 * servers' vCPU and memory, volumes' storage; resizes, stops and starts, a fifth reclaimed), and two
 * price changes in the year. The year's months are rated into statements one transaction per month,
 * as a settlement run does — the headline — and then rated once more without writing statements.
 * Each phase runs in a fresh process (bench/billing-year-run.ts), so the peak memory of the rating
 * process is the rating's own; PostgreSQL's own memory and CPU are read from /proc beside it.
 *
 * Target (the issue): the whole year settled in under 10 s on PostgreSQL on the 2-core machine.
 * BENCH_BILLING_SCALE (0.001–1, default 1) shrinks the estate for a quick run; BENCH_POSTGRES_URL
 * names a database of the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres),
 * beside which a scratch database is created and always dropped. Without a server, PostgreSQL is skipped.
 */
import { join } from 'node:path';
import { ms, postgresReachable, ROOT, removeDir, scratchDatabase, scratchDir, startProcess, table } from './lib.ts';

export const description = 'billing: generate a city-scale year (50,000 resources, 2,000 units) and rate its 12 months into statements (PGlite, PostgreSQL)';

const TARGET_SECONDS = 10;
/** One phase may not take longer than this (the run’s watchdog is 30 minutes in all). */
const PHASE_TIMEOUT_MS = 6 * 60_000;

function scaleFromEnv(): number {
  const raw = process.env.BENCH_BILLING_SCALE;
  const scale = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`BENCH_BILLING_SCALE must be a positive number, got "${raw}"`);
  return Math.min(1, Math.max(0.001, scale));
}

interface Pass {
  ms: number;
  cpuMs: number;
  serverCpuMs: number | null;
  months: { month: string; ms: number; total: string; lines: number; statements?: number }[];
}

interface Generated {
  firstMonth: string;
  units: number;
  resources: number;
  intervals: number;
  bootMs: number;
  ownersMs: number;
  usageMs: number;
  vacuumMs: number;
  generateMs: number;
  maxRssMiB: number;
}

interface Rated {
  engine: string;
  months: [string, string];
  intervals: number;
  pieces: number;
  resources: number;
  resourceHours: number;
  statements: Pass;
  /** PostgreSQL: the same again, `concurrency` months at a time. */
  parallel: (Pass & { concurrency: number }) | null;
  rating: Pass;
  yearTotal: string;
  statementLines: number;
  statementCount: number;
  digest: string;
  problems: string[];
  rssBeforeMiB: number;
  rssAfterStatementsMiB: number;
  rssAfterParallelMiB: number;
  rssAfterRatingMiB: number;
  serverPeakMiB: number | null;
}

/** Runs one phase of bench/billing-year-run.ts in a fresh process and returns the JSON line it prints. */
async function phase<T>(name: 'generate' | 'rate', env: Record<string, string>): Promise<T> {
  const child = startProcess(join(ROOT, 'bench/billing-year-run.ts'), 0, { ...env, BENCH_PHASE: name });
  const timer = setTimeout(() => child.child.kill('SIGKILL'), PHASE_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => {
    if (child.child.exitCode !== null) resolve(child.child.exitCode);
    else child.child.once('exit', resolve);
  });
  clearTimeout(timer);
  const line = child.output().trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`billing-year-run ${name} failed (${code ?? 'killed'}):\n${child.output()}`);
  return JSON.parse(line) as T;
}

async function measure(engine: 'pglite' | 'postgres', sizes: Record<string, string>): Promise<{ generated: Generated; rated: Rated } | null> {
  const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (engine === 'postgres' && !(await postgresReachable(serverUrl))) {
    console.log(`  PostgreSQL: no server answers at ${serverUrl.replace(/\/\/[^@]*@/, '//')}; skipped (set BENCH_POSTGRES_URL)`);
    return null;
  }
  const dataDir = scratchDir('billing-year');
  const database = engine === 'postgres' ? await scratchDatabase(serverUrl, 'billing') : null;
  try {
    const env = { ...sizes, DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'no-web-console'), ...(database ? { DATABASE_URL: database.url } : {}) };
    const generated = await phase<Generated>('generate', env);
    console.log(`  ${engine}: generated ${generated.intervals} usage intervals in ${ms(generated.generateMs / 1000, 1)} s; rating ${generated.firstMonth} onwards…`);
    const rated = await phase<Rated>('rate', { ...env, BENCH_FIRST_MONTH: generated.firstMonth });
    return { generated, rated };
  } finally {
    removeDir(dataDir);
    await database?.drop();
  }
}

/** The passes of a rating run, labelled, with the process's peak memory after each. */
function passes(r: Rated): [string, Pass, number][] {
  return [
    ['into statements', r.statements, r.rssAfterStatementsMiB],
    ...(r.parallel ? [[`into statements, ${r.parallel.concurrency} months at once`, r.parallel, r.rssAfterParallelMiB] as [string, Pass, number]] : []),
    ['rating only', r.rating, r.rssAfterRatingMiB],
  ];
}

const seconds = (milliseconds: number | null) => (milliseconds === null ? '—' : ms(milliseconds / 1000, 2));
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

export async function run(): Promise<void> {
  const scale = scaleFromEnv();
  const sizes = { BENCH_UNITS: String(Math.max(10, Math.round(2000 * scale))), BENCH_RESOURCES: String(Math.max(100, Math.round(50_000 * scale))), BENCH_CHANGES: '10' };
  console.log(`  ${sizes.BENCH_RESOURCES} resources of ${sizes.BENCH_UNITS} units, ~${sizes.BENCH_CHANGES} lifecycle changes each${scale < 1 ? ` (BENCH_BILLING_SCALE=${scale})` : ''}`);
  const results: [string, { generated: Generated; rated: Rated }][] = [];
  for (const engine of ['pglite', 'postgres'] as const) {
    const result = await measure(engine, sizes);
    if (result) results.push([engine === 'pglite' ? 'PGlite' : 'PostgreSQL', result]);
  }
  if (results.length === 0) return;
  const first = results[0]![1].rated;

  console.log('');
  console.log(
    table(
      ['generation', 'units', 'resources', 'intervals', 'boot s', 'owners s', 'usage s', 'vacuum s', 'total s', 'peak RSS MiB'],
      results.map(([name, { generated: g }]) => [
        name,
        thousands(g.units),
        thousands(g.resources),
        thousands(g.intervals),
        seconds(g.bootMs),
        seconds(g.ownersMs),
        seconds(g.usageMs),
        seconds(g.vacuumMs),
        seconds(g.generateMs),
        String(g.maxRssMiB),
      ]),
    ),
  );
  console.log('');
  console.log(
    `  settlement year ${first.months[0]} … ${first.months[1]}: ${thousands(first.intervals)} intervals (${thousands(first.pieces)} interval-months) of ${thousands(first.resources)} resources, ` +
      `${thousands(first.resourceHours)} resource-hours`,
  );
  console.log('');
  console.log(
    table(
      ['rating the year', 'wall s', 'node CPU s', 'server CPU s', 'lines', 'resource-h/s', 'interval-months/s', 'peak RSS MiB', 'server peak MiB'],
      results.flatMap(([name, { rated: r }]) =>
        passes(r).map(([label, pass, peak]) => [
          `${name} ${label}`,
          seconds(pass.ms),
          seconds(pass.cpuMs),
          seconds(pass.serverCpuMs),
          thousands(pass.months.reduce((n, m) => n + m.lines, 0)),
          thousands(r.resourceHours / (pass.ms / 1000)),
          thousands(r.pieces / (pass.ms / 1000)),
          String(peak),
          r.serverPeakMiB === null ? '—' : String(r.serverPeakMiB),
        ]),
      ),
    ),
  );
  console.log('');
  console.log(
    table(
      ['month (ms)', ...results.flatMap(([name]) => [`${name} statements`, `${name} rating`]), 'lines', 'total'],
      first.statements.months.map((m, i) => [
        m.month,
        ...results.flatMap(([, { rated: r }]) => [String(r.statements.months[i]?.ms ?? '—'), String(r.rating.months[i]?.ms ?? '—')]),
        thousands(m.lines),
        m.total,
      ]),
    ),
  );
  console.log('');
  for (const [name, { rated: r }] of results) {
    const check = r.problems.length === 0 ? 'the year’s total is the sum of its months, statements and lines; statements and rating agree' : r.problems.join('; ');
    console.log(`  ${name}: ${thousands(r.statementCount)} statements, ${thousands(r.statementLines)} lines, year total ${r.yearTotal}, lines digest ${r.digest} — ${check}`);
  }
  if (results.length === 2) {
    const same = results[0]![1].rated.digest === results[1]![1].rated.digest;
    console.log(`  PGlite and PostgreSQL ${same ? 'wrote identical statement lines' : 'DISAGREE on the statement lines'}`);
  }
  const postgres = results.find(([name]) => name === 'PostgreSQL')?.[1].rated;
  if (postgres && scale === 1) {
    for (const [label, pass] of passes(postgres)) {
      const wall = pass.ms / 1000;
      console.log(`  target: the year settled in < ${TARGET_SECONDS} s on PostgreSQL — ${label}: ${ms(wall, 1)} s, ${wall < TARGET_SECONDS ? 'met' : 'missed'}`);
    }
  }
  const failed = results.filter(([, { rated }]) => rated.problems.length > 0);
  if (failed.length > 0) throw new Error(`the year does not add up on ${failed.map(([name]) => name).join(', ')}`);
}
