/**
 * Periodic jobs without a job-queue dependency (ADR 004). Every job runs once per time slot of its
 * period across all app instances: an instance runs a job only when its insert of (job, slot) into
 * `scheduler_slots` succeeds; the other instances hit the primary key and skip. Each job is also
 * idempotent by its business key, so a slot that fails half-way is repaired by the next one.
 */
import { hostname } from 'node:os';
import { SYSTEM_SCOPE } from '../db/database.ts';
import type { Services } from '../http/route.ts';

export interface Job {
  /** Stable identifier: the slot key, and what the log names. */
  id: string;
  /** Period; the job runs at most once per slot of this length (slots are aligned to the epoch). */
  everySeconds: number;
  /** Does the work; what it returns is recorded as the slot's outcome. */
  run(services: Services, now: Date): Promise<Record<string, unknown> | undefined>;
}

/** The part of the (pino) logger the scheduler uses. */
export interface SchedulerLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** The slot of `now` for a job of this period: the slot's start, e.g. '2026-11-24T08:31:00.000Z'. */
export function slotOf(everySeconds: number, now: Date): string {
  const periodMs = everySeconds * 1000;
  return new Date(Math.floor(now.getTime() / periodMs) * periodMs).toISOString();
}

export class Scheduler {
  readonly #services: Services;
  readonly #jobs: readonly Job[];
  readonly #tickMs: number;
  readonly #log: SchedulerLog;
  readonly #instance = `${hostname()}:${process.pid}`;
  /** The last slot this instance tried per job: no database round trip until the next slot begins. */
  readonly #tried = new Map<string, string>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopped = true;

  constructor(services: Services, jobs: readonly Job[], options: { tickSeconds: number; log: SchedulerLog }) {
    const ids = new Set<string>();
    for (const job of jobs) {
      if (ids.has(job.id)) throw new Error(`job ${job.id} is registered twice`);
      if (!Number.isInteger(job.everySeconds) || job.everySeconds < 1) throw new Error(`job ${job.id}: everySeconds must be a positive integer`);
      ids.add(job.id);
    }
    this.#services = services;
    this.#jobs = jobs;
    this.#tickMs = options.tickSeconds * 1000;
    this.#log = options.log;
  }

  /**
   * Runs, one after another, every job whose current slot this instance claims. A failing job is
   * logged and recorded; the others still run. Returns the ids of the jobs this instance ran.
   */
  async tick(now: Date = new Date()): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.#jobs) {
      const slot = slotOf(job.everySeconds, now);
      if (this.#tried.get(job.id) === slot) continue;
      try {
        if (!(await this.#claim(job.id, slot))) {
          this.#tried.set(job.id, slot);
          continue;
        }
      } catch (error) {
        this.#log.error({ err: error, job: job.id, slot }, 'scheduler: could not claim a slot');
        continue;
      }
      this.#tried.set(job.id, slot);
      ran.push(job.id);
      const started = Date.now();
      let outcome: Record<string, unknown>;
      try {
        const result = await job.run(this.#services, now);
        outcome = { ok: true, ...(result ? { result } : {}) };
      } catch (error) {
        this.#log.error({ err: error, job: job.id, slot }, `scheduler: job ${job.id} failed`);
        outcome = { ok: false, error: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500) };
      }
      await this.#finish(job.id, slot, { ...outcome, instance: this.#instance, durationMs: Date.now() - started }).catch((error: unknown) =>
        this.#log.error({ err: error, job: job.id, slot }, 'scheduler: could not record an outcome'),
      );
    }
    return ran;
  }

  /** Ticks now and then every `tickSeconds` (a tick starts only after the previous one ended). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#log.info({ jobs: this.#jobs.map((j) => j.id), tickSeconds: this.#tickMs / 1000 }, 'scheduler started');
    const loop = () => {
      if (this.#stopped) return;
      this.#running = this.tick()
        .catch((error: unknown) => this.#log.error({ err: error }, 'scheduler: tick failed'))
        .finally(() => {
          this.#running = null;
          if (!this.#stopped) {
            this.#timer = setTimeout(loop, this.#tickMs);
            this.#timer.unref();
          }
        });
    };
    loop();
  }

  /** Stops ticking and waits for a running tick to end. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #claim(job: string, slot: string): Promise<boolean> {
    const inserted = await this.#services.db.tx(SYSTEM_SCOPE, (trx) =>
      trx.insertInto('scheduler_slots').values({ job, slot }).onConflict((oc) => oc.doNothing()).returning('job').execute(),
    );
    return inserted.length === 1;
  }

  async #finish(job: string, slot: string, outcome: Record<string, unknown>): Promise<void> {
    await this.#services.db.tx(SYSTEM_SCOPE, (trx) =>
      trx
        .updateTable('scheduler_slots')
        .set({ finished_at: new Date(), outcome: JSON.stringify(outcome) })
        .where('job', '=', job)
        .where('slot', '=', slot)
        .execute(),
    );
  }
}

/** How long a claimed slot is kept as a record of what ran; long enough to read a week of outcomes. */
const SLOT_RETENTION_DAYS = 14;

/** Deletes slots older than the retention period, once a day (its own slot included). */
export const pruneSlotsJob: Job = {
  id: 'prune-scheduler-slots',
  everySeconds: 86_400,
  async run(services, now) {
    const before = new Date(now.getTime() - SLOT_RETENTION_DAYS * 86_400_000);
    const deleted = await services.db.tx(SYSTEM_SCOPE, (trx) => trx.deleteFrom('scheduler_slots').where('claimed_at', '<', before).executeTakeFirst());
    return { deleted: Number(deleted.numDeletedRows) };
  },
};
