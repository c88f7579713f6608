/**
 * The periodic half of QP-15: prepare the previous month's delivery on the first working day of a month
 * (idempotent by month) and push whatever is due, every scheduler tick. Two instances never send one
 * delivery twice: each claims its rows with FOR UPDATE SKIP LOCKED and a lease.
 */
import type { Job } from '../../platform/jobs/scheduler.ts';
import { prepareDueMonth, pushDueDeliveries } from './datasync.service.ts';

export function dataSyncJob(everySeconds: number): Job {
  return {
    id: 'data-sync',
    everySeconds,
    run: async (services, now) => {
      const prepared = await prepareDueMonth(services, now);
      const pushed = await pushDueDeliveries(services, now);
      return { prepared, ...pushed };
    },
  };
}
