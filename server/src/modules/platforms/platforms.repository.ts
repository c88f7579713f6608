/** All SQL of cloud platforms. The sealed credentials are read by `sealedCredentialsOf` only. */
import type { ConnectionSettings, Platform } from '@yunshu/shared/catalog-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { containsPattern, fetchPage } from '../../platform/db/query-helpers.ts';

function baseQuery(trx: Trx) {
  return trx
    .selectFrom('platforms as p')
    .select([
      'p.id',
      'p.name',
      'p.level',
      'p.provider_unit_id',
      'p.architecture',
      'p.region',
      'p.mlps_level',
      'p.provisioning_mode',
      'p.driver',
      'p.connection',
      'p.credentials_kind',
      'p.credentials_updated_at',
      'p.last_test_ok',
      'p.last_test_message',
      'p.last_test_message_en',
      'p.last_test_at',
      'p.last_test_duration_ms',
      'p.description',
      'p.disabled',
      'p.created_at',
      'p.updated_at',
    ])
    .select(sql<string | null>`yunshu_provider_name(p.provider_unit_id)`.as('provider_name'));
}

type PlatformRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

/** The one place a platform becomes an API object: credentials only as `hasCredentials`. */
function present(row: PlatformRow): Platform {
  return {
    id: row.id,
    name: row.name,
    level: row.level as Platform['level'],
    provider: { id: row.provider_unit_id, name: row.provider_name },
    architecture: row.architecture as Platform['architecture'],
    region: row.region,
    mlpsLevel: row.mlps_level,
    provisioningMode: row.provisioning_mode as Platform['provisioningMode'],
    driver: row.driver as Platform['driver'],
    connection: row.connection as ConnectionSettings,
    hasCredentials: row.credentials_kind !== null,
    credentialsKind: row.credentials_kind as Platform['credentialsKind'],
    credentialsUpdatedAt: row.credentials_updated_at?.toISOString() ?? null,
    lastConnectionTest:
      row.last_test_at && row.last_test_ok !== null
        ? {
            ok: row.last_test_ok,
            message: row.last_test_message ?? '',
            messageEn: row.last_test_message_en ?? '',
            at: row.last_test_at.toISOString(),
            durationMs: row.last_test_duration_ms ?? 0,
          }
        : null,
    description: row.description,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findPlatform(trx: Trx, id: string): Promise<Platform | null> {
  const row = await baseQuery(trx).where('p.id', '=', id).executeTakeFirst();
  return row ? present(row) : null;
}

export interface PlatformFilter {
  q?: string | undefined;
  level?: string | undefined;
  architecture?: string | undefined;
  provisioningMode?: string | undefined;
  providerUnitId?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
}

export async function listPlatforms(trx: Trx, filter: PlatformFilter, page: number, pageSize: number) {
  let query = baseQuery(trx);
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('p.name', 'ilike', like), eb('p.region', 'ilike', like), eb(sql`yunshu_provider_name(p.provider_unit_id)`, 'ilike', like)]));
  }
  if (filter.level) query = query.where('p.level', '=', filter.level);
  if (filter.architecture) query = query.where('p.architecture', '=', filter.architecture);
  if (filter.provisioningMode) query = query.where('p.provisioning_mode', '=', filter.provisioningMode);
  if (filter.providerUnitId) query = query.where('p.provider_unit_id', '=', filter.providerUnitId);
  if (filter.status) query = query.where('p.disabled', '=', filter.status === 'disabled');
  return fetchPage(trx, query, query.orderBy('p.level').orderBy('p.name'), page, pageSize, present);
}

export async function platformNameTaken(trx: Trx, name: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('platforms').select('id').where('name', '=', name);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The unit's type and status, to check it can be a platform's or a tender's provider. */
export async function unitKindOf(trx: Trx, unitId: string): Promise<{ type: string; disabled: boolean } | null> {
  const row = await trx.selectFrom('units').select(['type', 'disabled']).where('id', '=', unitId).executeTakeFirst();
  return row ?? null;
}

export interface PlatformValues {
  name: string;
  level: string;
  providerUnitId: string;
  architecture: string;
  region: string;
  mlpsLevel: number;
  provisioningMode: string;
  driver: string | null;
  connection: ConnectionSettings;
  description: string | null;
}

function columnsOf(values: PlatformValues) {
  return {
    name: values.name,
    level: values.level,
    provider_unit_id: values.providerUnitId,
    architecture: values.architecture,
    region: values.region,
    mlps_level: values.mlpsLevel,
    provisioning_mode: values.provisioningMode,
    driver: values.driver,
    connection: JSON.stringify(values.connection),
    description: values.description,
  };
}

export async function insertPlatform(trx: Trx, values: PlatformValues): Promise<string> {
  const row = await trx
    .insertInto('platforms')
    .values(columnsOf(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlatformRow(trx: Trx, id: string, values: PlatformValues, clearCredentials: boolean): Promise<void> {
  await trx
    .updateTable('platforms')
    .set({
      ...columnsOf(values),
      ...(clearCredentials ? { credentials_sealed: null, credentials_kind: null, credentials_updated_at: new Date() } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function storeSealedCredentials(trx: Trx, id: string, kind: string, sealed: string, userId: string | null): Promise<void> {
  await trx
    .updateTable('platforms')
    .set({ credentials_sealed: sealed, credentials_kind: kind, credentials_updated_at: new Date(), credentials_updated_by: userId, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function sealedCredentialsOf(trx: Trx, id: string): Promise<{ kind: string; sealed: string } | null> {
  const row = await trx.selectFrom('platforms').select(['credentials_kind', 'credentials_sealed']).where('id', '=', id).executeTakeFirst();
  return row?.credentials_kind && row.credentials_sealed ? { kind: row.credentials_kind, sealed: row.credentials_sealed } : null;
}

export async function recordConnectionTest(trx: Trx, id: string, result: { ok: boolean; message: string; messageEn: string; durationMs: number }, at: Date): Promise<void> {
  await trx
    .updateTable('platforms')
    .set({
      last_test_ok: result.ok,
      last_test_message: result.message,
      last_test_message_en: result.messageEn,
      last_test_at: at,
      last_test_duration_ms: result.durationMs,
    })
    .where('id', '=', id)
    .execute();
}

export async function setPlatformDisabledRow(trx: Trx, id: string, disabled: boolean): Promise<void> {
  await trx.updateTable('platforms').set({ disabled, updated_at: new Date() }).where('id', '=', id).execute();
}
