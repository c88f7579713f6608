/**
 * The `yunshu` CLI and the server's start, as separate processes on a file-backed embedded database:
 * migrate, seed, admin create with a one-time password, audit verify (intact, then tampered),
 * policy show, and a malformed policy profile refused at start.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'server/bin/yunshu.js');

describe('yunshu CLI', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'yunshu-cli-'));
    env = {
      ...process.env,
      DATA_DIR: dataDir,
      YUNSHU_AUDIT_KEY: randomBytes(32).toString('hex'),
      YUNSHU_SECRET_KEY: randomBytes(16).toString('hex'),
      YUNSHU_DEMO: 'false',
    };
    delete env.DATABASE_URL;
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const yunshu = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 60_000 });

  test('migrate, then seed demo, then seed demo again does nothing', () => {
    const migrated = yunshu('migrate');
    assert.equal(migrated.status, 0, migrated.stderr);
    assert.match(migrated.stdout, /0001-foundation/);
    assert.match(yunshu('seed', 'demo').stdout, /demo district seeded/);
    assert.match(yunshu('seed', 'demo').stdout, /nothing seeded/);
  });

  test('admin create prints a one-time password and refuses a taken username', () => {
    const created = yunshu('admin', 'create', '--username', 'root.admin', '--display-name', '首位管理员');
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /one-time password \(must be changed at first sign-in\): \S{16}/);
    const again = yunshu('admin', 'create', '--username', 'root.admin', '--display-name', '重复');
    assert.notEqual(again.status, 0);
  });

  test('policy show prints every parameter with its article', () => {
    const shown = yunshu('policy', 'show', '--id', 'qingpu-2023');
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /青浦区电子政务云管理暂行办法/);
    assert.match(shown.stdout, /QP-10/);
    assert.match(shown.stdout, /QP-9/);
  });

  test('monitoring rules prints the recording rules for the configured job, a rule file promtool accepts', () => {
    const printed = spawnSync(process.execPath, [cli, 'monitoring', 'rules'], { env: { ...env, PROMETHEUS_NODE_JOB: 'district-nodes' }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /^ {6}- record: yunshu:node_cpu_utilization:percent5m$/m);
    assert.match(printed.stdout, /job="district-nodes"/);
    assert.doesNotMatch(printed.stdout, /job="yunshu-node"/);
    if (spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status !== 0) return;
    const file = join(dataDir, 'yunshu-rules.yml');
    writeFileSync(file, printed.stdout);
    const checked = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /SUCCESS: 3 rules found/);
  });

  test('audit verify passes on an intact chain and names the first tampered record', async () => {
    const intact = yunshu('audit', 'verify');
    assert.equal(intact.status, 0, intact.stderr);
    assert.match(intact.stdout, /audit chain intact: \d+ records verified/);

    // Tamper as a DBA with direct file access would: bypass the append-only trigger and edit a record.
    const pglite = await PGlite.create(join(dataDir, 'pglite'));
    await pglite.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE audit_log SET detail = '{"username":"someone-else"}' WHERE action = 'user.create';
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`);
    const { rows } = await pglite.query<{ seq: string }>(`SELECT seq::text FROM audit_log WHERE action = 'user.create'`);
    await pglite.close();

    const tampered = yunshu('audit', 'verify');
    assert.equal(tampered.status, 1);
    assert.match(tampered.stderr, new RegExp(`audit chain broken at seq ${rows[0]!.seq}\\b`));
  });
});

describe('server start with a malformed policy profile', () => {
  test('is refused with the file, the field and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yunshu-policy-'));
    try {
      const broken = readFileSync(join(root, 'policies/qingpu-2023.yaml'), 'utf8')
        .replace(/(expansion\.ceilingRatio:\n(?:.*\n)*?\s+value:\s*)"?1\.2"?/, '$1"one point two"')
        .replace(/^id: qingpu-2023$/m, 'id: broken-district');
      assert.match(broken, /one point two/, 'fixture edited');
      writeFileSync(join(dir, 'broken-district.yaml'), broken);
      const started = spawnSync(process.execPath, [join(root, 'server/src/main.ts')], {
        env: { ...process.env, YUNSHU_POLICY: 'broken-district', YUNSHU_POLICY_DIR: dir, DATA_DIR: join(dir, 'data'), PORT: '18099' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(started.status, 1);
      assert.match(started.stderr, /broken-district\.yaml/);
      assert.match(started.stderr, /parameters\.expansion\.ceilingRatio\.value/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
