/**
 * MLPS re-assessment reminders (QP-22, SJ-18 运行期间…等级保护复测): the unit's administrators and the
 * operator's security supervisors are told once when a system's re-assessment falls due within the
 * profile's lead time, and once more when it is overdue. A new assessment moves the due date, and the
 * new due date is reminded afresh.
 */
import { rolesWith } from '@yunshu/shared/permissions';
import type { MlpsStatus } from '@yunshu/shared/security-api';
import { systemAuditEntry } from '../../platform/audit/audit-log.ts';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { citeArticle, type PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { shanghaiDate } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { claimReassessmentReminder, reassessmentsDueBy, recordReminderRecipients, sentReminderKeys } from './security.repository.ts';
import { shiftDate } from '../calendar/working-days.ts';
import { type ReassessmentStage, reassessmentReminderStage } from './security-rules.ts';

const LEVEL_ZH = ['一', '二', '三', '四', '五'];

export interface ReminderSweep {
  dueSoon: number;
  overdue: number;
}

/**
 * Sends the reminders the day calls for. Each system is handled in a transaction of its own that first
 * claims (system, due date, stage) in `reassessment_reminders`: a second sweep — later, or at the same
 * time on another instance — finds the claim taken and sends nothing. A system that fails is reported
 * after the others were handled.
 */
export async function sweepReassessmentReminders(services: Services, now: Date = new Date()): Promise<ReminderSweep> {
  const profile = services.policy;
  const today = shanghaiDate(now);
  const horizon = shiftDate(today, profile.parameters['security.reassessmentReminderDays'].value);
  const { due, sent } = await services.db.tx(SYSTEM_SCOPE, async (trx) => {
    const due = await reassessmentsDueBy(trx, profile, today, horizon);
    return { due, sent: await sentReminderKeys(trx, due.map((system) => system.systemId)) };
  });
  const result: ReminderSweep = { dueSoon: 0, overdue: 0 };
  const failed: string[] = [];
  for (const system of due) {
    const dueOn = system.reassessment.dueOn;
    const stage = dueOn ? reassessmentReminderStage(profile, dueOn, today) : null;
    // Already sent: skipped without a transaction; the claim below still decides between concurrent sweeps.
    if (!dueOn || !stage || sent.has(`${system.systemId}|${dueOn}|${stage}`)) continue;
    try {
      const sent = await services.db.tx(SYSTEM_SCOPE, (trx) => remind(trx, services, system, dueOn, stage, now));
      if (sent) result[stage === 'due_soon' ? 'dueSoon' : 'overdue']++;
    } catch (error) {
      failed.push(`${system.systemId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length > 0) throw new Error(`re-assessment reminders not sent (${failed.length}): ${failed.join('; ')}`);
  return result;
}

async function remind(trx: Trx, services: Services, system: MlpsStatus, dueOn: string, stage: ReassessmentStage, now: Date): Promise<boolean> {
  const key = { systemId: system.systemId, dueOn, stage };
  if (!(await claimReassessmentReminder(trx, { ...key, unitId: system.unit.id, at: now }))) return false;
  const recipients = await notify(
    trx,
    // 谁使用谁负责: the unit keeps its systems' MLPS; the operator supervises it (QP-21, SJ-18).
    { inUnit: { unitId: system.unit.id, roles: ['unit_admin'] }, roles: rolesWith('security:verify') },
    reminderMessage(services.policy, system, dueOn, stage),
  );
  await recordReminderRecipients(trx, key, recipients);
  // Audit record last: an append holds the chain lock until the transaction commits.
  await services.auditLog.append(trx, systemAuditEntry({
    unitId: system.unit.id,
    unitName: system.unit.name,
    action: stage === 'due_soon' ? 'mlps.reassessment.remind' : 'mlps.reassessment.overdue',
    objectType: 'information_system',
    objectId: system.systemId,
    detail: { dueOn, stage, mlpsLevel: system.mlpsLevel, basis: system.reassessment.basis, recipients },
  }));
  return true;
}

function reminderMessage(profile: PolicyProfile, system: MlpsStatus, dueOn: string, stage: ReassessmentStage) {
  const article = system.reassessment.article;
  const cite = article ? citeArticle(profile, article) : null;
  const zhCite = cite ? `（${cite.zh}）` : '';
  const enCite = cite ? ` (${cite.en})` : '';
  const months = system.reassessment.intervalMonths;
  const name = `${system.systemName}（${system.unit.name}）`;
  const nameEn = `${system.systemName} (${system.unit.name})`;
  const common = { link: `/systems/${system.systemId}`, dedupeKey: `mlps-reassessment:${system.systemId}:${dueOn}:${stage}` };
  if (stage === 'due_soon') {
    return {
      ...common,
      kind: 'mlps.reassessment_due',
      title: { zh: `等保复测即将到期：${system.systemName}`, en: `MLPS re-assessment due soon: ${system.systemName}` },
      body: {
        zh: `信息系统 ${name} 为等保${LEVEL_ZH[system.mlpsLevel - 1] ?? system.mlpsLevel}级，每 ${months} 个月复测一次，应于 ${dueOn} 前完成复测${zhCite}，请及时安排测评。`,
        en: `${nameEn} is MLPS level ${system.mlpsLevel}, re-assessed every ${months} months; its re-assessment is due by ${dueOn}${enCite}. Please arrange the assessment.`,
      },
    };
  }
  return {
    ...common,
    kind: 'mlps.reassessment_overdue',
    title: { zh: `等保复测已超期：${system.systemName}`, en: `MLPS re-assessment overdue: ${system.systemName}` },
    body: {
      zh: `信息系统 ${name} 应于 ${dueOn} 前完成等保复测${zhCite}，至今未登记新的测评，已超期，请尽快完成复测并录入测评结果。`,
      en: `The MLPS re-assessment of ${nameEn} was due by ${dueOn}${enCite} and no new assessment is recorded; it is overdue. Please complete it and record the result.`,
    },
  };
}
