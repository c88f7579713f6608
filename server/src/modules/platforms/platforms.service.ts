/**
 * Cloud platforms (云平台): the district's several platforms (QP-5), city- and district-level (SJ-2), X86
 * and ARM/信创, each run by a provider. Driver credentials are sealed with SM4 (SJ-18) the moment they
 * arrive and opened only to talk to the platform; no answer, log line or audit record carries them.
 */
import type { CreatePlatformBodySchema, Platform, SetCredentialsBody, UpdatePlatformBodySchema } from '@yunshu/shared/catalog-api';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { SecretBox } from '../../platform/crypto/sm.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { type PlatformCredentials, type ProbeResult, probeKeystone } from './keystone-client.ts';
import { assertCredentialsFit, assertMlpsLevelAllowed, assertPlatformShape } from './platform-rules.ts';
import {
  findPlatform,
  insertPlatform,
  listPlatforms,
  type PlatformFilter,
  type PlatformValues,
  platformNameTaken,
  recordConnectionTest,
  sealedCredentialsOf,
  setPlatformDisabledRow,
  storeSealedCredentials,
  unitKindOf,
  updatePlatformRow,
} from './platforms.repository.ts';
import { DriverError } from '../provisioning/drivers/cloud-driver.ts';
import { simulatedClouds } from '../provisioning/drivers/simulated/simulated-driver.ts';

const PLATFORM = { zh: '云平台', en: 'Cloud platform' };

export async function requirePlatform(trx: Trx, id: string): Promise<Platform> {
  const platform = await findPlatform(trx, id);
  if (!platform) throw errors.notFound(PLATFORM);
  return platform;
}

export function searchPlatforms(trx: Trx, filter: PlatformFilter, page: number, pageSize: number) {
  return listPlatforms(trx, filter, page, pageSize);
}

/** A provider is a unit of type 政务云服务商 that is not disabled. */
export async function assertProviderUnit(trx: Trx, unitId: string, path: string): Promise<void> {
  const unit = await unitKindOf(trx, unitId);
  if (unit?.type !== 'provider') {
    throw errors.field(path, '服务商须为“政务云服务商”类型的单位', 'The provider must be a unit of type cloud service provider');
  }
  if (unit.disabled) throw errors.field(path, '该服务商单位已停用', 'This provider unit is disabled');
}

async function assertNameFree(trx: Trx, name: string, exceptId?: string): Promise<void> {
  if (await platformNameTaken(trx, name, exceptId)) {
    throw errors.field('name', `云平台名称“${name}”已存在`, 'A cloud platform with this name already exists');
  }
}

async function checkValues(trx: Trx, policy: PolicyProfile, values: PlatformValues, exceptId?: string): Promise<void> {
  assertPlatformShape({
    provisioningMode: values.provisioningMode as 'driver' | 'work_order',
    driver: values.driver as 'simulated' | 'openstack' | null,
    connection: values.connection,
  });
  assertMlpsLevelAllowed(policy, values.mlpsLevel);
  await assertProviderUnit(trx, values.providerUnitId, 'providerUnitId');
  await assertNameFree(trx, values.name, exceptId);
}

/** Registers a platform; its credentials are set afterwards through their own route. */
export async function createPlatform(
  trx: Trx,
  policy: PolicyProfile,
  input: z.infer<typeof CreatePlatformBodySchema>,
  audit: AuditTarget,
): Promise<Platform> {
  const values: PlatformValues = {
    name: input.name,
    level: input.level,
    providerUnitId: input.providerUnitId,
    architecture: input.architecture,
    region: input.region,
    mlpsLevel: input.mlpsLevel,
    provisioningMode: input.provisioningMode,
    driver: input.driver ?? null,
    connection: input.connection,
    description: input.description ?? null,
  };
  await checkValues(trx, policy, values);
  const id = await insertPlatform(trx, values);
  const created = await requirePlatform(trx, id);
  Object.assign(audit, { objectType: 'platform', objectId: id, detail: { name: created.name, level: created.level, provisioningMode: created.provisioningMode, driver: created.driver } });
  return created;
}

/**
 * Edits a platform. A platform that stops using the OpenStack driver loses its stored credentials:
 * a secret nothing uses is not kept.
 */
export async function updatePlatform(
  trx: Trx,
  policy: PolicyProfile,
  id: string,
  input: z.infer<typeof UpdatePlatformBodySchema>,
  audit: AuditTarget,
): Promise<Platform> {
  const before = await requirePlatform(trx, id);
  Object.assign(audit, { objectType: 'platform', objectId: id });
  const values: PlatformValues = {
    name: input.name ?? before.name,
    level: input.level ?? before.level,
    providerUnitId: input.providerUnitId ?? before.provider.id,
    architecture: input.architecture ?? before.architecture,
    region: input.region ?? before.region,
    mlpsLevel: input.mlpsLevel ?? before.mlpsLevel,
    provisioningMode: input.provisioningMode ?? before.provisioningMode,
    driver: input.driver !== undefined ? input.driver : before.driver,
    connection: input.connection ?? before.connection,
    description: input.description !== undefined ? input.description : before.description,
  };
  // Settings that no longer apply go with the mode or driver that needed them.
  if (input.provisioningMode === 'work_order' && input.driver === undefined) values.driver = null;
  if (values.driver !== 'openstack' && input.connection === undefined) values.connection = {};
  await checkValues(trx, policy, values, id);
  const clearCredentials = before.hasCredentials && values.driver !== 'openstack';
  await updatePlatformRow(trx, id, values, clearCredentials);
  const after = await requirePlatform(trx, id);
  const fields = ['name', 'level', 'architecture', 'region', 'mlpsLevel', 'provisioningMode', 'driver', 'description'] as const;
  const changed: Record<string, unknown> = Object.fromEntries(
    fields.filter((key) => before[key] !== after[key]).map((key) => [key, { before: before[key], after: after[key] }]),
  );
  if (before.provider.id !== after.provider.id) changed.provider = { before: before.provider.id, after: after.provider.id };
  if (JSON.stringify(before.connection) !== JSON.stringify(after.connection)) changed.connection = { before: before.connection, after: after.connection };
  audit.detail = { name: after.name, changed, ...(clearCredentials ? { credentialsCleared: true } : {}) };
  return after;
}

/** Seals and stores the platform's credentials (SM4). The audit record names the kind, never the secret. */
export async function setPlatformCredentials(
  trx: Trx,
  secretBox: SecretBox,
  actor: Actor | null,
  id: string,
  input: SetCredentialsBody,
  audit: AuditTarget,
): Promise<Platform> {
  Object.assign(audit, { objectType: 'platform', objectId: id, detail: { kind: input.kind } });
  const platform = await requirePlatform(trx, id);
  assertCredentialsFit(platform, input);
  const plaintext = JSON.stringify(input.kind === 'password' ? { kind: input.kind, password: input.password } : { kind: input.kind, secret: input.secret });
  await storeSealedCredentials(trx, id, input.kind, secretBox.seal(plaintext), actor?.userId ?? null);
  audit.detail = { name: platform.name, kind: input.kind, replaced: platform.hasCredentials };
  return requirePlatform(trx, id);
}

/** Opens a platform's credentials for its driver; null when none are set. */
export async function openPlatformCredentials(trx: Trx, secretBox: SecretBox, id: string): Promise<PlatformCredentials | null> {
  const stored = await sealedCredentialsOf(trx, id);
  if (!stored) return null;
  const opened = JSON.parse(secretBox.open(stored.sealed)) as PlatformCredentials;
  if (opened.kind !== stored.kind) throw new Error('sealed credentials do not match their recorded kind');
  return opened;
}

/**
 * Tests the connection: the simulated cloud is asked through its driver (it may be configured to fail);
 * OpenStack gets a real Keystone token request with a time limit. The outcome is recorded on the platform and audited; an unreachable
 * platform is a failed result, not an error.
 */
export async function testPlatformConnection(
  trx: Trx,
  secretBox: SecretBox,
  id: string,
  audit: AuditTarget,
  options: { timeoutMs?: number; dataDir?: string | null } = {},
): Promise<ProbeResult & { at: string }> {
  Object.assign(audit, { objectType: 'platform', objectId: id });
  const platform = await requirePlatform(trx, id);
  if (platform.provisioningMode === 'work_order') {
    throw new AppError({
      status: 409,
      code: 'work_order_platform',
      zh: '工单模式的云平台由服务商人工开通，没有可测试的连接',
      en: 'A work-order platform is fulfilled by hand and has no connection to test',
    });
  }
  let result: ProbeResult;
  if (platform.driver === 'simulated') {
    const started = Date.now();
    try {
      await simulatedClouds.driver(id, { dataDir: options.dataDir ?? null }).testConnection();
      result = { ok: true, message: '模拟云连接正常', messageEn: 'The simulated cloud answers', durationMs: Date.now() - started };
    } catch (error) {
      const reason = error instanceof DriverError ? error.providerMessage : String(error);
      result = { ok: false, message: `模拟云连接失败：${reason}`, messageEn: `The simulated cloud failed: ${reason}`, durationMs: Date.now() - started };
    }
  } else {
    const credentials = await openPlatformCredentials(trx, secretBox, id);
    result = credentials
      ? await probeKeystone(platform.connection, credentials, options)
      : { ok: false, message: '尚未设置凭据，请先设置口令或应用凭据', messageEn: 'No credentials are set; set a password or application credential first', durationMs: 0 };
  }
  const at = new Date();
  await recordConnectionTest(trx, id, result, at);
  audit.detail = { name: platform.name, driver: platform.driver, ok: result.ok, message: result.messageEn, durationMs: result.durationMs };
  return { ...result, at: at.toISOString() };
}

export async function setPlatformDisabled(trx: Trx, id: string, disabled: boolean, audit: AuditTarget): Promise<Platform> {
  Object.assign(audit, { objectType: 'platform', objectId: id });
  const before = await requirePlatform(trx, id);
  await setPlatformDisabledRow(trx, id, disabled);
  audit.detail = { name: before.name, before: before.disabled, after: disabled };
  return requirePlatform(trx, id);
}
