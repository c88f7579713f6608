/** SQL over resources, their history and work orders. RLS narrows every query to the caller's scope. */
import type { ResourceEvent, ResourceSummary, WorkOrder } from '@yunshu/shared/resources-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { containsPattern, fetchPage, unitLabel } from '../../platform/db/query-helpers.ts';

function summaryQuery(trx: Trx) {
  return trx
    .selectFrom('resources as r')
    .innerJoin('platforms as p', 'p.id', 'r.platform_id')
    // A provider may not read the unit's application or system (RLS): those stay null for it.
    .leftJoin('applications as a', 'a.id', 'r.application_id')
    .leftJoin('information_systems as s', 's.id', 'r.system_id')
    .selectAll('r')
    .select([
      unitLabel('r.unit_id', 'name').as('unit_name'),
      unitLabel('r.unit_id', 'type').as('unit_type'),
      'p.name as platform_name',
      'p.level as platform_level',
      'p.architecture as platform_architecture',
      'p.provisioning_mode',
      'a.number as application_number',
      's.name as system_name',
    ]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function presentSummary(row: SummaryRow, now: Date): ResourceSummary {
  const converging = row.observed_generation < row.generation && row.status !== 'failed';
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as ResourceSummary['unit']['type'] },
    systemId: row.system_id,
    systemName: row.system_name,
    platform: {
      id: row.platform_id,
      name: row.platform_name,
      level: row.platform_level as ResourceSummary['platform']['level'],
      architecture: row.platform_architecture as ResourceSummary['platform']['architecture'],
    },
    provisioningMode: row.provisioning_mode as ResourceSummary['provisioningMode'],
    applicationId: row.application_id,
    applicationNumber: row.application_number,
    parentId: row.parent_id,
    desiredState: row.desired_state,
    status: row.status as ResourceSummary['status'],
    converging,
    spec: row.desired_spec,
    observedSpec: row.observed_spec,
    providerId: row.provider_id,
    providerStatus: row.provider_status,
    addresses: row.addresses,
    lastError: row.last_error,
    attempts: row.attempts,
    nextAttemptAt: converging && row.provisioning_mode === 'driver' ? row.next_attempt_at.toISOString() : null,
    dueAt: row.due_at?.toISOString() ?? null,
    dueProvisional: row.due_provisional,
    overdue: converging && row.due_at !== null && row.due_at < now,
    temporary: row.temporary,
    leaseExpiresAt: row.lease_expires_at?.toISOString() ?? null,
    provisionedAt: row.provisioned_at?.toISOString() ?? null,
    deletedAt: row.deleted_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    costToDate: null,
  };
}

export interface ResourceFilter {
  unitId?: string | undefined;
  systemId?: string | undefined;
  platformId?: string | undefined;
  applicationId?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
  includeDeleted?: boolean | undefined;
}

export function listResources(trx: Trx, filter: ResourceFilter, page: number, pageSize: number, now = new Date()) {
  let query = summaryQuery(trx);
  if (filter.unitId) query = query.where('r.unit_id', '=', filter.unitId);
  if (filter.systemId) query = query.where('r.system_id', '=', filter.systemId);
  if (filter.platformId) query = query.where('r.platform_id', '=', filter.platformId);
  if (filter.applicationId) query = query.where((eb) => eb.or([eb('r.application_id', '=', filter.applicationId!), eb('r.operation_application_id', '=', filter.applicationId!)]));
  if (filter.kind) query = query.where('r.kind', '=', filter.kind as 'server' | 'volume');
  if (filter.status) query = query.where('r.status', '=', filter.status);
  else if (!filter.includeDeleted) query = query.where('r.status', '!=', 'deleted');
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb('r.name', 'ilike', pattern), eb('r.provider_id', 'ilike', pattern), eb(sql<string>`array_to_string(r.addresses, ' ')`, 'ilike', pattern), eb('s.name', 'ilike', pattern)]),
    );
  }
  return fetchPage(trx, query, query.orderBy('r.created_at', 'desc').orderBy('r.name'), page, pageSize, (row) => presentSummary(row, now));
}

export async function findResource(trx: Trx, id: string, now = new Date()): Promise<ResourceSummary | null> {
  const row = await summaryQuery(trx).where('r.id', '=', id).executeTakeFirst();
  return row ? presentSummary(row, now) : null;
}

export async function childVolumes(trx: Trx, parentId: string, now = new Date()): Promise<ResourceSummary[]> {
  const rows = await summaryQuery(trx).where('r.parent_id', '=', parentId).orderBy('r.created_at').execute();
  return rows.map((row) => presentSummary(row, now));
}

function eventQuery(trx: Trx) {
  return trx
    .selectFrom('resource_events as e')
    .innerJoin('resources as r', 'r.id', 'e.resource_id')
    .select(['e.id', 'e.resource_id', 'r.name as resource_name', 'e.at', 'e.actor_name', 'e.action', 'e.outcome', 'e.duration_ms', 'e.message', 'e.application_id', 'e.detail']);
}
type EventRow = Awaited<ReturnType<ReturnType<typeof eventQuery>['executeTakeFirstOrThrow']>>;

function presentEvent(row: EventRow): ResourceEvent {
  return {
    id: String(row.id),
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    at: row.at.toISOString(),
    actorName: row.actor_name,
    action: row.action,
    outcome: row.outcome,
    durationMs: row.duration_ms,
    message: row.message,
    applicationId: row.application_id,
    detail: row.detail,
  };
}

export async function resourceEvents(trx: Trx, resourceIds: readonly string[]): Promise<ResourceEvent[]> {
  if (resourceIds.length === 0) return [];
  const rows = await eventQuery(trx).where('e.resource_id', 'in', [...resourceIds]).orderBy('e.id').execute();
  return rows.map(presentEvent);
}

/** The unit's audit of operations on its own resources (a provider's: on its platforms). */
export function listResourceEvents(trx: Trx, filter: { resourceId?: string | undefined; driverCallsOnly?: boolean }, page: number, pageSize: number) {
  let query = eventQuery(trx);
  if (filter.resourceId) query = query.where('e.resource_id', '=', filter.resourceId);
  if (filter.driverCallsOnly) query = query.where('e.action', 'like', 'driver.%');
  return fetchPage(trx, query, query.orderBy('e.id', 'desc'), page, pageSize, presentEvent);
}

function workOrderQuery(trx: Trx) {
  return trx
    .selectFrom('work_orders as w')
    .innerJoin('resources as r', 'r.id', 'w.resource_id')
    .innerJoin('platforms as p', 'p.id', 'w.platform_id')
    .selectAll('w')
    .select([
      'r.name as resource_name',
      'r.kind as resource_kind',
      unitLabel('w.unit_id', 'name').as('unit_name'),
      unitLabel('w.unit_id', 'type').as('unit_type'),
      'p.name as platform_name',
      'p.level as platform_level',
      'p.architecture as platform_architecture',
    ]);
}
type WorkOrderRow = Awaited<ReturnType<ReturnType<typeof workOrderQuery>['executeTakeFirstOrThrow']>>;

function presentWorkOrder(row: WorkOrderRow, now: Date): WorkOrder {
  return {
    id: row.id,
    number: row.number,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    resourceKind: row.resource_kind,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as WorkOrder['unit']['type'] },
    platform: { id: row.platform_id, name: row.platform_name, level: row.platform_level as WorkOrder['platform']['level'], architecture: row.platform_architecture as WorkOrder['platform']['architecture'] },
    action: row.action,
    spec: row.spec,
    status: row.status,
    dueAt: row.due_at?.toISOString() ?? null,
    dueProvisional: row.due_provisional,
    overdue: row.status === 'open' && row.due_at !== null && row.due_at < now,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    completedBy: row.completed_by_name,
    providerReference: row.provider_reference,
    note: row.note,
  };
}

export function listWorkOrders(trx: Trx, filter: { status?: string | undefined; platformId?: string | undefined; resourceId?: string | undefined }, page: number, pageSize: number, now = new Date()) {
  let query = workOrderQuery(trx);
  if (filter.status) query = query.where('w.status', '=', filter.status as 'open');
  if (filter.platformId) query = query.where('w.platform_id', '=', filter.platformId);
  if (filter.resourceId) query = query.where('w.resource_id', '=', filter.resourceId);
  return fetchPage(trx, query, query.orderBy('w.status').orderBy('w.due_at').orderBy('w.created_at', 'desc'), page, pageSize, (row) => presentWorkOrder(row, now));
}

export async function resourceWorkOrders(trx: Trx, resourceId: string, now = new Date()): Promise<WorkOrder[]> {
  const rows = await workOrderQuery(trx).where('w.resource_id', '=', resourceId).orderBy('w.created_at').execute();
  return rows.map((row) => presentWorkOrder(row, now));
}
