/** What other modules use of billing: metering on lifecycle changes, and the routes. */
export { billingRoutes } from './billing.routes.ts';
export { meterResource } from './metering.ts';
export { monthlyBillingJob } from './jobs.ts';
export { costToDate } from './rating.ts';
