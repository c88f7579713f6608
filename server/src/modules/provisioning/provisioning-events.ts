/**
 * What provisioning leaves on record: every driver action in the resource's lifecycle history (which
 * the unit sees, QP-19) and in the tamper-evident audit log; the state a resource reached; the
 * application's timeline once all of its resources are done; notices when an operation fails.
 */
import { dueDateOf } from '../calendar/working-days.ts';
import type { Trx } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { meterResource } from '../billing/index.ts';
import { notify } from '../notifications/index.ts';
import type { DriverCall, ResourceRow } from './reconciler.ts';

const STATUS_WORDS: Record<string, { zh: string; en: string }> = {
  running: { zh: '已开通，运行中', en: 'provisioned and running' },
  stopped: { zh: '已停止', en: 'stopped' },
  deleted: { zh: '已回收（删除）', en: 'reclaimed (deleted)' },
};

export const resourceLink = (id: string) => `/resources/${id}`;

/** Driver actions into the lifecycle history and the audit log, in the caller's transaction. */
export async function recordDriverCalls(trx: Trx, services: Services, row: ResourceRow, calls: readonly DriverCall[]): Promise<void> {
  if (calls.length === 0) return;
  await trx
    .insertInto('resource_events')
    .values(
      calls.map((call) => ({
        resource_id: row.id,
        unit_id: row.unit_id,
        provider_unit_id: row.provider_unit_id,
        action: `driver.${call.operation}`,
        outcome: call.outcome,
        duration_ms: call.durationMs,
        message: call.message,
        application_id: row.operation_application_id,
        detail: JSON.stringify({ generation: row.generation, target: call.target, platformId: row.platform_id }),
      })),
    )
    .execute();
  // Audit records last: an append holds the chain lock until the transaction commits.
  for (const call of calls) {
    await services.auditLog.append(trx, {
      actorId: null,
      actorUsername: 'reconciler',
      actorRoles: [],
      unitId: row.unit_id,
      unitName: null,
      sourceIp: null,
      action: `resource.driver.${call.operation}`,
      objectType: 'resource',
      objectId: row.id,
      result: call.outcome === 'ok' ? 'success' : 'failure',
      reason: call.message,
      requestId: null,
      detail: { name: row.name, platformId: row.platform_id, target: call.target, generation: row.generation, durationMs: call.durationMs, applicationId: row.operation_application_id },
    });
  }
}

/**
 * A resource reached its desired state: the history says so with how long it took against its
 * deadline; a temporary resource's term starts on its first provisioning (QP-12); when the last
 * resource of the application's operation is done, the application's timeline and applicant hear of it.
 */
export async function afterConvergence(
  trx: Trx,
  _services: Services,
  before: ResourceRow,
  after: ResourceRow,
  at: Date,
  source: 'lifecycle' | 'work_order' = 'lifecycle',
): Promise<void> {
  await meterResource(trx, after, at, source);
  const tookMs = at.getTime() - before.operation_started_at.getTime();
  const overdue = before.due_at !== null && at > before.due_at;
  await trx
    .insertInto('resource_events')
    .values({
      resource_id: after.id,
      unit_id: after.unit_id,
      provider_unit_id: after.provider_unit_id,
      action: `state.${after.status}`,
      outcome: 'ok',
      duration_ms: tookMs,
      application_id: after.operation_application_id,
      detail: JSON.stringify({ operation: after.operation, generation: after.generation, dueAt: before.due_at?.toISOString() ?? null, overdue }),
    })
    .execute();

  if (after.temporary && after.lease_expires_at === null && after.status === 'running') {
    const term = await trx
      .selectFrom('application_lines')
      .select((eb) => eb.fn.max('months').as('months'))
      .where('application_id', '=', after.application_id)
      .executeTakeFirst();
    const months = Number(term?.months ?? 0);
    if (months > 0) {
      const expires = addMonths(at, months);
      await trx.updateTable('resources').set({ lease_expires_at: expires }).where('id', '=', after.id).execute();
    }
  }

  const applicationId = after.operation_application_id;
  if (!applicationId) return;
  const open = await trx
    .selectFrom('resources')
    .select('id')
    .where('operation_application_id', '=', applicationId)
    .where((eb) => eb.or([eb('observed_generation', '<', eb.ref('generation')), eb('status', '=', 'failed')]))
    .executeTakeFirst();
  if (open) return;
  const application = await trx.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow();
  const resources = await trx.selectFrom('resources').select(['name', 'status', 'provider_id', 'lease_expires_at']).where('operation_application_id', '=', applicationId).execute();
  const reclaimed = resources.every((r) => r.status === 'deleted');
  if (application.kind === 'temporary' && !application.expires_at) {
    const leases = resources.map((r) => r.lease_expires_at).filter((d): d is Date => d !== null);
    if (leases.length > 0) {
      const expires = new Date(Math.min(...leases.map((d) => d.getTime())));
      await trx.updateTable('applications').set({ expires_at: expires, updated_at: at }).where('id', '=', applicationId).execute();
    }
  }
  const action = reclaimed ? 'reclaimed' : 'provisioned';
  await trx
    .insertInto('application_events')
    .values({
      application_id: applicationId,
      unit_id: application.unit_id,
      actor_name: '系统',
      action,
      detail: JSON.stringify({ resources: resources.map((r) => ({ name: r.name, status: r.status, providerId: r.provider_id })), at: at.toISOString() }),
    })
    .execute();
  const words = reclaimed ? STATUS_WORDS.deleted! : STATUS_WORDS.running!;
  const list = resources.map((r) => r.name).join('、');
  await notify(trx, { userIds: [application.applicant_id] }, {
    kind: `application.${action}`,
    title: { zh: `${application.number}：资源${words.zh}`, en: `${application.number}: resources ${words.en}` },
    body: {
      zh: `您的申请“${application.title}”涉及的资源（${list}）已于 ${dueDateOf(at)} ${words.zh}。`,
      en: `The resources of your application "${application.title}" (${list}) were ${words.en} on ${dueDateOf(at)}.`,
    },
    link: `/applications/${applicationId}`,
    applicationId,
    dedupeKey: `${action}:${applicationId}:${after.generation}`,
  });
}

/** A failed operation: the history records the provider's message; the applicant and the operator are told. */
export async function notifyFailure(trx: Trx, _services: Services, row: ResourceRow, message: string, _at: Date): Promise<void> {
  await trx
    .insertInto('resource_events')
    .values({
      resource_id: row.id,
      unit_id: row.unit_id,
      provider_unit_id: row.provider_unit_id,
      action: 'reconcile.failed',
      outcome: 'failed',
      message,
      application_id: row.operation_application_id,
      detail: JSON.stringify({ operation: row.operation, generation: row.generation, attempts: row.attempts }),
    })
    .execute();
  const application = row.operation_application_id
    ? await trx.selectFrom('applications').select(['id', 'number', 'applicant_id']).where('id', '=', row.operation_application_id).executeTakeFirst()
    : undefined;
  await notify(trx, { userIds: application ? [application.applicant_id] : [], roles: ['operator_resource_admin'] }, {
    kind: 'resource.failed',
    title: { zh: `资源操作失败：${row.name}`, en: `Resource operation failed: ${row.name}` },
    body: {
      zh: `${application ? `申请 ${application.number} 的` : ''}资源 ${row.name} 操作失败，云平台返回：${message}。请云资源管理员处理后重试。`,
      en: `The operation on ${row.name}${application ? ` (application ${application.number})` : ''} failed; the platform said: ${message}. The cloud resource administrator can retry once it is fixed.`,
    },
    link: resourceLink(row.id),
    ...(application ? { applicationId: application.id } : {}),
    dedupeKey: `resource-failed:${row.id}:${row.generation}:${row.attempts}`,
  });
}

/** The same day of the month, `months` later (the last day when that month is shorter), in UTC. */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}
