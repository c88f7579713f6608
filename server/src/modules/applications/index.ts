/** What other modules may use of applications. */
export { applicationRoutes } from './applications.routes.ts';
export { quotaPositions } from './quota-ledger.ts';
