/** Reminds and escalates overdue approval steps, every minute. */
import type { Job } from '../../../platform/jobs/scheduler.ts';
import { sweepOverdueSteps } from '../overdue-steps.service.ts';

export const overdueStepsJob: Job = {
  id: 'overdue-steps',
  everySeconds: 60,
  run: async (services, now) => ({ ...(await sweepOverdueSteps(services, now)) }),
};
