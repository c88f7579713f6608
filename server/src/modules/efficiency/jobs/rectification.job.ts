/**
 * The efficiency rules and the rectification reminders, daily. The slot begins at 08:00 Asia/Shanghai
 * (epoch-aligned days), after the night's rollup of yesterday, and reminders reach people in office hours.
 */
import type { Job } from '../../../platform/jobs/scheduler.ts';
import { runEfficiencyRules } from '../findings.service.ts';
import { sweepRectificationReminders } from '../rectification-reminders.service.ts';

export const efficiencyRulesJob: Job = {
  id: 'efficiency-rules',
  everySeconds: 86_400,
  async run(services, now) {
    const rules = await runEfficiencyRules(services, now);
    const reminders = await sweepRectificationReminders(services, now);
    return { ...rules, ...reminders };
  },
};
