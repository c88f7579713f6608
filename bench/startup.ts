/**
 * startup — how long `npm start` takes to answer `GET /api/health` with 200 on the embedded
 * database (PGlite), without the web console build:
 *   cold  a fresh DATA_DIR: PGlite is created, migrated and the demo district seeded;
 *   warm  the same DATA_DIR again: already migrated and seeded.
 * Each is repeated RUNS times; then one cold and one warm start are split into phases in-process.
 * Target: cold start < 4 s.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchEnv, freePort, median, ms, removeDir, ROOT, scratchDir, startYunshu, table, waitUntilHealthy } from './lib.ts';

export const description = 'cold and warm start of the server on PGlite until /api/health answers 200 (target: cold < 4 s)';

const RUNS = 3;

const PHASE_LABELS: Record<keyof Phases, string> = {
  nodeBoot: 'node process start',
  importModules: 'import modules',
  openDatabase: 'open PGlite (cold: initdb)',
  migrate: 'migrations',
  seedDemo: 'demo seed (argon2id hash)',
  createApp: 'create Fastify app',
  listen: 'listen',
};
const COLD_TARGET_MS = 4000;

async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const since = performance.now();
  const server = startYunshu(dataDir, port);
  try {
    return await waitUntilHealthy(server, '/api/health', since, { intervalMs: 20, timeoutMs: 60_000 });
  } finally {
    await server.stop();
  }
}

interface Phases {
  nodeBoot: number;
  importModules: number;
  openDatabase: number;
  migrate: number;
  seedDemo: number;
  createApp: number;
  listen: number;
}

/** The boot sequence timed step by step in a fresh process (bench/startup-phases.ts). */
function timePhases(dataDir: string): Phases {
  const result = spawnSync(process.execPath, [join(ROOT, 'bench/startup-phases.ts')], {
    cwd: ROOT,
    env: { ...benchEnv(), DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'no-web-console'), LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`startup-phases failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(line) as Phases;
}

export async function run(): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = scratchDir('startup');
    try {
      cold.push(await timeStart(dataDir));
      warm.push(await timeStart(dataDir));
      console.log(`  run ${i + 1}/${RUNS}: cold ${ms(cold[i] as number, 0)} ms, warm ${ms(warm[i] as number, 0)} ms`);
    } finally {
      removeDir(dataDir);
    }
  }
  const row = (label: string, samples: number[]) => [label, ms(Math.min(...samples), 0), ms(median(samples), 0), ms(Math.max(...samples), 0)];
  console.log('');
  console.log(table(['start (to /api/health 200)', 'min ms', 'median ms', 'max ms'], [row('cold (create + migrate + seed)', cold), row('warm (same DATA_DIR)', warm)]));
  const verdict = Math.max(...cold) < COLD_TARGET_MS ? 'met' : 'NOT met';
  console.log(`\ntarget cold < ${COLD_TARGET_MS} ms: ${verdict} (slowest cold start ${ms(Math.max(...cold), 0)} ms)`);

  // Where the time goes: the same boot sequence, timed step by step in a fresh process.
  const dataDir = scratchDir('phases');
  try {
    const first = timePhases(dataDir);
    const again = timePhases(dataDir);
    const rows = (Object.keys(first) as (keyof Phases)[]).map((key) => [PHASE_LABELS[key], ms(first[key], 0), ms(again[key], 0)]);
    const total = (p: Phases) => Object.values(p).reduce((a, b) => a + b, 0);
    rows.push(['total', ms(total(first), 0), ms(total(again), 0)]);
    console.log('\nwhere the time goes (one more cold and warm start, each phase timed in a fresh process):');
    console.log(table(['phase', 'cold ms', 'warm ms'], rows));
  } finally {
    removeDir(dataDir);
  }
  console.log(`\n(node ${process.version}, server/src/main.ts from ${ROOT})`);
}
