/** What other modules use of operations records: the routes, and the missing-inspection job. */
export { missingInspectionsJob } from './jobs/missing-inspections.job.ts';
export { operationsRoutes } from './operations.routes.ts';
