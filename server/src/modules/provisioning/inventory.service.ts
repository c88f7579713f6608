/**
 * Inventory sync and drift (云扩展: unauthorized VMs). A driver platform's real servers and volumes
 * are compared with the platform's records: resources the cloud has and Yunshu never made (unknown,
 * e.g. created in the provider's own console, or a duplicate), records whose resource the cloud no
 * longer has (missing), and resources whose shape or power state differs from what was provisioned
 * (drift). Findings go to the operator and the audit log; nothing is ever deleted automatically.
 * A finding stays open while later syncs still see it and is resolved by the first sync that doesn't.
 */
import type { InventoryFinding, InventorySync } from '@yunshu/shared/resources-api';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/sessions.ts';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import { fetchPage } from '../../platform/db/query-helpers.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import { notify } from '../notifications/index.ts';
import { type CloudDriver, type CloudServer, type CloudVolume, DriverError, IDEMPOTENCY_METADATA_KEY } from './drivers/cloud-driver.ts';

export interface CloudInventory {
  servers: CloudServer[];
  volumes: CloudVolume[];
}

export interface FindingDraft {
  kind: 'unknown' | 'missing' | 'drift';
  resourceType: 'server' | 'volume';
  providerId: string;
  resourceId: string | null;
  name: string;
  detail: Record<string, unknown>;
}

interface RecordedResource {
  id: string;
  kind: 'server' | 'volume';
  name: string;
  provider_id: string | null;
  idempotency_key: string;
  status: string;
  desired_state: string;
  generation: number;
  observed_generation: number;
  observed_spec: Record<string, number> | null;
}

/** Settled: the reconciler is not at work on it, so the cloud should show what the record says. */
const settled = (r: RecordedResource) => r.observed_generation === r.generation && (r.status === 'running' || r.status === 'stopped');

/** Compares a platform's inventory with its records. Pure, so every rule is tested without a cloud. */
export function compareInventory(cloud: CloudInventory, records: readonly RecordedResource[]): FindingDraft[] {
  const findings: FindingDraft[] = [];
  for (const type of ['server', 'volume'] as const) {
    const mine = records.filter((r) => r.kind === type);
    const byProviderId = new Map(mine.filter((r) => r.provider_id).map((r) => [r.provider_id!, r]));
    const byKey = new Map(mine.map((r) => [r.idempotency_key, r]));
    const items: (CloudServer | CloudVolume)[] = type === 'server' ? cloud.servers : cloud.volumes;
    const seen = new Set<string>();
    for (const item of items) {
      const record = byProviderId.get(item.id);
      if (!record) {
        const key = item.metadata[IDEMPOTENCY_METADATA_KEY];
        const keyed = key ? byKey.get(key) : undefined;
        // A create in flight whose answer has not been recorded yet is not a finding.
        if (keyed && !keyed.provider_id && keyed.status !== 'deleted') continue;
        findings.push({
          kind: 'unknown',
          resourceType: type,
          providerId: item.id,
          resourceId: null,
          name: item.name,
          detail: {
            ...describe(item),
            ...(keyed ? { duplicateOf: keyed.id, duplicateOfName: keyed.name } : {}),
          },
        });
        continue;
      }
      seen.add(item.id);
      if (!settled(record)) continue;
      const drift = driftOf(record, item);
      if (drift) findings.push({ kind: 'drift', resourceType: type, providerId: item.id, resourceId: record.id, name: record.name, detail: drift });
    }
    for (const record of mine) {
      if (record.provider_id && settled(record) && !seen.has(record.provider_id)) {
        findings.push({ kind: 'missing', resourceType: type, providerId: record.provider_id, resourceId: record.id, name: record.name, detail: { status: record.status, expected: record.observed_spec } });
      }
    }
  }
  return findings;
}

function describe(item: CloudServer | CloudVolume): Record<string, unknown> {
  if ('flavor' in item) {
    return { status: item.status, vcpus: item.flavor.vcpus, memoryGiB: Math.round(item.flavor.ramMiB / 1024), addresses: item.addresses, createdAt: item.createdAt };
  }
  return { status: item.status, sizeGiB: item.sizeGiB, attachedTo: item.attachedTo };
}

function driftOf(record: RecordedResource, item: CloudServer | CloudVolume): Record<string, unknown> | null {
  const expected = record.observed_spec ?? {};
  const differences: Record<string, { expected: unknown; actual: unknown }> = {};
  if ('flavor' in item) {
    const memoryGiB = Math.round(item.flavor.ramMiB / 1024);
    if (expected.vcpus !== undefined && expected.vcpus !== item.flavor.vcpus) differences.vcpus = { expected: expected.vcpus, actual: item.flavor.vcpus };
    if (expected.memoryGiB !== undefined && expected.memoryGiB !== memoryGiB) differences.memoryGiB = { expected: expected.memoryGiB, actual: memoryGiB };
    const power = item.status === 'ACTIVE' ? 'running' : item.status === 'SHUTOFF' ? 'stopped' : item.status;
    if (!item.taskState && power !== record.desired_state) differences.state = { expected: record.desired_state, actual: item.status };
  } else if (expected.sizeGiB !== undefined && expected.sizeGiB !== item.sizeGiB) {
    differences.sizeGiB = { expected: expected.sizeGiB, actual: item.sizeGiB };
  }
  return Object.keys(differences).length > 0 ? differences : null;
}

/** The cloud's side, fetched without holding a database transaction where the caller can avoid it. */
export async function readInventory(driver: CloudDriver): Promise<CloudInventory> {
  const [servers, volumes] = await Promise.all([driver.listServers(), driver.listVolumes()]);
  return { servers, volumes };
}

export interface SyncOutcome {
  ok: boolean;
  message: string | null;
  servers: number;
  volumes: number;
  findings: Record<string, number>;
  opened: number;
  resolved: number;
}

/** Records one sync of a platform: refreshes, opens and resolves findings; audits and notifies new ones. */
export async function recordInventory(
  trx: Trx,
  services: Services,
  platformId: string,
  inventory: CloudInventory | { error: string },
  started: Date,
  actor: Actor | null,
  now = new Date(),
): Promise<SyncOutcome> {
  const platform = await trx.selectFrom('platforms').select(['id', 'name']).where('id', '=', platformId).executeTakeFirstOrThrow();
  if ('error' in inventory) {
    await trx
      .insertInto('inventory_syncs')
      .values({ platform_id: platformId, started_at: started, finished_at: now, ok: false, message: inventory.error, findings: JSON.stringify({}) })
      .execute();
    return { ok: false, message: inventory.error, servers: 0, volumes: 0, findings: {}, opened: 0, resolved: 0 };
  }
  const records = await trx
    .selectFrom('resources')
    .select(['id', 'kind', 'name', 'provider_id', 'idempotency_key', 'status', 'desired_state', 'generation', 'observed_generation', 'observed_spec'])
    .where('platform_id', '=', platformId)
    .where((eb) => eb.or([eb('status', '!=', 'deleted'), eb('provider_id', 'is not', null)]))
    .execute();
  const drafts = compareInventory(inventory, records.filter((r) => r.status !== 'deleted').concat(records.filter((r) => r.status === 'deleted').map((r) => ({ ...r, provider_id: null }))));
  let opened = 0;
  const openedFindings: FindingDraft[] = [];
  for (const draft of drafts) {
    const row = await trx
      .insertInto('inventory_findings')
      .values({
        platform_id: platformId,
        kind: draft.kind,
        resource_type: draft.resourceType,
        provider_id: draft.providerId,
        resource_id: draft.resourceId,
        name: draft.name,
        detail: JSON.stringify(draft.detail),
        first_seen_at: now,
        last_seen_at: now,
      })
      .onConflict((oc) => oc.columns(['platform_id', 'kind', 'provider_id']).where('resolved_at', 'is', null).doUpdateSet({ last_seen_at: now, detail: JSON.stringify(draft.detail), name: draft.name }))
      .returning(['id', 'first_seen_at'])
      .executeTakeFirstOrThrow();
    if (row.first_seen_at.getTime() === now.getTime()) {
      opened++;
      openedFindings.push(draft);
      await services.auditLog.append(trx, auditEntry(actor, 'inventory.finding', row.id, { platformId, platform: platform.name, ...draft }));
    }
  }
  const stillSeen = drafts.map((d) => `${d.kind}|${d.providerId}`);
  const resolved = await trx
    .updateTable('inventory_findings')
    .set({ resolved_at: now })
    .where('platform_id', '=', platformId)
    .where('resolved_at', 'is', null)
    .where(sql<string>`kind || '|' || provider_id`, 'not in', stillSeen.length > 0 ? stillSeen : [''])
    .returning('id')
    .execute();
  const findings: Record<string, number> = { unknown: 0, missing: 0, drift: 0 };
  for (const draft of drafts) findings[draft.kind] = (findings[draft.kind] ?? 0) + 1;
  await trx
    .insertInto('inventory_syncs')
    .values({ platform_id: platformId, started_at: started, finished_at: now, ok: true, servers: inventory.servers.length, volumes: inventory.volumes.length, findings: JSON.stringify(findings) })
    .execute();
  if (openedFindings.length > 0) {
    const list = openedFindings.slice(0, 5).map((f) => `${f.name}（${f.providerId}）`).join('、');
    await notify(trx, { roles: ['operator_resource_admin'] }, {
      kind: 'inventory.findings',
      title: { zh: `${platform.name}：发现 ${openedFindings.length} 项资源差异`, en: `${platform.name}: ${openedFindings.length} new inventory findings` },
      body: {
        zh: `资源清点发现未登记、缺失或规格漂移的资源：${list}${openedFindings.length > 5 ? ' 等' : ''}。平台不会自动删除，请核实处理。`,
        en: `The inventory sync found unknown, missing or drifted resources: ${list}${openedFindings.length > 5 ? ' and more' : ''}. Nothing is deleted automatically; please review.`,
      },
      link: '/inventory',
      dedupeKey: `inventory:${platformId}:${now.toISOString()}`,
    });
  }
  return { ok: true, message: null, servers: inventory.servers.length, volumes: inventory.volumes.length, findings, opened, resolved: resolved.length };
}

function auditEntry(actor: Actor | null, action: string, objectId: string, detail: Record<string, unknown>) {
  return {
    actorId: actor?.userId ?? null,
    actorUsername: actor?.username ?? 'inventory-sync',
    actorRoles: actor?.roles ?? [],
    unitId: actor?.unitId ?? null,
    unitName: actor?.unitName ?? null,
    sourceIp: null,
    action,
    objectType: 'inventory_finding',
    objectId,
    result: 'success' as const,
    reason: null,
    requestId: null,
    detail,
  };
}

/** What a failed inventory read says, in the provider's words. */
export function inventoryError(error: unknown): string {
  return error instanceof DriverError ? error.providerMessage : error instanceof Error ? error.message : String(error);
}

const FINDING = { zh: '清点差异', en: 'Inventory finding' };

export async function acknowledgeFinding(trx: Trx, actor: Actor, id: string, note: string, audit: AuditTarget, now = new Date()): Promise<InventoryFinding> {
  Object.assign(audit, { objectType: 'inventory_finding', objectId: id, detail: { note } });
  const finding = await trx.selectFrom('inventory_findings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!finding) throw errors.notFound(FINDING);
  if (finding.acknowledged_at) throw new AppError({ status: 409, code: 'finding_acknowledged', zh: '该差异已确认', en: 'The finding is acknowledged already' });
  await trx
    .updateTable('inventory_findings')
    .set({ acknowledged_at: now, acknowledged_by: actor.userId, acknowledged_by_name: actor.displayName, note })
    .where('id', '=', id)
    .execute();
  return (await findFinding(trx, id))!;
}

function findingQuery(trx: Trx) {
  return trx
    .selectFrom('inventory_findings as f')
    .innerJoin('platforms as p', 'p.id', 'f.platform_id')
    .selectAll('f')
    .select(['p.name as platform_name', 'p.level as platform_level', 'p.architecture as platform_architecture']);
}
type FindingRow = Awaited<ReturnType<ReturnType<typeof findingQuery>['executeTakeFirstOrThrow']>>;

function presentFinding(row: FindingRow): InventoryFinding {
  return {
    id: row.id,
    platform: { id: row.platform_id, name: row.platform_name, level: row.platform_level as InventoryFinding['platform']['level'], architecture: row.platform_architecture as InventoryFinding['platform']['architecture'] },
    kind: row.kind,
    resourceType: row.resource_type,
    providerId: row.provider_id,
    resourceId: row.resource_id,
    name: row.name,
    detail: row.detail,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by_name,
    note: row.note,
  };
}

async function findFinding(trx: Trx, id: string): Promise<InventoryFinding | null> {
  const row = await findingQuery(trx).where('f.id', '=', id).executeTakeFirst();
  return row ? presentFinding(row) : null;
}

export function listFindings(trx: Trx, filter: { platformId?: string | undefined; kind?: string | undefined; open?: boolean }, page: number, pageSize: number) {
  let query = findingQuery(trx);
  if (filter.platformId) query = query.where('f.platform_id', '=', filter.platformId);
  if (filter.kind) query = query.where('f.kind', '=', filter.kind as 'unknown');
  if (filter.open !== false) query = query.where('f.resolved_at', 'is', null);
  return fetchPage(trx, query, query.orderBy('f.last_seen_at', 'desc').orderBy('f.name'), page, pageSize, presentFinding);
}

export function listSyncs(trx: Trx, filter: { platformId?: string | undefined }, page: number, pageSize: number) {
  let query = trx
    .selectFrom('inventory_syncs as y')
    .innerJoin('platforms as p', 'p.id', 'y.platform_id')
    .selectAll('y')
    .select(['p.name as platform_name', 'p.level as platform_level', 'p.architecture as platform_architecture']);
  if (filter.platformId) query = query.where('y.platform_id', '=', filter.platformId);
  return fetchPage(trx, query, query.orderBy('y.started_at', 'desc'), page, pageSize, (row): InventorySync => ({
    id: row.id,
    platform: { id: row.platform_id, name: row.platform_name, level: row.platform_level as InventorySync['platform']['level'], architecture: row.platform_architecture as InventorySync['platform']['architecture'] },
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
    ok: row.ok,
    message: row.message,
    servers: row.servers,
    volumes: row.volumes,
    findings: row.findings,
  }));
}

/** The periodic sync: every enabled driver platform, each read outside any transaction, then recorded. */
export async function syncAllPlatforms(services: Services, drivers: (platformId: string) => Promise<CloudDriver>, now = new Date()): Promise<Record<string, SyncOutcome>> {
  const platforms = await services.db.tx(SYSTEM_SCOPE, (trx) =>
    trx.selectFrom('platforms').select(['id', 'name']).where('provisioning_mode', '=', 'driver').where('disabled', '=', false).orderBy('name').execute(),
  );
  const outcomes: Record<string, SyncOutcome> = {};
  for (const platform of platforms) {
    const started = new Date();
    let inventory: CloudInventory | { error: string };
    try {
      inventory = await readInventory(await drivers(platform.id));
    } catch (error) {
      inventory = { error: inventoryError(error) };
    }
    outcomes[platform.name] = await services.db.tx(SYSTEM_SCOPE, async (trx) => {
      const outcome = await recordInventory(trx, services, platform.id, inventory, started, null, now);
      await services.auditLog.append(trx, { ...auditEntry(null, 'inventory.sync', platform.id, { platform: platform.name, ...outcome }), objectType: 'platform', result: outcome.ok ? 'success' : 'failure', reason: outcome.message });
      return outcome;
    });
  }
  return outcomes;
}
