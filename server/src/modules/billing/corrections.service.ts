/**
 * Usage corrections: never an edit of what was metered. A correction is a new interval with a reason
 * and an actor that replaces the one it corrects wherever rating looks (quantity, start or end fixed).
 * Months already confirmed are out of reach — the database guard refuses usage inside them — and their
 * fixes are the third-party auditor's adjustments in the yearly settlement (SJ-15).
 */
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { dueDateOf } from '../calendar/working-days.ts';

const INTERVAL = { zh: '用量记录', en: 'Usage interval' };

export async function correctUsage(
  trx: Trx,
  services: Services,
  actor: Actor,
  input: { intervalId: string; quantity?: string | undefined; startedAt?: string | undefined; endedAt?: string | null | undefined; reason: string },
  audit: AuditTarget,
) {
  const original = await trx.selectFrom('usage_intervals').selectAll().where('id', '=', input.intervalId).forUpdate().executeTakeFirst();
  if (!original) throw errors.notFound(INTERVAL);
  Object.assign(audit, { objectType: 'usage_interval', objectId: original.id, detail: { ...input } });
  const superseded = await trx.selectFrom('usage_intervals').select('id').where('corrects', '=', original.id).executeTakeFirst();
  if (superseded) {
    throw new AppError({ status: 409, code: 'already_corrected', zh: `该用量记录已被更正（记录 ${superseded.id}），请更正最新记录`, en: `This interval was corrected already (by ${superseded.id}); correct the latest record` });
  }
  const startedAt = input.startedAt ? new Date(input.startedAt) : original.started_at;
  const endedAt = input.endedAt === undefined ? original.ended_at : input.endedAt === null ? null : new Date(input.endedAt);
  if (endedAt && endedAt <= startedAt) throw errors.field('endedAt', '结束时间须晚于开始时间', 'The end must be after the start');
  const frozen = await trx.selectFrom('billing_months').select((eb) => eb.fn.max('ends_at').as('until')).where('status', '=', 'confirmed').executeTakeFirst();
  const frozenUntil = frozen?.until ? new Date(frozen.until) : null;
  const touches = [original.started_at, startedAt].some((at) => frozenUntil && at < frozenUntil);
  if (touches) {
    throw policyViolation(services.policy, 'settlement.thirdPartyAudit', {
      status: 409,
      code: 'usage_in_confirmed_month',
      zh: `该用量涉及已确认账单的月份（${dueDateOf(frozenUntil!)} 前），不能更正；请在年度结算中调整`,
      en: `The usage reaches into confirmed months (before ${dueDateOf(frozenUntil!)}); adjust it in the yearly settlement instead`,
    });
  }
  const row = await trx
    .insertInto('usage_intervals')
    .values({
      resource_id: original.resource_id,
      unit_id: original.unit_id,
      provider_unit_id: original.provider_unit_id,
      system_id: original.system_id,
      platform_id: original.platform_id,
      item_id: original.item_id,
      quantity: input.quantity ?? original.quantity,
      power: original.power,
      started_at: startedAt,
      ended_at: endedAt,
      source: 'correction',
      corrects: original.id,
      reason: input.reason,
      actor_id: actor.userId,
      actor_name: actor.displayName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  audit.detail = { ...audit.detail, correction: row.id };
  return {
    id: String(row.id),
    resourceId: row.resource_id,
    itemId: row.item_id,
    quantity: row.quantity,
    power: row.power,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    source: row.source,
    corrects: row.corrects === null ? null : String(row.corrects),
    reason: row.reason,
    actorName: row.actor_name,
  };
}
