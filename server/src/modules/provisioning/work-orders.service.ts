/**
 * Work orders: on a platform the district cannot drive by API (typically a city-cloud carrier, SJ-10),
 * each generation of a resource's desired state becomes a task for the provider's engineers, with the
 * provisioning deadline. They fulfil it on their side and enter the resource's identifier and shape;
 * from then on the platform treats the resource as managed, like one a driver created.
 */
import type { CompleteWorkOrderBody } from '@yunshu/shared/resources-api';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/sessions.ts';
import { SYSTEM_SCOPE, type Trx, withTenant } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import { dueDateOf } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { afterConvergence } from './provisioning-events.ts';

const WORK_ORDER = { zh: '工单', en: 'Work order' };

const ACTION_WORDS: Record<string, { zh: string; en: string }> = {
  create: { zh: '开通', en: 'create' },
  resize: { zh: '变更规格', en: 'resize' },
  stop: { zh: '停机', en: 'stop' },
  start: { zh: '开机', en: 'start' },
  delete: { zh: '回收（删除）', en: 'reclaim (delete)' },
};

/** Opens the work order of a resource's current generation; an older open one is superseded. */
export async function openWorkOrder(trx: Trx, _services: Services, resourceId: string, now: Date): Promise<void> {
  const resource = await trx.selectFrom('resources').selectAll().where('id', '=', resourceId).executeTakeFirstOrThrow();
  await trx
    .updateTable('work_orders')
    .set({ status: 'cancelled', note: '已被新的工单取代 / superseded by a newer work order', completed_at: now })
    .where('resource_id', '=', resourceId)
    .where('status', '=', 'open')
    .execute();
  const seq = await sql<{ n: string }>`SELECT nextval('work_order_number_seq')::text AS n`.execute(trx);
  const number = `GD-${dueDateOf(now).slice(0, 4)}-${seq.rows[0]!.n.padStart(5, '0')}`;
  await trx
    .insertInto('work_orders')
    .values({
      number,
      resource_id: resource.id,
      unit_id: resource.unit_id,
      provider_unit_id: resource.provider_unit_id,
      platform_id: resource.platform_id,
      generation: resource.generation,
      action: resource.operation,
      spec: JSON.stringify(resource.desired_spec),
      due_at: resource.due_at,
      due_provisional: resource.due_provisional,
    })
    .execute();
  const engineers = await trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('users.unit_id', '=', resource.provider_unit_id)
    .where('user_roles.role', '=', 'provider_engineer')
    .execute();
  const words = ACTION_WORDS[resource.operation]!;
  await notify(trx, { userIds: engineers.map((e) => e.id) }, {
    kind: 'work_order.opened',
    title: { zh: `新工单 ${number}：${words.zh} ${resource.name}`, en: `New work order ${number}: ${words.en} ${resource.name}` },
    body: {
      zh: `请${words.zh}资源 ${resource.name}，期限 ${resource.due_at ? dueDateOf(resource.due_at) : '—'}，完成后在云枢登记资源标识和规格。`,
      en: `Please ${words.en} ${resource.name}, due ${resource.due_at ? dueDateOf(resource.due_at) : '—'}, then enter its identifier and shape in Yunshu.`,
    },
    link: '/work-orders',
    dedupeKey: `work-order:${number}`,
  });
}

/**
 * The provider's engineer records a fulfilled work order. Only the provider running the platform may
 * (its engineers see nothing else); a create needs the provider's identifier of the resource.
 */
export async function completeWorkOrder(trx: Trx, services: Services, actor: Actor, id: string, body: CompleteWorkOrderBody, audit: AuditTarget, now = new Date()) {
  Object.assign(audit, { objectType: 'work_order', objectId: id });
  const order = await trx.selectFrom('work_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!order) throw errors.notFound(WORK_ORDER);
  if (order.provider_unit_id !== actor.unitId) {
    throw new AppError({ status: 403, code: 'not_your_platform', zh: '只有该云平台的服务商可以办理此工单（松江办法第十九条）', en: 'Only the provider running this platform may fulfil the work order (SJ-19)' });
  }
  if (order.status !== 'open') {
    throw new AppError({ status: 409, code: 'work_order_closed', zh: `工单已${order.status === 'done' ? '办结' : '取消'}`, en: `The work order is ${order.status === 'done' ? 'done' : 'cancelled'} already` });
  }
  const resource = await trx.selectFrom('resources').selectAll().where('id', '=', order.resource_id).forUpdate().executeTakeFirstOrThrow();
  const spec = order.spec;
  const observed =
    resource.kind === 'server'
      ? { vcpus: body.vcpus ?? spec.vcpus ?? 0, memoryGiB: body.memoryGiB ?? spec.memoryGiB ?? 0, diskGiB: body.diskGiB ?? spec.diskGiB ?? 0 }
      : { sizeGiB: body.sizeGiB ?? spec.sizeGiB ?? 0 };
  if (resource.kind === 'server' && (observed.vcpus !== spec.vcpus || observed.memoryGiB !== spec.memoryGiB)) {
    // The platform records what the provider says it delivered; a shortfall is refused, not silently accepted.
    throw errors.field(
      body.vcpus !== spec.vcpus ? 'vcpus' : 'memoryGiB',
      `交付规格 ${observed.vcpus} vCPU / ${observed.memoryGiB} GiB 与工单要求 ${spec.vcpus} vCPU / ${spec.memoryGiB} GiB 不符`,
      `Delivered ${observed.vcpus} vCPU / ${observed.memoryGiB} GiB differs from the ordered ${spec.vcpus} vCPU / ${spec.memoryGiB} GiB`,
    );
  }
  if (resource.provider_id && resource.provider_id !== body.providerReference && order.action !== 'create') {
    throw errors.field('providerReference', `资源标识应为 ${resource.provider_id}`, `The resource's identifier is ${resource.provider_id}`);
  }
  const status = order.action === 'delete' ? 'deleted' : order.action === 'stop' ? 'stopped' : 'running';
  await trx
    .updateTable('work_orders')
    .set({ status: 'done', completed_at: now, completed_by: actor.userId, completed_by_name: actor.displayName, provider_reference: body.providerReference, note: body.note ?? null })
    .where('id', '=', id)
    .execute();
  const current = order.generation === resource.generation;
  const updated = await trx
    .updateTable('resources')
    .set({
      provider_id: body.providerReference,
      observed_spec: JSON.stringify(observed),
      ...(body.addresses.length > 0 ? { addresses: body.addresses } : {}),
      provider_status: `work order ${order.number}`,
      ...(current ? { status, observed_generation: resource.generation } : {}),
      ...(current && status === 'running' ? { provisioned_at: sql<Date>`coalesce(provisioned_at, ${now})` } : {}),
      ...(current && status === 'deleted' ? { deleted_at: now } : {}),
      updated_at: now,
    })
    .where('id', '=', resource.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('resource_events')
    .values({
      resource_id: resource.id,
      unit_id: resource.unit_id,
      provider_unit_id: resource.provider_unit_id,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      action: `workorder.${order.action}`,
      outcome: 'ok',
      duration_ms: now.getTime() - order.created_at.getTime(),
      message: body.note ?? null,
      application_id: resource.operation_application_id,
      detail: JSON.stringify({ number: order.number, providerReference: body.providerReference, observed, addresses: body.addresses, generation: order.generation }),
    })
    .execute();
  // The application's timeline and the applicant's inbox are the unit's: the platform writes them, not the provider.
  if (current) await withTenant(trx, SYSTEM_SCOPE, () => afterConvergence(trx, services, resource, updated, now, 'work_order'));
  audit.detail = { number: order.number, resourceId: resource.id, action: order.action, providerReference: body.providerReference, observed };
  return order.number;
}
