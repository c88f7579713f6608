/**
 * The OpenStack driver against the real OpenStack of openstack-lab: the driver contract as the lab's
 * project member (demo), then what the contract cannot show — a revoked or expiring token replaced,
 * application-credential authentication, refused credentials, flavors created for an exact size
 * (admin), a server on a Neutron network with an address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DriverError } from '../src/modules/provisioning/drivers/cloud-driver.ts';
import { driverContract } from '../src/modules/provisioning/drivers/driver-contract.ts';
import { deleteFlavor, listFlavors } from '../src/modules/provisioning/drivers/openstack/nova-api.ts';
import { openstackCredentials, type OpenStackCredentials } from '../src/modules/provisioning/drivers/openstack/openstack-client.ts';
import { openstackDriver, type OpenStackDriverOptions } from '../src/modules/provisioning/drivers/openstack/openstack-driver.ts';
import { openstackLab, skipWithoutLab } from './openstack-lab.ts';

const lab = await openstackLab();
const skip = skipWithoutLab(lab);

function labEnv(): Record<string, string> {
  assert.ok(lab, 'YUNSHU_REQUIRE_OPENSTACK=1 but the openstack-lab Keystone does not answer');
  return lab;
}

function credentialsOf(who: 'demo' | 'admin'): OpenStackCredentials {
  const env = labEnv();
  const user = who === 'demo' ? 'DEMO' : 'ADMIN';
  return {
    authUrl: env.OSLAB_AUTH_URL!,
    region: env.OSLAB_REGION!,
    username: env[`OSLAB_${user}_USER`]!,
    password: env[`OSLAB_${user}_PASSWORD`]!,
    projectName: env[`OSLAB_${user}_PROJECT`]!,
    userDomain: env.OSLAB_USER_DOMAIN!,
    projectDomain: env.OSLAB_PROJECT_DOMAIN!,
  };
}

function driverAs(who: 'demo' | 'admin', options: OpenStackDriverOptions = {}) {
  return openstackDriver(credentialsOf(who), { defaultImage: labEnv().OSLAB_IMAGE_NAME, ...options });
}

/** A plain Keystone login, for what the test itself does on the lab (application credentials, networks). */
async function login(who: 'demo' | 'admin'): Promise<{ token: string; userId: string; projectId: string }> {
  const c = credentialsOf(who) as OpenStackCredentials & { username: string; password: string; projectName: string };
  const response = await fetch(`${c.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: c.username, domain: { name: 'Default' }, password: c.password } } },
        scope: { project: { name: c.projectName, domain: { name: 'Default' } } },
      },
    }),
  });
  assert.equal(response.status, 201);
  const body = (await response.json()) as { token: { user: { id: string }; project: { id: string } } };
  return { token: response.headers.get('x-subject-token')!, userId: body.token.user.id, projectId: body.token.project.id };
}

driverContract(
  'openstack',
  async () => {
    const driver = driverAs('demo');
    await driver.testConnection();
    return driver;
  },
  { skip },
);

// Each test is skipped rather than the suite, so that the skips show in the totals.
describe('OpenStack driver on openstack-lab', () => {
  test('a revoked token is replaced: the refused request is sent again with a fresh token', { skip }, async () => {
    const driver = driverAs('demo');
    const first = await driver.client.token();
    // Revoked before any service has seen (and cached) it, so Nova asks Keystone and answers 401.
    const revoked = await fetch(`${labEnv().OSLAB_AUTH_URL}/auth/tokens`, {
      method: 'DELETE',
      headers: { 'x-auth-token': first.value, 'x-subject-token': first.value },
    });
    assert.equal(revoked.status, 204);
    assert.ok(Array.isArray(await driver.listServers()));
    assert.equal(driver.client.authentications, 2);
    assert.notEqual(driver.client.currentToken(), first.value);
  });

  test('a token is renewed shortly before it expires, not used up to the last second', { skip }, async () => {
    let now = Date.now();
    const driver = driverAs('demo', { now: () => now, tokenRefreshMarginMs: 60_000 });
    await driver.quotas();
    const first = driver.client.currentToken();
    await driver.listServers();
    assert.equal(driver.client.authentications, 1, 'the cached token serves further requests');
    const expiresAt = (await driver.client.token()).expiresAt;
    assert.ok(expiresAt > now, 'Keystone states the expiry');
    now = expiresAt - 30_000;
    await driver.listServers();
    assert.equal(driver.client.authentications, 2);
    assert.notEqual(driver.client.currentToken(), first);
  });

  test('authenticates with an application credential (created for the test as demo, then deleted)', { skip }, async () => {
    const env = labEnv();
    const demo = await login('demo');
    const made = await fetch(`${env.OSLAB_AUTH_URL}/users/${demo.userId}/application_credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': demo.token },
      body: JSON.stringify({ application_credential: { name: `yunshu-contract-${Date.now().toString(36)}` } }),
    });
    assert.equal(made.status, 201);
    const credential = ((await made.json()) as { application_credential: { id: string; secret: string } }).application_credential;
    try {
      const driver = openstackDriver(
        openstackCredentials({ authUrl: env.OSLAB_AUTH_URL!, region: env.OSLAB_REGION!, applicationCredentialId: credential.id }, { kind: 'application_credential', secret: credential.secret }),
      );
      await driver.testConnection();
      assert.equal(await driver.client.projectId(), demo.projectId, 'the credential carries the project scope');
      assert.ok((await driver.quotas()).instances.limit !== 0);
      assert.ok(Array.isArray(await driver.listVolumes()));
    } finally {
      const deleted = await fetch(`${env.OSLAB_AUTH_URL}/users/${demo.userId}/application_credentials/${credential.id}`, {
        method: 'DELETE',
        headers: { 'x-auth-token': demo.token },
      });
      assert.equal(deleted.status, 204);
    }
  });

  test('refused credentials are a permanent DriverError with Keystone’s message', { skip }, async () => {
    const driver = openstackDriver({ ...credentialsOf('demo'), password: 'not-the-password' });
    await assert.rejects(driver.testConnection(), (error: unknown) => {
      assert.ok(error instanceof DriverError);
      assert.equal(error.transient, false);
      assert.equal(error.status, 401);
      assert.match(error.providerMessage, /requires authentication/);
      assert.doesNotMatch(error.message, /not-the-password/);
      return true;
    });
  });

  test('a region the catalog does not have is a permanent DriverError naming it', { skip }, async () => {
    const driver = openstackDriver({ ...credentialsOf('demo'), region: 'RegionNowhere' });
    await assert.rejects(driver.listServers(), (error: unknown) => error instanceof DriverError && !error.transient && /RegionNowhere/.test(error.message));
  });

  test('with flavor creation on (admin), a missing size gets its flavor, and Nova refuses what exceeds the quota with its own message', { skip }, async () => {
    const driver = driverAs('admin', { createMissingFlavors: true });
    // A size of its own, so that two runs at once on one lab do not share (and delete) one flavor.
    const vcpus = 100_000 + Math.floor(Math.random() * 100_000);
    const name = `yunshu-${vcpus}c-128m-1g`;
    try {
      await assert.rejects(
        driver.createServer({ name: 'yunshu-contract-over-quota', flavor: { vcpus, ramMiB: 128, diskGiB: 1 }, idempotencyKey: `yunshu-contract-over-quota-${vcpus}` }),
        (error: unknown) => {
          assert.ok(error instanceof DriverError, String(error));
          assert.equal(error.transient, false);
          assert.equal(error.status, 403);
          assert.match(error.providerMessage, /Quota exceeded for cores/);
          assert.match(error.message, /quota exceeded/);
          return true;
        },
      );
      assert.ok((await listFlavors(driver.client)).some((f) => f.name === name && f.vcpus === vcpus));
    } finally {
      for (const flavor of (await listFlavors(driver.client)).filter((f) => f.name === name)) await deleteFlavor(driver.client, flavor.id);
    }
  });

  describe('a server on a Neutron network', () => {
    const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const networkName = `yunshu-contract-net-${suffix}`;
    let admin: { token: string };
    let networkId: string | null = null;
    const neutron = (method: string, path: string, body?: unknown) =>
      fetch(`${labEnv().OSLAB_NETWORK_URL}/v2.0${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-auth-token': admin.token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    // In the admin project, so that the demo project's networks — none — stay as the contract expects.
    before(async () => {
      if (skip) return;
      admin = await login('admin');
      const created = await neutron('POST', '/networks', { network: { name: networkName } });
      assert.equal(created.status, 201);
      networkId = ((await created.json()) as { network: { id: string } }).network.id;
      const subnet = await neutron('POST', '/subnets', { subnet: { network_id: networkId, name: networkName, ip_version: 4, cidr: '10.231.0.0/24' } });
      assert.equal(subnet.status, 201);
    });

    after(async () => {
      if (!networkId) return;
      // Nova releases the port shortly after the server is gone.
      for (let i = 0; i < 60; i++) {
        const deleted = await neutron('DELETE', `/networks/${networkId}`);
        if (deleted.status === 204 || deleted.status === 404) return;
        await sleep(500);
      }
      assert.fail(`network ${networkId} could not be deleted`);
    });

    test('the configured network gives the server a port and its address is reported', { skip, timeout: 300_000 }, async () => {
      const driver = driverAs('admin', { network: networkName });
      const key = `yunshu-contract-net-${suffix}`;
      const created = await driver.createServer({ name: key, flavor: { vcpus: 1, ramMiB: 128, diskGiB: 1 }, idempotencyKey: key });
      try {
        let server = created;
        for (let i = 0; i < 240 && server.status !== 'ACTIVE'; i++) {
          await sleep(500);
          server = (await driver.getServer(created.id)) ?? assert.fail('the server disappeared');
          assert.notEqual(server.status, 'ERROR');
        }
        assert.equal(server.status, 'ACTIVE');
        assert.equal(server.addresses.length, 1, JSON.stringify(server.addresses));
        assert.match(server.addresses[0]!, /^10\.231\.0\.\d+$/);
      } finally {
        await driver.deleteServer(created.id);
        for (let i = 0; i < 240 && (await driver.getServer(created.id)); i++) await sleep(500);
      }
    });
  });
});
