/** What other modules use of operations records: the routes. */
export { operationsRoutes } from './operations.routes.ts';
