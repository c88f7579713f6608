/**
 * Desired state. At submission an application's form is turned into a provisioning plan (servers to
 * create, servers to resize, resources to reclaim) and checked against its lines; the plan is kept in
 * the application's payload, so approvers see exactly what will happen. At final approval the plan is
 * written as desired state: new resource rows, or a new generation of existing ones. The reconciler (or,
 * on a work-order platform, the provider's engineers) then makes it so.
 */
import { randomUUID } from 'node:crypto';
import type { SubmitApplicationBody } from '@yunshu/shared/applications-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { type CurrentServer, checkResizes, computeAmounts, defaultServerName, type PlannedServer, planServers, SYSTEM_DISK_GIB } from './resource-plan.ts';
import { addMonths } from './provisioning-events.ts';
import { openWorkOrder } from './work-orders.service.ts';

export interface ProvisioningPlan {
  servers: PlannedServer[];
  looseVolumeGiB: number | null;
  resizes: { resourceId: string; name: string; from: { vcpus: number; memoryGiB: number }; to: { vcpus: number; memoryGiB: number } }[];
  reclaim: { resourceId: string; name: string; kind: string }[];
}

const EMPTY_PLAN: ProvisioningPlan = { servers: [], looseVolumeGiB: null, resizes: [], reclaim: [] };

async function planLines(trx: Trx, lines: readonly { itemId: string; quantity: string }[]) {
  if (lines.length === 0) return [];
  const items = await trx.selectFrom('catalog_items').select(['id', 'category', 'unit_of_measure']).where('id', 'in', lines.map((l) => l.itemId)).execute();
  const byId = new Map(items.map((i) => [i.id, i]));
  return lines.map((l) => ({ category: byId.get(l.itemId)?.category ?? '', unitOfMeasure: byId.get(l.itemId)?.unit_of_measure ?? '', quantity: l.quantity }));
}

async function liveServers(trx: Trx, systemId: string, platformId?: string): Promise<Map<string, CurrentServer & { platformId: string }>> {
  let query = trx
    .selectFrom('resources')
    .select(['id', 'name', 'desired_spec', 'platform_id'])
    .where('system_id', '=', systemId)
    .where('kind', '=', 'server')
    .where('desired_state', '!=', 'deleted');
  if (platformId) query = query.where('platform_id', '=', platformId);
  const rows = await query.orderBy('created_at').execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, vcpus: r.desired_spec.vcpus ?? 0, memoryGiB: r.desired_spec.memoryGiB ?? 0, platformId: r.platform_id }]));
}

/** The plan of a submitted application, checked against its lines and the system's resources. */
export async function planProvisioning(
  trx: Trx,
  profile: PolicyProfile,
  body: SubmitApplicationBody,
  prepared: { systemId: string | null; platformId: string | null; lines: readonly { itemId: string; quantity: string }[] },
  number: string,
): Promise<ProvisioningPlan | null> {
  switch (body.kind) {
    case 'resource':
    case 'city_cloud':
    case 'temporary': {
      const { servers, looseVolumeGiB } = planServers(await planLines(trx, prepared.lines), body.servers, defaultServerName(number));
      return { ...EMPTY_PLAN, servers, looseVolumeGiB };
    }
    case 'expansion': {
      const lines = await planLines(trx, prepared.lines);
      const granted = computeAmounts(lines);
      const current = await liveServers(trx, prepared.systemId!);
      if (!body.servers?.length && !body.resizes?.length) {
        // Without a plan: the system's only server on this platform grows, else a new server is made.
        const onPlatform = [...current.values()].filter((s) => s.platformId === prepared.platformId);
        if (onPlatform.length === 1 && granted.vcpus.isInteger() && granted.memoryGiB.isInteger() && granted.storageGiB.isZero()) {
          const only = onPlatform[0]!;
          const to = { vcpus: only.vcpus + granted.vcpus.toNumber(), memoryGiB: only.memoryGiB + granted.memoryGiB.toNumber() };
          if (to.vcpus !== only.vcpus || to.memoryGiB !== only.memoryGiB) {
            return { ...EMPTY_PLAN, resizes: [{ resourceId: only.id, name: only.name, from: { vcpus: only.vcpus, memoryGiB: only.memoryGiB }, to }] };
          }
        }
        const { servers, looseVolumeGiB } = planServers(lines, undefined, defaultServerName(number));
        return { ...EMPTY_PLAN, servers, looseVolumeGiB };
      }
      const { servers } = body.servers?.length ? planServers(lines, body.servers, defaultServerName(number)) : { servers: [] };
      const resizes = body.resizes ?? [];
      checkResizes(profile, 'expansion', resizes, current, granted, servers);
      return { ...EMPTY_PLAN, servers, resizes: resizesOf(resizes, current) };
    }
    case 'change': {
      if (!body.resizes?.length) return null;
      const current = await liveServers(trx, prepared.systemId!);
      checkResizes(profile, 'change', body.resizes, current, null, []);
      return { ...EMPTY_PLAN, resizes: resizesOf(body.resizes, current) };
    }
    case 'reclamation': {
      if (!body.resourceIds?.length) return null;
      const rows = await trx
        .selectFrom('resources')
        .select(['id', 'name', 'kind', 'system_id', 'desired_state'])
        .where('id', 'in', body.resourceIds)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const reclaim = body.resourceIds.map((id, index) => {
        const row = byId.get(id);
        if (!row || row.system_id !== prepared.systemId || row.desired_state === 'deleted') {
          throw errors.field(`resourceIds.${index}`, '请选择本信息系统在用的云资源', 'Choose a resource of this system that is in use');
        }
        return { resourceId: row.id, name: row.name, kind: row.kind };
      });
      return { ...EMPTY_PLAN, reclaim };
    }
    default:
      return null;
  }
}

function resizesOf(resizes: readonly { resourceId: string; vcpus: number; memoryGiB: number }[], current: ReadonlyMap<string, CurrentServer>): ProvisioningPlan['resizes'] {
  return resizes.map((r) => {
    const server = current.get(r.resourceId)!;
    return { resourceId: r.resourceId, name: server.name, from: { vcpus: server.vcpus, memoryGiB: server.memoryGiB }, to: { vcpus: r.vcpus, memoryGiB: r.memoryGiB } };
  });
}

interface ApprovedApplication {
  id: string;
  kind: string;
  number: string;
  unit_id: string;
  system_id: string | null;
  platform_id: string | null;
  related_application_id: string | null;
  payload: Record<string, unknown>;
  due_at: Date;
  due_provisional: boolean;
  execution_due_at: Date | null;
  execution_due_provisional: boolean;
}

/**
 * Writes the approved plan as desired state. The provisioning deadline is the execution deadline
 * when the kind has one (QP-10: 3 working days after approval), else the application's own (QP-9:
 * approval and provisioning within 7 working days). Returns the resources touched.
 */
export async function writeDesiredState(trx: Trx, services: Services, application: ApprovedApplication, now: Date): Promise<string[]> {
  const plan = application.payload.provisioning as ProvisioningPlan | undefined;
  if (application.kind === 'temporary_extension') return extendTemporary(trx, services, application, now);
  if (!plan) return [];
  const due = application.execution_due_at
    ? { due_at: application.execution_due_at, due_provisional: application.execution_due_provisional }
    : { due_at: application.due_at, due_provisional: application.due_provisional };
  const touched: string[] = [];

  if (plan.servers.length > 0 || plan.looseVolumeGiB) {
    const platform = await trx.selectFrom('platforms').select(['id', 'provider_unit_id', 'provisioning_mode']).where('id', '=', application.platform_id!).executeTakeFirstOrThrow();
    const byHand = platform.provisioning_mode === 'work_order';
    const sold = await billingItemsFor(trx, application.id, platform.id);
    const insert = async (kind: 'server' | 'volume', name: string, spec: Record<string, number>, parentId: string | null) => {
      const id = randomUUID();
      await trx
        .insertInto('resources')
        .values({
          id,
          unit_id: application.unit_id,
          provider_unit_id: platform.provider_unit_id,
          system_id: application.system_id,
          platform_id: platform.id,
          application_id: application.id,
          kind,
          name,
          idempotency_key: `yunshu-${id}`,
          parent_id: parentId,
          desired_state: 'running',
          desired_spec: JSON.stringify(spec),
          billing_items: JSON.stringify(kind === 'server' ? pick(sold, ['vcpus', 'memoryGiB']) : pick(sold, ['sizeGiB'])),
          operation: 'create',
          operation_application_id: application.id,
          status: byHand ? 'awaiting_work_order' : 'pending',
          ...due,
          temporary: application.kind === 'temporary',
        })
        .execute();
      await desiredEvent(trx, { id, unit_id: application.unit_id, provider_unit_id: platform.provider_unit_id }, application.id, 'desired.create', { spec, name });
      if (byHand) await openWorkOrder(trx, services, id, now);
      touched.push(id);
      return id;
    };
    for (const server of plan.servers) {
      const serverId = await insert('server', server.name, { vcpus: server.vcpus, memoryGiB: server.memoryGiB, diskGiB: SYSTEM_DISK_GIB }, null);
      if (server.dataDiskGiB) await insert('volume', `${server.name}-data`, { sizeGiB: server.dataDiskGiB }, serverId);
    }
    if (plan.looseVolumeGiB) await insert('volume', `${defaultServerName(application.number)}-vol`, { sizeGiB: plan.looseVolumeGiB }, null);
  }

  for (const resize of plan.resizes) {
    const row = await trx.selectFrom('resources').selectAll().where('id', '=', resize.resourceId).forUpdate().executeTakeFirst();
    // Reclaimed meanwhile: nothing left to resize; the timeline says so below.
    if (!row || row.desired_state === 'deleted') continue;
    const spec = { ...row.desired_spec, vcpus: resize.to.vcpus, memoryGiB: resize.to.memoryGiB };
    await bumpGeneration(trx, services, row, { desired_spec: JSON.stringify(spec), operation: 'resize' }, application.id, due, now);
    await desiredEvent(trx, row, application.id, 'desired.resize', { from: resize.from, to: resize.to });
    touched.push(row.id);
  }

  if (plan.reclaim.length > 0) {
    const ids = plan.reclaim.map((r) => r.resourceId);
    // A server takes its data volumes with it (QP-11: the whole resource is reclaimed).
    const rows = await trx
      .selectFrom('resources')
      .selectAll()
      .where((eb) => eb.or([eb('id', 'in', ids), eb('parent_id', 'in', ids)]))
      .where('desired_state', '!=', 'deleted')
      .forUpdate()
      .execute();
    for (const row of rows) {
      await bumpGeneration(trx, services, row, { desired_state: 'deleted', operation: 'delete' }, application.id, due, now);
      await desiredEvent(trx, row, application.id, 'desired.delete', { backupConfirmed: application.payload.backupConfirmed === true });
      touched.push(row.id);
    }
  }
  return touched;
}

const SOLD_AS = [
  ['vcpus', 'compute', 'vcpu_month'],
  ['memoryGiB', 'compute', 'gib_month'],
  ['sizeGiB', 'block_storage', 'gib_month'],
] as const;

/**
 * The catalog item each quantity of a new resource is metered as: the application's own line for it,
 * else the first such item the platform offers (an expansion may list memory only).
 */
async function billingItemsFor(trx: Trx, applicationId: string, platformId: string): Promise<Record<string, string>> {
  const lines = await trx
    .selectFrom('application_lines as l')
    .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
    .select(['i.id', 'i.category', 'i.unit_of_measure'])
    .where('l.application_id', '=', applicationId)
    .orderBy('l.line_no')
    .execute();
  const offered = await trx
    .selectFrom('catalog_item_platforms as o')
    .innerJoin('catalog_items as i', 'i.id', 'o.item_id')
    .select(['i.id', 'i.category', 'i.unit_of_measure'])
    .where('o.platform_id', '=', platformId)
    .where('i.enabled', '=', true)
    .orderBy('i.code')
    .execute();
  const items: Record<string, string> = {};
  for (const [quantity, category, unit] of SOLD_AS) {
    const match = (i: { category: string; unit_of_measure: string }) => i.category === category && i.unit_of_measure === unit;
    const item = lines.find(match) ?? offered.find(match);
    if (item) items[quantity] = item.id;
  }
  return items;
}

const pick = (items: Record<string, string>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => items[k]).map((k) => [k, items[k]!]));

/** A new generation of a resource: the reconciler (or a new work order) takes it from here. */
export async function bumpGeneration(
  trx: Trx,
  services: Services,
  row: { id: string; generation: number; status: string; platform_id: string },
  change: { desired_spec?: string; desired_state?: 'running' | 'stopped' | 'deleted'; operation: 'create' | 'resize' | 'stop' | 'start' | 'delete' },
  applicationId: string | null,
  due: { due_at: Date | null; due_provisional: boolean },
  now: Date,
): Promise<void> {
  const platform = await trx.selectFrom('platforms').select(['provisioning_mode']).where('id', '=', row.platform_id).executeTakeFirstOrThrow();
  const byHand = platform.provisioning_mode === 'work_order';
  await trx
    .updateTable('resources')
    .set({
      ...change,
      generation: row.generation + 1,
      operation_application_id: applicationId,
      // The reconciler schedules by the database's clock, whatever instant the caller decided at.
      operation_started_at: sql<Date>`now()`,
      ...due,
      overdue_notified_at: null,
      attempts: 0,
      last_error: null,
      next_attempt_at: sql<Date>`now()`,
      status: byHand ? 'awaiting_work_order' : row.status === 'failed' ? 'pending' : row.status,
      updated_at: now,
    })
    .where('id', '=', row.id)
    .execute();
  if (byHand) await openWorkOrder(trx, services, row.id, now);
}

export async function desiredEvent(
  trx: Trx,
  row: { id: string; unit_id: string; provider_unit_id: string },
  applicationId: string | null,
  action: string,
  detail: Record<string, unknown>,
  actor: { id: string; name: string } | null = null,
  message: string | null = null,
): Promise<void> {
  await trx
    .insertInto('resource_events')
    .values({
      resource_id: row.id,
      unit_id: row.unit_id,
      provider_unit_id: row.provider_unit_id,
      actor_id: actor?.id ?? null,
      actor_name: actor?.name ?? '系统',
      action,
      message,
      application_id: applicationId,
      detail: JSON.stringify(detail),
    })
    .execute();
}

/** An approved extension (QP-12) moves the term of the temporary resources on; stopped-on-expiry ones start again. */
async function extendTemporary(trx: Trx, services: Services, application: ApprovedApplication, now: Date): Promise<string[]> {
  const months = Number(application.payload.months ?? 0);
  const original = await trx.selectFrom('applications').select(['id', 'expires_at']).where('id', '=', application.related_application_id!).forUpdate().executeTakeFirstOrThrow();
  if (original.expires_at) {
    await trx
      .updateTable('applications')
      .set({ expires_at: addMonths(original.expires_at, months), updated_at: now })
      .where('id', '=', original.id)
      .execute();
  }
  const rows = await trx.selectFrom('resources').selectAll().where('application_id', '=', original.id).where('desired_state', '!=', 'deleted').forUpdate().execute();
  for (const row of rows) {
    const lease = row.lease_expires_at ? addMonths(row.lease_expires_at, months) : null;
    await trx.updateTable('resources').set({ lease_expires_at: lease, lease_notified_at: null, updated_at: now }).where('id', '=', row.id).execute();
    await desiredEvent(trx, row, application.id, 'lease.extended', { months, leaseExpiresAt: lease?.toISOString() ?? null });
    if (row.desired_state === 'stopped' && row.lease_expires_at && row.lease_expires_at <= now) {
      await bumpGeneration(trx, services, row, { desired_state: 'running', operation: 'start' }, application.id, { due_at: null, due_provisional: false }, now);
    }
  }
  return rows.map((r) => r.id);
}
