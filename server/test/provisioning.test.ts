/**
 * Provisioning end to end through the API: approved applications become desired state, the reconciler
 * makes it real on the simulated cloud (with faults), people stop and start servers, reclamation
 * deletes, temporary resources stop at the end of their term, work orders on hand-fulfilled platforms,
 * and inventory findings for what was changed behind the platform's back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sweepProvisioningDeadlines } from '../src/modules/provisioning/deadlines.service.ts';
import { sweepLeases } from '../src/modules/provisioning/leases.service.ts';
import { seedDemoWorkloadOnce } from '../src/seed/demo-workload.ts';
import { IDEMPOTENCY_METADATA_KEY } from '../src/modules/provisioning/drivers/cloud-driver.ts';
import type { SimulatedCloud } from '../src/modules/provisioning/drivers/simulated/simulated-cloud.ts';
import { applicationEstate, type ApplicationEstate, resourceBody, submit, submitted, systemWithProject } from './application-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { approveThrough, fastCloud, reconcilerFor, settle } from './provisioning-fixtures.ts';

async function resourcesOf(t: TestPlatform, cookie: string, applicationId: string) {
  const response = await t.request('GET', `/api/resources?applicationId=${applicationId}&includeDeleted=true`, { cookie });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().items as any[];
}

describe('provisioning on the simulated cloud (Qingpu profile)', () => {
  let t: TestPlatform;
  let edu: string;
  let estate: ApplicationEstate;
  let cloud: SimulatedCloud;
  before(async () => {
    t = await startTestPlatform();
    estate = await applicationEstate(t);
    cloud = fastCloud(t, estate.x86, { seed: 7 });
    edu = await t.login('edu-applicant');
  });
  after(() => t.close());

  test('an approved resource application creates its server and data disk exactly once, and the unit sees them (QP-9)', async () => {
    const storage = (await t.ownerQuery(`SELECT id FROM catalog_items WHERE code = 'EVS-SSD'`)) as { id: string }[];
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '8', [estate.mem]: '16', [storage[0]!.id]: '200' });
    const body = resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '4', [estate.mem]: '8', [storage[0]!.id]: '100' }, '教育资源平台');
    const application = await submitted(t, edu, { ...body, servers: [{ name: 'edu-web-01', vcpus: 4, memoryGiB: 8, dataDiskGiB: 100 }] });
    assert.deepEqual(application.payload.provisioning.servers, [{ name: 'edu-web-01', vcpus: 4, memoryGiB: 8, dataDiskGiB: 100 }], 'approvers see the plan');
    const approved = await approveThrough(t, application);
    assert.equal(approved.timeline.at(-1).action, 'awaiting_provisioning');

    const pending = await resourcesOf(t, edu, application.id);
    assert.deepEqual(pending.map((r) => [r.kind, r.name, r.status]).sort(), [['server', 'edu-web-01', 'pending'], ['volume', 'edu-web-01-data', 'pending']]);
    assert.equal(pending[0].dueAt, application.dueAt, 'provisioning is due with the application (QP-9: 7 working days)');

    await settle(t, reconcilerFor(t));
    const running = await resourcesOf(t, edu, application.id);
    const server = running.find((r) => r.kind === 'server');
    const volume = running.find((r) => r.kind === 'volume');
    assert.equal(server.status, 'running');
    assert.deepEqual(server.observedSpec, { vcpus: 4, memoryGiB: 8, diskGiB: 40 });
    assert.ok(server.addresses.length > 0, 'the cloud gave it an address');
    assert.equal(volume.status, 'running');
    assert.equal(volume.parentId, server.id);
    assert.ok(server.provisionedAt);

    const onCloud = (await cloud.listServers()).filter((s) => s.metadata[IDEMPOTENCY_METADATA_KEY] === `yunshu-${server.id}`);
    assert.equal(onCloud.length, 1, 'one server on the cloud');
    assert.equal(cloud.inspectVolume(volume.providerId)?.attachedTo, server.providerId, 'the data disk is attached');

    const detail = (await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json();
    const actions = detail.events.map((e: { action: string }) => e.action);
    for (const expected of ['desired.create', 'driver.createServer', 'state.running', 'driver.createVolume', 'driver.attachVolume']) assert.ok(actions.includes(expected), `${expected} in ${actions}`);
    assert.equal(detail.canOperate, false, 'an applicant may not stop or start');

    const timeline = (await t.request('GET', `/api/applications/${application.id}`, { cookie: edu })).json().timeline;
    assert.equal(timeline.at(-1).action, 'provisioned');
    const inbox = (await t.request('GET', '/api/notifications', { cookie: edu })).json();
    assert.ok(inbox.items.some((n: { kind: string }) => n.kind === 'application.provisioned'));

    const audit = (await t.request('GET', `/api/audit?action=resource.driver.createServer`, { cookie: await t.login('auditadmin') })).json();
    assert.ok(audit.items.some((a: { objectId: string; unitId: string | null }) => a.objectId === server.id), 'the driver call is in the audit log');

    const other = await t.login('health-admin');
    assert.equal((await t.request('GET', `/api/resources/${server.id}`, { cookie: other })).statusCode, 404, 'another unit does not see it (QP-19)');
    assert.equal((await t.request('GET', `/api/resources?applicationId=${application.id}`, { cookie: other })).json().total, 0);
    const provider = await t.login('provider');
    assert.equal((await t.request('GET', `/api/resources/${server.id}`, { cookie: provider })).statusCode, 200, 'the platform’s provider sees what runs on it');
    const ops = (await t.request('GET', `/api/resource-events?resourceId=${server.id}&driverCallsOnly=true`, { cookie: edu })).json();
    assert.ok(ops.items.every((e: { action: string; outcome: string }) => e.action.startsWith('driver.') && e.outcome === 'ok'));
  });

  test('servers must fit the lines: the refusal names the field', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '8', [estate.mem]: '16' });
    const body = resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '4', [estate.mem]: '8' });
    const tooMany = await submit(t, edu, { ...body, servers: [{ name: 'a-01', vcpus: 4, memoryGiB: 4 }, { name: 'a-02', vcpus: 2, memoryGiB: 4 }] });
    assert.equal(tooMany.statusCode, 400);
    assert.equal(tooMany.json().error.fields[0].path, 'servers.0.vcpus');
    assert.match(tooMany.json().error.message, /合计 6 vCPU，超过本申请资源清单的 4 vCPU/);
    const twice = await submit(t, edu, { ...body, servers: [{ name: 'a-01', vcpus: 2, memoryGiB: 4 }, { name: 'a-01', vcpus: 2, memoryGiB: 4 }] });
    assert.equal(twice.json().error.fields[0].path, 'servers.1.name');
    const badName = await submit(t, edu, { ...body, servers: [{ name: 'Web 01', vcpus: 2, memoryGiB: 4 }] });
    assert.equal(badName.statusCode, 400);
    assert.equal(badName.json().error.fields[0].path, 'servers.0.name');
  });

  test('an expansion resizes the system’s server within 3 working days of approval (QP-10); stop and start by the unit administrator', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '4', [estate.mem]: '8' });
    const first = await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '4', [estate.mem]: '8' }));
    await approveThrough(t, first);
    const reconciler = reconcilerFor(t);
    await settle(t, reconciler);
    const [server] = await resourcesOf(t, edu, first.id);
    assert.equal(server.name, `app-${first.number.toLowerCase()}`, 'one server named after the application');

    const expansion = await submitted(t, edu, { kind: 'expansion', title: '扩容', systemId, platformId: estate.x86, basis: '访问量增长', lines: [{ itemId: estate.vcpu, quantity: '0.8' }] });
    assert.deepEqual(expansion.payload.provisioning, { servers: [], looseVolumeGiB: null, resizes: [], reclaim: [] }, 'a fraction of a vCPU resizes nothing');
    await approveThrough(t, expansion);
    const growth = await submitted(t, edu, { kind: 'expansion', title: '扩容', systemId, platformId: estate.x86, basis: '访问量增长', lines: [{ itemId: estate.mem, quantity: '1' }] });
    assert.deepEqual(growth.payload.provisioning.resizes, [{ resourceId: server.id, name: server.name, from: { vcpus: 4, memoryGiB: 8 }, to: { vcpus: 4, memoryGiB: 9 } }]);
    const approved = await approveThrough(t, growth);
    const resizing = (await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json();
    assert.equal(resizing.dueAt, approved.executionDueAt, 'the provisioning step carries the execution deadline');
    assert.equal(resizing.converging, true);
    await settle(t, reconciler);
    const resized = (await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json();
    assert.deepEqual(resized.observedSpec, { vcpus: 4, memoryGiB: 9, diskGiB: 40 });
    const actions = resized.events.map((e: { action: string }) => e.action);
    assert.ok(actions.includes('driver.resizeServer') && actions.includes('driver.confirmResize'));

    const admin = await t.login('edu-admin');
    assert.equal((await t.request('POST', `/api/resources/${server.id}/stop`, { cookie: edu, body: {} })).statusCode, 403, 'an applicant may not');
    const stopping = await t.request('POST', `/api/resources/${server.id}/stop`, { cookie: admin, body: { reason: '维护窗口' } });
    assert.equal(stopping.statusCode, 200, stopping.body);
    assert.equal(stopping.json().desiredState, 'stopped');
    const again = await t.request('POST', `/api/resources/${server.id}/stop`, { cookie: admin, body: {} });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'already_stopped');
    await settle(t, reconciler);
    assert.equal((await cloud.getServer(resized.providerId))?.status, 'SHUTOFF');
    assert.equal((await t.request('POST', `/api/resources/${server.id}/start`, { cookie: admin, body: {} })).statusCode, 200);
    await settle(t, reconciler);
    assert.equal((await cloud.getServer(resized.providerId))?.status, 'ACTIVE');
    const history = (await t.request('GET', `/api/resources/${server.id}`, { cookie: admin })).json().events;
    assert.ok(history.some((e: { action: string; actorName: string; message: string }) => e.action === 'desired.stop' && e.actorName === '教育局 李明' && e.message === '维护窗口'));

    const health = await t.login('health-admin');
    assert.equal((await t.request('POST', `/api/resources/${server.id}/stop`, { cookie: health, body: {} })).statusCode, 404, 'another unit’s server is not found (QP-19)');
  });

  test('reclamation deletes the server and its disks after the backup confirmation, irreversibly (QP-11)', async () => {
    const storage = (await t.ownerQuery(`SELECT id FROM catalog_items WHERE code = 'EVS-SSD'`)) as { id: string }[];
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '2', [estate.mem]: '4', [storage[0]!.id]: '50' });
    const created = await submitted(t, edu, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '2', [estate.mem]: '4', [storage[0]!.id]: '50' }));
    await approveThrough(t, created);
    const reconciler = reconcilerFor(t);
    await settle(t, reconciler);
    const [server, volume] = (await resourcesOf(t, edu, created.id)).sort((a, b) => a.kind.localeCompare(b.kind));
    assert.equal(volume.parentId, server.id);

    const wrong = await submit(t, edu, {
      kind: 'reclamation', title: '回收', systemId, backupConfirmed: true, irreversibleAcknowledged: true, lines: [{ itemId: estate.vcpu, quantity: '2' }], resourceIds: [crypto.randomUUID()],
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.fields[0].path, 'resourceIds.0');
    const reclamation = await submitted(t, edu, {
      kind: 'reclamation', title: '回收', systemId, backupConfirmed: true, irreversibleAcknowledged: true, lines: [{ itemId: estate.vcpu, quantity: '2' }, { itemId: estate.mem, quantity: '4' }], resourceIds: [server.id],
    });
    await approveThrough(t, reclamation);
    await settle(t, reconciler);
    const gone = await resourcesOf(t, edu, created.id);
    assert.deepEqual(gone.map((r) => r.status), ['deleted', 'deleted']);
    assert.ok(gone.every((r) => r.deletedAt));
    assert.equal(await cloud.getServer(server.providerId), null);
    assert.equal(await cloud.getVolume(volume.providerId), null);
    assert.equal((await t.request('GET', `/api/resources?applicationId=${created.id}`, { cookie: edu })).json().total, 0, 'reclaimed resources leave the default list');
    const timeline = (await t.request('GET', `/api/applications/${reclamation.id}`, { cookie: edu })).json().timeline;
    assert.equal(timeline.at(-1).action, 'reclaimed');
    const detail = (await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json();
    assert.ok(detail.events.some((e: { action: string; detail: { backupConfirmed?: boolean } }) => e.action === 'desired.delete' && e.detail.backupConfirmed === true), 'the record says it was confirmed');
    const restart = await t.request('POST', `/api/resources/${server.id}/start`, { cookie: await t.login('edu-admin'), body: {} });
    assert.equal(restart.statusCode, 409);
    assert.equal(restart.json().error.code, 'resource_reclaimed');
  });

  test('transient provider faults and lost answers are retried without duplicates; a permanent refusal fails visibly and can be retried', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '20', [estate.mem]: '40' });
    cloud.faults.configure('createServer', { errorRate: 0.3, acceptThenFailRate: 0.4 });
    cloud.faults.configure('getServer', { errorRate: 0.2 });
    cloud.faults.configure('findServerByKey', { errorRate: 0.2 });
    try {
      const application = await submitted(t, edu, {
        ...resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '10', [estate.mem]: '20' }),
        servers: Array.from({ length: 5 }, (_, i) => ({ name: `flaky-${i + 1}`, vcpus: 2, memoryGiB: 4 })),
      });
      await approveThrough(t, application);
      await settle(t, reconcilerFor(t));
      const servers = await resourcesOf(t, edu, application.id);
      assert.ok(servers.every((s) => s.status === 'running'));
      for (const server of servers) {
        const copies = (await cloud.listServers()).filter((s) => s.metadata[IDEMPOTENCY_METADATA_KEY] === `yunshu-${server.id}`);
        assert.equal(copies.length, 1, `${server.name}: exactly one server on the cloud`);
      }
      const stats = cloud.stats();
      assert.ok(stats.injectedFailures + stats.lostAnswers > 0, 'faults were injected');
    } finally {
      cloud.faults.clear();
    }

    const small = await submitted(t, edu, { ...resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '8', [estate.mem]: '16' }), servers: [{ name: 'too-big', vcpus: 8, memoryGiB: 16 }] });
    await approveThrough(t, small);
    const quota = await cloud.quotas();
    cloud.setQuotas({ cores: quota.cores.used + 4 });
    try {
      await settle(t, reconcilerFor(t));
      const [failed] = await resourcesOf(t, edu, small.id);
      assert.equal(failed.status, 'failed');
      assert.match(failed.lastError, /Quota exceeded for cores/);
      const inbox = (await t.request('GET', '/api/notifications', { cookie: edu })).json();
      assert.ok(inbox.items.some((n: { kind: string; body: { zh: string } }) => n.kind === 'resource.failed' && /Quota exceeded/.test(n.body.zh)), 'the applicant hears of it with the provider’s message');
      const operator = await t.login('res-admin');
      assert.ok((await t.request('GET', '/api/notifications', { cookie: operator })).json().items.some((n: { kind: string }) => n.kind === 'resource.failed'));
      const detail = (await t.request('GET', `/api/resources/${failed.id}`, { cookie: operator })).json();
      assert.equal(detail.canRetry, true);
      cloud.setQuotas({ cores: -1 });
      const retried = await t.request('POST', `/api/resources/${failed.id}/retry`, { cookie: operator });
      assert.equal(retried.statusCode, 200, retried.body);
      await settle(t, reconcilerFor(t));
      assert.equal((await t.request('GET', `/api/resources/${failed.id}`, { cookie: edu })).json().status, 'running');
    } finally {
      cloud.setQuotas({ cores: -1 });
    }
  });

  test('two reconcilers share the work without doing anything twice', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '12', [estate.mem]: '24' });
    const application = await submitted(t, edu, {
      ...resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '12', [estate.mem]: '24' }),
      servers: Array.from({ length: 6 }, (_, i) => ({ name: `pair-${i + 1}`, vcpus: 2, memoryGiB: 4 })),
    });
    await approveThrough(t, application);
    const before = cloud.stats().calls.createServer ?? 0;
    const a = reconcilerFor(t, {}, 'instance-a');
    const b = reconcilerFor(t, {}, 'instance-b');
    await Promise.all([settle(t, a), settle(t, b)]);
    assert.equal((cloud.stats().calls.createServer ?? 0) - before, 6, 'six creates for six servers');
    const servers = await resourcesOf(t, edu, application.id);
    assert.ok(servers.every((s) => s.status === 'running'));
  });

  test('temporary resources: the term starts at provisioning, a notice 14 days before, a stop at expiry unless extended (QP-12)', async () => {
    const application = await submitted(t, edu, { kind: 'temporary', title: '临时演练环境', platformId: estate.x86, purpose: '应急演练', lines: [{ itemId: estate.vcpu, quantity: '2', months: 2 }, { itemId: estate.mem, quantity: '4', months: 2 }] });
    await approveThrough(t, application);
    const reconciler = reconcilerFor(t);
    await settle(t, reconciler);
    const [server] = await resourcesOf(t, edu, application.id);
    assert.equal(server.temporary, true);
    const provisioned = new Date(server.provisionedAt);
    const lease = new Date(server.leaseExpiresAt);
    assert.equal(lease.getUTCMonth(), (provisioned.getUTCMonth() + 2) % 12, 'two months from provisioning');
    const app = (await t.request('GET', `/api/applications/${application.id}`, { cookie: edu })).json();
    assert.equal(app.expiresAt, server.leaseExpiresAt, 'the application knows when its resources expire');

    const early = await sweepLeases(t.platform, new Date(lease.getTime() - 20 * 86_400_000));
    assert.equal(early.noticed, 0);
    const notice = await sweepLeases(t.platform, new Date(lease.getTime() - 13 * 86_400_000));
    assert.equal(notice.noticed, 1);
    assert.equal((await sweepLeases(t.platform, new Date(lease.getTime() - 12 * 86_400_000))).noticed, 0, 'one notice per term');
    const expired = await sweepLeases(t.platform, new Date(lease.getTime() + 1000));
    assert.equal(expired.stopped, 1);
    assert.equal((await sweepLeases(t.platform, new Date(lease.getTime() + 2000))).stopped, 0, 'stopped once');
    await settle(t, reconciler);
    const stopped = (await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json();
    assert.equal(stopped.status, 'stopped');
    assert.ok(stopped.events.some((e: { action: string }) => e.action === 'lease.expired'));
    const inbox = (await t.request('GET', '/api/notifications', { cookie: edu })).json();
    assert.ok(inbox.items.some((n: { kind: string }) => n.kind === 'resource.lease_expiring'));
    assert.ok(inbox.items.some((n: { kind: string }) => n.kind === 'resource.lease_expired'));
    // The real clock has not reached the lease: starting is refused only past it; simulate the past term.
    await t.ownerQuery(`UPDATE resources SET lease_expires_at = now() - interval '1 day' WHERE id = '${server.id}'`);
    const start = await t.request('POST', `/api/resources/${server.id}/start`, { cookie: await t.login('edu-admin'), body: {} });
    assert.equal(start.statusCode, 409);
    assert.equal(start.json().error.code, 'temporary_expired');
    assert.equal(start.json().error.article, 'QP-12');
  });

  test('inventory sync reports servers created outside Yunshu, missing ones and drift, and deletes nothing', async () => {
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '4', [estate.mem]: '8' });
    const application = await submitted(t, edu, { ...resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '4', [estate.mem]: '8' }), servers: [{ name: 'drift-a', vcpus: 2, memoryGiB: 4 }, { name: 'drift-b', vcpus: 2, memoryGiB: 4 }] });
    await approveThrough(t, application);
    await settle(t, reconcilerFor(t));
    const [a, b] = (await resourcesOf(t, edu, application.id)).sort((x, y) => x.name.localeCompare(y.name));
    const rogue = cloud.outOfBand.createServer({ name: 'shadow-it', flavor: { vcpus: 2, ramMiB: 2048, diskGiB: 20 } });
    cloud.outOfBand.setFlavor(a.providerId, { vcpus: 8, ramMiB: 16384, diskGiB: 40 });
    cloud.outOfBand.deleteServer(b.providerId);

    const operator = await t.login('res-admin');
    assert.equal((await t.request('POST', `/api/platforms/${estate.x86}/inventory-sync`, { cookie: edu })).statusCode, 403);
    const sync = await t.request('POST', `/api/platforms/${estate.x86}/inventory-sync`, { cookie: operator });
    assert.equal(sync.statusCode, 200, sync.body);
    assert.ok(sync.json().opened >= 3);
    const findings = (await t.request('GET', `/api/inventory/findings?platformId=${estate.x86}&pageSize=100`, { cookie: operator })).json().items;
    const unknown = findings.find((f: { providerId: string }) => f.providerId === rogue.id);
    assert.equal(unknown.kind, 'unknown');
    assert.equal(unknown.name, 'shadow-it');
    const drift = findings.find((f: { resourceId: string; kind: string }) => f.resourceId === a.id && f.kind === 'drift');
    assert.deepEqual(drift.detail.vcpus, { expected: 2, actual: 8 });
    assert.ok(findings.some((f: { resourceId: string; kind: string }) => f.resourceId === b.id && f.kind === 'missing'));
    assert.ok(await cloud.getServer(rogue.id), 'nothing is deleted automatically');

    const again = (await t.request('POST', `/api/platforms/${estate.x86}/inventory-sync`, { cookie: operator })).json();
    assert.equal(again.opened, 0, 'a second sync refreshes the same findings');
    const acknowledged = await t.request('POST', `/api/inventory/findings/${unknown.id}/acknowledge`, { cookie: operator, body: { note: '服务商测试机，已通知删除' } });
    assert.equal(acknowledged.statusCode, 200);
    assert.equal(acknowledged.json().acknowledgedBy, '云资源管理员 陈晓');
    cloud.outOfBand.deleteServer(rogue.id);
    const third = (await t.request('POST', `/api/platforms/${estate.x86}/inventory-sync`, { cookie: operator })).json();
    assert.ok(third.resolved >= 1, 'the rogue server is gone: its finding is resolved');
    const audit = (await t.request('GET', '/api/audit?action=inventory.finding', { cookie: await t.login('auditadmin') })).json();
    assert.ok(audit.total >= 3, 'each new finding is audited');
    const syncs = (await t.request('GET', `/api/inventory/syncs?platformId=${estate.x86}`, { cookie: operator })).json();
    assert.ok(syncs.total >= 3);
    const city = await t.request('POST', `/api/platforms/${estate.city}/inventory-sync`, { cookie: operator });
    assert.equal(city.statusCode, 409);
    assert.equal(city.json().error.code, 'work_order_platform');
  });
});

describe('work orders on a hand-fulfilled city platform (Songjiang profile, SJ-10)', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022' });
  });
  after(() => t.close());

  test('the city provider’s engineer gets the task with its deadline and records the delivered server', async () => {
    const edu = await t.login('edu-applicant');
    const estate = await applicationEstate(t);
    const { systemId, projectId } = await systemWithProject(t, edu, { [estate.vcpu]: '8', [estate.mem]: '16' });
    const application = await submitted(t, edu, {
      kind: 'city_cloud', title: '市云资源', systemId, projectId, platformId: estate.city, reason: 'district_insufficient', explanation: '区级资源池容量不足',
      lines: [{ itemId: estate.vcpu, quantity: '4' }, { itemId: estate.mem, quantity: '8' }],
    });
    await approveThrough(t, application);
    const [server] = await resourcesOf(t, edu, application.id);
    assert.equal(server.status, 'awaiting_work_order');
    assert.equal(server.provisioningMode, 'work_order');

    // Still waiting at its deadline: reported once to the operator and the applicant.
    const afterDeadline = new Date(new Date(server.dueAt).getTime() + 60_000);
    assert.equal((await sweepProvisioningDeadlines(t.platform, new Date(new Date(server.dueAt).getTime() - 60_000))).overdue, 0);
    assert.equal((await sweepProvisioningDeadlines(t.platform, afterDeadline)).overdue, 1);
    assert.equal((await sweepProvisioningDeadlines(t.platform, afterDeadline)).overdue, 0, 'once per operation');
    const operatorInbox = (await t.request('GET', '/api/notifications', { cookie: await t.login('res-admin') })).json();
    assert.ok(operatorInbox.items.some((n: { kind: string; body: { zh: string } }) => n.kind === 'resource.overdue' && n.body.zh.includes(server.name)));

    const cityProvider = await t.login('city-provider');
    const orders = (await t.request('GET', '/api/work-orders?status=open', { cookie: cityProvider })).json();
    assert.equal(orders.total, 1);
    const order = orders.items[0];
    assert.equal(order.action, 'create');
    assert.deepEqual(order.spec, { vcpus: 4, memoryGiB: 8, diskGiB: 40 });
    assert.equal(order.dueAt, server.dueAt);
    assert.ok((await t.request('GET', '/api/notifications', { cookie: cityProvider })).json().items.some((n: { kind: string }) => n.kind === 'work_order.opened'));

    const otherProvider = await t.login('provider');
    assert.equal((await t.request('GET', '/api/work-orders', { cookie: otherProvider })).json().total, 0, 'another provider does not see it');
    const notTheirs = await t.request('POST', `/api/work-orders/${order.id}/complete`, { cookie: otherProvider, body: { providerReference: 'x' } });
    assert.equal(notTheirs.statusCode, 404);

    const short = await t.request('POST', `/api/work-orders/${order.id}/complete`, { cookie: cityProvider, body: { providerReference: 'ecs-hx-0001', vcpus: 2 } });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().error.fields[0].path, 'vcpus');
    const done = await t.request('POST', `/api/work-orders/${order.id}/complete`, { cookie: cityProvider, body: { providerReference: 'ecs-hx-0001', addresses: ['10.20.1.15'], note: '已在市云控制台开通' } });
    assert.equal(done.statusCode, 200, done.body);
    const managed = (await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json();
    assert.equal(managed.status, 'running');
    assert.equal(managed.providerId, 'ecs-hx-0001');
    assert.deepEqual(managed.addresses, ['10.20.1.15']);
    assert.equal(managed.workOrders[0].completedBy, '市政务云工程师 朱磊');
    assert.equal((await t.request('POST', `/api/work-orders/${order.id}/complete`, { cookie: cityProvider, body: { providerReference: 'ecs-hx-0001' } })).json().error.code, 'work_order_closed');

    const admin = await t.login('edu-admin');
    assert.equal((await t.request('POST', `/api/resources/${server.id}/stop`, { cookie: admin, body: {} })).statusCode, 200);
    const stopOrder = (await t.request('GET', '/api/work-orders?status=open', { cookie: cityProvider })).json().items[0];
    assert.equal(stopOrder.action, 'stop');
    await t.request('POST', `/api/work-orders/${stopOrder.id}/complete`, { cookie: cityProvider, body: { providerReference: 'ecs-hx-0001' } });
    assert.equal((await t.request('GET', `/api/resources/${server.id}`, { cookie: edu })).json().status, 'stopped');
  });
});

describe('the demo district’s work in progress', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  test('is seeded once through the real services, and its approved servers are provisioned', async () => {
    const estate = await applicationEstate(t);
    fastCloud(t, estate.x86);
    assert.deepEqual(await seedDemoWorkloadOnce(t.platform), { applications: 3 });
    assert.deepEqual(await seedDemoWorkloadOnce(t.platform), { applications: 0 }, 'only into a district without applications');
    const pending = (await t.request('GET', '/api/applications/pending', { cookie: await t.login('res-admin') })).json();
    assert.equal(pending.total, 1, 'one application waits in the first approver’s 待办');
    await settle(t, reconcilerFor(t));
    const edu = (await t.request('GET', '/api/resources?pageSize=50', { cookie: await t.login('edu-applicant') })).json();
    assert.deepEqual(edu.items.map((r: { name: string; status: string }) => `${r.name}:${r.status}`).sort(), [
      'edu-db-01-data:running',
      'edu-db-01:running',
      'edu-web-01-data:running',
      'edu-web-01:running',
      'edu-web-02-data:running',
      'edu-web-02:running',
    ]);
    const health = (await t.request('GET', '/api/resources', { cookie: await t.login('health-admin') })).json();
    assert.equal(health.items[0].temporary, true);
    assert.ok(health.items[0].leaseExpiresAt, 'the temporary term runs from provisioning');
  });
});
