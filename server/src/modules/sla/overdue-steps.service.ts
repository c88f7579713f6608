/**
 * Overdue approval steps: highlighted, reminded once per stage and escalated to the leader in charge
 * (issue 4; deadlines QP-9, QP-10, QP-11). A stage is one activation of a step: when the engine
 * re-activates a returned step it clears `reminded_at`/`escalated_at`, and the new stage is supervised afresh.
 */
import { ROLE_DEFINITIONS, type Role } from '@yunshu/shared/roles';
import { systemAuditEntry } from '../../platform/audit/audit-log.ts';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { dueDateOf } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { insertSystemStepEvent, lockOverdueStep, markStepSupervised, type OverdueStep, overdueStepIds } from './sla.repository.ts';

/** 分管领导: who is told when a step overruns its deadline (督办). */
export const ESCALATION_ROLE: Role = 'operator_leader';

export interface SweepResult {
  reminded: number;
  escalated: number;
}

/**
 * For every active step past its deadline: notifies the holders of the step's role once (已超期) and
 * the leader in charge once (督办), sets `reminded_at` / `escalated_at`, and writes a timeline event
 * and an audit record for each. Each step is handled in a transaction of its own, locked, so a second
 * sweep — on this instance or another — does nothing for the same stage. A step that fails is
 * skipped and reported after the others were handled.
 */
export async function sweepOverdueSteps(services: Services, now: Date = new Date()): Promise<SweepResult> {
  const result: SweepResult = { reminded: 0, escalated: 0 };
  const ids = await services.db.tx(SYSTEM_SCOPE, (trx) => overdueStepIds(trx, now));
  const failed: string[] = [];
  for (const id of ids) {
    try {
      await services.db.tx(SYSTEM_SCOPE, async (trx) => {
        const step = await lockOverdueStep(trx, id, now);
        if (!step) return;
        const done = await superviseStep(trx, services, step, now);
        if (done.reminded) result.reminded++;
        if (done.escalated) result.escalated++;
      });
    } catch (error) {
      failed.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length > 0) throw new Error(`overdue steps not supervised (${failed.length}): ${failed.join('; ')}`);
  return result;
}

async function superviseStep(trx: Trx, services: Services, step: OverdueStep, now: Date) {
  const dueDate = dueDateOf(step.dueAt);
  const roleLabel = ROLE_DEFINITIONS[step.role as Role]?.label ?? { zh: step.role, en: step.role };
  const cite = step.article ? `（${step.article}）` : '';
  const link = `/applications/${step.applicationId}`;
  // One stage, one deadline: the key changes when a re-activated step gets its new deadline.
  const stage = `${step.id}:${step.dueAt.toISOString()}`;
  const audits: { action: string; recipients: number }[] = [];
  const done = { reminded: false, escalated: false };

  if (!step.remindedAt) {
    const recipients = await notify(trx, { roles: [step.role as Role] }, {
      kind: 'application.step_overdue',
      title: { zh: `已超期：${step.number} ${step.nameZh}`, en: `Overdue: ${step.number} ${step.nameEn}` },
      body: {
        zh: `申请「${step.title}」（${step.unitName}）的“${step.nameZh}”环节办理期限为 ${dueDate}${cite}，现已超期，请尽快办理。`,
        en: `The “${step.nameEn}” step of “${step.title}” (${step.unitName}) was due on ${dueDate}${step.article ? ` (${step.article})` : ''} and is overdue; please decide it now.`,
      },
      link,
      applicationId: step.applicationId,
      dedupeKey: `step-overdue:${stage}`,
    });
    await markStepSupervised(trx, step.id, { reminded_at: now });
    await insertSystemStepEvent(trx, { applicationId: step.applicationId, unitId: step.unitId, at: now, action: 'reminded', stepIdx: step.idx, detail: { role: step.role, dueAt: step.dueAt.toISOString(), recipients } });
    audits.push({ action: 'application.step.remind', recipients });
    done.reminded = true;
  }

  if (!step.escalatedAt) {
    const recipients = await notify(trx, { roles: [ESCALATION_ROLE] }, {
      kind: 'application.step_escalated',
      title: { zh: `督办：${step.number} ${step.nameZh}已超期`, en: `Escalation: ${step.number} ${step.nameEn} is overdue` },
      body: {
        zh: `申请「${step.title}」（${step.unitName}）的“${step.nameZh}”环节（${roleLabel.zh}）办理期限为 ${dueDate}${cite}，至今未办理，请督办。`,
        en: `The “${step.nameEn}” step (${roleLabel.en}) of “${step.title}” (${step.unitName}) was due on ${dueDate}${step.article ? ` (${step.article})` : ''} and is still open; please follow it up.`,
      },
      link,
      applicationId: step.applicationId,
      dedupeKey: `step-escalated:${stage}`,
    });
    await markStepSupervised(trx, step.id, { escalated_at: now });
    await insertSystemStepEvent(trx, { applicationId: step.applicationId, unitId: step.unitId, at: now, action: 'escalated', stepIdx: step.idx, detail: { role: ESCALATION_ROLE, dueAt: step.dueAt.toISOString(), recipients } });
    audits.push({ action: 'application.step.escalate', recipients });
    done.escalated = true;
  }

  // Audit records last: an append holds the chain lock until the transaction commits.
  for (const audit of audits) {
    await services.auditLog.append(trx, systemAuditEntry({
      action: audit.action,
      objectType: 'application_step',
      objectId: step.id,
      detail: { applicationId: step.applicationId, number: step.number, stepIdx: step.idx, role: step.role, dueAt: step.dueAt.toISOString(), recipients: audit.recipients },
    }));
  }
  return done;
}
