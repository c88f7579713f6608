/**
 * Information systems and their project approvals (立项) with resource quotas (QP-7, QP-8, SJ-11).
 * Unit staff act for their own unit only (QP-19); the operator may register for any user unit.
 */
import { Money, toFen } from '@yunshu/shared/money';
import type { CreateProjectBodySchema, CreateSystemBodySchema, InformationSystem, Project, UpdateProjectBodySchema, UpdateSystemBodySchema } from '@yunshu/shared/systems-api';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { quotaPositions } from '../applications/index.ts';
import { approvedQuotas, findProject, findSystem } from './systems.repository.ts';

const SYSTEM = { zh: '信息系统', en: 'Information system' };
const PROJECT = { zh: '立项记录', en: 'Project approval' };

export async function requireSystem(trx: Trx, id: string): Promise<InformationSystem> {
  const system = await findSystem(trx, id);
  if (!system) throw errors.notFound(SYSTEM);
  return system;
}

export async function requireProject(trx: Trx, id: string): Promise<Project> {
  const project = await findProject(trx, id);
  if (!project) throw errors.notFound(PROJECT);
  return project;
}

/**
 * The district cloud hosts non-classified systems of MLPS level 3 or below (QP-5, QP-7; SJ-2):
 * a higher level or a classified system is refused, citing the profile's article.
 */
export function assertHostableSystem(profile: PolicyProfile, mlpsLevel: number | undefined, classified: boolean | undefined): void {
  const max = profile.parameters['security.mlpsMaxLevel'].value;
  if (classified) {
    throw policyViolation(profile, 'security.mlpsMaxLevel', {
      code: 'classified_system_refused',
      zh: '涉密信息系统不得使用电子政务云',
      en: 'Classified information systems may not use the e-government cloud',
      path: 'classified',
    });
  }
  if (mlpsLevel !== undefined && mlpsLevel > max) {
    throw policyViolation(profile, 'security.mlpsMaxLevel', {
      code: 'mlps_level_too_high',
      zh: `电子政务云仅承载等保${max}级及以下的信息系统，等保${mlpsLevel}级系统不予受理`,
      en: `The e-government cloud hosts systems of MLPS level ${max} or below; level ${mlpsLevel} is refused`,
      path: 'mlpsLevel',
    });
  }
}

async function assertSystemNameFree(trx: Trx, unitId: string, name: string): Promise<void> {
  const clash = await trx.selectFrom('information_systems').select('id').where('unit_id', '=', unitId).where('name', '=', name).executeTakeFirst();
  if (clash) throw errors.field('name', `本单位已有名为“${name}”的信息系统`, 'The unit already has a system with this name');
}

async function owningUnit(trx: Trx, actor: Actor, requested: string | undefined): Promise<string> {
  if (actor.scope === 'unit') {
    if (requested && requested !== actor.unitId) throw errors.field('unitId', '只能为本单位登记信息系统', 'You can register systems for your own unit only');
    return actor.unitId;
  }
  if (!requested) throw errors.field('unitId', '请选择所属使用单位', 'Choose the owning user unit');
  const unit = await trx.selectFrom('units').select(['type', 'disabled']).where('id', '=', requested).executeTakeFirst();
  if (unit?.type !== 'user_unit') throw errors.field('unitId', '所属单位须为使用单位', 'The owner must be a user unit');
  if (unit.disabled) throw errors.field('unitId', '所属单位已停用', 'The unit is disabled');
  return requested;
}

export async function createSystem(
  trx: Trx,
  actor: Actor,
  profile: PolicyProfile,
  input: z.infer<typeof CreateSystemBodySchema>,
  audit: AuditTarget,
): Promise<InformationSystem> {
  assertHostableSystem(profile, input.mlpsLevel, input.classified);
  const unitId = await owningUnit(trx, actor, input.unitId);
  await assertSystemNameFree(trx, unitId, input.name);
  const row = await trx
    .insertInto('information_systems')
    .values({
      unit_id: unitId,
      name: input.name,
      purpose: input.purpose,
      mlps_level: input.mlpsLevel,
      mlps_filing_number: input.mlpsFilingNumber ?? null,
      construction_type: input.constructionType,
      owner_name: input.ownerName,
      owner_phone: input.ownerPhone,
      owner_email: input.ownerEmail ?? null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'information_system', objectId: row.id, detail: { name: input.name, unitId, mlpsLevel: input.mlpsLevel } });
  return requireSystem(trx, row.id);
}

export async function updateSystem(
  trx: Trx,
  profile: PolicyProfile,
  id: string,
  input: z.infer<typeof UpdateSystemBodySchema>,
  audit: AuditTarget,
): Promise<InformationSystem> {
  const before = await requireSystem(trx, id);
  assertHostableSystem(profile, input.mlpsLevel, input.classified);
  if (input.name && input.name !== before.name) {
    await assertSystemNameFree(trx, before.unit.id, input.name);
  }
  await trx
    .updateTable('information_systems')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.purpose !== undefined ? { purpose: input.purpose } : {}),
      ...(input.mlpsLevel !== undefined ? { mlps_level: input.mlpsLevel } : {}),
      ...(input.mlpsFilingNumber !== undefined ? { mlps_filing_number: input.mlpsFilingNumber } : {}),
      ...(input.constructionType !== undefined ? { construction_type: input.constructionType } : {}),
      ...(input.ownerName !== undefined ? { owner_name: input.ownerName } : {}),
      ...(input.ownerPhone !== undefined ? { owner_phone: input.ownerPhone } : {}),
      ...(input.ownerEmail !== undefined ? { owner_email: input.ownerEmail } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  const after = await requireSystem(trx, id);
  Object.assign(audit, { objectType: 'information_system', objectId: id, detail: { name: after.name, changed: Object.keys(input) } });
  return after;
}

/**
 * The MLPS level and filing number as the system's security record states them (定级、备案; QP-22,
 * SJ-18). The level stays within what the district cloud hosts (QP-5, QP-7). The security module's use case.
 */
export async function recordSystemMlps(
  trx: Trx,
  profile: PolicyProfile,
  id: string,
  input: { mlpsLevel: number; mlpsFilingNumber: string | null },
): Promise<InformationSystem> {
  await requireSystem(trx, id);
  assertHostableSystem(profile, input.mlpsLevel, false);
  await trx
    .updateTable('information_systems')
    .set({ mlps_level: input.mlpsLevel, mlps_filing_number: input.mlpsFilingNumber, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  return requireSystem(trx, id);
}

type QuotaInput = z.infer<typeof CreateProjectBodySchema>['quotas'];

async function assertQuotaItems(trx: Trx, quotas: QuotaInput): Promise<void> {
  const seen = new Set<string>();
  for (const [index, quota] of quotas.entries()) {
    if (seen.has(quota.itemId)) throw errors.field(`quotas.${index}.itemId`, '同一服务项目只能列一次配额', 'Each catalog item may appear once');
    seen.add(quota.itemId);
    if (new Money(quota.quantity).isZero()) throw errors.field(`quotas.${index}.quantity`, '配额数量须大于 0', 'Quantity must be greater than 0');
  }
  const found = await trx.selectFrom('catalog_items').select('id').where('id', 'in', [...seen]).execute();
  const known = new Set(found.map((row) => row.id));
  const missing = quotas.findIndex((quota) => !known.has(quota.itemId));
  if (missing >= 0) throw errors.field(`quotas.${missing}.itemId`, '服务目录中没有此项目', 'No such catalog item');
}

async function assertPlatforms(trx: Trx, platformIds: readonly string[], architecture: string | undefined): Promise<void> {
  if (platformIds.length === 0) return;
  const rows = await trx.selectFrom('platforms').select(['id', 'architecture']).where('id', 'in', [...platformIds]).execute();
  const known = new Set(rows.map((row) => row.id));
  const missing = platformIds.findIndex((id) => !known.has(id));
  if (missing >= 0) throw errors.field(`platformIds.${missing}`, '云平台不存在', 'No such cloud platform');
  const mismatch = architecture ? rows.find((row) => row.architecture !== architecture) : undefined;
  if (mismatch) {
    throw errors.field('platformIds', '所选云平台的架构与立项架构（X86/信创）不一致', 'The chosen platform’s architecture (X86/ARM) differs from the project’s');
  }
}

async function writeQuotas(trx: Trx, projectId: string, unitId: string, quotas: QuotaInput): Promise<void> {
  await trx.deleteFrom('project_quotas').where('project_id', '=', projectId).execute();
  await trx
    .insertInto('project_quotas')
    .values(quotas.map((q) => ({ project_id: projectId, item_id: q.itemId, unit_id: unitId, quantity: q.quantity, basis: q.basis })))
    .execute();
}

/** A periodic workload is declared with its cycle (QP-8 in Qingpu), so efficiency rules judge it over that cycle. */
function assertCyclicalPattern(profile: PolicyProfile, cyclical: boolean | undefined, pattern: string | undefined | null): void {
  if (cyclical && !pattern && profile.parameters['approval.cyclicalWorkloadDeclared'].value) {
    throw policyViolation(profile, 'approval.cyclicalWorkloadDeclared', {
      code: 'cyclical_pattern_required',
      zh: '业务负载具有周期性的，须说明周期特征',
      en: 'Describe the cycle of a periodic workload',
      path: 'cyclicalPattern',
    });
  }
}

/** Records a project approval with the quota it approves, each line with its basis (QP-8). */
export async function createProject(
  trx: Trx,
  actor: Actor,
  profile: PolicyProfile,
  systemId: string,
  input: z.infer<typeof CreateProjectBodySchema>,
  audit: AuditTarget,
): Promise<Project> {
  const system = await requireSystem(trx, systemId);
  assertCyclicalPattern(profile, input.cyclical, input.cyclicalPattern);
  await assertQuotaItems(trx, input.quotas);
  await assertPlatforms(trx, input.platformIds, input.architecture);
  const clash = await trx.selectFrom('project_approvals').select('id').where('system_id', '=', systemId).where('document_number', '=', input.documentNumber).executeTakeFirst();
  if (clash) throw errors.field('documentNumber', `立项文号“${input.documentNumber}”已登记`, 'This approval document number is already recorded');
  const row = await trx
    .insertInto('project_approvals')
    .values({
      system_id: systemId,
      unit_id: system.unit.id,
      document_number: input.documentNumber,
      approved_on: input.approvedOn,
      approving_body: input.approvingBody,
      budget: toFen(new Money(input.budget)),
      architecture: input.architecture,
      platform_ids: input.platformIds,
      cyclical: input.cyclical,
      cyclical_pattern: input.cyclical ? (input.cyclicalPattern ?? null) : null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeQuotas(trx, row.id, system.unit.id, input.quotas);
  Object.assign(audit, {
    objectType: 'project_approval',
    objectId: row.id,
    detail: { systemId, documentNumber: input.documentNumber, quotas: input.quotas.map((q) => ({ itemId: q.itemId, quantity: q.quantity })) },
  });
  return requireProject(trx, row.id);
}

export async function updateProject(
  trx: Trx,
  profile: PolicyProfile,
  id: string,
  input: z.infer<typeof UpdateProjectBodySchema>,
  audit: AuditTarget,
): Promise<Project> {
  const before = await requireProject(trx, id);
  const cyclical = input.cyclical ?? before.cyclical;
  assertCyclicalPattern(profile, cyclical, input.cyclicalPattern ?? before.cyclicalPattern);
  if (input.quotas) await assertQuotaItems(trx, input.quotas);
  await assertPlatforms(trx, input.platformIds ?? before.platformIds, input.architecture ?? before.architecture);
  await trx
    .updateTable('project_approvals')
    .set({
      ...(input.documentNumber !== undefined ? { document_number: input.documentNumber } : {}),
      ...(input.approvedOn !== undefined ? { approved_on: input.approvedOn } : {}),
      ...(input.approvingBody !== undefined ? { approving_body: input.approvingBody } : {}),
      ...(input.budget !== undefined ? { budget: toFen(new Money(input.budget)) } : {}),
      ...(input.architecture !== undefined ? { architecture: input.architecture } : {}),
      ...(input.platformIds !== undefined ? { platform_ids: input.platformIds } : {}),
      cyclical,
      cyclical_pattern: cyclical ? (input.cyclicalPattern ?? before.cyclicalPattern) : null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  if (input.quotas) await writeQuotas(trx, id, before.unit.id, input.quotas);
  Object.assign(audit, {
    objectType: 'project_approval',
    objectId: id,
    detail: {
      changed: Object.keys(input),
      ...(input.quotas ? { quotasBefore: before.quotas.map((q) => ({ itemId: q.itemId, quantity: q.quantity })), quotasAfter: input.quotas.map((q) => ({ itemId: q.itemId, quantity: q.quantity })) } : {}),
    },
  });
  return requireProject(trx, id);
}

/**
 * Quota usage of a system per catalog item: approved (sum of its project approvals), allocated
 * (provisioned resources), pending (undecided applications) and the ceiling an expansion may reach
 * (approved × the profile's ceiling ratio, QP-10). Computed on read, never stored.
 */
export async function quotaUsage(trx: Trx, profile: PolicyProfile, systemId: string) {
  await requireSystem(trx, systemId);
  const ratio = profile.parameters['expansion.ceilingRatio'];
  const approved = await approvedQuotas(trx, systemId);
  const positions = await quotaPositions(trx, systemId);
  const allocated = new Map([...positions].map(([itemId, p]) => [itemId, p.allocated]));
  const pending = new Map([...positions].map(([itemId, p]) => [itemId, p.pending]));
  return {
    systemId,
    ceilingRatio: ratio.value,
    article: ratio.article,
    lines: approved.map((line) => {
      const approvedQty = new Money(line.approved);
      const allocatedQty = allocated.get(line.item_id) ?? new Money(0);
      const pendingQty = pending.get(line.item_id) ?? new Money(0);
      const ceiling = approvedQty.times(ratio.value);
      return {
        itemId: line.item_id,
        itemCode: line.code,
        itemName: line.name_zh,
        itemNameEn: line.name_en,
        unitOfMeasure: line.unit_of_measure,
        approved: approvedQty.toString(),
        allocated: allocatedQty.toString(),
        pending: pendingQty.toString(),
        ceiling: ceiling.toString(),
        headroom: ceiling.minus(allocatedQty).minus(pendingQty).toString(),
      };
    }),
  };
}
