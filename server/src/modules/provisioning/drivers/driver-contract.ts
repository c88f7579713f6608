/**
 * The behaviour every cloud driver must show, as node:test tests a driver's test file registers with
 * `driverContract(name, makeDriver)`. One server and one volume go through their whole life —
 * create with an idempotency key, find by the key, stop, start, resize and confirm, attach, detach,
 * delete twice — and the error cases the reconciler relies on are checked. Everything the suite
 * creates is named and keyed `yunshu-contract-<run>-…` and removed afterwards, also when a test fails.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CloudDriver,
  type CloudServer,
  type CloudVolume,
  DriverError,
  type Flavor,
  IDEMPOTENCY_METADATA_KEY,
  type ServerStatus,
  type VolumeStatus,
} from './cloud-driver.ts';

export interface DriverContractOptions {
  /** How long a resource may take to reach a state (default 120 s). */
  timeoutMs?: number;
  /** How often the state is read while waiting (default 500 ms). */
  pollMs?: number;
  /** The sizes used: `large` must be a different, bigger flavor on the cloud (default 1/128/1 and 1/512/1). */
  flavors?: { small: Flavor; large: Flavor };
  /** A reason to skip the whole suite (the cloud is not reachable), or false. */
  skip?: string | false;
}

const DEFAULT_FLAVORS = { small: { vcpus: 1, ramMiB: 128, diskGiB: 1 }, large: { vcpus: 1, ramMiB: 512, diskGiB: 1 } };

function fits(flavor: Flavor, wanted: Flavor): boolean {
  return flavor.vcpus >= wanted.vcpus && flavor.ramMiB >= wanted.ramMiB && flavor.diskGiB >= wanted.diskGiB;
}

export function driverContract(name: string, makeDriver: () => Promise<CloudDriver>, options: DriverContractOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollMs = options.pollMs ?? 500;
  const { small, large } = options.flavors ?? DEFAULT_FLAVORS;
  const prefix = `yunshu-contract-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const serverKey = `${prefix}-server`;
  const volumeKey = `${prefix}-volume`;
  // Every test may wait for a few state changes.
  const testTimeout = timeoutMs * 4;

  // Each test is skipped rather than the suite, so that the skips show in the totals.
  const skip = options.skip ?? false;
  const it = (title: string, fn: () => Promise<void>) => test(title, { skip, timeout: testTimeout }, fn);

  describe(`${name} driver contract`, () => {
    let driver: CloudDriver;
    let server: CloudServer | null = null;
    let volume: CloudVolume | null = null;

    async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, failed: (value: T) => boolean = () => false): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last: T = await read();
      while (!done(last)) {
        if (failed(last)) assert.fail(`${what}: failed, last seen ${JSON.stringify(last)}`);
        if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms, last seen ${JSON.stringify(last)}`);
        await sleep(pollMs);
        last = await read();
      }
      return last;
    }

    function serverIn(status: ServerStatus): Promise<CloudServer | null> {
      const id = requireServer().id;
      return waitFor(
        `server ${id} becomes ${status}`,
        () => driver.getServer(id),
        (s) => s?.status === status,
        (s) => s === null || (s.status === 'ERROR' && status !== 'ERROR'),
      );
    }

    function volumeIn(status: VolumeStatus): Promise<CloudVolume | null> {
      const id = requireVolume().id;
      return waitFor(
        `volume ${id} becomes ${status}`,
        () => driver.getVolume(id),
        (v) => v?.status === status,
        (v) => v === null || (v.status === 'error' && status !== 'error'),
      );
    }

    function requireServer(): CloudServer {
      assert.ok(server, 'the server of the earlier steps was not created');
      return server;
    }

    function requireVolume(): CloudVolume {
      assert.ok(volume, 'the volume of the earlier steps was not created');
      return volume;
    }

    before(async () => {
      if (skip) return;
      driver = await makeDriver();
    });

    // Everything carrying this run's key prefix goes, found on the cloud rather than remembered, so a
    // create whose answer was lost is removed as well.
    after(async () => {
      if (!driver) return;
      const ours = (metadata: Record<string, string>) => metadata[IDEMPOTENCY_METADATA_KEY]?.startsWith(prefix) ?? false;
      const problems: unknown[] = [];
      const attempt = async (step: () => Promise<unknown>) => {
        try {
          await step();
        } catch (error) {
          problems.push(error);
        }
      };
      const volumes = (await driver.listVolumes()).filter((v) => ours(v.metadata));
      const servers = (await driver.listServers()).filter((s) => ours(s.metadata));
      // Servers first: deleting a server detaches its volumes, which can then be deleted.
      for (const s of servers) await attempt(() => driver.deleteServer(s.id));
      for (const s of servers) await attempt(() => waitFor(`server ${s.id} is deleted`, () => driver.getServer(s.id), (now) => now === null));
      for (const v of volumes) {
        await attempt(async () => {
          const settled = await waitFor(
            `volume ${v.id} is detached`,
            () => driver.getVolume(v.id),
            (now) => now === null || (now.attachedTo === null && !['attaching', 'detaching', 'creating'].includes(now.status)),
          );
          if (settled) await driver.deleteVolume(v.id);
        });
      }
      for (const v of volumes) await attempt(() => waitFor(`volume ${v.id} is deleted`, () => driver.getVolume(v.id), (now) => now === null));
      if (problems.length > 0) throw new AggregateError(problems, `cleaning up after the ${name} driver contract`);
    });

    it('reaches the cloud', async () => {
      await driver.testConnection();
    });

    it('creates a server carrying its idempotency key, which becomes ACTIVE', async () => {
      const created = await driver.createServer({ name: `${prefix}-server`, flavor: small, idempotencyKey: serverKey, metadata: { purpose: 'contract' } });
      server = created;
      assert.equal(created.name, `${prefix}-server`);
      assert.equal(created.metadata[IDEMPOTENCY_METADATA_KEY], serverKey);
      assert.ok(['BUILD', 'ACTIVE'].includes(created.status), created.status);
      const active = await serverIn('ACTIVE');
      assert.ok(active && fits(active.flavor, small), `flavor ${JSON.stringify(active?.flavor)} fits ${JSON.stringify(small)}`);
      assert.equal(active.metadata.purpose, 'contract');
      assert.ok(!Number.isNaN(Date.parse(active.createdAt)), active.createdAt);
      assert.ok(Array.isArray(active.addresses));
    });

    it('finds exactly that server by its key, again on a second lookup; an unknown key finds nothing', async () => {
      const { id } = requireServer();
      const first = await driver.findServerByKey(serverKey);
      assert.equal(first?.id, id);
      assert.equal(first?.metadata[IDEMPOTENCY_METADATA_KEY], serverKey);
      // What a caller does before creating again after a lost answer: the lookup, which finds the one server.
      const second = await driver.findServerByKey(serverKey);
      assert.equal(second?.id, id);
      assert.equal(await driver.findServerByKey(`${prefix}-never-created`), null);
    });

    it('lists the server', async () => {
      const { id } = requireServer();
      const listed = (await driver.listServers()).filter((s) => s.id === id);
      assert.equal(listed.length, 1);
      assert.equal(listed[0]!.metadata[IDEMPOTENCY_METADATA_KEY], serverKey);
    });

    it('stops the server to SHUTOFF and starts it to ACTIVE; repeating either is harmless', async () => {
      const { id } = requireServer();
      await driver.stopServer(id);
      await serverIn('SHUTOFF');
      await driver.stopServer(id);
      assert.equal((await driver.getServer(id))?.status, 'SHUTOFF');
      await driver.startServer(id);
      await serverIn('ACTIVE');
      await driver.startServer(id);
      assert.equal((await driver.getServer(id))?.status, 'ACTIVE');
    });

    it('resizes to a bigger flavor: VERIFY_RESIZE, then confirmed ACTIVE with the new flavor', async () => {
      const { id } = requireServer();
      const before = (await driver.getServer(id))!.flavor;
      await driver.resizeServer(id, large);
      await serverIn('VERIFY_RESIZE');
      await driver.confirmResize(id);
      const resized = await serverIn('ACTIVE');
      assert.ok(resized && fits(resized.flavor, large), `flavor ${JSON.stringify(resized?.flavor)} fits ${JSON.stringify(large)}`);
      assert.notDeepEqual(resized.flavor, before);
      // A confirmation repeated after a lost answer changes nothing.
      await driver.confirmResize(id);
      assert.deepEqual((await driver.getServer(id))?.flavor, resized.flavor);
    });

    it('creates a volume carrying its idempotency key, which becomes available and is found by the key', async () => {
      const created = await driver.createVolume({ name: `${prefix}-volume`, sizeGiB: 1, idempotencyKey: volumeKey, metadata: { purpose: 'contract' } });
      volume = created;
      assert.equal(created.metadata[IDEMPOTENCY_METADATA_KEY], volumeKey);
      const available = await volumeIn('available');
      assert.equal(available?.sizeGiB, 1);
      assert.equal(available?.attachedTo, null);
      assert.equal((await driver.findVolumeByKey(volumeKey))?.id, created.id);
      assert.equal(await driver.findVolumeByKey(`${prefix}-never-created`), null);
      assert.equal((await driver.listVolumes()).filter((v) => v.id === created.id).length, 1);
    });

    it('attaches the volume (in-use, attached to the server) and detaches it (available)', async () => {
      const serverId = requireServer().id;
      const volumeId = requireVolume().id;
      await driver.attachVolume(serverId, volumeId);
      const attached = await volumeIn('in-use');
      assert.equal(attached?.attachedTo, serverId);
      await driver.detachVolume(serverId, volumeId);
      const detached = await volumeIn('available');
      assert.equal(detached?.attachedTo, null);
    });

    it('reports quotas as numbers that count what exists', async () => {
      const quotas = await driver.quotas();
      for (const [item, { limit, used }] of Object.entries(quotas)) {
        assert.ok(Number.isInteger(limit) && limit >= -1, `${item}.limit = ${limit}`);
        assert.ok(Number.isInteger(used) && used >= 0, `${item}.used = ${used}`);
      }
      assert.ok(quotas.instances.used >= 1, 'the contract server counts');
      assert.ok(quotas.cores.used >= large.vcpus, 'its vCPUs count');
      assert.ok(quotas.ramMiB.used >= large.ramMiB, 'its memory counts');
      assert.ok(quotas.volumeGiB.used >= 1, 'the contract volume counts');
    });

    it('deletes the volume; deleting it again is a no-op; then it is gone', async () => {
      const { id } = requireVolume();
      await driver.deleteVolume(id);
      await driver.deleteVolume(id);
      await waitFor(`volume ${id} is deleted`, () => driver.getVolume(id), (v) => v === null);
      await driver.deleteVolume(id);
      assert.equal(await driver.findVolumeByKey(volumeKey), null);
    });

    it('deletes the server; deleting it again is a no-op; then getServer answers null', async () => {
      const { id } = requireServer();
      await driver.deleteServer(id);
      await driver.deleteServer(id);
      await waitFor(`server ${id} is deleted`, () => driver.getServer(id), (s) => s === null);
      await driver.deleteServer(id);
      assert.equal(await driver.findServerByKey(serverKey), null);
      assert.equal((await driver.listServers()).some((s) => s.id === id), false);
    });

    it('reads a malformed or unknown id as null, not as an error', async () => {
      for (const id of ['not-a-valid-id', '00000000-0000-4000-8000-000000000000']) {
        assert.equal(await driver.getServer(id), null, `server ${id}`);
        assert.equal(await driver.getVolume(id), null, `volume ${id}`);
      }
    });

    it('refuses an impossible flavor with a permanent DriverError carrying the provider message', async () => {
      await assert.rejects(
        driver.createServer({ name: `${prefix}-impossible`, flavor: { ...small, vcpus: 100_000 }, idempotencyKey: `${prefix}-impossible` }),
        (error: unknown) => {
          assert.ok(error instanceof DriverError, `a DriverError, not ${String(error)}`);
          assert.equal(error.transient, false, error.message);
          assert.ok(error.providerMessage.trim().length > 0, 'the provider message is kept');
          return true;
        },
      );
    });
  });
}
