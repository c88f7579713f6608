/** What other modules may use of deadline supervision: the overdue sweep, its job and the SLA report route. */
export { overdueStepsJob } from './jobs/overdue-steps.job.ts';
export { ESCALATION_ROLE, sweepOverdueSteps } from './overdue-steps.service.ts';
export { slaRoutes } from './sla.routes.ts';
