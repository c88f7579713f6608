/**
 * Resource operations by people: stop and start (a new generation of the desired state, which the
 * reconciler or a work order carries out), retrying a failed operation, and the detail page's view.
 * Resizing and reclaiming go through change, expansion and reclamation applications instead.
 */
import type { ResourceDetail } from '@yunshu/shared/resources-api';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { costToDate } from '../billing/index.ts';
import { dueDateOf } from '../calendar/working-days.ts';
import { bumpGeneration, desiredEvent } from './desired-state.service.ts';
import { childVolumes, findResource, resourceEvents, resourceWorkOrders } from './resources.repository.ts';

const RESOURCE = { zh: '云资源', en: 'Resource' };

export async function resourceDetail(trx: Trx, profile: PolicyProfile, actor: Actor, id: string, now = new Date()): Promise<ResourceDetail> {
  const resource = await findResource(trx, id, now);
  if (!resource) throw errors.notFound(RESOURCE);
  resource.costToDate = await costToDate(trx, profile, id, now);
  const volumes = await childVolumes(trx, id, now);
  const events = await resourceEvents(trx, [id, ...volumes.map((v) => v.id)]);
  const permissions = actor.permissions;
  const live = resource.desiredState !== 'deleted';
  return {
    ...resource,
    volumes,
    events,
    workOrders: await resourceWorkOrders(trx, id, now),
    canOperate: live && resource.kind === 'server' && permissions.has('resource:operate') && (actor.scope === 'all' || actor.unitId === resource.unit.id),
    canRetry: resource.status === 'failed' && permissions.has('resource:manage'),
  };
}

async function lockResource(trx: Trx, id: string) {
  const row = await trx.selectFrom('resources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw errors.notFound(RESOURCE);
  return row;
}

/** Stop or start a server: the desired power state changes; the platform carries it out. */
export async function setPowerState(
  trx: Trx,
  services: Services,
  actor: Actor,
  id: string,
  desired: 'running' | 'stopped',
  reason: string | undefined,
  audit: AuditTarget,
  now = new Date(),
): Promise<ResourceDetail> {
  const row = await lockResource(trx, id);
  Object.assign(audit, { objectType: 'resource', objectId: id, detail: { name: row.name, desired, reason: reason ?? null } });
  if (row.kind !== 'server') throw new AppError({ status: 409, code: 'not_a_server', zh: '只有云主机可以开关机', en: 'Only servers can be stopped and started' });
  if (row.desired_state === 'deleted') throw new AppError({ status: 409, code: 'resource_reclaimed', zh: '该资源已回收或正在回收（青浦办法第十一条：回收不可逆）', en: 'The resource is reclaimed or being reclaimed (QP-11: irreversible)' });
  if (row.status === 'failed') {
    throw new AppError({ status: 409, code: 'resource_failed', zh: '上一次操作失败，请云资源管理员先处理并重试', en: 'The last operation failed; the cloud resource administrator must retry it first' });
  }
  if (desired === 'running' && row.temporary && row.lease_expires_at && row.lease_expires_at <= now) {
    throw policyViolation(services.policy, 'temporary.maxMonths', {
      code: 'temporary_expired',
      zh: `临时资源已于 ${dueDateOf(row.lease_expires_at)} 到期，须先申请延期`,
      en: `The temporary resource expired on ${dueDateOf(row.lease_expires_at)}; apply for an extension first`,
      status: 409,
    });
  }
  if (row.desired_state === desired) {
    throw new AppError({
      status: 409,
      code: desired === 'running' ? 'already_running' : 'already_stopped',
      zh: desired === 'running' ? '云主机已处于（或正在进入）运行状态' : '云主机已处于（或正在进入）停止状态',
      en: desired === 'running' ? 'The server is running, or starting, already' : 'The server is stopped, or stopping, already',
    });
  }
  await bumpGeneration(trx, services, row, { desired_state: desired, operation: desired === 'running' ? 'start' : 'stop' }, null, { due_at: null, due_provisional: false }, now);
  await desiredEvent(trx, row, null, desired === 'running' ? 'desired.start' : 'desired.stop', { reason: reason ?? null }, { id: actor.userId, name: actor.displayName }, reason ?? null);
  return resourceDetail(trx, services.policy, actor, id, now);
}

/** A failed operation is tried again as it was (same generation, same idempotency key). */
export async function retryResource(trx: Trx, services: Services, actor: Actor, id: string, audit: AuditTarget, now = new Date()): Promise<ResourceDetail> {
  const row = await lockResource(trx, id);
  Object.assign(audit, { objectType: 'resource', objectId: id, detail: { name: row.name, lastError: row.last_error } });
  if (row.status !== 'failed') throw new AppError({ status: 409, code: 'not_failed', zh: '只有失败的操作可以重试', en: 'Only a failed operation can be retried' });
  const platform = await trx.selectFrom('platforms').select('provisioning_mode').where('id', '=', row.platform_id).executeTakeFirstOrThrow();
  await trx
    .updateTable('resources')
    .set({
      status: platform.provisioning_mode === 'work_order' ? 'awaiting_work_order' : row.provider_id ? 'creating' : 'pending',
      attempts: 0,
      next_attempt_at: now,
      operation_started_at: now,
      claimed_by: null,
      claimed_until: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  await desiredEvent(trx, row, row.operation_application_id, 'reconcile.retry_requested', { lastError: row.last_error, generation: row.generation }, { id: actor.userId, name: actor.displayName });
  return resourceDetail(trx, services.policy, actor, id, now);
}
