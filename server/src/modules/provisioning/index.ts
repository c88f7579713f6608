/** What other modules and the entry points use of provisioning. */
export { inventorySyncJob, provisioningDeadlinesJob, temporaryLeasesJob } from './jobs/provisioning.jobs.ts';
export { platformDrivers } from './platform-drivers.ts';
export { Reconciler } from './reconciler.ts';
export { ReconcilerLoop } from './reconciler-loop.ts';
export { provisioningRoutes } from './resources.routes.ts';
