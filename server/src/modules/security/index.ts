/** What other modules use of the security record: its routes (the yearly evaluation will read its rates). */
export { securityRoutes } from './security.routes.ts';
export { vulnerabilityRates } from './vulnerabilities.service.ts';
