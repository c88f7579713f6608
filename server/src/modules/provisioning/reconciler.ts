/**
 * The reconciler: drives each driver platform until its resources are as their desired state says.
 *
 * - Claims: a short transaction takes due rows with `FOR UPDATE SKIP LOCKED` and stamps a lease
 *   (`claimed_until`); the slow driver calls run outside any transaction; the outcome is written only
 *   while the lease is still this instance's. Several instances share the work; a crashed one's rows
 *   are taken again when its lease runs out.
 * - No duplicates: a resource without a provider id is first looked up by its idempotency key (the
 *   cloud stores it as metadata), and only created when the cloud has none; a create whose answer was
 *   lost is found by the next round's lookup.
 * - Each round does one step (one driver action at most) and comes back: waits are short polls,
 *   transient provider errors back off exponentially, permanent ones fail the operation visibly.
 */
import { hostname } from 'node:os';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import type { ResourcesTable } from '../../platform/db/tables.ts';
import type { Services } from '../../platform/http/route.ts';
import { type CloudDriver, type CloudServer, type CloudVolume, DriverError, type Flavor } from './drivers/cloud-driver.ts';
import type { DriverSource } from './platform-drivers.ts';
import { afterConvergence, notifyFailure, recordDriverCalls } from './provisioning-events.ts';

export type ResourceRow = Selectable<ResourcesTable>;

export interface ReconcilerOptions {
  /** Resources advanced at once (driver calls in flight). */
  concurrency: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** How long a claim is this instance's; longer than the slowest driver call. */
  leaseMs: number;
  /** Wait before looking again at a resource in transition. */
  pollMs: number;
  /** First back-off after a transient error; doubles per attempt up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Transient errors tolerated in a row before the operation fails. */
  maxAttempts: number;
  /** An operation still unfinished after this long fails (a server stuck in BUILD). */
  operationTimeoutMs: number;
}

export const DEFAULT_RECONCILER_OPTIONS: ReconcilerOptions = {
  concurrency: 8,
  batchSize: 64,
  leaseMs: 120_000,
  pollMs: 1_000,
  backoffMs: 2_000,
  maxBackoffMs: 5 * 60_000,
  maxAttempts: 10,
  operationTimeoutMs: 60 * 60_000,
};

/** One driver action taken in a step, for the lifecycle history and the audit log. */
export interface DriverCall {
  operation: string;
  target: string | null;
  outcome: 'ok' | 'retry' | 'failed';
  durationMs: number;
  message: string | null;
}

type Observed = Partial<Pick<ResourceRow, 'provider_id' | 'provider_status' | 'observed_spec' | 'addresses'>>;
/** `wait`: look again after a poll; `done`: the desired state is reached. */
type Step = { kind: 'wait'; status: string; observed: Observed } | { kind: 'done'; status: string; observed: Observed };

class StepFailure extends Error {}

const wait = (status: string, observed: Observed = {}): Step => ({ kind: 'wait', status, observed });
const done = (status: string, observed: Observed = {}): Step => ({ kind: 'done', status, observed });

function serverObserved(server: CloudServer): Observed {
  return {
    provider_id: server.id,
    provider_status: server.taskState ? `${server.status} (${server.taskState})` : server.status,
    observed_spec: { vcpus: server.flavor.vcpus, memoryGiB: Math.round(server.flavor.ramMiB / 1024), diskGiB: server.flavor.diskGiB },
    addresses: server.addresses,
  };
}

function volumeObserved(volume: CloudVolume): Observed {
  return { provider_id: volume.id, provider_status: volume.status, observed_spec: { sizeGiB: volume.sizeGiB }, addresses: [] };
}

export function flavorOf(spec: Record<string, number>): Flavor {
  return { vcpus: spec.vcpus ?? 1, ramMiB: (spec.memoryGiB ?? 1) * 1024, diskGiB: spec.diskGiB ?? 0 };
}

const sameShape = (server: CloudServer, spec: Record<string, number>) => server.flavor.vcpus === spec.vcpus && server.flavor.ramMiB === (spec.memoryGiB ?? 0) * 1024;

export function backoffDelay(attempt: number, options: Pick<ReconcilerOptions, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(options.maxBackoffMs, options.backoffMs * 2 ** Math.max(0, attempt - 1));
}

export interface RoundResult {
  claimed: number;
  converged: number;
  waiting: number;
  retried: number;
  failed: number;
}

export class Reconciler {
  readonly #services: Services;
  readonly #drivers: DriverSource;
  readonly #options: ReconcilerOptions;
  readonly #instance: string;

  constructor(services: Services, drivers: DriverSource, options: Partial<ReconcilerOptions> = {}, instance = `${hostname()}:${process.pid}`) {
    this.#services = services;
    this.#drivers = drivers;
    this.#options = { ...DEFAULT_RECONCILER_OPTIONS, ...options };
    this.#instance = instance;
  }

  get options(): ReconcilerOptions {
    return this.#options;
  }

  /** Claims what is due and advances each claimed resource by one step, `concurrency` at a time. */
  async round(now: Date = new Date()): Promise<RoundResult> {
    const claimed = await this.#claim(now);
    const result: RoundResult = { claimed: claimed.length, converged: 0, waiting: 0, retried: 0, failed: 0 };
    // One driver lookup (a transaction) per platform and round, not one per resource.
    const drivers = new Map<string, Promise<CloudDriver>>();
    const driverOf: DriverSource = (platformId) => {
      let driver = drivers.get(platformId);
      if (!driver) {
        driver = this.#drivers(platformId);
        drivers.set(platformId, driver);
      }
      return driver;
    };
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const row = claimed[next++]!;
        const outcome = await this.advance(row, driverOf);
        result[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.concurrency, claimed.length) }, worker));
    return result;
  }

  /** Rounds until nothing is claimable now (the rest waits for its next attempt time). */
  async drain(maxRounds = 10_000): Promise<RoundResult> {
    const total: RoundResult = { claimed: 0, converged: 0, waiting: 0, retried: 0, failed: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const result = await this.round();
      for (const key of Object.keys(total) as (keyof RoundResult)[]) total[key] += result[key];
      if (result.claimed === 0) break;
    }
    return total;
  }

  async #claim(now: Date): Promise<ResourceRow[]> {
    const until = new Date(now.getTime() + this.#options.leaseMs);
    return this.#services.db.tx(SYSTEM_SCOPE, async (trx) => {
      const due = trx
        .selectFrom('resources')
        .select('id')
        .where(sql<boolean>`observed_generation < generation`)
        .where('status', 'not in', ['failed', 'awaiting_work_order'])
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(this.#options.batchSize)
        .forUpdate()
        .skipLocked();
      return trx
        .updateTable('resources')
        .set({ claimed_by: this.#instance, claimed_until: until })
        .where('id', 'in', due)
        .returningAll()
        .execute();
    });
  }

  /** One step of one claimed resource, and its outcome written back. */
  async advance(row: ResourceRow, drivers: DriverSource = this.#drivers): Promise<'converged' | 'waiting' | 'retried' | 'failed'> {
    const calls: DriverCall[] = [];
    const now = () => new Date();
    try {
      if (Date.now() - row.operation_started_at.getTime() > this.#options.operationTimeoutMs) {
        throw new StepFailure(`操作超过 ${Math.round(this.#options.operationTimeoutMs / 60_000)} 分钟仍未完成 / the operation did not finish in time`);
      }
      const driver = await drivers(row.platform_id);
      const step = row.kind === 'server' ? await this.#advanceServer(row, driver, calls) : await this.#advanceVolume(row, driver, calls);
      return await this.#write(row, calls, async (trx) => {
        const at = now();
        const { observed_spec, ...observed } = step.observed;
        const base = {
          ...observed,
          ...(observed_spec !== undefined ? { observed_spec: observed_spec === null ? null : JSON.stringify(observed_spec) } : {}),
          status: step.status,
          attempts: 0,
          last_error: null,
          claimed_by: null,
          claimed_until: null,
          updated_at: at,
        };
        if (step.kind === 'wait') {
          await trx.updateTable('resources').set({ ...base, next_attempt_at: new Date(at.getTime() + this.#options.pollMs) }).where('id', '=', row.id).execute();
          return 'waiting';
        }
        const updated = await trx
          .updateTable('resources')
          .set({
            ...base,
            observed_generation: row.generation,
            ...(step.status === 'running' || step.status === 'stopped' ? { provisioned_at: sql<Date>`coalesce(provisioned_at, ${at})` } : {}),
            ...(step.status === 'deleted' ? { deleted_at: at } : {}),
          })
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await afterConvergence(trx, this.#services, row, updated, at);
        return 'converged';
      });
    } catch (error) {
      const transient = error instanceof DriverError ? error.transient : !(error instanceof StepFailure);
      const message = error instanceof DriverError ? error.providerMessage : error instanceof Error ? error.message : String(error);
      const attempts = row.attempts + 1;
      const giveUp = !transient || attempts >= this.#options.maxAttempts;
      return this.#write(row, calls, async (trx) => {
        const at = now();
        if (giveUp) {
          const failed = await trx
            .updateTable('resources')
            .set({ status: 'failed', attempts, last_error: message, claimed_by: null, claimed_until: null, updated_at: at })
            .where('id', '=', row.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await notifyFailure(trx, this.#services, failed, message, at);
          return 'failed';
        }
        await trx
          .updateTable('resources')
          .set({ attempts, last_error: message, next_attempt_at: new Date(at.getTime() + backoffDelay(attempts, this.#options)), claimed_by: null, claimed_until: null, updated_at: at })
          .where('id', '=', row.id)
          .execute();
        await trx
          .insertInto('resource_events')
          .values({
            resource_id: row.id,
            unit_id: row.unit_id,
            provider_unit_id: row.provider_unit_id,
            action: 'reconcile.retry',
            outcome: 'retry',
            message,
            application_id: row.operation_application_id,
            detail: JSON.stringify({ attempt: attempts, generation: row.generation, retryInMs: backoffDelay(attempts, this.#options) }),
          })
          .execute();
        return 'retried';
      });
    }
  }

  /**
   * Writes a step's outcome and its driver calls in one transaction, if the claim is still ours (a
   * lease that ran out may have passed the row to another instance, whose write then counts).
   */
  async #write<T extends string>(row: ResourceRow, calls: DriverCall[], work: (trx: Trx) => Promise<T>): Promise<T | 'waiting'> {
    return this.#services.db.tx(SYSTEM_SCOPE, async (trx) => {
      const mine = await trx.selectFrom('resources').select('id').where('id', '=', row.id).where('claimed_by', '=', this.#instance).forUpdate().executeTakeFirst();
      if (!mine) return 'waiting';
      const outcome = await work(trx);
      await recordDriverCalls(trx, this.#services, row, calls);
      return outcome;
    });
  }

  /** Runs one driver action, timed and kept for the record; errors are recorded and rethrown. */
  async #act<T>(calls: DriverCall[], operation: string, target: string | null, action: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await action();
      calls.push({ operation, target, outcome: 'ok', durationMs: Math.round(performance.now() - started), message: null });
      return result;
    } catch (error) {
      const transient = error instanceof DriverError && error.transient;
      const message = error instanceof DriverError ? error.providerMessage : String(error);
      calls.push({ operation, target, outcome: transient ? 'retry' : 'failed', durationMs: Math.round(performance.now() - started), message });
      throw error;
    }
  }

  async #advanceServer(row: ResourceRow, driver: CloudDriver, calls: DriverCall[]): Promise<Step> {
    const server = row.provider_id ? await driver.getServer(row.provider_id) : await driver.findServerByKey(row.idempotency_key);
    if (row.desired_state === 'deleted') {
      const attached = await this.#liveChildren(row.id);
      if (attached > 0) return wait('deleting', server ? serverObserved(server) : {});
      if (!server) return done('deleted', { provider_status: 'DELETED' });
      if (server.taskState === 'deleting') return wait('deleting', serverObserved(server));
      await this.#act(calls, 'deleteServer', server.id, () => driver.deleteServer(server.id));
      return wait('deleting', serverObserved(server));
    }
    if (!server) {
      if (row.provider_id) throw new StepFailure(`云平台上已找不到云主机 ${row.provider_id} / server ${row.provider_id} no longer exists on the platform`);
      const spec = row.desired_spec;
      const created = await this.#act(calls, 'createServer', null, () =>
        driver.createServer({
          name: row.name,
          flavor: flavorOf(spec),
          idempotencyKey: row.idempotency_key,
          metadata: { yunshu_resource: row.id, yunshu_unit: row.unit_id },
        }),
      );
      return wait('creating', serverObserved(created));
    }
    const observed = serverObserved(server);
    if (server.status === 'ERROR') throw new StepFailure(server.fault ?? `云主机处于 ERROR 状态 / the server is in ERROR`);
    if (server.status === 'BUILD') return wait('creating', observed);
    if (server.status === 'RESIZE') return wait('resizing', observed);
    if (server.status === 'VERIFY_RESIZE') {
      await this.#act(calls, 'confirmResize', server.id, () => driver.confirmResize(server.id));
      return wait('resizing', observed);
    }
    if (server.taskState) return wait(row.status === 'pending' ? 'creating' : row.status, observed);
    if (!sameShape(server, row.desired_spec) && !(await this.#resizedThisGeneration(row))) {
      await this.#act(calls, 'resizeServer', server.id, () => driver.resizeServer(server.id, flavorOf(row.desired_spec)));
      return wait('resizing', observed);
    }
    if (row.desired_state === 'running' && server.status === 'SHUTOFF') {
      await this.#act(calls, 'startServer', server.id, () => driver.startServer(server.id));
      return wait('starting', observed);
    }
    if (row.desired_state === 'stopped' && server.status === 'ACTIVE') {
      await this.#act(calls, 'stopServer', server.id, () => driver.stopServer(server.id));
      return wait('stopping', observed);
    }
    return done(server.status === 'ACTIVE' ? 'running' : 'stopped', observed);
  }

  async #advanceVolume(row: ResourceRow, driver: CloudDriver, calls: DriverCall[]): Promise<Step> {
    const volume = row.provider_id ? await driver.getVolume(row.provider_id) : await driver.findVolumeByKey(row.idempotency_key);
    if (row.desired_state === 'deleted') {
      if (!volume) return done('deleted', { provider_status: 'deleted' });
      const observed = volumeObserved(volume);
      if (['deleting', 'detaching', 'creating', 'attaching'].includes(volume.status)) return wait('deleting', observed);
      if (volume.attachedTo) {
        const serverId = volume.attachedTo;
        await this.#act(calls, 'detachVolume', volume.id, () => driver.detachVolume(serverId, volume.id));
        return wait('deleting', observed);
      }
      await this.#act(calls, 'deleteVolume', volume.id, () => driver.deleteVolume(volume.id));
      return wait('deleting', observed);
    }
    if (!volume) {
      if (row.provider_id) throw new StepFailure(`云平台上已找不到云硬盘 ${row.provider_id} / volume ${row.provider_id} no longer exists on the platform`);
      const created = await this.#act(calls, 'createVolume', null, () =>
        driver.createVolume({ name: row.name, sizeGiB: row.desired_spec.sizeGiB ?? 1, idempotencyKey: row.idempotency_key, metadata: { yunshu_resource: row.id, yunshu_unit: row.unit_id } }),
      );
      return wait('creating', volumeObserved(created));
    }
    const observed = volumeObserved(volume);
    if (volume.status === 'error') throw new StepFailure(`云硬盘创建失败 / the volume is in error`);
    if (volume.status === 'creating' || volume.status === 'attaching' || volume.status === 'detaching') return wait('creating', observed);
    if (row.parent_id) {
      const parent = await this.#services.db.tx(SYSTEM_SCOPE, (trx) =>
        trx.selectFrom('resources').select(['provider_id', 'status', 'desired_state']).where('id', '=', row.parent_id!).executeTakeFirstOrThrow(),
      );
      // A server without a provider id yet (its create not done, or its answer lost) has nothing attached.
      if (!parent.provider_id || volume.attachedTo !== parent.provider_id) {
        // The server must exist and be idle before a volume can go on it.
        if (!parent.provider_id || !['running', 'stopped'].includes(parent.status)) return wait('creating', observed);
        const serverId = parent.provider_id;
        await this.#act(calls, 'attachVolume', volume.id, () => driver.attachVolume(serverId, volume.id));
        return wait('creating', observed);
      }
    }
    return done('running', observed);
  }

  #liveChildren(parentId: string): Promise<number> {
    return this.#services.db.tx(SYSTEM_SCOPE, async (trx) => {
      const row = await trx
        .selectFrom('resources')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('parent_id', '=', parentId)
        .where('status', '!=', 'deleted')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  /**
   * A cloud without a flavor of exactly the approved size gives the smallest larger one; after one
   * resize this generation, that flavor is accepted instead of resizing forever.
   */
  #resizedThisGeneration(row: ResourceRow): Promise<boolean> {
    return this.#services.db.tx(SYSTEM_SCOPE, async (trx) => {
      const found = await trx
        .selectFrom('resource_events')
        .select('id')
        .where('resource_id', '=', row.id)
        .where('action', '=', 'driver.resizeServer')
        .where('outcome', '=', 'ok')
        .where(sql<boolean>`(detail->>'generation')::int = ${row.generation}`)
        .executeTakeFirst();
      if (found) return true;
      // A server created this generation got the flavor the cloud chose for the approved size.
      return row.operation === 'create';
    });
  }
}
