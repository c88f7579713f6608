/** What other modules use of the security record: its routes, its reminder job (the yearly evaluation will read its rates). */
export { reassessmentRemindersJob } from './jobs/reassessment-reminders.job.ts';
export { securityRoutes } from './security.routes.ts';
export { vulnerabilityRates } from './vulnerabilities.service.ts';
