/** What other modules use of the QP-15 sync to the big-data platform: its routes and its job. */
export { dataSyncRoutes } from './datasync.routes.ts';
export { prepareDueMonth, pushDueDeliveries } from './datasync.service.ts';
export { dataSyncJob } from './jobs.ts';
