/**
 * Child process of the provisioning benchmark: one measurement in a fresh process on a fresh PGlite
 * in DATA_DIR. Boots the platform (migrations, demo district), writes BENCH_CREATIONS pending server
 * creations on the district's simulated x86 pool, gives that cloud BENCH_LATENCY_MS on every driver
 * call, and runs the reconciler as `npm start` does (default options, BENCH_CONCURRENCY) until every
 * server is running. Prints one JSON line.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/config.ts';
import { simulatedClouds } from '../server/src/modules/provisioning/drivers/simulated/simulated-driver.ts';
import { platformDrivers } from '../server/src/modules/provisioning/platform-drivers.ts';
import { Reconciler } from '../server/src/modules/provisioning/reconciler.ts';
import { openPlatform } from '../server/src/platform.ts';

const creations = Number(process.env.BENCH_CREATIONS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);
const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 300_000);

// Nothing listens here: the PORT the bench spawner sets is not for this process.
const { PORT: _port, ...env } = process.env;
// The demo district without its work in progress: only the benchmark's servers are pending.
const config = loadConfig({ ...env, YUNSHU_DEMO: 'true', YUNSHU_DEMO_WORKLOAD: 'false', LOG_LEVEL: 'silent' });
const platform = await openPlatform(config);
const db = platform.db.kysely;

const pool = await db
  .selectFrom('platforms')
  .select(['id', 'provider_unit_id'])
  .where('driver', '=', 'simulated')
  .where('architecture', '=', 'x86')
  .where('level', '=', 'district')
  .executeTakeFirstOrThrow();
const applicant = await db
  .selectFrom('users')
  .innerJoin('units', 'units.id', 'users.unit_id')
  .select(['users.id', 'users.unit_id'])
  .where('users.username', '=', 'edu-applicant')
  .executeTakeFirstOrThrow();

// The cloud as the platform's driver will find it: every call 100 ms, room for every server.
const cloud = simulatedClouds.cloud(pool.id, {
  dataDir: config.dataDir,
  seed: 1,
  faults: { '*': { latencyMs } },
  quotas: { cores: -1, ramMiB: -1, instances: -1, volumeGiB: -1 },
  hosts: Array.from({ length: 40 }, (_, i) => ({ name: `compute-${i + 1}`, vcpus: 64, ramMiB: 256 * 1024 })),
});

// One approved application asking for all the servers, written the way its approval writes desired state.
const applicationId = randomUUID();
await db.transaction().execute(async (trx) => {
  await trx
    .insertInto('applications')
    .values({
      id: applicationId,
      unit_id: applicant.unit_id,
      number: 'BENCH-0001',
      kind: 'resource',
      status: 'approved',
      title: '开通基准测试',
      platform_id: pool.id,
      applicant_id: applicant.id,
      submitted_at: new Date(),
      due_at: new Date(Date.now() + 7 * 86_400_000),
      decided_at: new Date(),
    })
    .execute();
  for (let start = 0; start < creations; start += 250) {
    const rows = Array.from({ length: Math.min(250, creations - start) }, (_, i) => {
      const id = randomUUID();
      return {
        id,
        unit_id: applicant.unit_id,
        provider_unit_id: pool.provider_unit_id,
        platform_id: pool.id,
        application_id: applicationId,
        kind: 'server' as const,
        name: `bench-${String(start + i + 1).padStart(4, '0')}`,
        idempotency_key: `yunshu-${id}`,
        desired_state: 'running' as const,
        desired_spec: JSON.stringify({ vcpus: 1, memoryGiB: 1, diskGiB: 40 }),
        operation: 'create' as const,
        operation_application_id: applicationId,
        status: 'pending',
      };
    });
    await trx.insertInto('resources').values(rows).execute();
  }
});

const converging = async () => {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM resources WHERE observed_generation < generation AND status <> 'failed'`.execute(db);
  return rows[0]!.n;
};

// As ReconcilerLoop runs it, with a short idle sleep so that the end is seen at once.
const reconciler = new Reconciler(platform, platformDrivers(platform), { concurrency });
cloud.resetStats();
const cpuBefore = process.cpuUsage();
const started = performance.now();
let rounds = 0;
while (performance.now() - started < timeoutMs) {
  const { claimed } = await reconciler.round();
  rounds++;
  if (claimed === 0) {
    if ((await converging()) === 0) break;
    await sleep(20);
  }
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const { rows: outcome } = await sql<{ status: string; n: number }>`
  SELECT status, count(*)::int AS n FROM resources WHERE application_id = ${applicationId} GROUP BY status`.execute(db);
const stats = cloud.stats();
const calls = Object.values(stats.calls).reduce((sum, n) => sum + (n ?? 0), 0);
await platform.close();
console.log(
  JSON.stringify({
    creations,
    concurrency,
    latencyMs,
    wallMs,
    /** This process's CPU time meanwhile: the reconciler, PGlite (in this thread) and the simulated cloud. */
    cpuMs: (cpu.user + cpu.system) / 1000,
    rounds,
    calls,
    callsByOperation: stats.calls,
    maxInFlight: stats.maxInFlight,
    statuses: Object.fromEntries(outcome.map((r) => [r.status, r.n])),
  }),
);
