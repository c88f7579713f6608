/** What other modules and the entry points use of provisioning. */
export { inventorySyncJob, provisioningDeadlinesJob, temporaryLeasesJob } from './jobs/provisioning.jobs.ts';
export { platformDrivers } from './platform-drivers.ts';
export { bumpGeneration, desiredEvent } from './desired-state.service.ts';
export { Reconciler } from './reconciler.ts';
export { ReconcilerLoop } from './reconciler-loop.ts';
export { unitHash } from './drivers/simulated/seeded-random.ts';
export { profileForServer, utilizationAt } from './drivers/simulated/server-utilization.ts';
export { provisioningRoutes } from './resources.routes.ts';
