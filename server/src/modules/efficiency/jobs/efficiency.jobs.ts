/** Utilisation rollups (hourly: a day is rolled up in the first hour after it ends) and the agent check (every 5 minutes, QP-13). */
import type { Job } from '../../../platform/jobs/scheduler.ts';
import { checkMonitoringAgents } from '../monitoring-agent.service.ts';
import { rollUpMissedDays } from '../rollups.service.ts';

export const utilizationRollupJob: Job = {
  id: 'utilization-rollup',
  everySeconds: 3600,
  run: async (services, now) => ({ ...(await rollUpMissedDays(services, now)) }),
};

export const monitoringAgentJob: Job = {
  id: 'monitoring-agent',
  everySeconds: 300,
  run: async (services, now) => ({ ...(await checkMonitoringAgents(services, now)) }),
};
