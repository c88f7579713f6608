/**
 * Rectification deadline reminders (QP-14, SJ-14 责令整改): the unit's administrators are told once when
 * the deadline of a warning is near, and once more — with the operator, who decides on an escalation —
 * when it has passed without an answer. Each (case, deadline, stage) is claimed in
 * `rectification_reminders` first, so a second sweep, later or on another instance, sends nothing.
 */
import { rolesWith } from '@yunshu/shared/permissions';
import { systemAuditEntry } from '../../platform/audit/audit-log.ts';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { citeArticle, type PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { shanghaiDate, shiftDate } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { casesAwaitingRectification, claimReminder, recordReminderRecipients, sentReminderKeys } from './cases.repository.ts';

export type ReminderStage = 'due_soon' | 'overdue';

/** The reminder a deadline calls for today: none, due soon (within the lead days), or overdue (after the deadline day). */
export function rectificationReminderStage(profile: PolicyProfile, deadline: string, today: string): ReminderStage | null {
  if (today > deadline) return 'overdue';
  if (today >= shiftDate(deadline, -profile.parameters['efficiency.rectificationReminderDays'].value)) return 'due_soon';
  return null;
}

export async function sweepRectificationReminders(services: Services, now: Date = new Date()): Promise<{ dueSoon: number; overdue: number }> {
  const today = shanghaiDate(now);
  const { due, sent } = await services.db.tx(SYSTEM_SCOPE, async (trx) => {
    const due = await casesAwaitingRectification(trx);
    return { due, sent: await sentReminderKeys(trx, due.map((c) => c.id)) };
  });
  const result = { dueSoon: 0, overdue: 0 };
  const failed: string[] = [];
  for (const c of due) {
    const deadline = String(c.deadline_date);
    const stage = rectificationReminderStage(services.policy, deadline, today);
    if (!stage || sent.has(`${c.id}|${deadline}|${stage}`)) continue;
    try {
      if (await services.db.tx(SYSTEM_SCOPE, (trx) => remind(trx, services, c, deadline, stage, now))) result[stage === 'due_soon' ? 'dueSoon' : 'overdue']++;
    } catch (error) {
      failed.push(`${c.number}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length > 0) throw new Error(`rectification reminders not sent (${failed.length}): ${failed.join('; ')}`);
  return result;
}

type AwaitingCase = Awaited<ReturnType<typeof casesAwaitingRectification>>[number];

async function remind(trx: Trx, services: Services, c: AwaitingCase, deadline: string, stage: ReminderStage, now: Date): Promise<boolean> {
  const key = { caseId: c.id, deadlineDate: deadline, stage };
  if (!(await claimReminder(trx, { ...key, unitId: c.unit_id }, now))) return false;
  const article = services.policy.parameters['efficiency.rectificationWorkingDays'].article;
  const cite = article ? citeArticle(services.policy, article) : null;
  const zhCite = cite ? `（${cite.zh}）` : '';
  const enCite = cite ? ` (${cite.en})` : '';
  const recipients = await notify(trx, stage === 'due_soon' ? { inUnit: { unitId: c.unit_id, roles: ['unit_admin'] } } : { inUnit: { unitId: c.unit_id, roles: ['unit_admin'] }, roles: rolesWith('efficiency:manage') }, {
    kind: stage === 'due_soon' ? 'rectification.due_soon' : 'rectification.overdue',
    link: `/efficiency/cases/${c.id}`,
    dedupeKey: `rectification-reminder:${c.id}:${deadline}:${stage}`,
    title:
      stage === 'due_soon'
        ? { zh: `整改期限即将届满：${c.number}`, en: `Rectification due soon: ${c.number}` }
        : { zh: `整改期限已届满：${c.number}`, en: `Rectification overdue: ${c.number}` },
    body:
      stage === 'due_soon'
        ? { zh: `${c.unit_name} 的云资源 ${c.resource_name} 应于 ${deadline} 前完成整改或说明情况${zhCite}。`, en: `${c.unit_name} must rectify ${c.resource_name}, or explain, by ${deadline}${enCite}.` }
        : {
            zh: `${c.unit_name} 的云资源 ${c.resource_name} 整改期限 ${deadline} 已届满，未答复${zhCite}；经警告拒不整改的，将停止其云资源使用。`,
            en: `The rectification deadline of ${c.resource_name} (${c.unit_name}) passed on ${deadline} without an answer${enCite}; refusing to rectify after a warning leads to stopping its resources.`,
          },
  });
  await recordReminderRecipients(trx, key, recipients);
  // Audit record last: an append holds the chain lock until the transaction commits.
  await services.auditLog.append(trx, systemAuditEntry({
    unitId: c.unit_id,
    unitName: c.unit_name,
    action: stage === 'due_soon' ? 'rectification.remind' : 'rectification.overdue',
    objectType: 'rectification_case',
    objectId: c.id,
    detail: { number: c.number, deadline, stage, recipients },
  }));
  return true;
}
