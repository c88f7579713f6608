/**
 * Vulnerabilities of a system: found (by scan, notice or assessment), fixed by the unit by the deadline
 * its severity gives in the profile, and the fix verified by the operator. Their fix rate and on-time
 * rate (安全漏洞修复率和及时率) are what the yearly evaluation judges (QP-24).
 */
import type { z } from 'zod';
import type { CreateVulnerabilityBodySchema, FixVulnerabilityBodySchema, VerifyVulnerabilityBodySchema, Vulnerability } from '@yunshu/shared/security-api';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { requireSystem } from '../systems/index.ts';
import { today } from './mlps.service.ts';
import { findVulnerability, vulnerabilityStats } from './security.repository.ts';
import { vulnerabilityDeadline } from './security-rules.ts';

const VULNERABILITY = { zh: '漏洞', en: 'Vulnerability' };

async function requireVulnerability(trx: Trx, id: string): Promise<Vulnerability> {
  const found = await findVulnerability(trx, id, today());
  if (!found) throw errors.notFound(VULNERABILITY);
  return found;
}

/** Records a vulnerability with its fix deadline: found on + the profile's days for its severity. */
export async function createVulnerability(
  trx: Trx,
  actor: Actor,
  profile: PolicyProfile,
  systemId: string,
  input: z.infer<typeof CreateVulnerabilityBodySchema>,
  audit: AuditTarget,
): Promise<Vulnerability> {
  const system = await requireSystem(trx, systemId);
  if (input.foundOn > today()) throw errors.field('foundOn', '发现日期不能晚于今天', 'The day found cannot be in the future');
  if (input.assessmentId) {
    const assessment = await trx.selectFrom('mlps_assessments').select('system_id').where('id', '=', input.assessmentId).executeTakeFirst();
    if (assessment?.system_id !== systemId) throw errors.field('assessmentId', '该测评不属于此信息系统', 'The assessment is not of this system');
  }
  const deadlineOn = vulnerabilityDeadline(profile, input.severity, input.foundOn);
  const row = await trx
    .insertInto('vulnerabilities')
    .values({
      system_id: systemId,
      unit_id: system.unit.id,
      title: input.title,
      description: input.description || null,
      found_on: input.foundOn,
      source: input.source,
      severity: input.severity,
      deadline_on: deadlineOn,
      assessment_id: input.assessmentId ?? null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, {
    objectType: 'vulnerability',
    objectId: row.id,
    detail: { systemId, title: input.title, severity: input.severity, source: input.source, foundOn: input.foundOn, deadlineOn },
  });
  return requireVulnerability(trx, row.id);
}

/** The unit records the fix; the day fixed decides whether it was on time. A verified fix is final. */
export async function fixVulnerability(trx: Trx, id: string, input: z.infer<typeof FixVulnerabilityBodySchema>, audit: AuditTarget): Promise<Vulnerability> {
  const before = await requireVulnerability(trx, id);
  if (before.verifiedOn) throw errors.conflict('vulnerability_verified', '修复已经验证，不能再修改', 'The fix is verified and can no longer change');
  if (input.fixedOn < before.foundOn) throw errors.field('fixedOn', '修复日期不能早于发现日期', 'The fix cannot precede the finding');
  if (input.fixedOn > today()) throw errors.field('fixedOn', '修复日期不能晚于今天', 'The fix date cannot be in the future');
  await trx
    .updateTable('vulnerabilities')
    .set({ fixed_on: input.fixedOn, fix_note: input.note || null, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  Object.assign(audit, { objectType: 'vulnerability', objectId: id, detail: { systemId: before.systemId, fixedOn: input.fixedOn, deadlineOn: before.deadlineOn, onTime: input.fixedOn <= before.deadlineOn } });
  return requireVulnerability(trx, id);
}

/** The operator verifies a recorded fix (QP-21: it monitors and handles security risks of the cloud). */
export async function verifyVulnerability(trx: Trx, actor: Actor, id: string, input: z.infer<typeof VerifyVulnerabilityBodySchema>, audit: AuditTarget): Promise<Vulnerability> {
  const before = await requireVulnerability(trx, id);
  if (!before.fixedOn) throw errors.conflict('vulnerability_not_fixed', '漏洞尚未登记修复，不能验证', 'The fix is not recorded yet');
  if (before.verifiedOn) throw errors.conflict('vulnerability_verified', '修复已经验证', 'The fix is already verified');
  if (input.verifiedOn < before.fixedOn) throw errors.field('verifiedOn', '验证日期不能早于修复日期', 'The verification cannot precede the fix');
  if (input.verifiedOn > today()) throw errors.field('verifiedOn', '验证日期不能晚于今天', 'The verification date cannot be in the future');
  await trx
    .updateTable('vulnerabilities')
    .set({ verified_on: input.verifiedOn, verified_by: actor.userId, verified_by_name: actor.displayName, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  Object.assign(audit, { objectType: 'vulnerability', objectId: id, detail: { systemId: before.systemId, verifiedOn: input.verifiedOn } });
  return requireVulnerability(trx, id);
}

/** Fix rate and on-time rate per unit and system (QP-24), judged at `asOf` (default today). */
export async function vulnerabilityRates(trx: Trx, query: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined; unitId?: string | undefined }) {
  if (query.from && query.to && query.from > query.to) throw errors.field('from', '起始日期不能晚于截止日期', '`from` cannot be after `to`');
  const asOf = query.asOf ?? today();
  const stats = await vulnerabilityStats(trx, { ...query, asOf });
  return { from: query.from ?? null, to: query.to ?? null, asOf, ...stats };
}
