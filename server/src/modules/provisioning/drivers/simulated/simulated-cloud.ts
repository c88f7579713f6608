/**
 * An in-process cloud that behaves like a small OpenStack region: requests are accepted at once and
 * carried out on a clock (BUILD → ACTIVE, RESIZE → VERIFY_RESIZE, powering off and on, volumes
 * creating → available …), project quotas refuse what exceeds them, a pool of compute hosts and a
 * storage back end run out, and every API call can be slowed down or made to fail on demand (ADR 005).
 *
 * Transitions are deadlines kept with each resource and applied whenever the cloud is looked at, so
 * nothing runs in the background, a `ManualClock` drives everything in tests, and a cloud reopened
 * from its file after a crash carries on where it stopped. The API methods are named after the
 * driver's operations and answer as Nova and Cinder do: 409 (transient) for a server in the wrong
 * state, 400 (permanent) for a volume in the wrong state or a bad request, 403/413 for quotas, 404
 * for an unknown resource; stopping a stopped server is refused here, and it is the driver that
 * treats such "already there" refusals as success, as the OpenStack driver does.
 */
import { randomUUID } from 'node:crypto';
import { type CloudServer, type CloudVolume, DriverError, type Flavor, IDEMPOTENCY_METADATA_KEY, type QuotaUsage, type ServerSpec, type VolumeSpec } from '../cloud-driver.ts';
import { type CloudState, emptyState, readStateFile, type ServerRecord, type ServerTask, type VolumeRecord, type VolumeTask, writeStateFile } from './cloud-state-file.ts';
import { FaultInjector, type FaultSettings, injectedError, type SimulatedOperation } from './fault-injection.ts';
import { type Duration, drawDuration, hash32, seededRandom } from './seeded-random.ts';
import { type Clock, systemClock } from './sim-clock.ts';
import { profileForServer, type UtilizationProfile, type UtilizationSample, utilizationAt } from './server-utilization.ts';

export interface HostSpec {
  name: string;
  vcpus: number;
  ramMiB: number;
}

/** Project quotas; -1 is unlimited, as in OpenStack. */
export interface QuotaLimits {
  cores: number;
  ramMiB: number;
  instances: number;
  volumeGiB: number;
}

export interface Timings {
  buildMs: Duration;
  resizeMs: Duration;
  stopMs: Duration;
  startMs: Duration;
  deleteMs: Duration;
  volumeCreateMs: Duration;
  attachMs: Duration;
  detachMs: Duration;
  volumeDeleteMs: Duration;
}

/** Short enough for a demo to show BUILD, then ACTIVE, a moment later. */
export const DEFAULT_TIMINGS: Timings = {
  buildMs: { min: 300, max: 800 },
  resizeMs: { min: 400, max: 900 },
  stopMs: { min: 200, max: 500 },
  startMs: { min: 200, max: 500 },
  deleteMs: { min: 200, max: 400 },
  volumeCreateMs: { min: 200, max: 500 },
  attachMs: { min: 150, max: 300 },
  detachMs: { min: 150, max: 300 },
  volumeDeleteMs: { min: 150, max: 300 },
};

export const DEFAULT_QUOTAS: QuotaLimits = { cores: 512, ramMiB: 2 * 1024 * 1024, instances: 200, volumeGiB: 20 * 1024 };

/** Eight hosts of 64 vCPU and 256 GiB. */
export const DEFAULT_HOSTS: readonly HostSpec[] = Array.from({ length: 8 }, (_, i) => ({
  name: `compute-${String(i + 1).padStart(2, '0')}`,
  vcpus: 64,
  ramMiB: 256 * 1024,
}));

export const DEFAULT_IMAGES: readonly string[] = ['openeuler-24.03-lts', 'kylin-v10-sp3', 'ubuntu-24.04', 'cirros-0.6.3'];

export interface SimulatedCloudOptions {
  platformId: string;
  clock?: Clock;
  /** Seeds latencies, injected errors and transition times; the same seed replays the same run. */
  seed?: number;
  quotas?: Partial<QuotaLimits>;
  hosts?: readonly HostSpec[];
  /** Capacity of the storage back end. */
  storageGiB?: number;
  /** Image names; a server spec without an image gets the first. */
  images?: readonly string[];
  timings?: Partial<Timings>;
  faults?: FaultSettings;
  /** JSON file keeping servers and volumes across restarts; absent or null: in memory only. */
  file?: string | null;
  /** Also flush each write to the disk (survives power loss, not only a killed process). */
  fsync?: boolean;
}

/** A server as the cloud's API shows it: the driver's fields, plus Nova's image, fault and task state. */
export interface SimulatedServer extends CloudServer {
  image: string;
  /** Why the server is in ERROR or why its last action failed (Nova's `fault.message`). */
  fault: string | null;
  /** Work in progress; the status stays ACTIVE while powering off, as in Nova. */
  taskState: ServerTask['kind'] | null;
}

/** What an administrator of the cloud sees besides. */
export interface SimulatedServerDetail extends SimulatedServer {
  host: string | null;
  outOfBand: boolean;
  utilizationProfile: UtilizationProfile;
}

export interface SimulatedVolume extends CloudVolume {
  createdAt: string;
  fault: string | null;
  taskState: VolumeTask['kind'] | null;
}

export interface SimulatedVolumeDetail extends SimulatedVolume {
  outOfBand: boolean;
}

export interface HostUsage extends HostSpec {
  usedVcpus: number;
  usedRamMiB: number;
}

export interface CallStats {
  calls: Partial<Record<SimulatedOperation, number>>;
  injectedFailures: number;
  /** Calls the cloud performed whose answer was replaced by a timeout. */
  lostAnswers: number;
  inFlight: number;
  maxInFlight: number;
}

/** Changes made directly on the cloud, as by someone with console access: no latency, no injected faults. */
export interface OutOfBandControls {
  /** A server nobody asked Yunshu for; ACTIVE at once unless `status` says otherwise. Quotas and capacity apply. */
  createServer(spec: { name: string; flavor: Flavor; image?: string; metadata?: Record<string, string>; status?: 'BUILD' | 'ACTIVE' | 'SHUTOFF' }): SimulatedServerDetail;
  /** Gone at once; its volumes become available. */
  deleteServer(id: string): void;
  /** Spec drift: the server now has another flavor. */
  setFlavor(id: string, flavor: Flavor): void;
  setMetadata(id: string, metadata: Record<string, string>): void;
  /** A host failure (ERROR, with a fault) or an operator stopping/starting the server. */
  setStatus(id: string, status: 'ACTIVE' | 'SHUTOFF' | 'ERROR', fault?: string): void;
  createVolume(spec: { name: string; sizeGiB: number; metadata?: Record<string, string> }): SimulatedVolumeDetail;
  deleteVolume(id: string): void;
  /** Pins a server's utilization pattern, e.g. `idle` to make a zombie. */
  setUtilizationProfile(id: string, profile: UtilizationProfile): void;
}

const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';
const NO_VALID_BACKEND = 'No valid backend was found. Not enough storage capacity.';
const MAX_FIELD = 255;

function badRequest(message: string): DriverError {
  return new DriverError({ message, transient: false, status: 400 });
}

function notFound(message: string): DriverError {
  return new DriverError({ message, transient: false, status: 404 });
}

function serverConflict(action: string, id: string, what: string): DriverError {
  return new DriverError({ message: `Cannot '${action}' instance ${id} while it is in ${what}`, transient: true, status: 409 });
}

const VM_STATE: Record<ServerRecord['status'], string> = {
  BUILD: 'building',
  ACTIVE: 'active',
  SHUTOFF: 'stopped',
  RESIZE: 'resizing',
  VERIFY_RESIZE: 'resized',
  ERROR: 'error',
};

function assertFlavor(flavor: Flavor): void {
  const ok = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
  if (!flavor || !ok(flavor.vcpus, 1) || !ok(flavor.ramMiB, 1) || !ok(flavor.diskGiB, 0)) {
    throw badRequest(`Invalid flavor: vcpus and ramMiB must be positive integers and diskGiB a non-negative integer, got ${JSON.stringify(flavor)}`);
  }
}

function assertName(name: unknown, what: string): void {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_FIELD || name.trim() !== name) {
    throw badRequest(`Invalid ${what} name: 1 to ${MAX_FIELD} characters without leading or trailing spaces`);
  }
}

function assertKey(key: unknown): void {
  if (typeof key !== 'string' || key === '' || key.length > MAX_FIELD) throw badRequest(`Invalid idempotency key: 1 to ${MAX_FIELD} characters`);
}

function assertMetadata(metadata: Record<string, string> | undefined): void {
  if (metadata === undefined) return;
  const entries = Object.entries(metadata);
  if (entries.length > 128) throw badRequest('Quota exceeded for metadata_items: at most 128 items');
  for (const [key, value] of entries) {
    if (key === '' || key.length > MAX_FIELD || typeof value !== 'string' || value.length > MAX_FIELD) {
      throw badRequest(`Invalid metadata item ${JSON.stringify(key)}: keys 1 to ${MAX_FIELD} characters, values strings of at most ${MAX_FIELD}`);
    }
  }
}

export const sameFlavor = (a: Flavor, b: Flavor): boolean => a.vcpus === b.vcpus && a.ramMiB === b.ramMiB && a.diskGiB === b.diskGiB;
const maxFlavor = (a: Flavor, b: Flavor): Flavor => ({ vcpus: Math.max(a.vcpus, b.vcpus), ramMiB: Math.max(a.ramMiB, b.ramMiB), diskGiB: Math.max(a.diskGiB, b.diskGiB) });
/** Oldest first; resources created in the same millisecond keep their order of creation (the sort is stable). */
const byAge = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);

export class SimulatedCloud {
  readonly platformId: string;
  readonly clock: Clock;
  readonly faults: FaultInjector;
  readonly outOfBand: OutOfBandControls;
  readonly file: string | null;
  readonly #fsync: boolean;
  #limits: QuotaLimits;
  readonly #hosts: readonly HostSpec[];
  readonly #storageGiB: number;
  readonly #images: readonly string[];
  readonly #timings: Timings;
  readonly #random: () => number;
  #state: CloudState;
  #stats: CallStats = { calls: {}, injectedFailures: 0, lostAnswers: 0, inFlight: 0, maxInFlight: 0 };

  constructor(options: SimulatedCloudOptions) {
    this.platformId = options.platformId;
    this.clock = options.clock ?? systemClock;
    const seed = options.seed ?? hash32(options.platformId);
    this.faults = new FaultInjector(seed, options.faults);
    this.#random = seededRandom(hash32(`${seed}:timings`));
    this.#limits = { ...DEFAULT_QUOTAS, ...options.quotas };
    this.#hosts = options.hosts ?? DEFAULT_HOSTS;
    this.#storageGiB = options.storageGiB ?? 50 * 1024;
    this.#images = options.images ?? DEFAULT_IMAGES;
    if (this.#images.length === 0) throw new Error('a simulated cloud needs at least one image');
    this.#timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.file = options.file ?? null;
    this.#fsync = options.fsync ?? false;
    this.#state = this.file ? readStateFile(this.file, this.platformId) : emptyState();
    this.outOfBand = {
      createServer: (spec) => this.#outOfBandCreateServer(spec),
      deleteServer: (id) => this.#outOfBand(() => this.#removeServer(this.#server(id))),
      setFlavor: (id, flavor) =>
        this.#outOfBand(() => {
          assertFlavor(flavor);
          this.#server(id).flavor = { ...flavor };
        }),
      setMetadata: (id, metadata) =>
        this.#outOfBand(() => {
          assertMetadata(metadata);
          this.#server(id).metadata = { ...metadata };
        }),
      setStatus: (id, status, fault) =>
        this.#outOfBand(() => {
          const server = this.#server(id);
          if (status !== 'ERROR' && server.host === null) throw new Error(`server ${id} has no host and cannot be ${status}`);
          Object.assign(server, { status, task: null, resize: null, fault: fault ?? server.fault });
        }),
      createVolume: (spec) => this.#outOfBandCreateVolume(spec),
      deleteVolume: (id) =>
        this.#outOfBand(() => {
          const volume = this.#volume(id);
          this.#state.volumes = this.#state.volumes.filter((v) => v !== volume);
        }),
      setUtilizationProfile: (id, profile) =>
        this.#outOfBand(() => {
          this.#server(id).utilizationProfile = profile;
        }),
    };
  }

  // ── The API the driver calls ───────────────────────────────────────────────────────────────

  testConnection(): Promise<void> {
    return this.#request('testConnection', () => undefined);
  }

  listServers(): Promise<SimulatedServer[]> {
    return this.#request('listServers', () => [...this.#state.servers].sort(byAge).map((s) => this.#serverView(s)));
  }

  getServer(id: string): Promise<SimulatedServer | null> {
    return this.#request('getServer', () => {
      const server = this.#findServer(id);
      return server ? this.#serverView(server) : null;
    });
  }

  /** The oldest server carrying the key; duplicates, if a caller created twice, stay visible in the list. */
  findServerByKey(idempotencyKey: string): Promise<SimulatedServer | null> {
    return this.#request('findServerByKey', () => {
      const server = [...this.#state.servers].sort(byAge).find((s) => s.metadata[IDEMPOTENCY_METADATA_KEY] === idempotencyKey);
      return server ? this.#serverView(server) : null;
    });
  }

  /** Like Nova, creating twice with one key makes two servers: callers look the key up first. */
  createServer(spec: ServerSpec): Promise<SimulatedServer> {
    return this.#request('createServer', () => {
      assertKey(spec.idempotencyKey);
      const server = this.#admitServer(spec.name, spec.flavor, spec.image, { ...spec.metadata, [IDEMPOTENCY_METADATA_KEY]: spec.idempotencyKey }, false);
      server.task = { kind: 'building', until: this.#after(this.#timings.buildMs) };
      this.#commit();
      return this.#serverView(server);
    });
  }

  resizeServer(id: string, flavor: Flavor): Promise<void> {
    return this.#request('resizeServer', () => {
      const server = this.#server(id);
      this.#assertFlavorExists(flavor);
      this.#assertIdle(server, 'resize', ['ACTIVE', 'SHUTOFF']);
      if (sameFlavor(server.flavor, flavor)) throw badRequest('When resizing, instances must change flavor!');
      const from = server.flavor;
      this.#assertQuota({ cores: Math.max(0, flavor.vcpus - from.vcpus), ramMiB: Math.max(0, flavor.ramMiB - from.ramMiB) });
      const fromHost = server.host!;
      const load = this.#hostLoad();
      const here = this.#free(fromHost, load);
      const growsInPlace = here !== null && here.vcpus >= flavor.vcpus - from.vcpus && here.ramMiB >= flavor.ramMiB - from.ramMiB;
      const toHost = growsInPlace ? fromHost : this.#pickHost(flavor, load, fromHost);
      server.resize = { from, to: { ...flavor }, fromHost, toHost, returnTo: server.status as 'ACTIVE' | 'SHUTOFF' };
      server.status = 'RESIZE';
      server.fault = null;
      server.task = { kind: 'resizing', until: this.#after(this.#timings.resizeMs) };
      this.#commit();
    });
  }

  confirmResize(id: string): Promise<void> {
    return this.#request('confirmResize', () => {
      const server = this.#server(id);
      this.#assertIdle(server, 'confirmResize', ['VERIFY_RESIZE']);
      server.status = server.resize!.returnTo;
      server.resize = null;
      this.#commit();
    });
  }

  stopServer(id: string): Promise<void> {
    return this.#request('stopServer', () => {
      const server = this.#server(id);
      this.#assertIdle(server, 'stop', ['ACTIVE']);
      server.task = { kind: 'powering-off', until: this.#after(this.#timings.stopMs) };
      this.#commit();
    });
  }

  startServer(id: string): Promise<void> {
    return this.#request('startServer', () => {
      const server = this.#server(id);
      this.#assertIdle(server, 'start', ['SHUTOFF']);
      server.task = { kind: 'powering-on', until: this.#after(this.#timings.startMs) };
      this.#commit();
    });
  }

  /** Accepted in any state; a server already being deleted or gone is a success. */
  deleteServer(id: string): Promise<void> {
    return this.#request('deleteServer', () => {
      const server = this.#findServer(id);
      if (!server || server.task?.kind === 'deleting') return;
      server.task = { kind: 'deleting', until: this.#after(this.#timings.deleteMs) };
      this.#commit();
    });
  }

  listVolumes(): Promise<SimulatedVolume[]> {
    return this.#request('listVolumes', () => [...this.#state.volumes].sort(byAge).map((v) => this.#volumeView(v)));
  }

  getVolume(id: string): Promise<SimulatedVolume | null> {
    return this.#request('getVolume', () => {
      const volume = this.#findVolume(id);
      return volume ? this.#volumeView(volume) : null;
    });
  }

  findVolumeByKey(idempotencyKey: string): Promise<SimulatedVolume | null> {
    return this.#request('findVolumeByKey', () => {
      const volume = [...this.#state.volumes].sort(byAge).find((v) => v.metadata[IDEMPOTENCY_METADATA_KEY] === idempotencyKey);
      return volume ? this.#volumeView(volume) : null;
    });
  }

  createVolume(spec: VolumeSpec): Promise<SimulatedVolume> {
    return this.#request('createVolume', () => {
      assertKey(spec.idempotencyKey);
      const volume = this.#admitVolume(spec.name, spec.sizeGiB, { ...spec.metadata, [IDEMPOTENCY_METADATA_KEY]: spec.idempotencyKey }, false);
      volume.task = { kind: 'creating', until: this.#after(this.#timings.volumeCreateMs) };
      this.#commit();
      return this.#volumeView(volume);
    });
  }

  attachVolume(serverId: string, volumeId: string): Promise<void> {
    return this.#request('attachVolume', () => {
      const server = this.#server(serverId);
      const volume = this.#volume(volumeId);
      this.#assertIdle(server, 'attach_volume', ['ACTIVE', 'SHUTOFF']);
      if (volume.status !== 'available') {
        throw badRequest(`Invalid volume: volume ${volumeId} status must be available to attach, but the current status is ${volume.status}`);
      }
      Object.assign(volume, { status: 'attaching', attachedTo: serverId, task: { kind: 'attaching', until: this.#after(this.#timings.attachMs) } });
      this.#commit();
    });
  }

  detachVolume(serverId: string, volumeId: string): Promise<void> {
    return this.#request('detachVolume', () => {
      const server = this.#server(serverId);
      const volume = this.#volume(volumeId);
      if (volume.attachedTo !== serverId) throw notFound(`Volume ${volumeId} is not attached to instance ${serverId}`);
      if (server.task?.kind === 'deleting') throw serverConflict('detach_volume', serverId, 'task_state deleting');
      if (volume.status !== 'in-use') {
        throw badRequest(`Invalid volume: volume ${volumeId} status must be in-use to detach, but the current status is ${volume.status}`);
      }
      Object.assign(volume, { status: 'detaching', task: { kind: 'detaching', until: this.#after(this.#timings.detachMs) } });
      this.#commit();
    });
  }

  /** A volume already being deleted or gone is a success; an attached one is refused. */
  deleteVolume(id: string): Promise<void> {
    return this.#request('deleteVolume', () => {
      const volume = this.#findVolume(id);
      if (!volume || volume.status === 'deleting') return;
      if (volume.status !== 'available' && volume.status !== 'error') {
        throw badRequest(`Invalid volume: Volume status must be available or error, but current status is: ${volume.status}`);
      }
      Object.assign(volume, { status: 'deleting', task: { kind: 'deleting', until: this.#after(this.#timings.volumeDeleteMs) } });
      this.#commit();
    });
  }

  /** Changes the project quotas, as a cloud administrator would (a test or demo control, not a driver call). */
  setQuotas(limits: Partial<QuotaLimits>): void {
    this.#limits = { ...this.#limits, ...limits };
  }

  quotas(): Promise<QuotaUsage> {
    return this.#request('quotas', () => {
      const used = this.#quotaUsed();
      return {
        cores: { limit: this.#limits.cores, used: used.cores },
        ramMiB: { limit: this.#limits.ramMiB, used: used.ramMiB },
        instances: { limit: this.#limits.instances, used: used.instances },
        volumeGiB: { limit: this.#limits.volumeGiB, used: used.volumeGiB },
      };
    });
  }

  // ── Inspection (tests, demos, the efficiency module) ───────────────────────────────────────

  inspectServer(id: string): SimulatedServerDetail | null {
    this.#settle();
    const server = this.#findServer(id);
    if (!server) return null;
    return {
      ...this.#serverView(server),
      host: server.host,
      outOfBand: server.outOfBand,
      utilizationProfile: server.utilizationProfile ?? profileForServer(server.id),
    };
  }

  inspectVolume(id: string): SimulatedVolumeDetail | null {
    this.#settle();
    const volume = this.#findVolume(id);
    if (!volume) return null;
    return { ...this.#volumeView(volume), outOfBand: volume.outOfBand };
  }

  /** Allocation per compute host (a resizing server holds room on both sides until confirmed). */
  hostUsage(): HostUsage[] {
    this.#settle();
    const load = this.#hostLoad();
    return this.#hosts.map((h) => ({ ...h, usedVcpus: load.get(h.name)?.vcpus ?? 0, usedRamMiB: load.get(h.name)?.ramMiB ?? 0 }));
  }

  /**
   * The figures of the interval containing `at` (default now) for a server that is ACTIVE now;
   * a server powered off, building or in error reports zeros; an unknown one, or a time before it
   * was created, null.
   */
  utilization(id: string, at: number = this.clock.now(), intervalSeconds = 300): UtilizationSample | null {
    this.#settle();
    const server = this.#findServer(id);
    if (!server || at < Date.parse(server.createdAt)) return null;
    const sample = utilizationAt(server.id, server.utilizationProfile ?? profileForServer(server.id), at, intervalSeconds);
    const running = server.status === 'ACTIVE' || server.status === 'VERIFY_RESIZE' || server.status === 'RESIZE';
    return running ? sample : { ...sample, cpuPercent: 0, memoryPercent: 0, networkRxBytes: 0, networkTxBytes: 0 };
  }

  /** Samples every `intervalSeconds` from `from` up to (excluding) `to`, skipping times before the server existed. */
  utilizationSeries(id: string, range: { from: number; to: number; intervalSeconds?: number }): UtilizationSample[] {
    const step = (range.intervalSeconds ?? 300) * 1000;
    const samples: UtilizationSample[] = [];
    for (let t = Math.floor(range.from / step) * step; t < range.to; t += step) {
      const sample = this.utilization(id, t, step / 1000);
      if (sample) samples.push(sample);
    }
    return samples;
  }

  stats(): CallStats {
    return { ...this.#stats, calls: { ...this.#stats.calls } };
  }

  resetStats(): void {
    this.#stats = { calls: {}, injectedFailures: 0, lostAnswers: 0, inFlight: this.#stats.inFlight, maxInFlight: this.#stats.inFlight };
  }

  // ── Internals ──────────────────────────────────────────────────────────────────────────────

  /**
   * One API call: half the latency on the way in, injected failure or the cloud's action (settled to
   * now, written to the file if it changed anything), half the latency on the way out, and possibly a
   * lost answer. The action runs synchronously, so calls interleave only between these steps.
   */
  async #request<T>(op: SimulatedOperation, action: () => T): Promise<T> {
    const plan = this.faults.plan(op);
    const stats = this.#stats;
    stats.calls[op] = (stats.calls[op] ?? 0) + 1;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      const inbound = Math.floor(plan.latencyMs / 2);
      await this.clock.sleep(inbound);
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      if (plan.failure) {
        this.#stats.injectedFailures++;
        outcome = { ok: false, error: injectedError(op, plan.failure) };
      } else {
        try {
          this.#settle();
          outcome = { ok: true, value: action() };
        } catch (error) {
          outcome = { ok: false, error };
        }
      }
      await this.clock.sleep(plan.latencyMs - inbound);
      if (!outcome.ok) throw outcome.error;
      if (this.faults.losesAnswer(op)) {
        this.#stats.lostAnswers++;
        throw injectedError(op, 'timeout');
      }
      return outcome.value;
    } finally {
      this.#stats.inFlight--;
    }
  }

  #outOfBand<T>(change: () => T): T {
    this.#settle();
    const result = change();
    this.#commit();
    return result;
  }

  #commit(): void {
    if (this.file) writeStateFile(this.file, this.platformId, this.#state, new Date(this.clock.now()).toISOString(), { fsync: this.#fsync });
  }

  #after(duration: Duration): string {
    return new Date(this.clock.now() + drawDuration(duration, this.#random)).toISOString();
  }

  /** Completes, in time order, every task due by now. */
  #settle(): void {
    const now = this.clock.now();
    const due: { until: number; done: () => void }[] = [];
    for (const server of this.#state.servers) {
      if (server.task && Date.parse(server.task.until) <= now) due.push({ until: Date.parse(server.task.until), done: () => this.#completeServerTask(server) });
    }
    for (const volume of this.#state.volumes) {
      if (volume.task && Date.parse(volume.task.until) <= now) due.push({ until: Date.parse(volume.task.until), done: () => this.#completeVolumeTask(volume) });
    }
    due.sort((a, b) => a.until - b.until);
    for (const item of due) item.done();
  }

  #completeServerTask(server: ServerRecord): void {
    const task = server.task;
    if (!task || !this.#state.servers.includes(server)) return;
    server.task = null;
    switch (task.kind) {
      case 'building':
        if (server.host) server.status = 'ACTIVE';
        else Object.assign(server, { status: 'ERROR', fault: NO_VALID_HOST });
        return;
      case 'powering-off':
        server.status = 'SHUTOFF';
        return;
      case 'powering-on':
        server.status = 'ACTIVE';
        return;
      case 'resizing': {
        const resize = server.resize!;
        if (resize.toHost) {
          Object.assign(server, { status: 'VERIFY_RESIZE', flavor: resize.to, host: resize.toHost });
        } else {
          Object.assign(server, { status: resize.returnTo, resize: null, fault: NO_VALID_HOST });
        }
        return;
      }
      case 'deleting':
        this.#removeServer(server);
        return;
    }
  }

  #completeVolumeTask(volume: VolumeRecord): void {
    const task = volume.task;
    if (!task || !this.#state.volumes.includes(volume)) return;
    volume.task = null;
    switch (task.kind) {
      case 'creating':
        if (volume.placed) volume.status = 'available';
        else Object.assign(volume, { status: 'error', fault: NO_VALID_BACKEND });
        return;
      case 'attaching':
        if (volume.attachedTo && this.#findServer(volume.attachedTo)) volume.status = 'in-use';
        else Object.assign(volume, { status: 'available', attachedTo: null });
        return;
      case 'detaching':
        Object.assign(volume, { status: 'available', attachedTo: null });
        return;
      case 'deleting':
        this.#state.volumes = this.#state.volumes.filter((v) => v !== volume);
        return;
    }
  }

  /** A deleted server's volumes are detached, as Nova does. */
  #removeServer(server: ServerRecord): void {
    this.#state.servers = this.#state.servers.filter((s) => s !== server);
    for (const volume of this.#state.volumes) {
      if (volume.attachedTo === server.id && volume.status !== 'deleting') Object.assign(volume, { status: 'available', attachedTo: null, task: null });
    }
  }

  /** Validates, checks quotas, schedules on a host (none: the build will end in ERROR) and records a new server. */
  #admitServer(name: string, flavor: Flavor, image: string | undefined, metadata: Record<string, string>, outOfBand: boolean): ServerRecord {
    assertName(name, 'server');
    this.#assertFlavorExists(flavor);
    assertMetadata(metadata);
    const imageName = image ?? this.#images[0]!;
    if (!this.#images.includes(imageName)) throw badRequest(`Image ${imageName} could not be found.`);
    this.#assertQuota({ instances: 1, cores: flavor.vcpus, ramMiB: flavor.ramMiB });
    const host = this.#pickHost(flavor, this.#hostLoad(), null);
    const server: ServerRecord = {
      id: randomUUID(),
      name,
      image: imageName,
      flavor: { vcpus: flavor.vcpus, ramMiB: flavor.ramMiB, diskGiB: flavor.diskGiB },
      metadata,
      createdAt: new Date(this.clock.now()).toISOString(),
      status: 'BUILD',
      task: null,
      host,
      address: host ? this.#nextAddress() : null,
      fault: null,
      resize: null,
      outOfBand,
      utilizationProfile: null,
    };
    this.#state.servers.push(server);
    return server;
  }

  #admitVolume(name: string, sizeGiB: number, metadata: Record<string, string>, outOfBand: boolean): VolumeRecord {
    assertName(name, 'volume');
    if (!Number.isInteger(sizeGiB) || sizeGiB < 1) throw badRequest(`Invalid volume size ${sizeGiB}: a positive whole number of GiB`);
    assertMetadata(metadata);
    this.#assertQuota({ volumeGiB: sizeGiB });
    const stored = this.#state.volumes.reduce((sum, v) => sum + (v.placed ? v.sizeGiB : 0), 0);
    const volume: VolumeRecord = {
      id: randomUUID(),
      name,
      sizeGiB,
      status: 'creating',
      attachedTo: null,
      metadata,
      createdAt: new Date(this.clock.now()).toISOString(),
      task: null,
      placed: stored + sizeGiB <= this.#storageGiB,
      fault: null,
      outOfBand,
    };
    this.#state.volumes.push(volume);
    return volume;
  }

  #outOfBandCreateServer(spec: Parameters<OutOfBandControls['createServer']>[0]): SimulatedServerDetail {
    const server = this.#outOfBand(() => {
      const record = this.#admitServer(spec.name, spec.flavor, spec.image, { ...spec.metadata }, true);
      const status = spec.status ?? 'ACTIVE';
      if (status === 'BUILD' || !record.host) record.task = { kind: 'building', until: this.#after(this.#timings.buildMs) };
      else record.status = status;
      return record;
    });
    return this.inspectServer(server.id)!;
  }

  #outOfBandCreateVolume(spec: Parameters<OutOfBandControls['createVolume']>[0]): SimulatedVolumeDetail {
    const volume = this.#outOfBand(() => {
      const record = this.#admitVolume(spec.name, spec.sizeGiB, { ...spec.metadata }, true);
      if (record.placed) record.status = 'available';
      else Object.assign(record, { status: 'error', fault: NO_VALID_BACKEND });
      return record;
    });
    return this.inspectVolume(volume.id)!;
  }

  /**
   * Any size is a flavor here, except one larger than every host: like a flavor the cloud does not
   * have, it is refused at once (a server that fits no host only for now is accepted and fails later).
   */
  #assertFlavorExists(flavor: Flavor): void {
    assertFlavor(flavor);
    if (!this.#hosts.some((h) => h.vcpus >= flavor.vcpus && h.ramMiB >= flavor.ramMiB)) {
      const largest = this.#hosts.reduce((a, h) => (h.vcpus * 1e7 + h.ramMiB > a.vcpus * 1e7 + a.ramMiB ? h : a), { name: '', vcpus: 0, ramMiB: 0 });
      throw badRequest(`Flavor ${flavor.vcpus} vCPU / ${flavor.ramMiB} MiB could not be found: the largest host has ${largest.vcpus} vCPU / ${largest.ramMiB} MiB`);
    }
  }

  #assertIdle(server: ServerRecord, action: string, allowed: ServerRecord['status'][]): void {
    if (server.task) throw serverConflict(action, server.id, `task_state ${server.task.kind}`);
    if (!allowed.includes(server.status)) throw serverConflict(action, server.id, `vm_state ${VM_STATE[server.status]}`);
  }

  #quotaUsed(): QuotaLimits {
    const used: QuotaLimits = { cores: 0, ramMiB: 0, instances: 0, volumeGiB: 0 };
    for (const server of this.#state.servers) {
      const flavor = server.resize ? maxFlavor(server.resize.from, server.resize.to) : server.flavor;
      used.instances++;
      used.cores += flavor.vcpus;
      used.ramMiB += flavor.ramMiB;
    }
    for (const volume of this.#state.volumes) used.volumeGiB += volume.sizeGiB;
    return used;
  }

  /** Refuses, permanently, a request that would take a quota past its limit (Nova 403, Cinder 413). */
  #assertQuota(request: Partial<QuotaLimits>): void {
    const used = this.#quotaUsed();
    const labels: [keyof QuotaLimits, string, number][] = [
      ['instances', 'instances', 403],
      ['cores', 'cores', 403],
      ['ramMiB', 'ram', 403],
      ['volumeGiB', 'gigabytes', 413],
    ];
    for (const [key, label, status] of labels) {
      const requested = request[key] ?? 0;
      const limit = this.#limits[key];
      if (requested > 0 && limit >= 0 && used[key] + requested > limit) {
        throw new DriverError({ message: `Quota exceeded for ${label}: requested ${requested}, used ${used[key]} of ${limit}`, transient: false, status });
      }
    }
  }

  #hostLoad(): Map<string, { vcpus: number; ramMiB: number }> {
    const load = new Map<string, { vcpus: number; ramMiB: number }>();
    const add = (host: string | null, flavor: Flavor) => {
      if (!host) return;
      const l = load.get(host) ?? { vcpus: 0, ramMiB: 0 };
      l.vcpus += flavor.vcpus;
      l.ramMiB += flavor.ramMiB;
      load.set(host, l);
    };
    for (const server of this.#state.servers) {
      const r = server.resize;
      if (!r) add(server.host, server.flavor);
      else if (r.toHost === r.fromHost) add(r.fromHost, maxFlavor(r.from, r.to));
      else {
        add(r.fromHost, r.from);
        add(r.toHost, r.to);
      }
    }
    return load;
  }

  #free(host: string, load: Map<string, { vcpus: number; ramMiB: number }>): { vcpus: number; ramMiB: number } | null {
    const spec = this.#hosts.find((h) => h.name === host);
    if (!spec) return null;
    const used = load.get(host) ?? { vcpus: 0, ramMiB: 0 };
    return { vcpus: spec.vcpus - used.vcpus, ramMiB: spec.ramMiB - used.ramMiB };
  }

  /** The host with the most free RAM that fits the flavor (Nova's RAM weigher spreads the same way). */
  #pickHost(flavor: Flavor, load: Map<string, { vcpus: number; ramMiB: number }>, except: string | null): string | null {
    let best: { name: string; ramMiB: number } | null = null;
    for (const host of this.#hosts) {
      if (host.name === except) continue;
      const free = this.#free(host.name, load)!;
      if (free.vcpus >= flavor.vcpus && free.ramMiB >= flavor.ramMiB && (!best || free.ramMiB > best.ramMiB)) best = { name: host.name, ramMiB: free.ramMiB };
    }
    return best?.name ?? null;
  }

  #nextAddress(): string {
    const n = this.#state.nextAddress++;
    return `10.20.${Math.floor(n / 250) % 256}.${(n % 250) + 3}`;
  }

  #findServer(id: string): ServerRecord | undefined {
    return this.#state.servers.find((s) => s.id === id);
  }

  #server(id: string): ServerRecord {
    const server = this.#findServer(id);
    if (!server) throw notFound(`Instance ${id} could not be found.`);
    return server;
  }

  #findVolume(id: string): VolumeRecord | undefined {
    return this.#state.volumes.find((v) => v.id === id);
  }

  #volume(id: string): VolumeRecord {
    const volume = this.#findVolume(id);
    if (!volume) throw notFound(`Volume ${id} could not be found.`);
    return volume;
  }

  /** Addresses show once the server has been built on a host. */
  #serverView(server: ServerRecord): SimulatedServer {
    return {
      id: server.id,
      name: server.name,
      status: server.status,
      flavor: { ...server.flavor },
      addresses: server.status !== 'BUILD' && server.address ? [server.address] : [],
      metadata: { ...server.metadata },
      createdAt: server.createdAt,
      image: server.image,
      fault: server.fault,
      taskState: server.task?.kind ?? null,
    };
  }

  #volumeView(volume: VolumeRecord): SimulatedVolume {
    return {
      id: volume.id,
      name: volume.name,
      sizeGiB: volume.sizeGiB,
      status: volume.status,
      attachedTo: volume.attachedTo,
      metadata: { ...volume.metadata },
      createdAt: volume.createdAt,
      fault: volume.fault,
      taskState: volume.task?.kind ?? null,
    };
  }
}
