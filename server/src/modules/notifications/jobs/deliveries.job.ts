/** Sends the e-mails and webhook events that are due, every scheduler tick. */
import type { Job } from '../../../platform/jobs/scheduler.ts';
import { deliverDue } from '../deliveries.service.ts';

export function deliveriesJob(everySeconds: number): Job {
  return {
    id: 'deliveries',
    everySeconds,
    run: async (services, now) => ({ ...(await deliverDue(services, now)) }),
  };
}
