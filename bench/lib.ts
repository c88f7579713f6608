/**
 * Shared pieces of the benchmarks: percentiles, a free loopback port, a server child process that is
 * always stopped, a scratch PostgreSQL database that is always dropped, a keep-alive HTTP client on
 * node:http and a fixed-duration concurrent loop.
 * Everything binds to 127.0.0.1 and every loop is bounded in count and in time.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export const ROOT = resolve(import.meta.dirname, '..');
export const HOST = '127.0.0.1';

// ── statistics ────────────────────────────────────────────────────────────────────────────────

/** Nearest-rank percentile of ascending `sorted` (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function median(samples: readonly number[]): number {
  return percentile([...samples].sort((a, b) => a - b), 50);
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** A plain-text table with right-aligned columns after the first. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Seconds from an environment variable, bounded to [min, max]. */
export function secondsFromEnv(name: string, fallback: number, min = 1, max = 300): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number of seconds, got "${raw}"`);
  return Math.min(max, Math.max(min, value));
}

// ── ports, directories, processes ─────────────────────────────────────────────────────────────

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no port assigned'))));
    });
  });
}

const scratchDirs = new Set<string>();
const children = new Set<ChildProcess>();

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `yunshu-bench-${prefix}-`));
  scratchDirs.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  scratchDirs.delete(dir);
}

/** Scratch databases not dropped yet: name → URL of their server. */
const scratchDatabases = new Map<string, string>();

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database `yunshu_bench_<prefix>_<random>` on the PostgreSQL server of `serverUrl` (a
 * URL of any database there, used to create and drop it). `drop()` removes it; if the run is cut
 * short, cleanUpEverything does.
 */
export async function scratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `yunshu_bench_${prefix}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  scratchDatabases.set(name, serverUrl);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      scratchDatabases.delete(name);
    },
  };
}

/** Whether a PostgreSQL server answers at `serverUrl`. */
export async function postgresReachable(serverUrl: string): Promise<boolean> {
  try {
    await onServer(serverUrl, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills every child still running, removes every scratch directory and drops every scratch database
 * (on exit, on a signal, on the watchdog). Synchronous, so it works in an exit handler: a database is
 * dropped by a short-lived node process.
 */
export function cleanUpEverything(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  scratchDirs.clear();
  for (const [name, serverUrl] of scratchDatabases) {
    const drop = `import pg from 'pg'; const c = new pg.Client({ connectionString: process.env.SERVER_URL }); await c.connect(); await c.query('DROP DATABASE IF EXISTS ${name} WITH (FORCE)'); await c.end();`;
    spawnSync(process.execPath, ['--input-type=module', '-e', drop], { cwd: ROOT, env: { ...process.env, SERVER_URL: serverUrl }, stdio: 'ignore', timeout: 15_000 });
  }
  scratchDatabases.clear();
}

export interface RunningProcess {
  child: ChildProcess;
  port: number;
  /** The last lines the process wrote, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** This process's environment without what would point a server elsewhere: the benchmarks measure PGlite with demo data. */
export function benchEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'YUNSHU_DEMO', 'YUNSHU_AUDIT_KEY', 'YUNSHU_SECRET_KEY', 'YUNSHU_POLICY', 'NODE_OPTIONS']) delete env[name];
  return env;
}

/** Starts `node <script>` from the repository root with `env` added to a cleaned environment. */
export function startProcess(script: string, port: number, env: Record<string, string>): RunningProcess {
  return startCommand(process.execPath, [script], port, { ...benchEnv(), HOST, PORT: String(port), ...env });
}

/** Starts `command` (a peer such as Prometheus, listening on `port`), stopped with everything else. */
export function startCommand(command: string, args: readonly string[], port: number, env: NodeJS.ProcessEnv = benchEnv()): RunningProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  exited.then(() => children.delete(child), () => {});
  return {
    child,
    port,
    output: () => tail,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts the Yunshu server (`server/src/main.ts`) on PGlite in `dataDir`, without the web console. */
export function startYunshu(dataDir: string, port: number, env: Record<string, string> = {}): RunningProcess {
  return startProcess(join(ROOT, 'server/src/main.ts'), port, {
    DATA_DIR: dataDir,
    WEB_DIST: join(dataDir, 'no-web-console'),
    LOG_LEVEL: 'warn',
    ...env,
  });
}

/**
 * Polls `GET <path>` every `intervalMs` until it answers 200; returns the milliseconds since `since`.
 * Fails when the process exits first or after `timeoutMs`.
 */
export async function waitUntilHealthy(
  running: RunningProcess,
  path: string,
  since: number,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  const { intervalMs = 20, timeoutMs = 60_000 } = options;
  const maxPolls = Math.ceil(timeoutMs / intervalMs) + 1;
  for (let poll = 0; poll < maxPolls && performance.now() - since < timeoutMs; poll++) {
    if (running.child.exitCode !== null || running.child.signalCode !== null) {
      throw new Error(`the process exited (${running.child.exitCode ?? running.child.signalCode}) before it was healthy:\n${running.output()}`);
    }
    try {
      const response = await request({ port: running.port, path, agent: false, timeoutMs: 2000 });
      if (response.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    await sleep(intervalMs);
  }
  throw new Error(`not healthy within ${timeoutMs} ms:\n${running.output()}`);
}

// ── HTTP client ───────────────────────────────────────────────────────────────────────────────

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export function request(options: {
  port: number;
  path: string;
  method?: string;
  agent: http.Agent | false;
  headers?: Record<string, string>;
  json?: unknown;
  timeoutMs?: number;
}): Promise<Response> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string | number> = { ...options.headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolveResponse, reject) => {
    const req = http.request(
      { host: HOST, port: options.port, path: options.path, method: options.method ?? 'GET', agent: options.agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`${options.method ?? 'GET'} ${options.path} timed out`)));
    req.end(body);
  });
}

// ── fixed-duration load ───────────────────────────────────────────────────────────────────────

export interface LoadResult {
  /** Latency of each successful operation, in ms. */
  latencies: number[];
  errors: number;
  /** The first few error descriptions. */
  errorSamples: string[];
  seconds: number;
  opsPerSecond: number;
}

/**
 * Runs `concurrency` clients, each repeating `operation` back to back, for `seconds` (and at most
 * `maxOperations` operations in all). An operation that throws counts as an error, not a latency.
 */
export async function runLoad<S>(options: {
  concurrency: number;
  seconds: number;
  maxOperations?: number;
  setup: (client: number) => Promise<S>;
  operation: (state: S, client: number) => Promise<void>;
}): Promise<LoadResult> {
  const { concurrency, seconds, maxOperations = 5_000_000 } = options;
  const states = await Promise.all(Array.from({ length: concurrency }, (_, i) => options.setup(i)));
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let started = 0;
  const begin = performance.now();
  const deadline = begin + seconds * 1000;
  const client = async (index: number) => {
    const state = states[index] as S;
    while (performance.now() < deadline && started < maxOperations) {
      started++;
      const t0 = performance.now();
      try {
        await options.operation(state, index);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
  const elapsed = (performance.now() - begin) / 1000;
  return { latencies, errors, errorSamples, seconds: elapsed, opsPerSecond: latencies.length / elapsed };
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere.
 * Assumes the usual 100 clock ticks per second.
 */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at index 2 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / 100 : null;
  } catch {
    return null;
  }
}
