/**
 * Security incidents and notices (安全事件、通报) of a system, and units' emergency drills and training
 * (QP-23: the operator organizes drills and training; units handle and drill their own systems). The
 * number of notices is a security indicator of the yearly evaluation (QP-24 安全事件通报次数).
 */
import type { z } from 'zod';
import type { CreateActivityBodySchema, CreateIncidentBodySchema, CreateNoticeBodySchema, Incident, UpdateIncidentBodySchema } from '@yunshu/shared/security-api';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { requireSystem } from '../systems/index.ts';
import { today } from './mlps.service.ts';
import { findIncident, listActivities } from './security.repository.ts';

const INCIDENT = { zh: '安全事件', en: 'Security incident' };

async function requireIncident(trx: Trx, id: string): Promise<Incident> {
  const found = await findIncident(trx, id);
  if (!found) throw errors.notFound(INCIDENT);
  return found;
}

/**
 * Records an incident the unit met (kind incident), or a notice (通报) the operator issues to the unit
 * about its system (kind notice, naming the issuing body).
 */
export async function recordIncident(
  trx: Trx,
  actor: Actor,
  systemId: string,
  input: z.infer<typeof CreateIncidentBodySchema> | z.infer<typeof CreateNoticeBodySchema>,
  audit: AuditTarget,
): Promise<Incident> {
  const system = await requireSystem(trx, systemId);
  const kind = 'issuedBy' in input ? 'notice' : 'incident';
  if (input.occurredOn > today()) throw errors.field('occurredOn', '日期不能晚于今天', 'The date cannot be in the future');
  const row = await trx
    .insertInto('security_incidents')
    .values({
      system_id: systemId,
      unit_id: system.unit.id,
      kind,
      occurred_on: input.occurredOn,
      level: input.level,
      title: input.title,
      description: input.description,
      issued_by: 'issuedBy' in input ? input.issuedBy : null,
      handling: input.handling || null,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'security_incident', objectId: row.id, detail: { systemId, kind, level: input.level, title: input.title, occurredOn: input.occurredOn } });
  return requireIncident(trx, row.id);
}

/** Records how an incident or notice was handled and closes it; closing needs the handling. */
export async function updateIncident(trx: Trx, id: string, input: z.infer<typeof UpdateIncidentBodySchema>, audit: AuditTarget): Promise<Incident> {
  const before = await requireIncident(trx, id);
  const handling = input.handling !== undefined ? input.handling || null : before.handling;
  const closedOn = input.closedOn !== undefined ? input.closedOn : before.closedOn;
  if (closedOn && !handling) throw errors.field('handling', '关闭前须登记处置情况', 'Record the handling before closing');
  if (closedOn && closedOn < before.occurredOn) throw errors.field('closedOn', '关闭日期不能早于发生日期', 'It cannot close before it occurred');
  if (closedOn && closedOn > today()) throw errors.field('closedOn', '关闭日期不能晚于今天', 'The closing date cannot be in the future');
  await trx.updateTable('security_incidents').set({ handling, closed_on: closedOn, updated_at: new Date() }).where('id', '=', id).execute();
  Object.assign(audit, { objectType: 'security_incident', objectId: id, detail: { systemId: before.systemId, kind: before.kind, closedOn, handlingChanged: input.handling !== undefined } });
  return requireIncident(trx, id);
}

/**
 * Records a drill or training (QP-23). A unit records its own; the operator records for a unit it names,
 * or — naming none — its own district-wide ones.
 */
export async function recordActivity(trx: Trx, actor: Actor, input: z.infer<typeof CreateActivityBodySchema>, audit: AuditTarget) {
  let unitId = actor.unitId;
  if (input.unitId && input.unitId !== actor.unitId) {
    if (actor.scope === 'unit') throw errors.field('unitId', '只能登记本单位的演练和培训', 'You can record your own unit’s drills and training only');
    const unit = await trx.selectFrom('units').select('type').where('id', '=', input.unitId).executeTakeFirst();
    if (unit?.type !== 'user_unit') throw errors.field('unitId', '须为使用单位', 'Must be a user unit');
    unitId = input.unitId;
  }
  if (input.systemId) {
    const system = await requireSystem(trx, input.systemId);
    if (system.unit.id !== unitId) throw errors.field('systemId', '信息系统不属于该单位', 'The system is not the unit’s');
  }
  if (input.heldOn > today()) throw errors.field('heldOn', '日期不能晚于今天', 'The date cannot be in the future');
  const row = await trx
    .insertInto('security_activities')
    .values({
      unit_id: unitId,
      system_id: input.systemId ?? null,
      kind: input.kind,
      held_on: input.heldOn,
      title: input.title,
      content: input.content,
      participants: input.participants ?? null,
      summary: input.summary || null,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'security_activity', objectId: row.id, detail: { unitId, kind: input.kind, heldOn: input.heldOn, title: input.title } });
  const page = await listActivities(trx, { id: row.id }, 1, 1);
  return page.items[0]!;
}
