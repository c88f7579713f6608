/** MLPS re-assessment reminders, checked hourly; each stage of a due date is sent once (the claim in reassessment_reminders). */
import type { Job } from '../../../platform/jobs/scheduler.ts';
import { sweepReassessmentReminders } from '../reassessment-reminders.service.ts';

export const reassessmentRemindersJob: Job = {
  id: 'mlps-reassessment-reminders',
  everySeconds: 3600,
  run: async (services, now) => ({ ...(await sweepReassessmentReminders(services, now)) }),
};
