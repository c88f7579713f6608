/** The simulated cloud and its driver: transitions on a clock, quotas, capacity, faults, persistence (ADR 005). */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DriverError, type Flavor, IDEMPOTENCY_METADATA_KEY, type ServerSpec } from '../cloud-driver.ts';
import type { FaultKind } from './fault-injection.ts';
import { profileForServer, utilizationAt } from './server-utilization.ts';
import { ManualClock, systemClock } from './sim-clock.ts';
import { SimulatedCloud, type SimulatedCloudOptions } from './simulated-cloud.ts';
import { SimulatedCloudRegistry, SimulatedDriver, simulatedCloudFile } from './simulated-driver.ts';

const small: Flavor = { vcpus: 2, ramMiB: 4096, diskGiB: 40 };
const large: Flavor = { vcpus: 4, ramMiB: 8192, diskGiB: 40 };
const FIXED = { buildMs: 500, resizeMs: 700, stopMs: 300, startMs: 300, deleteMs: 200, volumeCreateMs: 400, attachMs: 150, detachMs: 150, volumeDeleteMs: 100 };

let keys = 0;
const spec = (overrides: Partial<ServerSpec> = {}): ServerSpec => ({ name: `srv-${++keys}`, flavor: small, idempotencyKey: `key-${keys}`, ...overrides });

function setUp(options: Partial<SimulatedCloudOptions> = {}) {
  const clock = new ManualClock();
  const cloud = new SimulatedCloud({ platformId: 'test', clock, timings: FIXED, seed: 1, ...options });
  return { clock, cloud, driver: new SimulatedDriver(cloud) };
}

async function rejected(promise: Promise<unknown>): Promise<DriverError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DriverError, `expected a DriverError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yunshu-simcloud-'));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('state transitions on the clock', () => {
  test('a server is accepted in BUILD and becomes ACTIVE, with an address, after the build time', async () => {
    const { clock, driver } = setUp();
    const created = await driver.createServer(spec({ metadata: { system: 'oa' } }));
    assert.equal(created.status, 'BUILD');
    assert.deepEqual(created.addresses, []);
    assert.equal(created.metadata[IDEMPOTENCY_METADATA_KEY], `key-${keys}`);
    assert.equal(created.metadata.system, 'oa');
    await clock.advance(499);
    assert.equal((await driver.getServer(created.id))?.status, 'BUILD');
    await clock.advance(1);
    const active = await driver.getServer(created.id);
    assert.equal(active?.status, 'ACTIVE');
    assert.match(active?.addresses[0] ?? '', /^10\.20\.\d+\.\d+$/);
  });

  test('stop and start take time; the status stays ACTIVE while powering off, as in Nova', async () => {
    const { clock, cloud, driver } = setUp();
    const { id } = await driver.createServer(spec());
    await clock.advance(500);
    await driver.stopServer(id);
    assert.equal((await driver.getServer(id))?.status, 'ACTIVE');
    assert.equal(cloud.inspectServer(id)?.taskState, 'powering-off');
    await clock.advance(300);
    assert.equal((await driver.getServer(id))?.status, 'SHUTOFF');
    await driver.startServer(id);
    assert.equal((await driver.getServer(id))?.status, 'SHUTOFF');
    await clock.advance(300);
    assert.equal((await driver.getServer(id))?.status, 'ACTIVE');
  });

  test('a resize goes RESIZE, then VERIFY_RESIZE with the new flavor, and back to ACTIVE once confirmed', async () => {
    const { clock, driver } = setUp();
    const { id } = await driver.createServer(spec());
    await clock.advance(500);
    await driver.resizeServer(id, large);
    const resizing = await driver.getServer(id);
    assert.equal(resizing?.status, 'RESIZE');
    assert.deepEqual(resizing?.flavor, small);
    await clock.advance(700);
    const verifying = await driver.getServer(id);
    assert.equal(verifying?.status, 'VERIFY_RESIZE');
    assert.deepEqual(verifying?.flavor, large);
    await driver.confirmResize(id);
    assert.equal((await driver.getServer(id))?.status, 'ACTIVE');
  });

  test('a server resized while stopped returns to SHUTOFF once confirmed', async () => {
    const { clock, driver } = setUp();
    const { id } = await driver.createServer(spec());
    await clock.advance(500);
    await driver.stopServer(id);
    await clock.advance(300);
    await driver.resizeServer(id, large);
    await clock.advance(700);
    await driver.confirmResize(id);
    assert.equal((await driver.getServer(id))?.status, 'SHUTOFF');
  });

  test('a deleted server is listed while it is being deleted, then gone; its volume is detached', async () => {
    const { clock, driver } = setUp();
    const { id } = await driver.createServer(spec());
    const volume = await driver.createVolume({ name: 'data', sizeGiB: 100, idempotencyKey: 'vol-1' });
    await clock.advance(500);
    await driver.attachVolume(id, volume.id);
    await clock.advance(150);
    assert.equal((await driver.getVolume(volume.id))?.status, 'in-use');
    await driver.deleteServer(id);
    assert.equal((await driver.listServers()).length, 1);
    await clock.advance(199);
    assert.ok(await driver.getServer(id));
    await clock.advance(1);
    assert.equal(await driver.getServer(id), null);
    assert.deepEqual(await driver.listServers(), []);
    const freed = await driver.getVolume(volume.id);
    assert.equal(freed?.status, 'available');
    assert.equal(freed?.attachedTo, null);
  });

  test('volumes: creating → available, attaching → in-use, detaching → available, deleting → gone', async () => {
    const { clock, driver } = setUp();
    const server = await driver.createServer(spec());
    const volume = await driver.createVolume({ name: 'data', sizeGiB: 50, idempotencyKey: 'vol-2', metadata: { system: 'oa' } });
    assert.equal(volume.status, 'creating');
    assert.equal(volume.metadata[IDEMPOTENCY_METADATA_KEY], 'vol-2');
    await clock.advance(500);
    assert.equal((await driver.getVolume(volume.id))?.status, 'available');
    await driver.attachVolume(server.id, volume.id);
    assert.deepEqual(await driver.getVolume(volume.id).then((v) => [v?.status, v?.attachedTo]), ['attaching', server.id]);
    await clock.advance(150);
    assert.equal((await driver.getVolume(volume.id))?.status, 'in-use');
    await driver.detachVolume(server.id, volume.id);
    assert.equal((await driver.getVolume(volume.id))?.status, 'detaching');
    await clock.advance(150);
    assert.deepEqual(await driver.getVolume(volume.id).then((v) => [v?.status, v?.attachedTo]), ['available', null]);
    await driver.deleteVolume(volume.id);
    assert.equal((await driver.getVolume(volume.id))?.status, 'deleting');
    await clock.advance(100);
    assert.equal(await driver.getVolume(volume.id), null);
  });

  test('a server in the wrong state answers 409 (transient); a volume in the wrong state 400 (permanent)', async () => {
    const { clock, driver } = setUp();
    const { id } = await driver.createServer(spec());
    const stop = await rejected(driver.stopServer(id));
    assert.equal(stop.status, 409);
    assert.equal(stop.transient, true);
    assert.match(stop.message, /Cannot 'stop' instance .* task_state building/);
    await clock.advance(500);
    const volume = await driver.createVolume({ name: 'v', sizeGiB: 10, idempotencyKey: 'vol-3' });
    const attach = await rejected(driver.attachVolume(id, volume.id));
    assert.equal(attach.status, 400);
    assert.equal(attach.transient, false);
    assert.match(attach.message, /status must be available .* creating/);
    const missing = await rejected(driver.stopServer('no-such-server'));
    assert.equal(missing.status, 404);
    assert.equal(missing.transient, false);
  });

  test('a bad request is refused permanently with the reason', async () => {
    const { driver } = setUp();
    assert.match((await rejected(driver.createServer(spec({ image: 'windows-xp' })))).message, /Image windows-xp could not be found/);
    assert.equal((await rejected(driver.createServer(spec({ flavor: { vcpus: 0, ramMiB: 1, diskGiB: 0 } })))).status, 400);
    assert.equal((await rejected(driver.createServer(spec({ idempotencyKey: '' })))).transient, false);
    assert.equal((await rejected(driver.createVolume({ name: 'v', sizeGiB: 1.5, idempotencyKey: 'k' }))).status, 400);
  });
});

describe('operations already done succeed (safe retries after a lost answer)', () => {
  test('deleting a server or a volume twice, or one that never existed, is a no-op', async () => {
    const { clock, driver } = setUp();
    const { id } = await driver.createServer(spec());
    const volume = await driver.createVolume({ name: 'v', sizeGiB: 10, idempotencyKey: 'vol-4' });
    await clock.advance(500);
    await driver.deleteServer(id);
    await driver.deleteServer(id);
    await driver.deleteVolume(volume.id);
    await driver.deleteVolume(volume.id);
    await clock.advance(1000);
    await driver.deleteServer(id);
    await driver.deleteVolume(volume.id);
    await driver.deleteServer('never-existed');
    await driver.deleteVolume('never-existed');
    assert.deepEqual(await driver.listServers(), []);
    assert.deepEqual(await driver.listVolumes(), []);
  });

  test('stop a stopped server, start a started one, confirm a confirmed resize, resize to the flavor it has', async () => {
    const { clock, driver } = setUp();
    const { id } = await driver.createServer(spec());
    await clock.advance(500);
    await driver.startServer(id);
    await driver.resizeServer(id, small);
    await driver.stopServer(id);
    await driver.stopServer(id);
    await clock.advance(300);
    await driver.stopServer(id);
    await driver.resizeServer(id, large);
    await clock.advance(700);
    await driver.resizeServer(id, large);
    await driver.confirmResize(id);
    await driver.confirmResize(id);
    const server = await driver.getServer(id);
    assert.equal(server?.status, 'SHUTOFF');
    assert.deepEqual(server?.flavor, large);
  });

  test('attach an attached volume, detach a detached one', async () => {
    const { clock, driver } = setUp();
    const server = await driver.createServer(spec());
    const volume = await driver.createVolume({ name: 'v', sizeGiB: 10, idempotencyKey: 'vol-5' });
    await clock.advance(500);
    await driver.attachVolume(server.id, volume.id);
    await driver.attachVolume(server.id, volume.id);
    await clock.advance(150);
    await driver.attachVolume(server.id, volume.id);
    await driver.detachVolume(server.id, volume.id);
    await driver.detachVolume(server.id, volume.id);
    await clock.advance(150);
    await driver.detachVolume(server.id, volume.id);
    assert.equal((await driver.getVolume(volume.id))?.status, 'available');
  });
});

describe('quotas and capacity', () => {
  test('a create beyond the cores quota is refused permanently with Nova-like numbers', async () => {
    const { driver } = setUp({ quotas: { cores: 64 } });
    for (let i = 0; i < 3; i++) await driver.createServer(spec({ flavor: { vcpus: 20, ramMiB: 1024, diskGiB: 10 } }));
    const error = await rejected(driver.createServer(spec({ flavor: { vcpus: 8, ramMiB: 1024, diskGiB: 10 } })));
    assert.equal(error.message, 'Quota exceeded for cores: requested 8, used 60 of 64');
    assert.equal(error.transient, false);
    assert.equal(error.status, 403);
    assert.equal((await driver.listServers()).length, 3, 'nothing was created');
    assert.deepEqual((await driver.quotas()).cores, { limit: 64, used: 60 });
  });

  test('instances, RAM and volume gigabytes are limited too; a resize counts only its growth', async () => {
    const { clock, driver } = setUp({ quotas: { instances: 2, ramMiB: 10240, volumeGiB: 100 } });
    const first = await driver.createServer(spec());
    await driver.createServer(spec());
    assert.equal((await rejected(driver.createServer(spec()))).message, 'Quota exceeded for instances: requested 1, used 2 of 2');
    await clock.advance(500);
    assert.equal((await rejected(driver.resizeServer(first.id, { vcpus: 2, ramMiB: 8192, diskGiB: 40 }))).message, 'Quota exceeded for ram: requested 4096, used 8192 of 10240');
    await driver.resizeServer(first.id, { vcpus: 2, ramMiB: 6144, diskGiB: 40 });
    await driver.createVolume({ name: 'v', sizeGiB: 80, idempotencyKey: 'vol-q' });
    const volume = await rejected(driver.createVolume({ name: 'w', sizeGiB: 30, idempotencyKey: 'vol-q2' }));
    assert.equal(volume.message, 'Quota exceeded for gigabytes: requested 30, used 80 of 100');
    assert.equal(volume.status, 413);
    const quotas = await driver.quotas();
    assert.deepEqual(quotas, {
      cores: { limit: 512, used: 4 },
      ramMiB: { limit: 10240, used: 10240 },
      instances: { limit: 2, used: 2 },
      volumeGiB: { limit: 100, used: 80 },
    });
  });

  test('without room on any host the server is accepted, then goes to ERROR with "No valid host was found"', async () => {
    const { clock, cloud, driver } = setUp({ hosts: [{ name: 'compute-01', vcpus: 8, ramMiB: 16384 }] });
    const fits = await driver.createServer(spec({ flavor: { vcpus: 6, ramMiB: 8192, diskGiB: 20 } }));
    const tooMany = await driver.createServer(spec({ flavor: { vcpus: 4, ramMiB: 4096, diskGiB: 20 } }));
    assert.equal(tooMany.status, 'BUILD');
    await clock.advance(500);
    assert.equal((await driver.getServer(fits.id))?.status, 'ACTIVE');
    assert.equal((await driver.getServer(tooMany.id))?.status, 'ERROR');
    assert.match(cloud.inspectServer(tooMany.id)?.fault ?? '', /^No valid host was found/);
    assert.deepEqual(cloud.hostUsage(), [{ name: 'compute-01', vcpus: 8, ramMiB: 16384, usedVcpus: 6, usedRamMiB: 8192 }]);
    await driver.deleteServer(fits.id);
    await clock.advance(200);
    const later = await driver.createServer(spec({ flavor: { vcpus: 4, ramMiB: 4096, diskGiB: 20 } }));
    await clock.advance(500);
    assert.equal((await driver.getServer(later.id))?.status, 'ACTIVE');
  });

  test('a resize with no room anywhere fails back to the old flavor with a fault; one that fits elsewhere moves host', async () => {
    const { clock, cloud, driver } = setUp({
      hosts: [
        { name: 'compute-01', vcpus: 8, ramMiB: 32768 },
        { name: 'compute-02', vcpus: 8, ramMiB: 16384 },
      ],
    });
    const x = await driver.createServer(spec({ flavor: { vcpus: 6, ramMiB: 4096, diskGiB: 20 } }));
    const z = await driver.createServer(spec({ flavor: { vcpus: 2, ramMiB: 2048, diskGiB: 20 } }));
    const w = await driver.createServer(spec({ flavor: { vcpus: 4, ramMiB: 2048, diskGiB: 20 } }));
    await clock.advance(500);
    const hosts = [x, z, w].map((s) => cloud.inspectServer(s.id)?.host);
    assert.deepEqual(hosts, ['compute-01', 'compute-01', 'compute-02'], 'the host with the most free memory that fits');
    await driver.resizeServer(x.id, { vcpus: 8, ramMiB: 4096, diskGiB: 20 });
    await clock.advance(700);
    const failed = cloud.inspectServer(x.id);
    assert.equal(failed?.status, 'ACTIVE');
    assert.equal(failed?.flavor.vcpus, 6);
    assert.match(failed?.fault ?? '', /No valid host/);
    const impossible = await rejected(driver.resizeServer(x.id, { vcpus: 9, ramMiB: 4096, diskGiB: 20 }));
    assert.equal(impossible.status, 400, 'a flavor larger than every host does not exist on this cloud');
    await driver.deleteServer(w.id);
    await clock.advance(200);
    await driver.resizeServer(x.id, { vcpus: 7, ramMiB: 4096, diskGiB: 20 });
    await clock.advance(700);
    assert.equal(cloud.inspectServer(x.id)?.status, 'VERIFY_RESIZE');
    const held = (usage: ReturnType<typeof cloud.hostUsage>) => usage.map((h) => h.usedVcpus);
    assert.deepEqual(held(cloud.hostUsage()), [8, 7], 'both hosts hold the server until the resize is confirmed');
    await driver.confirmResize(x.id);
    assert.equal(cloud.inspectServer(x.id)?.host, 'compute-02');
    assert.deepEqual(held(cloud.hostUsage()), [2, 7]);
  });

  test('a volume beyond the storage back end ends in error', async () => {
    const { clock, cloud, driver } = setUp({ storageGiB: 100 });
    await driver.createVolume({ name: 'a', sizeGiB: 80, idempotencyKey: 'st-1' });
    const b = await driver.createVolume({ name: 'b', sizeGiB: 30, idempotencyKey: 'st-2' });
    await clock.advance(400);
    assert.equal((await driver.getVolume(b.id))?.status, 'error');
    assert.match(cloud.inspectVolume(b.id)?.fault ?? '', /No valid backend/);
    await driver.deleteVolume(b.id);
  });
});

describe('fault injection', () => {
  test('accept then fail: the cloud creates the server, the caller gets a timeout and finds it by its key', async () => {
    const { cloud, driver } = setUp();
    cloud.faults.acceptThenFail('createServer');
    const request = spec();
    const error = await rejected(driver.createServer(request));
    assert.equal(error.transient, true);
    assert.equal(error.status, null);
    assert.equal(error.message, 'createServer: no answer from the simulated cloud (injected timeout)');
    const found = await driver.findServerByKey(request.idempotencyKey);
    assert.equal(found?.name, request.name);
    assert.equal((await driver.listServers()).length, 1);
    assert.equal(cloud.stats().lostAnswers, 1);
  });

  test('the cloud does not deduplicate: a blind retry makes a second server, and the key finds the first', async () => {
    const { driver } = setUp();
    const request = spec();
    const first = await driver.createServer(request);
    await driver.createServer(request);
    assert.equal((await driver.listServers()).length, 2);
    assert.equal((await driver.findServerByKey(request.idempotencyKey))?.id, first.id);
    assert.equal(await driver.findServerByKey('unknown-key'), null);
  });

  test('the next N calls fail with the kind asked for, before the cloud acts', async () => {
    const { cloud, driver } = setUp();
    cloud.faults.failNext('createServer', 2, 'unavailable');
    cloud.faults.failNext('createServer', 1, 'bad_request');
    const kinds: [boolean, number | null][] = [];
    for (let i = 0; i < 3; i++) {
      const error = await rejected(driver.createServer(spec()));
      kinds.push([error.transient, error.status]);
    }
    assert.deepEqual(kinds, [
      [true, 503],
      [true, 503],
      [false, 400],
    ]);
    assert.deepEqual(await driver.listServers(), []);
    await driver.createServer(spec());
    assert.equal((await driver.listServers()).length, 1);
    assert.equal(cloud.stats().injectedFailures, 3);
  });

  test('every fault kind maps to the status and retry class of a real provider', async () => {
    const expected: Record<FaultKind, [boolean, number | null]> = {
      unavailable: [true, 503],
      timeout: [true, null],
      rate_limited: [true, 429],
      conflict: [true, 409],
      internal: [true, 500],
      bad_request: [false, 400],
    };
    const { cloud, driver } = setUp();
    for (const [kind, [transient, status]] of Object.entries(expected)) {
      cloud.faults.failNext('quotas', 1, kind as FaultKind);
      const error = await rejected(driver.quotas());
      assert.deepEqual([error.transient, error.status], [transient, status], kind);
    }
  });

  test('an error rate with a seed gives the same sequence every run; another seed another one', async () => {
    const pattern = async (seed: number) => {
      const { cloud, driver } = setUp({ seed, faults: { getServer: { errorRate: 0.3 } } });
      const outcomes: string[] = [];
      for (let i = 0; i < 40; i++) {
        // other operations in between do not move getServer's sequence
        if (i % 3 === 0) await driver.listServers();
        outcomes.push(await driver.getServer('x').then(() => '.', () => 'X'));
      }
      cloud.faults.clear();
      return outcomes.join('');
    };
    const a = await pattern(7);
    assert.equal(await pattern(7), a);
    assert.notEqual(await pattern(8), a);
    const failures = [...a].filter((c) => c === 'X').length;
    assert.ok(failures > 4 && failures < 24, `about 30% of 40 fail: ${a}`);
  });

  test('an accept-then-fail rate loses answers of performed calls, reproducibly', async () => {
    const run = async () => {
      const { driver } = setUp({ seed: 3, faults: { createServer: { acceptThenFailRate: 0.5 } } });
      let lost = 0;
      for (let i = 0; i < 20; i++) await driver.createServer(spec()).catch(() => lost++);
      return { lost, servers: (await driver.listServers()).length };
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.equal(first.servers, 20, 'every call was performed');
    assert.ok(first.lost > 3 && first.lost < 17);
  });

  test("'*' applies to every operation; an operation's own entry overrides it", async () => {
    const { cloud, driver } = setUp({ faults: { '*': { errorRate: 1, errorKind: 'internal' }, quotas: { errorRate: 0 } } });
    assert.equal((await rejected(driver.listServers())).status, 500);
    await driver.quotas();
    cloud.faults.configure('*', null);
    await driver.listServers();
    assert.throws(() => cloud.faults.configure('getServer', { errorRate: 2 }), RangeError);
  });
});

describe('latency', () => {
  test('a fixed latency holds the answer until the clock has moved by it', async () => {
    const { clock, cloud, driver } = setUp({ faults: { getServer: { latencyMs: 200 } } });
    let answered = false;
    const call = driver.getServer('x').then(() => {
      answered = true;
    });
    await clock.advance(199);
    assert.equal(answered, false);
    assert.equal(cloud.stats().inFlight, 1);
    await clock.advance(1);
    await call;
    assert.equal(answered, true);
    assert.equal(cloud.stats().inFlight, 0);
  });

  test('the cloud acts half-way through the latency, so an accepted create exists before its answer arrives', async () => {
    const { clock, cloud, driver } = setUp({ faults: { createServer: { latencyMs: 100 } } });
    const request = spec();
    const call = driver.createServer(request);
    await clock.advance(50);
    assert.equal((await cloud.findServerByKey(request.idempotencyKey))?.name, request.name);
    await clock.advance(50);
    assert.equal((await call).name, request.name);
  });

  test('a random latency range is drawn from the seed: same seed, same latencies', async () => {
    const latencies = async (seed: number) => {
      const { clock, driver } = setUp({ seed, faults: { getServer: { latencyMs: { min: 50, max: 150 } } } });
      const measured: number[] = [];
      for (let i = 0; i < 8; i++) {
        const started = clock.now();
        let done = false;
        const call = driver.getServer('x').then(() => {
          done = true;
        });
        while (!done) await clock.advance(1);
        await call;
        measured.push(clock.now() - started);
      }
      return measured;
    };
    const a = await latencies(11);
    assert.deepEqual(await latencies(11), a);
    assert.ok(a.every((ms) => ms >= 50 && ms <= 150), a.join(','));
    assert.ok(new Set(a).size > 1);
  });

  test('calls in flight overlap: concurrency is bounded by the caller, not serialised by the cloud', async () => {
    const { clock, cloud, driver } = setUp({ faults: { '*': { latencyMs: 100 } } });
    const started = clock.now();
    const calls = Array.from({ length: 10 }, () => driver.createServer(spec()));
    await clock.advance(100);
    await Promise.all(calls);
    assert.equal(cloud.stats().maxInFlight, 10);
    assert.equal(clock.now() - started, 100);
  });

  test('with the real clock a small latency really delays the answer', async () => {
    const cloud = new SimulatedCloud({ platformId: 'real-clock', clock: systemClock, faults: { testConnection: { latencyMs: 40 } } });
    const started = performance.now();
    await new SimulatedDriver(cloud).testConnection();
    assert.ok(performance.now() - started >= 38);
  });
});

describe('persistence', () => {
  test('a reopened cloud has the same servers and volumes, and carries on their transitions', async () => {
    const file = join(tempDir(), 'simulated-clouds', 'p1.json');
    const { clock, driver } = setUp({ platformId: 'p1', file });
    const active = await driver.createServer(spec());
    await clock.advance(500);
    const building = await driver.createServer(spec());
    const volume = await driver.createVolume({ name: 'v', sizeGiB: 20, idempotencyKey: 'vol-p' });
    const reopened = new SimulatedDriver(new SimulatedCloud({ platformId: 'p1', clock, file, timings: FIXED }));
    assert.deepEqual(await reopened.listServers(), await driver.listServers());
    assert.deepEqual(await reopened.listVolumes(), await driver.listVolumes());
    assert.equal((await reopened.getServer(active.id))?.status, 'ACTIVE');
    assert.equal((await reopened.getServer(building.id))?.status, 'BUILD');
    await clock.advance(500);
    assert.equal((await reopened.getServer(building.id))?.status, 'ACTIVE');
    assert.equal((await reopened.getVolume(volume.id))?.status, 'available');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(doc.format, 'yunshu-simulated-cloud/1');
    assert.equal(doc.platformId, 'p1');
    assert.equal(doc.servers.length, 2);
    assert.deepEqual(readdirSync(join(file, '..')), ['p1.json'], 'no temporary file is left');
  });

  test('a create whose answer is lost is already in the file when the caller hears of the failure', async () => {
    const file = join(tempDir(), 'p2.json');
    const { cloud, driver } = setUp({ platformId: 'p2', file });
    cloud.faults.acceptThenFail('createServer');
    const request = spec();
    await rejected(driver.createServer(request));
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(
      doc.servers.map((s: { metadata: Record<string, string> }) => s.metadata[IDEMPOTENCY_METADATA_KEY]),
      [request.idempotencyKey],
    );
  });

  test('a file that is not a simulated cloud, or another platform’s, is refused rather than overwritten; stale temporary files are removed', () => {
    const dir = tempDir();
    const file = join(dir, 'p3.json');
    writeFileSync(file, '{"servers": [');
    assert.throws(() => new SimulatedCloud({ platformId: 'p3', file }), /p3\.json is not valid JSON/);
    writeFileSync(file, JSON.stringify({ format: 'yunshu-simulated-cloud/1', platformId: 'other', servers: [], volumes: [], nextAddress: 0 }));
    assert.throws(() => new SimulatedCloud({ platformId: 'p3', file }), /belongs to platform other/);
    writeFileSync(join(dir, 'p4.json.tmp-12345'), 'half a write');
    new SimulatedCloud({ platformId: 'p4', file: join(dir, 'p4.json') });
    assert.equal(existsSync(join(dir, 'p4.json.tmp-12345')), false);
  });

  test('the registry gives one cloud per platform, kept under DATA_DIR/simulated-clouds/<platformId>.json', async () => {
    const dataDir = tempDir();
    const registry = new SimulatedCloudRegistry();
    const options = { dataDir, clock: new ManualClock(), timings: FIXED };
    const a = registry.driver('platform-a', options);
    const b = registry.driver('platform-a', options);
    await a.createServer(spec());
    assert.equal((await b.listServers()).length, 1, 'both drivers see one cloud');
    assert.equal(registry.cloud('platform-b', options) === registry.cloud('platform-a', options), false);
    assert.equal(simulatedCloudFile(dataDir, 'platform-a'), join(dataDir, 'simulated-clouds', 'platform-a.json'));
    assert.ok(existsSync(simulatedCloudFile(dataDir, 'platform-a')));
    registry.clear();
    assert.equal((await registry.driver('platform-a', options).listServers()).length, 1, 'reopened from its file');
    assert.throws(() => simulatedCloudFile(dataDir, '../etc'), /cannot name/);
  });
});

describe('out-of-band changes and utilization', () => {
  test('a server created directly on the cloud is listed by the driver, without an idempotency key', async () => {
    const { cloud, driver } = setUp();
    await driver.createServer(spec());
    const rogue = cloud.outOfBand.createServer({ name: 'unauthorised-vm', flavor: large });
    assert.equal(rogue.status, 'ACTIVE');
    assert.equal(rogue.outOfBand, true);
    const listed = await driver.listServers();
    assert.equal(listed.length, 2);
    const found = listed.find((s) => s.id === rogue.id);
    assert.equal(found?.name, 'unauthorised-vm');
    assert.equal(found?.metadata[IDEMPOTENCY_METADATA_KEY], undefined);
    assert.equal((await driver.quotas()).cores.used, 6, 'it uses the project quota');
  });

  test('spec drift and disappearance made on the cloud are what the driver reports', async () => {
    const { clock, cloud, driver } = setUp();
    const a = await driver.createServer(spec());
    const b = await driver.createServer(spec());
    await clock.advance(500);
    cloud.outOfBand.setFlavor(a.id, large);
    cloud.outOfBand.deleteServer(b.id);
    cloud.outOfBand.setStatus(a.id, 'ERROR', 'Host compute-01 is unreachable');
    assert.deepEqual((await driver.getServer(a.id))?.flavor, large);
    assert.equal((await driver.getServer(a.id))?.status, 'ERROR');
    assert.equal(await driver.getServer(b.id), null);
  });

  test('utilization follows a deterministic daily pattern per server', async () => {
    const { clock, cloud, driver } = setUp();
    const { id } = await driver.createServer(spec());
    await clock.advance(500);
    cloud.outOfBand.setUtilizationProfile(id, 'office');
    // 2026-11-25 is a Wednesday; 10:30 and 03:00 Beijing time
    const workday = Date.parse('2026-11-25T02:30:00Z');
    const night = Date.parse('2026-11-25T19:00:00Z');
    const busy = cloud.utilization(id, workday);
    const quiet = cloud.utilization(id, night);
    assert.ok(busy && quiet);
    assert.ok(busy.cpuPercent > quiet.cpuPercent * 3, `${busy.cpuPercent} vs ${quiet.cpuPercent}`);
    assert.ok(busy.networkRxBytes > quiet.networkRxBytes);
    assert.deepEqual(cloud.utilization(id, workday), busy, 'same moment, same figures');
    assert.deepEqual(utilizationAt(id, 'office', workday), busy);
    assert.equal(cloud.utilization(id, Date.parse('2020-01-01T00:00:00Z')), null, 'before the server existed');
    const midnight = Date.parse('2026-11-24T16:00:00Z');
    const day = cloud.utilizationSeries(id, { from: midnight, to: midnight + 86_400_000, intervalSeconds: 3600 });
    assert.equal(day.length, 24);
    const peakHour = day.reduce((best, s, hour) => (s.cpuPercent > day[best]!.cpuPercent ? hour : best), 0);
    assert.ok(peakHour >= 9 && peakHour < 18, `an office server peaks in office hours, not at ${peakHour}:00`);
    cloud.outOfBand.setUtilizationProfile(id, 'idle');
    assert.ok(cloud.utilizationSeries(id, { from: midnight, to: midnight + 86_400_000 }).every((s) => s.cpuPercent < 5));
    await driver.stopServer(id);
    await clock.advance(300);
    assert.equal(cloud.utilization(id, workday)?.cpuPercent, 0, 'a stopped server reports nothing');
  });

  test('profiles are spread over servers by id', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const profile = profileForServer(`server-${i}`);
      counts.set(profile, (counts.get(profile) ?? 0) + 1);
    }
    assert.equal(counts.size, 4);
    assert.ok((counts.get('idle') ?? 0) > 80 && (counts.get('idle') ?? 0) < 230);
  });
});
