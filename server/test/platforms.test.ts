/**
 * Cloud platforms (QP-5, SJ-2): registration rules (a provider unit, the MLPS ceiling of the policy
 * profile, what each provisioning mode needs), credentials that never leave the server — not in any
 * answer, log line or audit record — and the connection test against real endpoints.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { openPlatformCredentials } from '../src/modules/platforms/index.ts';
import { SYSTEM_SCOPE } from '../src/platform/db/database.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { openstackLab, skipWithoutLab } from './openstack-lab.ts';
import { simulatedClouds } from '../src/modules/provisioning/drivers/simulated/simulated-driver.ts';

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const lab = await openstackLab();

const SECRET = 'Zq7#Keystone-秘钥-9f2c61e0';

describe('cloud platforms', () => {
  let t: TestPlatform;
  let admin: string;
  const log = new PassThrough();
  let logged = '';
  let provider1: string;
  let operatorUnit: string;
  const openstackBody = (name: string, overrides: Record<string, unknown> = {}) => ({
    name,
    level: 'district',
    providerUnitId: provider1,
    architecture: 'x86',
    region: '区数据中心 C 区',
    mlpsLevel: 3,
    provisioningMode: 'driver',
    driver: 'openstack',
    connection: { authUrl: 'http://127.0.0.1:5000/v3', username: 'demo', projectName: 'demo', region: 'RegionOne' },
    ...overrides,
  });

  before(async () => {
    log.on('data', (chunk: Buffer) => {
      logged += chunk.toString('utf8');
    });
    t = await startTestPlatform({ LOG_LEVEL: 'trace' }, { logStream: log });
    admin = await t.login('res-admin');
    const units = (await t.request('GET', '/api/units?pageSize=200', { cookie: admin })).json().items as { id: string; name: string; type: string }[];
    provider1 = units.find((u) => u.name === '申云数据科技有限公司')!.id;
    operatorUnit = units.find((u) => u.type === 'operator')!.id;
  });
  after(() => t.close());

  test('the demo district has its three platforms, searchable and filterable', async () => {
    const all = (await t.request('GET', '/api/platforms', { cookie: admin })).json();
    assert.equal(all.total, 3);
    const get = async (query: string) => (await t.request('GET', `/api/platforms?${query}`, { cookie: admin })).json().items.map((p: { name: string }) => p.name);
    assert.deepEqual(await get('level=city'), ['市政务云（沪信）']);
    assert.deepEqual(await get('architecture=arm'), ['区政务云 信创资源池']);
    assert.deepEqual(await get('provisioningMode=work_order'), ['市政务云（沪信）']);
    assert.deepEqual(await get(`q=${encodeURIComponent('沪信通信')}`), ['市政务云（沪信）'], 'by provider name');
    const city = all.items.find((p: { level: string }) => p.level === 'city');
    assert.equal(city.driver, null);
    assert.equal(city.hasCredentials, false);
  });

  test('a unit user reads platforms with their provider’s name, but cannot change them', async () => {
    const edu = await t.login('edu-applicant');
    const list = (await t.request('GET', '/api/platforms', { cookie: edu })).json();
    assert.equal(list.total, 3);
    assert.ok(list.items.every((p: { provider: { name: string | null } }) => p.provider.name), 'provider names are public');
    const refused = await t.request('POST', '/api/platforms', { cookie: edu, body: openstackBody('越权平台') });
    assert.equal(refused.statusCode, 403);
  });

  test('the provider must be a unit of type provider', async () => {
    const response = await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('运营单位平台', { providerUnitId: operatorUnit }) });
    assert.equal(response.statusCode, 400, response.body);
    const { error } = response.json();
    assert.equal(error.fields[0].path, 'providerUnitId');
    assert.match(error.message, /政务云服务商/);
    const unknown = await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('无主平台', { providerUnitId: '00000000-0000-4000-8000-000000000000' }) });
    assert.equal(unknown.statusCode, 400);
  });

  test('an MLPS level above the profile’s maximum is refused, citing its articles', async () => {
    const response = await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('等保四级平台', { mlpsLevel: 4 }) });
    assert.equal(response.statusCode, 400, response.body);
    const { error } = response.json();
    assert.equal(error.code, 'mlps_level_above_maximum');
    assert.equal(error.article, 'QP-5, QP-7');
    assert.match(error.message, /最高等保级别 3.*青浦办法第五条、第七条/);
    assert.equal(error.fields[0].path, 'mlpsLevel');
  });

  test('each provisioning mode gets what it needs and nothing else', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ driver: undefined }, 'driver'],
      [{ provisioningMode: 'work_order' }, 'driver'],
      [{ connection: { username: 'demo', projectName: 'demo' } }, 'connection.authUrl'],
      [{ connection: { authUrl: 'http://admin:pw@127.0.0.1:5000/v3', username: 'demo', projectName: 'demo' } }, 'connection.authUrl'],
      [{ connection: { authUrl: 'http://127.0.0.1:5000/v3', username: 'demo' } }, 'connection.projectName'],
      [{ driver: 'simulated' }, 'connection'],
    ];
    for (const [overrides, path] of cases) {
      const response = await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('模式校验平台', overrides) });
      assert.equal(response.statusCode, 400, `${JSON.stringify(overrides)} → ${response.body}`);
      assert.ok(response.json().error.fields.some((f: { path: string }) => f.path === path), `${JSON.stringify(overrides)}: ${response.body}`);
    }
    const secretInSettings = await t.request('POST', '/api/platforms', {
      cookie: admin,
      body: openstackBody('口令混入设置', { connection: { authUrl: 'http://127.0.0.1:5000/v3', username: 'demo', projectName: 'demo', password: SECRET } }),
    });
    assert.equal(secretInSettings.statusCode, 400, 'connection settings refuse unknown keys, so no secret hides there');
    const workOrder = await t.request('POST', '/api/platforms', {
      cookie: admin,
      body: openstackBody('市政务云（测试工单）', { level: 'city', provisioningMode: 'work_order', driver: undefined, connection: {} }),
    });
    assert.equal(workOrder.statusCode, 201, workOrder.body);
    const duplicate = await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('市政务云（测试工单）') });
    assert.equal(duplicate.statusCode, 400);
    assert.equal(duplicate.json().error.fields[0].path, 'name');
  });

  test('credentials never appear in any answer, log line or audit record', async () => {
    // Whatever reaches stdout or stderr meanwhile (a stray console.log) counts as logged too.
    let printed = '';
    const writes = { out: process.stdout.write, err: process.stderr.write };
    const tap = (original: typeof process.stdout.write) =>
      function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
        printed += String(chunk);
        return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      } as typeof process.stdout.write;
    process.stdout.write = tap(writes.out);
    process.stderr.write = tap(writes.err);
    try {
      await credentialsScenario();
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
    }
    assert.ok(!printed.includes(SECRET), 'printed to stdout or stderr');
  });

  async function credentialsScenario() {
    const bodies: string[] = [];
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await t.request(method, url, { cookie: admin, ...(body !== undefined ? { body } : {}) });
      bodies.push(response.body);
      return response;
    };
    const created = await call('POST', '/api/platforms', openstackBody('区政务云 OpenStack 测试池', { connection: { authUrl: `http://127.0.0.1:${await closedPort()}/v3`, username: 'demo', projectName: 'demo' } }));
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    const set = await call('PUT', `/api/platforms/${id}/credentials`, { kind: 'password', password: SECRET });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().hasCredentials, true);
    assert.equal(set.json().credentialsKind, 'password');
    assert.ok(set.json().credentialsUpdatedAt);
    await call('GET', `/api/platforms/${id}`);
    await call('GET', '/api/platforms?pageSize=200');
    await call('PATCH', `/api/platforms/${id}`, { description: '测试池' });
    await call('POST', `/api/platforms/${id}/test-connection`);
    await call('PUT', `/api/platforms/${id}/credentials`, { kind: 'password', password: SECRET, extra: true });
    await call('PUT', `/api/platforms/${id}/credentials`, { kind: 'application_credential', secret: SECRET });
    const simulated = (await call('GET', '/api/platforms?architecture=arm')).json().items[0].id;
    await call('PUT', `/api/platforms/${simulated}/credentials`, { kind: 'password', password: SECRET });
    await call('POST', `/api/platforms/${id}/disable`);
    await call('POST', `/api/platforms/${id}/enable`);
    await call('GET', '/api/openapi.json');

    // The server holds it sealed, and can open it for its driver.
    const opened = await t.platform.db.tx(SYSTEM_SCOPE, (trx) => openPlatformCredentials(trx, t.platform.secretBox, id));
    assert.deepEqual(opened, { kind: 'password', password: SECRET });
    const [row] = (await t.ownerQuery(`SELECT credentials_sealed FROM platforms WHERE id = '${id}'`)) as { credentials_sealed: string }[];
    assert.match(row!.credentials_sealed, /^sm4:v1:/);

    assert.ok(logged.includes('/api/platforms'), 'the server did log these requests');
    const audit = JSON.stringify(await t.ownerQuery(`SELECT * FROM audit_log WHERE action LIKE 'platform.%'`));
    assert.ok(audit.includes('platform.credentials.set'));
    const leaks = [...bodies.map((body, i) => [`response ${i}`, body]), ['log', logged], ['audit', audit], ['sealed', row!.credentials_sealed]].filter(([, text]) =>
      text!.includes(SECRET),
    );
    assert.deepEqual(leaks.map(([where]) => where), []);
  }

  test('an unreachable OpenStack endpoint gives a clear failed result, recorded and audited — not an error', async () => {
    const port = await closedPort();
    const created = (
      await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('不可达 OpenStack 平台', { connection: { authUrl: `http://127.0.0.1:${port}/v3`, username: 'demo', projectName: 'demo' } }) })
    ).json();
    const noCredentials = (await t.request('POST', `/api/platforms/${created.id}/test-connection`, { cookie: admin })).json();
    assert.equal(noCredentials.ok, false);
    assert.match(noCredentials.message, /尚未设置凭据/);
    await t.request('PUT', `/api/platforms/${created.id}/credentials`, { cookie: admin, body: { kind: 'password', password: 'whatever' } });
    const response = await t.request('POST', `/api/platforms/${created.id}/test-connection`, { cookie: admin });
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json();
    assert.equal(result.ok, false);
    assert.match(result.message, /无法连接 Keystone.*连接被拒绝/);
    assert.match(result.messageEn, /connection refused/);
    const platform = (await t.request('GET', `/api/platforms/${created.id}`, { cookie: admin })).json();
    assert.deepEqual(platform.lastConnectionTest, result);
    const [record] = (await t.ownerQuery(`SELECT * FROM audit_log WHERE action = 'platform.connection.test' ORDER BY seq DESC LIMIT 1`)) as { object_id: string; detail: { ok: boolean } }[];
    assert.equal(record!.object_id, created.id);
    assert.equal(record!.detail.ok, false);
  });

  test('the simulated cloud is asked through its driver — an outage shows as a failed result; a work-order platform has nothing to test', async () => {
    const platforms = (await t.request('GET', '/api/platforms?pageSize=200', { cookie: admin })).json().items as { id: string; name: string }[];
    const pool = platforms.find((p) => p.name === '区政务云 X86 资源池')!;
    const city = platforms.find((p) => p.name === '市政务云（沪信）')!;
    const ok = (await t.request('POST', `/api/platforms/${pool.id}/test-connection`, { cookie: admin })).json();
    assert.equal(ok.ok, true);
    simulatedClouds.cloud(pool.id, { dataDir: t.platform.config.dataDir }).faults.failNext('testConnection', 1, 'unavailable');
    const down = (await t.request('POST', `/api/platforms/${pool.id}/test-connection`, { cookie: admin })).json();
    assert.equal(down.ok, false);
    assert.match(down.message, /模拟云连接失败/);
    assert.equal((await t.request('POST', `/api/platforms/${pool.id}/test-connection`, { cookie: admin })).json().ok, true, 'the outage was one call');
    const refused = await t.request('POST', `/api/platforms/${city.id}/test-connection`, { cookie: admin });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'work_order_platform');
  });

  test('a platform that stops using OpenStack loses its stored credentials', async () => {
    const created = (await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('改用模拟驱动的平台') })).json();
    await t.request('PUT', `/api/platforms/${created.id}/credentials`, { cookie: admin, body: { kind: 'password', password: 'to-be-dropped' } });
    const changed = await t.request('PATCH', `/api/platforms/${created.id}`, { cookie: admin, body: { driver: 'simulated' } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().hasCredentials, false);
    assert.deepEqual(changed.json().connection, {});
    const [record] = (await t.ownerQuery(`SELECT detail FROM audit_log WHERE action = 'platform.update' ORDER BY seq DESC LIMIT 1`)) as { detail: Record<string, unknown> }[];
    assert.equal(record!.detail.credentialsCleared, true);
    const [row] = (await t.ownerQuery(`SELECT credentials_sealed FROM platforms WHERE id = '${created.id}'`)) as { credentials_sealed: string | null }[];
    assert.equal(row!.credentials_sealed, null);
  });

  test('a disabled platform is marked so and can be enabled again', async () => {
    const created = (await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('待停用平台') })).json();
    const disabled = (await t.request('POST', `/api/platforms/${created.id}/disable`, { cookie: admin })).json();
    assert.equal(disabled.disabled, true);
    assert.equal((await t.request('GET', '/api/platforms?status=disabled', { cookie: admin })).json().items.some((p: { id: string }) => p.id === created.id), true);
    assert.equal((await t.request('POST', `/api/platforms/${created.id}/enable`, { cookie: admin })).json().disabled, false);
  });

  test('against a real Keystone: the right password and an application credential connect, a wrong password is refused', { skip: skipWithoutLab(lab) }, async () => {
    assert.ok(lab, 'YUNSHU_REQUIRE_OPENSTACK=1 but the openstack-lab Keystone does not answer');
    const connection = { authUrl: lab!.OSLAB_AUTH_URL!, username: lab!.OSLAB_DEMO_USER!, projectName: lab!.OSLAB_DEMO_PROJECT!, region: lab!.OSLAB_REGION! };
    const created = (await t.request('POST', '/api/platforms', { cookie: admin, body: openstackBody('实验室 OpenStack', { connection }) })).json();
    await t.request('PUT', `/api/platforms/${created.id}/credentials`, { cookie: admin, body: { kind: 'password', password: lab!.OSLAB_DEMO_PASSWORD } });
    const good = (await t.request('POST', `/api/platforms/${created.id}/test-connection`, { cookie: admin })).json();
    assert.equal(good.ok, true, good.message);
    assert.match(good.message, /认证成功/);
    await t.request('PUT', `/api/platforms/${created.id}/credentials`, { cookie: admin, body: { kind: 'password', password: 'not-the-password' } });
    const bad = (await t.request('POST', `/api/platforms/${created.id}/test-connection`, { cookie: admin })).json();
    assert.equal(bad.ok, false);
    assert.match(bad.message, /HTTP 401/);

    // An application credential, made for the occasion in the lab's Keystone and deleted afterwards.
    const login = await fetch(`${connection.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: connection.username, domain: { name: 'Default' }, password: lab!.OSLAB_DEMO_PASSWORD } } },
          scope: { project: { name: connection.projectName, domain: { name: 'Default' } } },
        },
      }),
    });
    const token = login.headers.get('x-subject-token')!;
    const userId = ((await login.json()) as { token: { user: { id: string } } }).token.user.id;
    const made = await fetch(`${connection.authUrl}/users/${userId}/application_credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify({ application_credential: { name: `yunshu-test-${Date.now()}` } }),
    });
    const credential = ((await made.json()) as { application_credential: { id: string; secret: string } }).application_credential;
    try {
      const switched = await t.request('PATCH', `/api/platforms/${created.id}`, {
        cookie: admin,
        body: { connection: { authUrl: connection.authUrl, applicationCredentialId: credential.id, region: connection.region } },
      });
      assert.equal(switched.statusCode, 200, switched.body);
      await t.request('PUT', `/api/platforms/${created.id}/credentials`, { cookie: admin, body: { kind: 'application_credential', secret: credential.secret } });
      const viaCredential = (await t.request('POST', `/api/platforms/${created.id}/test-connection`, { cookie: admin })).json();
      assert.equal(viaCredential.ok, true, viaCredential.message);
    } finally {
      await fetch(`${connection.authUrl}/users/${userId}/application_credentials/${credential.id}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
    }
  });
});
