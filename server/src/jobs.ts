/** Every periodic job of the platform, run by the scheduler (ADR 004) when SCHEDULER_ENABLED. */
import type { Config } from './config.ts';
import { monthlyBillingJob } from './modules/billing/index.ts';
import { dataSyncJob } from './modules/datasync/index.ts';
import { deliveriesJob } from './modules/notifications/index.ts';
import { efficiencyRulesJob, monitoringAgentJob, utilizationRollupJob } from './modules/efficiency/index.ts';
import { missingInspectionsJob } from './modules/operations/index.ts';
import { inventorySyncJob, provisioningDeadlinesJob, temporaryLeasesJob } from './modules/provisioning/index.ts';
import { reassessmentRemindersJob } from './modules/security/index.ts';
import { overdueStepsJob } from './modules/sla/index.ts';
import { type Job, pruneSlotsJob } from './platform/jobs/scheduler.ts';

export function scheduledJobs(config: Config): Job[] {
  return [deliveriesJob(config.scheduler.tickSeconds), overdueStepsJob, provisioningDeadlinesJob, temporaryLeasesJob, inventorySyncJob, monthlyBillingJob, dataSyncJob(config.scheduler.tickSeconds), reassessmentRemindersJob, missingInspectionsJob, utilizationRollupJob, monitoringAgentJob, efficiencyRulesJob, pruneSlotsJob];
}
