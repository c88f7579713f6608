/**
 * `npm run bench` — every benchmark, or the ones named: `node bench/run.ts startup login-latency`.
 * Figures are printed, nothing passes or fails. Everything listens on 127.0.0.1 only; a watchdog
 * stops the run (and every server it started) if it ever overruns.
 */
import { availableParallelism, cpus } from 'node:os';
import * as billingYear from './billing-year.ts';
import * as efficiencyFleet from './efficiency-fleet.ts';
import * as loginLatency from './login-latency.ts';
import { cleanUpEverything } from './lib.ts';
import * as provisioning from './provisioning.ts';
import * as startup from './startup.ts';

interface Benchmark {
  description: string;
  run(): Promise<void>;
}

const BENCHMARKS: Record<string, Benchmark> = {
  startup,
  'login-latency': loginLatency,
  provisioning,
  'billing-year': billingYear,
  'efficiency-fleet': efficiencyFleet,
};

/** No run may exceed this, whatever BENCH_SECONDS says. */
const WATCHDOG_MS = 30 * 60_000;

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: node bench/run.ts [name …]\n');
  for (const [name, bench] of Object.entries(BENCHMARKS)) console.log(`  ${name.padEnd(17)} ${bench.description}`);
  process.exit(0);
}
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  process.exit(2);
}
const names = requested.length > 0 ? requested : Object.keys(BENCHMARKS);

process.once('exit', cleanUpEverything);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUpEverything();
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`benchmark run exceeded ${WATCHDOG_MS / 60_000} minutes: stopping`);
  cleanUpEverything();
  process.exit(3);
}, WATCHDOG_MS).unref();

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(`云枢 Yunshu benchmarks — ${new Date().toISOString()} — node ${process.version}, ${availableParallelism()} CPU (${cpu})`);

let failed = false;
for (const name of names) {
  const bench = BENCHMARKS[name] as Benchmark;
  console.log(`\n━━ ${name}: ${bench.description} ━━`);
  try {
    await bench.run();
  } catch (error) {
    failed = true;
    console.error(`${name} could not run: ${error instanceof Error ? error.stack : String(error)}`);
  }
  cleanUpEverything();
}
process.exit(failed ? 1 : 0);
