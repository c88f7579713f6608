/**
 * Integration-test harness: a whole platform (migrations, demo district, all routes) on a real
 * PostgreSQL — embedded PGlite in memory by default, or a fresh database on the server named by
 * YUNSHU_TEST_DATABASE_URL (dropped afterwards). Requests go through Fastify's inject: the full
 * pipeline without a socket.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openPlatform, type Platform } from '../src/platform.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';

export { DEMO_PASSWORD };

export const TEST_DATABASE_URL = process.env.YUNSHU_TEST_DATABASE_URL;
export const databaseKind = TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestPlatform {
  app: FastifyInstance;
  platform: Platform;
  /** Signs in and returns the session cookie header value. */
  login(username: string, password?: string): Promise<string>;
  request(method: string, url: string, options?: { cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** Runs SQL as the database owner (bypasses the application role), for setting up faults. */
  ownerQuery(text: string, params?: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `yunshu_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** `logStream`: the app logs there (at LOG_LEVEL from `env`) instead of not at all. */
export async function startTestPlatform(env: Record<string, string> = {}, options: { logStream?: NodeJS.WritableStream } = {}): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yunshu-test-'));
  const scratch = TEST_DATABASE_URL ? await createScratchDatabase(TEST_DATABASE_URL) : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    YUNSHU_DEMO: 'true',
    YUNSHU_AUDIT_KEY: randomBytes(32).toString('hex'),
    YUNSHU_SECRET_KEY: randomBytes(16).toString('hex'),
    LOG_LEVEL: 'silent',
    WEB_DIST: join(dataDir, 'no-web'),
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...env,
  });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: scratch ? dataDir : null });
  const platform = await openPlatform(config, { db });
  const app = await createApp(platform, options.logStream ? { logStream: options.logStream } : { logger: false });
  await app.ready();

  const request: TestPlatform['request'] = (method, url, options = {}) =>
    app.inject({
      method: method as never,
      url,
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
      ...(options.body !== undefined ? { payload: options.body as never } : {}),
    });

  return {
    app,
    platform,
    request,
    async login(username, password = DEMO_PASSWORD) {
      const response = await request('POST', '/api/auth/login', { body: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'yunshu_sid');
      if (!cookie) throw new Error('no session cookie');
      return `yunshu_sid=${cookie.value}`;
    },
    async ownerQuery(text, params = []) {
      const { sql } = await import('kysely');
      // Outside any application transaction the connection runs as the owner role.
      const result = await sql.raw(params.length ? text.replace(/\$(\d+)/g, (_, i) => literal(params[Number(i) - 1])) : text).execute(platform.db.kysely);
      return result.rows as unknown[];
    },
    async close() {
      await app.close();
      await platform.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

export function json<T = any>(response: LightMyRequestResponse): T {
  return response.json() as T;
}
