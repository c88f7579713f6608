/**
 * Provisioning on the real OpenStack of openstack-lab: the district's X86 pool is switched to its
 * OpenStack (connection settings and sealed credentials through the API, as an operator would), then
 * approved applications create, reshape, stop and reclaim a server with its data volume through Nova
 * and Cinder, and an inventory sync finds a server created directly in OpenStack.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { platformDrivers } from '../src/modules/provisioning/platform-drivers.ts';
import { applicationEstate, type ApplicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { openstackLab, skipWithoutLab } from './openstack-lab.ts';
import { approveThrough, reconcilerFor, settle } from './provisioning-fixtures.ts';

const lab = await openstackLab();
const skip = skipWithoutLab(lab);

describe('provisioning on openstack-lab', () => {
  let t: TestPlatform;
  let estate: ApplicationEstate;
  let edu: string;
  let operator: string;
  before(async () => {
    if (skip) return;
    assert.ok(lab, 'YUNSHU_REQUIRE_OPENSTACK=1 but the openstack-lab Keystone does not answer');
    t = await startTestPlatform();
    estate = await applicationEstate(t);
    edu = await t.login('edu-applicant');
    operator = await t.login('res-admin');
    const switched = await t.request('PATCH', `/api/platforms/${estate.x86}`, {
      cookie: operator,
      body: {
        driver: 'openstack',
        connection: {
          authUrl: lab.OSLAB_AUTH_URL,
          region: lab.OSLAB_REGION,
          username: lab.OSLAB_ADMIN_USER,
          projectName: lab.OSLAB_ADMIN_PROJECT,
          userDomain: lab.OSLAB_USER_DOMAIN,
          projectDomain: lab.OSLAB_PROJECT_DOMAIN,
          image: lab.OSLAB_IMAGE_NAME,
          // Approved shapes (whole GiB, a 40 GiB system disk) are not among the lab's flavors.
          createMissingFlavors: true,
        },
      },
    });
    assert.equal(switched.statusCode, 200, switched.body);
    const sealed = await t.request('PUT', `/api/platforms/${estate.x86}/credentials`, { cookie: operator, body: { kind: 'password', password: lab.OSLAB_ADMIN_PASSWORD } });
    assert.equal(sealed.statusCode, 200, sealed.body);
  });
  after(async () => {
    await t?.close();
  });

  test('an approved application creates the server and its volume in Nova and Cinder; a change reshapes it; reclamation deletes both', { skip, timeout: 240_000 }, async () => {
    const storage = (await t.ownerQuery(`SELECT id FROM catalog_items WHERE code = 'EVS-SSD'`)) as { id: string }[];
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '2', [estate.mem]: '2', [storage[0]!.id]: '1' });
    const name = `ys-os-${Date.now().toString(36)}`;
    const application = await submitted(t, edu, {
      ...resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '2', [estate.mem]: '2', [storage[0]!.id]: '1' }),
      servers: [{ name, vcpus: 2, memoryGiB: 2, dataDiskGiB: 1 }],
    });
    await approveThrough(t, application);
    const reconciler = reconcilerFor(t, { pollMs: 500, backoffMs: 500, maxBackoffMs: 5000 });
    await settle(t, reconciler, 180_000);

    const list = (await t.request('GET', `/api/resources?applicationId=${application.id}`, { cookie: edu })).json().items;
    const server = list.find((r: { kind: string }) => r.kind === 'server');
    const volume = list.find((r: { kind: string }) => r.kind === 'volume');
    assert.equal(server.status, 'running', JSON.stringify(server));
    assert.deepEqual(server.observedSpec, { vcpus: 2, memoryGiB: 2, diskGiB: 40 });
    assert.equal(volume.status, 'running');
    const driver = await platformDrivers(t.platform)(estate.x86);
    const inNova = await driver.getServer(server.providerId);
    assert.equal(inNova?.status, 'ACTIVE');
    assert.equal(inNova?.metadata.yunshu_resource, server.id);
    assert.equal((await driver.getVolume(volume.providerId))?.attachedTo, server.providerId, 'the volume is attached in Cinder');

    const change = await submitted(t, edu, { kind: 'change', title: '调整规格', systemId, description: '降配为 1 vCPU', resizes: [{ resourceId: server.id, vcpus: 1, memoryGiB: 2 }] });
    await approveThrough(t, change);
    await settle(t, reconciler, 180_000);
    assert.equal((await driver.getServer(server.providerId))?.flavor.vcpus, 1, 'Nova resized and confirmed it');
    const detail = (await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json();
    assert.deepEqual(detail.observedSpec, { vcpus: 1, memoryGiB: 2, diskGiB: 40 });

    const reclamation = await submitted(t, edu, {
      kind: 'reclamation', title: '回收', systemId, backupConfirmed: true, irreversibleAcknowledged: true, lines: [{ itemId: estate.vcpu, quantity: '1' }], resourceIds: [server.id],
    });
    await approveThrough(t, reclamation);
    await settle(t, reconciler, 180_000);
    assert.equal(await driver.getServer(server.providerId), null, 'gone from Nova');
    assert.equal(await driver.getVolume(volume.providerId), null, 'gone from Cinder');
    const gone = (await t.request('GET', `/api/resources?applicationId=${application.id}&includeDeleted=true`, { cookie: edu })).json().items;
    assert.ok(gone.every((r: { status: string }) => r.status === 'deleted'));
  });

  test('a server created directly in OpenStack is reported as unknown, and left alone', { skip, timeout: 120_000 }, async () => {
    const driver = await platformDrivers(t.platform)(estate.x86);
    const outside = await driver.createServer({ name: `shadow-${Date.now().toString(36)}`, flavor: { vcpus: 1, ramMiB: 1024, diskGiB: 40 }, idempotencyKey: `outside-${Date.now()}` });
    try {
      const sync = await t.request('POST', `/api/platforms/${estate.x86}/inventory-sync`, { cookie: operator });
      assert.equal(sync.statusCode, 200, sync.body);
      assert.equal(sync.json().ok, true);
      const findings = (await t.request('GET', `/api/inventory/findings?platformId=${estate.x86}&kind=unknown&pageSize=100`, { cookie: operator })).json().items;
      const found = findings.find((f: { providerId: string }) => f.providerId === outside.id);
      assert.ok(found, 'the outside server is an unknown finding');
      assert.equal(found.name, outside.name);
      assert.ok(await driver.getServer(outside.id), 'nothing is deleted automatically');
    } finally {
      await driver.deleteServer(outside.id);
    }
  });
});
