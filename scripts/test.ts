/**
 * `npm test`: every suite, totalled on one closing line.
 *   unit          pure rules, beside the code (*.test.ts under shared/, server/src/ and bench/)
 *   integration   services and routes on PGlite, then again on the PostgreSQL server at
 *                 YUNSHU_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *                 when it answers — required when YUNSHU_REQUIRE_POSTGRES=1 (CI)
 *   e2e           the real server and Debian's Chromium; skipped with a hint when Chromium is missing
 *                 (required when CI=true)
 * Options: --suite unit|integration|postgres|e2e (repeatable) to run only some.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureWebBuilt } from './build-web.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { suite: { type: 'string', multiple: true } } });
const wanted = new Set(values.suite ?? ['unit', 'integration', 'postgres', 'e2e']);
if (wanted.has('integration') && values.suite?.includes('integration') && !values.suite.includes('postgres')) wanted.add('postgres');

function findTests(dir: string, predicate: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path, predicate));
    else if (entry.name.endsWith('.test.ts') && predicate(path)) found.push(path);
  }
  return found.sort();
}

const unitFiles = [...findTests(join(root, 'shared/src'), () => true), ...findTests(join(root, 'server/src'), () => true), ...findTests(join(root, 'bench'), () => true)];
const integrationFiles = findTests(join(root, 'server/test'), () => true);
const e2eFiles = findTests(join(root, 'e2e'), () => true);

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}
const totals: Totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
const notes: string[] = [];

function run(label: string, files: string[], env: Record<string, string> = {}, concurrency = 1): void {
  if (files.length === 0) return;
  console.log(`\n━━ ${label} (${files.length} files) ━━`);
  const out = join(mkdtempSync(join(tmpdir(), 'yunshu-counts-')), 'counts.json');
  const result = spawnSync(
    process.execPath,
    [
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`,
      `--test-reporter-destination=${out}`,
      ...files.map((f) => relative(root, f)),
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  if (!existsSync(out) || statSync(out).size === 0) {
    totals.failed++;
    totals.failures.push(`${label}: the test runner exited with ${result.status} before reporting`);
    return;
  }
  const counts = JSON.parse(readFileSync(out, 'utf8')) as Totals;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  totals.failures.push(...counts.failures.map((f) => `[${label}] ${f}`));
  if (result.status !== 0 && counts.failed === 0) {
    totals.failed++;
    totals.failures.push(`${label}: runner exited with ${result.status}`);
  }
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function chromiumPath(): string | null {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

if (wanted.has('unit')) run('unit', unitFiles, {}, 2);
// An empty URL keeps this leg on PGlite even where the environment names a server for the next one.
if (wanted.has('integration')) run('integration · PGlite', integrationFiles, { YUNSHU_TEST_DATABASE_URL: '' });
if (wanted.has('postgres')) {
  const url = process.env.YUNSHU_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresReachable(url)) {
    run('integration · PostgreSQL', integrationFiles, { YUNSHU_TEST_DATABASE_URL: url }, 2);
  } else if (process.env.YUNSHU_REQUIRE_POSTGRES === '1') {
    totals.failed++;
    totals.failures.push(`PostgreSQL required (YUNSHU_REQUIRE_POSTGRES=1) but ${url} does not answer`);
  } else {
    totals.skipped += integrationFiles.length;
    notes.push(`PostgreSQL leg skipped: ${url} does not answer (set YUNSHU_TEST_DATABASE_URL)`);
  }
}
if (wanted.has('e2e') && e2eFiles.length > 0) {
  const chromium = chromiumPath();
  if (chromium) {
    try {
      ensureWebBuilt();
      run('e2e · Chromium', e2eFiles, { CHROMIUM_PATH: chromium });
    } catch (error) {
      totals.failed++;
      totals.failures.push(`e2e: ${(error as Error).message}`);
    }
  } else if (process.env.CI === 'true') {
    totals.failed++;
    totals.failures.push('Chromium is required in CI: apt-get install -y chromium fonts-noto-cjk');
  } else {
    totals.skipped += e2eFiles.length;
    notes.push('browser end-to-end tests skipped: no Chromium found — install it with `sudo apt-get install -y chromium fonts-noto-cjk`');
  }
}

console.log('');
for (const note of notes) console.log(`note: ${note}`);
for (const failure of totals.failures) console.log(`FAILED ${failure}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
