/** What other modules and the entry points use of efficiency: routes, jobs, and the rollup and its recording rules for the CLI. */
export { efficiencyRoutes } from './efficiency.routes.ts';
export { rectificationRoutes } from './cases.routes.ts';
export { efficiencyRulesJob } from './jobs/rectification.job.ts';
export { monitoringAgentJob, utilizationRollupJob } from './jobs/efficiency.jobs.ts';
export { checkMonitoringAgents } from './monitoring-agent.service.ts';
export { rollUpDays } from './rollups.service.ts';
export { recordingRulesFile } from './utilization-queries.ts';
