/**
 * provisioning — the reconciler creating 1,000 pending servers on the simulated cloud with 100 ms of
 * provider latency on every driver call, on PGlite, for a few concurrency settings. Each setting runs
 * in a fresh process on a fresh DATA_DIR (bench/provisioning-run.ts). Reports wall time, creations per
 * second, the concurrency configured and the most driver calls the cloud saw in flight at once.
 *
 * Expectation: a creation is three driver calls (look the key up, create, see it ACTIVE), so the time
 * is about calls × 100 ms × 1,000 ÷ concurrency — bounded by latency and parallelism, not serial.
 */
import { join } from 'node:path';
import { ms, removeDir, ROOT, scratchDir, startProcess, table } from './lib.ts';

export const description = 'reconciler: 1,000 server creations on the simulated cloud at 100 ms per driver call, concurrency 8 / 32 / 64 (PGlite)';

const CREATIONS = 1000;
const LATENCY_MS = 100;
const CONCURRENCY = [8, 32, 64];
/** Look the key up, create, see it ACTIVE. */
const CALLS_PER_CREATION = 3;

interface Measured {
  creations: number;
  concurrency: number;
  latencyMs: number;
  wallMs: number;
  cpuMs: number;
  rounds: number;
  calls: number;
  callsByOperation: Record<string, number>;
  maxInFlight: number;
  statuses: Record<string, number>;
}

async function measure(concurrency: number): Promise<Measured> {
  const dataDir = scratchDir('provisioning');
  try {
    const child = startProcess(join(ROOT, 'bench/provisioning-run.ts'), 0, {
      DATA_DIR: dataDir,
      WEB_DIST: join(dataDir, 'no-web-console'),
      BENCH_CREATIONS: String(CREATIONS),
      BENCH_CONCURRENCY: String(concurrency),
      BENCH_LATENCY_MS: String(LATENCY_MS),
    });
    const code = await new Promise<number | null>((resolve) => {
      if (child.child.exitCode !== null) resolve(child.child.exitCode);
      else child.child.once('exit', resolve);
    });
    const line = child.output().trim().split('\n').pop() ?? '';
    if (code !== 0 || !line.startsWith('{')) throw new Error(`provisioning-run failed (${code}):\n${child.output()}`);
    return JSON.parse(line) as Measured;
  } finally {
    removeDir(dataDir);
  }
}

export async function run(): Promise<void> {
  const results: Measured[] = [];
  for (const concurrency of CONCURRENCY) {
    const result = await measure(concurrency);
    results.push(result);
    console.log(`  concurrency ${concurrency}: ${ms(result.wallMs / 1000, 1)} s, ${result.calls} driver calls, statuses ${JSON.stringify(result.statuses)}`);
  }
  console.log('');
  console.log(
    table(
      ['concurrency', 'creations', 'wall s', 'creations/s', 'expected s', 'of expected', 'max in flight', 'calls/creation', 'CPU s', 'CPU ms/creation'],
      results.map((r) => {
        const expected = (CALLS_PER_CREATION * r.latencyMs * r.creations) / r.concurrency / 1000;
        return [
          String(r.concurrency),
          String(r.statuses.running ?? 0),
          ms(r.wallMs / 1000, 1),
          ms(r.creations / (r.wallMs / 1000), 1),
          ms(expected, 1),
          `${ms(((r.wallMs / 1000) / expected) * 100, 0)} %`,
          String(r.maxInFlight),
          ms(r.calls / r.creations, 2),
          ms(r.cpuMs / 1000, 1),
          ms(r.cpuMs / r.creations, 1),
        ];
      }),
    ),
  );
  console.log(`\nexpected s = ${CALLS_PER_CREATION} calls × ${LATENCY_MS} ms × ${CREATIONS} ÷ concurrency (latency-bound, in parallel)`);
  console.log('CPU s: the measuring process\'s CPU time during the run — the reconciler, PGlite (same thread) and the simulated cloud');
}
