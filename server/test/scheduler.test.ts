/** The slot scheduler (ADR 004): several instances over one database run each slot of a job once. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scheduledJobs } from '../src/jobs.ts';
import { monthlyBillingJob } from '../src/modules/billing/index.ts';
import { type Job, pruneSlotsJob, Scheduler, type SchedulerLog, slotOf } from '../src/platform/jobs/scheduler.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

function collectingLog() {
  const errors: { details: Record<string, unknown>; message: string }[] = [];
  const log: SchedulerLog = {
    info: () => {},
    error: (details, message) => errors.push({ details: details as Record<string, unknown>, message }),
  };
  return { log, errors };
}

describe('scheduler', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  });
  after(() => t.close());

  test('slots are aligned to the period', () => {
    assert.equal(slotOf(60, new Date('2026-11-24T08:31:45.123Z')), '2026-11-24T08:31:00.000Z');
    assert.equal(slotOf(30, new Date('2026-11-24T08:31:45.123Z')), '2026-11-24T08:31:30.000Z');
  });

  test('two instances over one database claim a slot once; the second gets nothing', async () => {
    const runs: string[] = [];
    const job: Job = {
      id: 'test-count',
      everySeconds: 60,
      run: async (_services, now) => {
        runs.push(now.toISOString());
        return { counted: runs.length };
      },
    };
    const a = new Scheduler(t.platform, [job], { tickSeconds: 30, log: collectingLog().log });
    const b = new Scheduler(t.platform, [job], { tickSeconds: 30, log: collectingLog().log });
    const now = new Date('2026-11-24T08:31:10Z');
    const [ranA, ranB] = await Promise.all([a.tick(now), b.tick(now)]);
    assert.deepEqual([...ranA, ...ranB], ['test-count'], 'exactly one instance ran it');
    assert.deepEqual(await b.tick(new Date('2026-11-24T08:31:50Z')), [], 'same slot, later in it: nothing');
    assert.deepEqual(await a.tick(new Date('2026-11-24T08:31:55Z')), []);
    assert.equal(runs.length, 1);

    const [ranA2, ranB2] = await Promise.all([a.tick(new Date('2026-11-24T08:32:05Z')), b.tick(new Date('2026-11-24T08:32:05Z'))]);
    assert.equal([...ranA2, ...ranB2].length, 1, 'the next slot runs once too');
    assert.equal(runs.length, 2);

    const slots = (await t.ownerQuery(`SELECT slot, finished_at, outcome FROM scheduler_slots WHERE job = 'test-count' ORDER BY slot`)) as Record<string, any>[];
    assert.deepEqual(slots.map((s) => s.slot), ['2026-11-24T08:31:00.000Z', '2026-11-24T08:32:00.000Z']);
    assert.ok(slots.every((s) => s.finished_at && s.outcome.ok === true));
    assert.deepEqual(slots[0]!.outcome.result, { counted: 1 });
  });

  test('a failing job is logged and recorded; the other jobs still run', async () => {
    const ran: string[] = [];
    const jobs: Job[] = [
      { id: 'test-broken', everySeconds: 60, run: async () => Promise.reject(new Error('提醒服务不可用')) },
      {
        id: 'test-after',
        everySeconds: 60,
        run: async () => {
          ran.push('after');
          return undefined;
        },
      },
    ];
    const { log, errors } = collectingLog();
    const scheduler = new Scheduler(t.platform, jobs, { tickSeconds: 30, log });
    assert.deepEqual(await scheduler.tick(new Date('2026-11-24T09:00:00Z')), ['test-broken', 'test-after']);
    assert.deepEqual(ran, ['after']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.details.job, 'test-broken');
    const [slot] = (await t.ownerQuery(`SELECT outcome FROM scheduler_slots WHERE job = 'test-broken'`)) as { outcome: Record<string, unknown> }[];
    assert.equal(slot!.outcome.ok, false);
    assert.equal(slot!.outcome.error, '提醒服务不可用');
  });

  test('start ticks at once and periodically; stop waits for the running tick and ends it', async () => {
    let runs = 0;
    const job: Job = {
      id: 'test-loop',
      everySeconds: 1,
      run: async () => {
        runs++;
        return undefined;
      },
    };
    const scheduler = new Scheduler(t.platform, [job], { tickSeconds: 1, log: collectingLog().log });
    scheduler.start();
    const deadline = Date.now() + 5_000;
    while (runs < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.stop();
    assert.ok(runs >= 2, `ran ${runs} times`);
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(runs, stoppedAt, 'nothing runs after stop');
  });

  test('the platform registers the delivery, overdue-step, provisioning-deadline, temporary-lease, inventory, monthly-billing, data-sync, re-assessment reminder, missing-inspection, utilization rollup, monitoring agent, efficiency rules and slot-pruning jobs; a duplicate id is refused', async () => {
    const jobs = scheduledJobs(t.platform.config);
    assert.deepEqual(jobs.map((j) => [j.id, j.everySeconds]), [
      ['deliveries', 30],
      ['overdue-steps', 60],
      ['provisioning-deadlines', 60],
      ['temporary-leases', 300],
      ['inventory-sync', 900],
      ['monthly-billing', 3600],
      ['data-sync', 30],
      ['mlps-reassessment-reminders', 3600],
      ['missing-inspections', 3600],
      ['utilization-rollup', 3600],
      ['monitoring-agent', 300],
      ['efficiency-rules', 86_400],
      ['prune-scheduler-slots', 86_400],
    ]);
    const scheduler = new Scheduler(t.platform, jobs, { tickSeconds: 30, log: collectingLog().log });
    assert.deepEqual(await scheduler.tick(new Date()), ['deliveries', 'overdue-steps', 'provisioning-deadlines', 'temporary-leases', 'inventory-sync', 'monthly-billing', 'data-sync', 'mlps-reassessment-reminders', 'missing-inspections', 'utilization-rollup', 'monitoring-agent', 'efficiency-rules', 'prune-scheduler-slots']);
    const [slot] = (await t.ownerQuery(`SELECT outcome FROM scheduler_slots WHERE job = 'inventory-sync'`)) as { outcome: { result: Record<string, { ok: boolean }> } }[];
    const synced = Object.values(slot!.outcome.result);
    assert.equal(synced.length, 2, 'both driver platforms of the demo district (the city cloud is fulfilled by work order)');
    assert.ok(synced.every((platform) => platform.ok));
    const [billing] = (await t.ownerQuery(`SELECT outcome FROM scheduler_slots WHERE job = 'monthly-billing'`)) as { outcome: { result: { month: string; status: string } } }[];
    assert.equal(billing!.outcome.result.status, 'draft', 'last month’s statements were produced');
    const again = await monthlyBillingJob.run(t.platform, new Date());
    assert.equal(again?.skipped, 'draft', 'once per month');
    assert.throws(() => new Scheduler(t.platform, [jobs[0]!, jobs[0]!], { tickSeconds: 30, log: collectingLog().log }), /registered twice/);
  });
});

describe('scheduler slot retention', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  test('the daily prune deletes slots older than 14 days and keeps recent ones', async () => {
    await t.ownerQuery(`INSERT INTO scheduler_slots (job, slot, claimed_at) VALUES ('old', 'a', now() - interval '15 days'), ('recent', 'b', now() - interval '13 days')`);
    const outcome = await pruneSlotsJob.run(t.platform, new Date());
    assert.deepEqual(outcome, { deleted: 1 });
    const left = (await t.ownerQuery(`SELECT job FROM scheduler_slots WHERE job IN ('old', 'recent')`)) as { job: string }[];
    assert.deepEqual(left.map((r) => r.job), ['recent']);
  });
});
