/** What other modules use of billing: metering on lifecycle changes, the routes, a month's usage (QP-15 sync). */
export { billingRoutes } from './billing.routes.ts';
export { meterResource } from './metering.ts';
export { monthlyBillingJob } from './jobs.ts';
export { costToDate, monthBounds, monthOf, shiftMonth } from './rating.ts';
export { type MonthUsageLine, monthUsage, type UsageSource } from './usage-report.ts';
