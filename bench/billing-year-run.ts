/**
 * Child process of the billing-year benchmark: one phase in a fresh process, on PGlite in DATA_DIR or
 * on the PostgreSQL database named by DATABASE_URL. Prints one JSON line.
 *
 * - BENCH_PHASE=generate — boots the platform (migrations, the demo district without its workload),
 *   adds BENCH_UNITS user units (two information systems each) and BENCH_RESOURCES resources on the
 *   district's two pools, each with a seeded, deterministic life of about BENCH_CHANGES lifecycle
 *   changes (resizes, stops and starts, a fifth reclaimed) written as the usage intervals metering
 *   would have written, and two price changes in the settlement year; then VACUUM ANALYZE, as
 *   autovacuum would have by the time the year is settled.
 * - BENCH_PHASE=rate — rates the settlement year's months into statements as a settlement run does
 *   (rateMonthIntoStatements, one transaction per month); on PostgreSQL once more with as many months
 *   at once as there are cores; then with rateMonth alone. Checks that the figures agree: each month's
 *   total every way, and the year's total against the sum of its months, statements and lines.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { toInstant } from '@yunshu/shared/catalog-api';
import { Money } from '@yunshu/shared/money';
import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../server/src/config.ts';
import { monthBounds, rateMonth } from '../server/src/modules/billing/rating.ts';
import { settlementPeriod } from '../server/src/modules/billing/settlement.service.ts';
import { rateMonthIntoStatements } from '../server/src/modules/billing/statements.service.ts';
import { addPriceVersion } from '../server/src/modules/catalog/price-books.service.ts';
import { openPlatform } from '../server/src/platform.ts';
import { SYSTEM_SCOPE } from '../server/src/platform/db/database.ts';
import type { Database } from '../server/src/platform/db/tables.ts';
import { loadPolicyProfile } from '../server/src/platform/policy/policy-profile.ts';
import { processCpuSeconds } from './lib.ts';

/** Two price changes in the settlement year, on two items of the district book: month index and day, vCPU and SSD prices. */
const PRICE_CHANGES: [number, string, string, string][] = [
  [3, '01', '33.00', '0.90'],
  [8, '16', '31.50', '0.85'],
];

const phase = process.env.BENCH_PHASE;
const sizes = {
  units: Number(process.env.BENCH_UNITS ?? 2000),
  resources: Number(process.env.BENCH_RESOURCES ?? 50_000),
  changes: Number(process.env.BENCH_CHANGES ?? 10),
};
const SEED = 20271231;
const DAY = 86_400;

// Nothing listens here: the PORT the bench spawner sets is not for this process.
const { PORT: _port, ...env } = process.env;
const config = loadConfig({ ...env, YUNSHU_DEMO: 'true', YUNSHU_DEMO_WORKLOAD: 'false', LOG_LEVEL: 'silent' });
const profile = loadPolicyProfile(config.policyId, config.policyDir);
/**
 * The settlement year: the profile's first settlement period that has not begun (Qingpu: a calendar
 * year; Songjiang: July to June), so the price changes are entered as they would be, ahead of time.
 */
const months = (() => {
  const { startMonth } = profile.parameters['settlement.period'].value;
  const now = new Date();
  let first = `${now.getUTCFullYear()}-${String(startMonth).padStart(2, '0')}`;
  if (monthBounds(first).start <= now) first = `${now.getUTCFullYear() + 1}-${String(startMonth).padStart(2, '0')}`;
  return settlementPeriod(profile, process.env.BENCH_FIRST_MONTH ?? first).months;
})();
const yearStart = monthBounds(months[0]!).start;
const yearEnd = monthBounds(months.at(-1)!).end;

/** A deterministic generator (mulberry32), as in the billing tests. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The benchmark's ids are numbered: `prefix` tells the table, so every run writes the same ids. */
const ID_PREFIX = { unit: 'b0000000', system: 'b1000000', application: 'b2000000', resource: 'b3000000' } as const;
const idSql = (table: keyof typeof ID_PREFIX, n: unknown) => sql`(${`${ID_PREFIX[table]}-0000-4000-8000-`} || lpad(to_hex(${n}), 12, '0'))::uuid`;

function elapsedMs(since: number): number {
  return Math.round(performance.now() - since);
}

const maxRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

// ── generate ──────────────────────────────────────────────────────────────────────────────────

interface Interval {
  resource: number;
  unit: number;
  system: number;
  pool: number;
  item: number;
  quantity: number;
  running: boolean;
  start: number;
  end: number | null;
}

const FLAVOURS: [number, number][] = [
  [1, 2], [2, 4], [2, 8], [4, 8], [4, 16], [8, 16], [8, 32], [16, 32], [16, 64], [32, 64], [32, 128],
];
const VOLUME_GIB = [40, 100, 200, 500, 1000];

/**
 * One resource's life as metering records it: an interval per item, closed and reopened at every
 * change of quantity or power. Items: 0/1 vCPU and memory of the x86 pool, 2/3 of the ARM pool,
 * 4/5 SATA and SSD volumes. Times are whole seconds.
 */
function lifecycle(next: () => number, resource: number, out: Interval[]): { kind: 'server' | 'volume'; pool: number; unit: number; system: number; created: number; deleted: number | null; running: boolean } {
  const kind = next() < 0.6 ? 'server' : 'volume';
  const pool = next() < 0.7 ? 0 : 1;
  const unit = 1 + Math.floor(next() * sizes.units);
  const system = next() < 0.1 ? 0 : (unit - 1) * 2 + 1 + Math.floor(next() * 2);
  const from = yearStart.getTime() / 1000;
  const to = yearEnd.getTime() / 1000;
  // A third were there before the year began; the others arrive during its first nine months.
  const created = next() < 0.35 ? from - Math.floor(next() * 365 * DAY) : from + Math.floor(next() * 270 * DAY);
  const count = Math.max(1, sizes.changes - 2 + Math.floor(next() * 5));
  const times = [...new Set(Array.from({ length: count }, () => Math.max(from, created) + 1 + Math.floor(next() * (to - Math.max(from, created) - 1))))].sort((a, b) => a - b);
  const reclaimed = next() < 0.2;

  const open = new Map<number, Interval>();
  const set = (item: number, quantity: number, running: boolean, at: number) => {
    const current = open.get(item);
    if (current && current.quantity === quantity && current.running === running) return;
    if (current) out.push({ ...current, end: at });
    open.set(item, { resource, unit, system, pool, item, quantity, running, start: at, end: null });
  };
  let running = true;
  if (kind === 'server') {
    let flavour = FLAVOURS[Math.floor(next() * 6)]!;
    const [vcpu, memory] = pool === 0 ? [0, 1] : [2, 3];
    const meter = (at: number) => {
      set(vcpu, flavour[0], running, at);
      set(memory, flavour[1], running, at);
    };
    meter(created);
    for (const at of reclaimed ? times.slice(0, -1) : times) {
      if (next() < 0.35) {
        let resized = flavour;
        while (resized === flavour) resized = FLAVOURS[Math.floor(next() * FLAVOURS.length)]!;
        flavour = resized;
      } else {
        running = !running;
      }
      meter(at);
    }
  } else {
    const item = next() < 0.6 ? 4 : 5;
    let gib = VOLUME_GIB[Math.floor(next() * VOLUME_GIB.length)]!;
    set(item, gib, true, created);
    for (const at of reclaimed ? times.slice(0, -1) : times) {
      gib = Math.min(32_768, gib + 10 * (1 + Math.floor(next() * 10)));
      set(item, gib, true, at);
    }
  }
  const deleted = reclaimed ? (times[times.length - 1] ?? null) : null;
  for (const interval of open.values()) out.push({ ...interval, end: deleted });
  return { kind, pool, unit, system, created, deleted, running };
}

async function generate(): Promise<Record<string, unknown>> {
  const bootStarted = performance.now();
  const platform = await openPlatform(config);
  const bootMs = elapsedMs(bootStarted);
  const db = platform.db.kysely;
  try {
    const started = performance.now();
    const pools = await db
      .selectFrom('platforms')
      .select(['id', 'provider_unit_id', 'architecture'])
      .where('level', '=', 'district')
      .orderBy('architecture', 'desc') // x86, then arm
      .execute();
    if (pools.length !== 2 || pools[0]!.architecture !== 'x86') throw new Error('the demo district should have an x86 and an ARM district pool');
    const codes = ['ECS-X86-VCPU', 'ECS-X86-MEM', 'ECS-ARM-VCPU', 'ECS-ARM-MEM', 'EVS-SATA', 'EVS-SSD'];
    const catalog = new Map((await db.selectFrom('catalog_items').select(['id', 'code']).where('code', 'in', codes).execute()).map((i) => [i.code, i.id]));
    const items = codes.map((code) => catalog.get(code)!);
    const applicant = await db.selectFrom('users').select('id').where('username', '=', 'res-admin').executeTakeFirstOrThrow();
    const districtBook = await db.selectFrom('price_books').select('id').where('kind', '=', 'district').executeTakeFirstOrThrow();

    // Two price changes during the year, entered the way the price book takes them (each closes the last).
    await platform.db.tx(SYSTEM_SCOPE, async (trx) => {
      const writer = { actorId: null, actorName: '基准测试', source: 'seed' as const };
      for (const [index, day, vcpu, ssd] of PRICE_CHANGES) {
        const date = `${months[index]}-${day}`;
        for (const [code, unitPrice] of [['ECS-X86-VCPU', vcpu], ['EVS-SSD', ssd]] as const) {
          await addPriceVersion(trx, writer, { bookId: districtBook.id, item: { id: catalog.get(code)!, code }, unitPrice, from: new Date(toInstant(date)), to: null, reason: `基准测试 ${date} 调价` });
        }
      }
    });

    // The estate's owners, written directly as the database owner.
    const n = sql.ref('n');
    await sql`
      INSERT INTO units (id, name, type, category, credit_code, contact_name, contact_phone, district_budget)
      SELECT ${idSql('unit', n)}, '基准单位 ' || n, 'user_unit', (ARRAY['bureau','town','street','other'])[1 + n % 4],
             'BENCH' || lpad(n::text, 13, '0'), '联系人', '021-00000000', n % 10 <> 0
      FROM generate_series(1, ${sizes.units}::int) n`.execute(db);
    await sql`
      INSERT INTO information_systems (id, unit_id, name, purpose, mlps_level, construction_type, owner_name, owner_phone)
      SELECT ${idSql('system', sql`(n - 1) * 2 + k`)}, ${idSql('unit', n)}, '业务系统 ' || k, '基准测试', 2, 'new', '负责人', '13800000000'
      FROM generate_series(1, ${sizes.units}::int) n, generate_series(1, 2) k`.execute(db);
    await sql`
      INSERT INTO applications (id, unit_id, number, kind, status, title, applicant_id, submitted_at, due_at, decided_at)
      SELECT ${idSql('application', n)}, ${idSql('unit', n)}, 'BENCH-' || n, 'resource', 'approved', '基准测试资源', ${applicant.id}::uuid,
             ${yearStart}::timestamptz - interval '400 days', ${yearStart}::timestamptz - interval '390 days', ${yearStart}::timestamptz - interval '395 days'
      FROM generate_series(1, ${sizes.units}::int) n`.execute(db);
    const ownersMs = elapsedMs(started);

    // Resources and their usage, a batch at a time, as arrays unnested by the server.
    const next = random(SEED);
    const poolIds = pools.map((p) => p.id);
    const providerIds = pools.map((p) => p.provider_unit_id);
    let intervals = 0;
    const BATCH = 2000;
    for (let first = 1; first <= sizes.resources; first += BATCH) {
      const out: Interval[] = [];
      const rows = Array.from({ length: Math.min(BATCH, sizes.resources - first + 1) }, (_, i) => ({ n: first + i, ...lifecycle(next, first + i, out) }));
      const status = rows.map((r) => (r.deleted !== null ? 'deleted' : r.running ? 'running' : 'stopped'));
      await sql`
        INSERT INTO resources (id, unit_id, provider_unit_id, system_id, platform_id, application_id, kind, name, idempotency_key,
                               desired_state, desired_spec, operation, status, generation, observed_generation, provisioned_at, deleted_at)
        SELECT ${idSql('resource', sql.ref('r.n'))}, ${idSql('unit', sql.ref('r.unit'))}, (${providerIds}::uuid[])[r.pool + 1],
               CASE WHEN r.system = 0 THEN NULL ELSE ${idSql('system', sql.ref('r.system'))} END,
               (${poolIds}::uuid[])[r.pool + 1], ${idSql('application', sql.ref('r.unit'))}, r.kind, 'bench-' || r.n, 'bench-' || r.n,
               r.status, '{}'::jsonb, CASE WHEN r.status = 'deleted' THEN 'delete' ELSE 'create' END, r.status, 1, 1,
               to_timestamp(r.created), to_timestamp(r.deleted)
        FROM unnest(${rows.map((r) => r.n)}::int[], ${rows.map((r) => r.unit)}::int[], ${rows.map((r) => r.system)}::int[], ${rows.map((r) => r.pool)}::int[],
                    ${rows.map((r) => r.kind)}::text[], ${status}::text[], ${rows.map((r) => r.created)}::float8[], ${rows.map((r) => r.deleted)}::float8[])
             AS r(n, unit, system, pool, kind, status, created, deleted)`.execute(db);
      await sql`
        INSERT INTO usage_intervals (resource_id, unit_id, provider_unit_id, system_id, platform_id, item_id, quantity, power, started_at, ended_at, source)
        SELECT ${idSql('resource', sql.ref('u.resource'))}, ${idSql('unit', sql.ref('u.unit'))}, (${providerIds}::uuid[])[u.pool + 1],
               CASE WHEN u.system = 0 THEN NULL ELSE ${idSql('system', sql.ref('u.system'))} END,
               (${poolIds}::uuid[])[u.pool + 1], (${items}::uuid[])[u.item + 1], u.quantity,
               CASE WHEN u.running THEN 'running' ELSE 'stopped' END, to_timestamp(u.started), to_timestamp(u.ended), 'lifecycle'
        FROM unnest(${out.map((i) => i.resource)}::int[], ${out.map((i) => i.unit)}::int[], ${out.map((i) => i.system)}::int[], ${out.map((i) => i.pool)}::int[],
                    ${out.map((i) => i.item)}::int[], ${out.map((i) => i.quantity)}::int[], ${out.map((i) => i.running)}::bool[],
                    ${out.map((i) => i.start)}::float8[], ${out.map((i) => i.end)}::float8[])
             AS u(resource, unit, system, pool, item, quantity, running, started, ended)`.execute(db);
      intervals += out.length;
    }
    const usageMs = elapsedMs(started) - ownersMs;
    const vacuumStarted = performance.now();
    await sql`VACUUM ANALYZE`.execute(db);
    const vacuumMs = elapsedMs(vacuumStarted);
    return { phase: 'generate', firstMonth: months[0], ...sizes, intervals, bootMs, ownersMs, usageMs, vacuumMs, generateMs: elapsedMs(started), maxRssMiB: maxRssMiB() };
  } finally {
    await platform.close();
  }
}

// ── rate ──────────────────────────────────────────────────────────────────────────────────────

interface MonthFigures {
  month: string;
  ms: number;
  total: string;
  lines: number;
  statements?: number;
}

/** CPU seconds so far of the PostgreSQL backends serving this database (on this machine), by process id. */
async function serverCpu(db: Kysely<Database>): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`.execute(db);
  return new Map(rows.flatMap((r) => {
    const cpu = processCpuSeconds(r.pid);
    return cpu === null ? [] : [[r.pid, cpu] as const];
  }));
}

/** The peak resident memory of those backends, in MiB (VmHWM): PostgreSQL's memory is not this process's. */
function serverPeakMiB(pids: Iterable<number>): number | null {
  let peak: number | null = null;
  for (const pid of pids) {
    try {
      const kib = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      if (Number.isFinite(kib)) peak = Math.max(peak ?? 0, Math.round(kib / 1024));
    } catch {
      // The backend has gone, or is on another machine.
    }
  }
  return peak;
}

/** Runs `work`, returning its result with wall and CPU milliseconds: this process's, and the database server's where it is PostgreSQL here. */
async function measured<T>(db: Kysely<Database>, kind: string, work: () => Promise<T>) {
  const serverBefore = kind === 'postgres' ? await serverCpu(db) : null;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const ms = elapsedMs(started);
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = serverBefore ? await serverCpu(db) : null;
  const serverCpuMs = serverAfter ? Math.round([...serverAfter].reduce((sum, [pid, cpu]) => sum + cpu - (serverBefore?.get(pid) ?? 0), 0) * 1000) : null;
  return { result, ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000), serverCpuMs, serverPids: serverAfter ? [...serverAfter.keys()] : [] };
}

/** Runs `work` for every month of the year, `concurrency` months at a time. */
async function eachMonth(concurrency: number, work: (month: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < months.length) await work(months[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, months.length) }, worker));
}

async function rate(): Promise<Record<string, unknown>> {
  const platform = await openPlatform(config);
  const db = platform.db.kysely;
  const kind = platform.db.kind;
  try {
    // What there is to rate (not timed). Each generated resource's intervals are contiguous, so its
    // metered life runs from its first start to its last end.
    const { rows: usage } = await sql<{ intervals: string; pieces: string; resource_hours: string; resources: string }>`
      WITH life AS (
        SELECT resource_id, min(started_at) AS s, max(coalesce(ended_at, 'infinity'::timestamptz)) AS e FROM usage_intervals GROUP BY resource_id
      )
      SELECT (SELECT count(*) FROM usage_intervals WHERE started_at < ${yearEnd}::timestamptz AND coalesce(ended_at, 'infinity'::timestamptz) > ${yearStart}::timestamptz)::text AS intervals,
             (SELECT count(*) FROM usage_intervals i, unnest(${months.map((m) => monthBounds(m).start)}::timestamptz[], ${months.map((m) => monthBounds(m).end)}::timestamptz[]) AS m(s, e)
               WHERE i.started_at < m.e AND coalesce(i.ended_at, 'infinity'::timestamptz) > m.s)::text AS pieces,
             (SELECT count(*) FROM life WHERE s < ${yearEnd}::timestamptz AND e > ${yearStart}::timestamptz)::text AS resources,
             (SELECT sum(extract(epoch FROM least(e, ${yearEnd}::timestamptz) - greatest(s, ${yearStart}::timestamptz)) / 3600)
                FROM life WHERE s < ${yearEnd}::timestamptz AND e > ${yearStart}::timestamptz)::text AS resource_hours`.execute(db);
    const rssBeforeMiB = maxRssMiB();

    // The settlement run: each month rated into its statements, one transaction per month.
    const intoStatements = (month: string) =>
      platform.db.tx(SYSTEM_SCOPE, (trx) => rateMonthIntoStatements(trx, platform, month, null, { objectType: null, objectId: null, detail: {} }, yearEnd));
    const statementMonths: MonthFigures[] = [];
    const statementsPass = await measured(db, kind, () =>
      eachMonth(1, async (month) => {
        const t0 = performance.now();
        const result = await intoStatements(month);
        statementMonths.push({ month, ms: elapsedMs(t0), total: result.total, lines: result.lines, statements: result.statements });
      }),
    );
    const rssAfterStatementsMiB = maxRssMiB();

    // The same again with as many months at once as there are cores, each replacing its draft. PostgreSQL
    // only: PGlite is one connection, its transactions run one after the other whatever the caller does.
    const parallelMonths: MonthFigures[] = [];
    const parallelPass =
      kind === 'postgres'
        ? await measured(db, kind, () =>
            eachMonth(availableParallelism(), async (month) => {
              const t0 = performance.now();
              const result = await intoStatements(month);
              parallelMonths.push({ month, ms: elapsedMs(t0), total: result.total, lines: result.lines, statements: result.statements });
            }),
          )
        : null;
    const rssAfterParallelMiB = maxRssMiB();

    // Rating alone: the query, without the price check and without writing statements.
    const ratingMonths: MonthFigures[] = [];
    const ratingPass = await measured(db, kind, () =>
      eachMonth(1, async (month) => {
        const t0 = performance.now();
        const lines = await platform.db.tx(SYSTEM_SCOPE, (trx) => rateMonth(trx, platform.policy, month));
        ratingMonths.push({ month, ms: elapsedMs(t0), total: lines.reduce((sum, l) => sum.plus(l.amount), new Money(0)).toFixed(2), lines: lines.length });
      }),
    );
    const rssAfterRatingMiB = maxRssMiB();

    // The checks: both ways agree month by month, and the year adds up whichever way it is summed.
    const problems: string[] = [];
    for (const [i, s] of statementMonths.entries()) {
      const r = ratingMonths[i]!;
      if (s.total !== r.total || s.lines !== r.lines) problems.push(`${s.month}: statements ${s.total} in ${s.lines} lines, rating ${r.total} in ${r.lines} lines`);
      const again = parallelMonths.find((m) => m.month === s.month);
      if (parallelPass && (again?.total !== s.total || again?.lines !== s.lines)) problems.push(`${s.month}: rated again ${again?.total} in ${again?.lines} lines, first ${s.total} in ${s.lines}`);
    }
    const yearTotal = statementMonths.reduce((sum, m) => sum.plus(m.total), new Money(0)).toFixed(2);
    const { rows: sums } = await sql<{ months: string; statements: string; lines: string; line_count: string }>`
      SELECT (SELECT sum(total) FROM billing_months WHERE month = ANY(${months}::text[]))::text AS months,
             (SELECT sum(total) FROM statements WHERE month = ANY(${months}::text[]))::text AS statements,
             (SELECT sum(l.amount) FROM statement_lines l JOIN statements s ON s.id = l.statement_id WHERE s.month = ANY(${months}::text[]))::text AS lines,
             (SELECT count(*) FROM statement_lines l JOIN statements s ON s.id = l.statement_id WHERE s.month = ANY(${months}::text[]))::text AS line_count`.execute(db);
    const sum = sums[0]!;
    for (const [what, value] of [['billing months', sum.months], ['statements', sum.statements], ['statement lines', sum.lines]] as const) {
      if (!new Money(value ?? 0).eq(yearTotal)) problems.push(`the year's ${what} add up to ${value}, its months to ${yearTotal}`);
    }
    // A fingerprint of every line free of generated ids, to compare engines and versions of the code.
    const { rows: lines } = await sql<{ line: string }>`
      SELECT concat_ws('|', s.month, l.unit_id, l.system_id, p.name, c.code, l.unit_price, l.quantity_hours, l.resources, l.amount) AS line
      FROM statement_lines l JOIN statements s ON s.id = l.statement_id JOIN platforms p ON p.id = l.platform_id JOIN catalog_items c ON c.id = l.item_id
      WHERE s.month = ANY(${months}::text[])`.execute(db);
    const digest = createHash('sha256');
    for (const line of lines.map((row) => row.line).sort()) digest.update(`${line}\n`);

    const figures = usage[0]!;
    return {
      phase: 'rate',
      engine: kind,
      months: [months[0], months.at(-1)],
      intervals: Number(figures.intervals),
      pieces: Number(figures.pieces),
      resources: Number(figures.resources),
      resourceHours: Number(figures.resource_hours),
      statements: { ms: statementsPass.ms, cpuMs: statementsPass.cpuMs, serverCpuMs: statementsPass.serverCpuMs, months: statementMonths },
      parallel: parallelPass && { concurrency: availableParallelism(), ms: parallelPass.ms, cpuMs: parallelPass.cpuMs, serverCpuMs: parallelPass.serverCpuMs, months: parallelMonths },
      rating: { ms: ratingPass.ms, cpuMs: ratingPass.cpuMs, serverCpuMs: ratingPass.serverCpuMs, months: ratingMonths },
      yearTotal,
      statementLines: Number(sum.line_count),
      statementCount: statementMonths.reduce((n, m) => n + (m.statements ?? 0), 0),
      digest: digest.digest('hex').slice(0, 16),
      problems,
      rssBeforeMiB,
      rssAfterStatementsMiB,
      rssAfterParallelMiB,
      rssAfterRatingMiB,
      serverPeakMiB: serverPeakMiB(new Set([...statementsPass.serverPids, ...(parallelPass?.serverPids ?? []), ...ratingPass.serverPids])),
    };
  } finally {
    await platform.close();
  }
}

if (phase !== 'generate' && phase !== 'rate') throw new Error(`BENCH_PHASE must be generate or rate, not ${phase}`);
const result = phase === 'generate' ? await generate() : await rate();
console.log(JSON.stringify(result));
