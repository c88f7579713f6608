/**
 * login-latency — one server on PGlite (demo district), CONCURRENCY clients on loopback, each scenario
 * for BENCH_SECONDS (default 10) after a short warm-up:
 *   (a) POST /api/auth/login + GET /api/me as one client iteration, every client signing in to one of
 *       the demo accounts, always with the right password (no failed attempt, so no lockout);
 *   (b) GET /api/me alone with an existing session;
 *   (c) a bare Fastify route answering {"ok":true} in another process, as the loopback baseline.
 * Reports p50/p90/p99 latency and operations per second, and how many CPU cores the server used.
 */
import type http from 'node:http';
import { availableParallelism } from 'node:os';
import { DEMO_PASSWORD } from '../server/src/seed/demo.ts';
import {
  freePort,
  keepAliveAgent,
  type LoadResult,
  ms,
  processCpuSeconds,
  type RunningProcess,
  removeDir,
  request,
  ROOT,
  runLoad,
  scratchDir,
  secondsFromEnv,
  startProcess,
  startYunshu,
  summarize,
  table,
  waitUntilHealthy,
} from './lib.ts';

export const description = 'login, session and bare-Fastify latency under 50 concurrent loopback clients (BENCH_SECONDS, default 10)';

const CONCURRENCY = 50;

/** The demo accounts (README "Demo accounts"); all share DEMO_PASSWORD and are active. */
const DEMO_USERNAMES = [
  'sysadmin',
  'secadmin',
  'auditadmin',
  'authority',
  'res-admin',
  'chief',
  'leader',
  'edu-admin',
  'edu-applicant',
  'health-admin',
  'town-applicant',
  'provider',
  'auditor',
] as const;

function usernameOf(client: number): string {
  return DEMO_USERNAMES[client % DEMO_USERNAMES.length] as string;
}

function sessionCookie(headers: http.IncomingHttpHeaders): string {
  for (const cookie of headers['set-cookie'] ?? []) {
    const pair = cookie.split(';')[0] ?? '';
    if (pair.startsWith('yunshu_sid=')) return pair;
  }
  throw new Error('no yunshu_sid cookie in the login answer');
}

async function login(agent: http.Agent, port: number, username: string): Promise<string> {
  const response = await request({ agent, port, method: 'POST', path: '/api/auth/login', json: { username, password: DEMO_PASSWORD } });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${response.body.slice(0, 200)}`);
  return sessionCookie(response.headers);
}

async function me(agent: http.Agent, port: number, cookie: string): Promise<void> {
  const response = await request({ agent, port, path: '/api/me', headers: { cookie } });
  if (response.status !== 200) throw new Error(`GET /api/me: ${response.status} ${response.body.slice(0, 200)}`);
}

interface Measured {
  label: string;
  requestsPerOp: number;
  result: LoadResult;
  /** Server CPU seconds per wall-clock second during the measurement (cores busy). */
  serverCores: number | null;
}

/** Warm-up (not recorded), then the measured run, sampling the server's CPU time around it. */
async function measure<S>(
  label: string,
  server: RunningProcess,
  requestsPerOp: number,
  seconds: number,
  warmupSeconds: number,
  setup: (client: number) => Promise<S>,
  operation: (state: S, client: number) => Promise<void>,
): Promise<Measured> {
  process.stdout.write(`  ${label}: warm-up ${warmupSeconds} s, then ${seconds} s … `);
  await runLoad({ concurrency: CONCURRENCY, seconds: warmupSeconds, setup, operation });
  const cpuBefore = processCpuSeconds(server.child.pid);
  const wallBefore = performance.now();
  const result = await runLoad({ concurrency: CONCURRENCY, seconds, setup, operation });
  const cpuAfter = processCpuSeconds(server.child.pid);
  const wall = (performance.now() - wallBefore) / 1000;
  // runLoad's setup is inside the window above; for (b) that is 50 logins, so the sampled span is a little longer.
  const serverCores = cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / wall : null;
  console.log(`${result.latencies.length} done, ${result.errors} errors`);
  for (const sample of result.errorSamples) console.log(`    error: ${sample}`);
  return { label, requestsPerOp, result, serverCores };
}

export async function run(): Promise<void> {
  const seconds = secondsFromEnv('BENCH_SECONDS', 10, 1, 120);
  const warmupSeconds = secondsFromEnv('BENCH_WARMUP_SECONDS', 1, 0, 30);
  const dataDir = scratchDir('login');
  const yunshuPort = await freePort();
  const yunshu = startYunshu(dataDir, yunshuPort, { LOG_LEVEL: 'warn' });
  const baselinePort = await freePort();
  const baseline = startProcess(`${ROOT}/bench/baseline-server.ts`, baselinePort, {});
  const agent = keepAliveAgent(CONCURRENCY);
  const measured: Measured[] = [];
  try {
    await waitUntilHealthy(yunshu, '/api/health', performance.now());
    await waitUntilHealthy(baseline, '/ok', performance.now());
    console.log(`  Yunshu on 127.0.0.1:${yunshuPort} (PGlite, demo district), baseline Fastify on 127.0.0.1:${baselinePort}, ${CONCURRENCY} clients`);

    const loginLatencies: number[] = [];
    measured.push(
      await measure(
        '(a) login + me',
        yunshu,
        2,
        seconds,
        warmupSeconds,
        async (client) => ({ username: usernameOf(client) }),
        async (state) => {
          const t0 = performance.now();
          const cookie = await login(agent, yunshuPort, state.username);
          loginLatencies.push(performance.now() - t0);
          await me(agent, yunshuPort, cookie);
        },
      ),
    );
    // Only the measured run's logins: the warm-up's come first in the array.
    const loginOnly = loginLatencies.slice(-(measured[0] as Measured).result.latencies.length);

    const sessions = new Map<number, string>();
    measured.push(
      await measure(
        '(b) me (session)',
        yunshu,
        1,
        seconds,
        warmupSeconds,
        async (client) => {
          let cookie = sessions.get(client);
          if (!cookie) {
            cookie = await login(agent, yunshuPort, usernameOf(client));
            sessions.set(client, cookie);
          }
          return { cookie };
        },
        (state) => me(agent, yunshuPort, state.cookie),
      ),
    );

    measured.push(
      await measure(
        '(c) bare Fastify',
        baseline,
        1,
        seconds,
        warmupSeconds,
        async () => null,
        async () => {
          const response = await request({ agent, port: baselinePort, path: '/ok' });
          if (response.status !== 200) throw new Error(`GET /ok: ${response.status}`);
        },
      ),
    );

    const rows = measured.map(({ label, requestsPerOp, result, serverCores }) => {
      const s = summarize(result.latencies);
      return [
        label,
        String(s.count),
        result.opsPerSecond.toFixed(1),
        (result.opsPerSecond * requestsPerOp).toFixed(1),
        ms(s.p50),
        ms(s.p90),
        ms(s.p99),
        ms(s.max),
        String(result.errors),
        serverCores === null ? '—' : serverCores.toFixed(2),
      ];
    });
    const l = summarize(loginOnly);
    rows.splice(1, 0, ['    of which login', String(l.count), '', '', ms(l.p50), ms(l.p90), ms(l.p99), ms(l.max), '', '']);
    console.log('');
    console.log(
      table(['scenario', 'ops', 'ops/s', 'HTTP req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'server cores'], rows),
    );
    console.log(
      [
        '',
        `${CONCURRENCY} concurrent keep-alive clients on loopback, ${seconds} s per scenario; one op of (a) is two HTTP requests.`,
        'Login includes an argon2id verification (memoryCost 19 MiB, timeCost 2, parallelism 1) on purpose, so its',
        `throughput is bounded by CPU by design (${availableParallelism()} cores here, shared by the server, its embedded database and`,
        'the clients). On PGlite every request runs in a transaction on the one embedded connection, so requests',
        'are served one at a time, and a login holds that connection while argon2id runs on a worker thread:',
        'the server stays near one busy core however many cores there are.',
        '"server cores" = server CPU seconds / wall seconds during the scenario (1.00 = one core busy).',
      ].join('\n'),
    );
  } finally {
    agent.destroy();
    await Promise.all([yunshu.stop(), baseline.stop()]);
    removeDir(dataDir);
  }
}
