/** Missing daily inspection reports, checked hourly: each platform and day is told of once (SJ-19). */
import type { Job } from '../../../platform/jobs/scheduler.ts';
import { sweepMissingInspections } from '../missing-inspections.service.ts';

export const missingInspectionsJob: Job = {
  id: 'missing-inspections',
  everySeconds: 3600,
  run: async (services, now) => ({ ...(await sweepMissingInspections(services, now)) }),
};
