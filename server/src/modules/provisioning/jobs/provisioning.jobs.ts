/** Periodic provisioning work: inventory sync of every driver platform, and temporary resources' terms. */
import type { Job } from '../../../platform/jobs/scheduler.ts';
import { sweepProvisioningDeadlines } from '../deadlines.service.ts';
import { syncAllPlatforms } from '../inventory.service.ts';
import { sweepLeases } from '../leases.service.ts';
import { platformDrivers } from '../platform-drivers.ts';

export const inventorySyncJob: Job = {
  id: 'inventory-sync',
  everySeconds: 15 * 60,
  run: async (services, now) => ({ ...(await syncAllPlatforms(services, platformDrivers(services), now)) }),
};

export const temporaryLeasesJob: Job = {
  id: 'temporary-leases',
  everySeconds: 5 * 60,
  run: async (services, now) => ({ ...(await sweepLeases(services, now)) }),
};

export const provisioningDeadlinesJob: Job = {
  id: 'provisioning-deadlines',
  everySeconds: 60,
  run: async (services, now) => ({ ...(await sweepProvisioningDeadlines(services, now)) }),
};
