/**
 * The MLPS record of an information system (网络安全等级保护, QP-21, QP-22, SJ-18): grading (定级) and
 * filing (备案), assessments (测评) with their rectification items, and the re-assessment due date the
 * profile's interval gives (QP-22 运行期间持续做好等级保护复测). The unit keeps it for its own systems;
 * the operator may keep it with them.
 */
import type { z } from 'zod';
import type { CreateAssessmentBodySchema, MlpsStatus, RecordMlpsBodySchema, UpdateRectificationBodySchema } from '@yunshu/shared/security-api';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { shanghaiDate } from '../calendar/working-days.ts';
import { recordSystemMlps, requireSystem } from '../systems/index.ts';
import { findMlpsStatus, incidentCounts, listAssessments, vulnerabilityStats } from './security.repository.ts';
import { MLPS_FILING_FROM_LEVEL } from './security-rules.ts';

const SYSTEM = { zh: '信息系统', en: 'Information system' };
const RECTIFICATION = { zh: '整改项', en: 'Rectification item' };

export const today = (now = new Date()) => shanghaiDate(now);

export async function requireMlpsStatus(trx: Trx, profile: PolicyProfile, systemId: string, now = new Date()): Promise<MlpsStatus> {
  const status = await findMlpsStatus(trx, profile, systemId, today(now));
  if (!status) throw errors.notFound(SYSTEM);
  return status;
}

/** The system's one row of security state, made on first use. */
export async function ensureSystemSecurity(trx: Trx, systemId: string, unitId: string): Promise<void> {
  await trx.insertInto('system_security').values({ system_id: systemId, unit_id: unitId }).onConflict((oc) => oc.column('system_id').doNothing()).execute();
}

/**
 * Records grading and filing: the level (within what the cloud hosts, QP-5/QP-7), the grading date and,
 * from level 2, the filing number and date together (a filing is both).
 */
export async function recordMlps(trx: Trx, profile: PolicyProfile, systemId: string, input: z.infer<typeof RecordMlpsBodySchema>, audit: AuditTarget): Promise<MlpsStatus> {
  const system = await requireSystem(trx, systemId);
  if ((input.filingNumber === null) !== (input.filedOn === null)) {
    throw errors.field(input.filedOn === null ? 'filedOn' : 'filingNumber', '备案编号和备案日期须同时填写', 'Give the filing number and the filing date together');
  }
  if (input.filedOn && input.filedOn < input.gradedOn) throw errors.field('filedOn', '备案日期不能早于定级日期', 'The filing cannot precede the grading');
  if (input.filingNumber && input.mlpsLevel < MLPS_FILING_FROM_LEVEL) {
    throw errors.field('filingNumber', '等保一级系统无须备案', 'A level-1 system is not filed');
  }
  if (input.gradedOn > today()) throw errors.field('gradedOn', '定级日期不能晚于今天', 'The grading date cannot be in the future');
  await recordSystemMlps(trx, profile, systemId, { mlpsLevel: input.mlpsLevel, mlpsFilingNumber: input.filingNumber });
  await ensureSystemSecurity(trx, systemId, system.unit.id);
  await trx
    .updateTable('system_security')
    .set({ graded_on: input.gradedOn, filed_on: input.filedOn, filing_authority: input.filingAuthority, updated_at: new Date() })
    .where('system_id', '=', systemId)
    .execute();
  Object.assign(audit, {
    objectType: 'information_system',
    objectId: systemId,
    detail: { mlpsLevel: input.mlpsLevel, levelBefore: system.mlpsLevel, gradedOn: input.gradedOn, filingNumber: input.filingNumber, filedOn: input.filedOn },
  });
  return requireMlpsStatus(trx, profile, systemId);
}

/** Records an assessment (测评) at the system's current level, with the rectification items it requires. */
export async function createAssessment(trx: Trx, actor: Actor, systemId: string, input: z.infer<typeof CreateAssessmentBodySchema>, audit: AuditTarget) {
  const system = await requireSystem(trx, systemId);
  if (input.assessedOn > today()) throw errors.field('assessedOn', '测评日期不能晚于今天', 'The assessment date cannot be in the future');
  const row = await trx
    .insertInto('mlps_assessments')
    .values({
      system_id: systemId,
      unit_id: system.unit.id,
      assessed_on: input.assessedOn,
      assessor: input.assessor,
      level: system.mlpsLevel,
      result: input.result,
      score: input.score ?? null,
      findings: input.findings || null,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.rectifications.length > 0) {
    await trx
      .insertInto('rectification_items')
      .values(
        input.rectifications.map((item, position) => ({
          assessment_id: row.id,
          system_id: systemId,
          unit_id: system.unit.id,
          position,
          description: item.description,
          due_on: item.dueOn ?? null,
        })),
      )
      .execute();
  }
  Object.assign(audit, {
    objectType: 'mlps_assessment',
    objectId: row.id,
    detail: { systemId, assessedOn: input.assessedOn, assessor: input.assessor, result: input.result, score: input.score ?? null, rectifications: input.rectifications.length },
  });
  const [created] = (await listAssessments(trx, systemId)).filter((a) => a.id === row.id);
  return created!;
}

/** Moves a rectification item along; done needs the day it was done. */
export async function updateRectification(trx: Trx, id: string, input: z.infer<typeof UpdateRectificationBodySchema>, audit: AuditTarget) {
  const item = await trx.selectFrom('rectification_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!item) throw errors.notFound(RECTIFICATION);
  if (input.status === 'done' && !input.doneOn) throw errors.field('doneOn', '整改完成须填写完成日期', 'Give the day the item was done');
  if (input.status !== 'done' && input.doneOn) throw errors.field('doneOn', '未完成的整改项不填完成日期', 'Only a done item has a completion date');
  await trx
    .updateTable('rectification_items')
    .set({ status: input.status, done_on: input.status === 'done' ? input.doneOn! : null, ...(input.note !== undefined ? { note: input.note || null } : {}), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  Object.assign(audit, { objectType: 'rectification_item', objectId: id, detail: { assessmentId: item.assessment_id, from: item.status, to: input.status, doneOn: input.doneOn ?? null } });
  const [assessment] = (await listAssessments(trx, item.system_id)).filter((a) => a.id === item.assessment_id);
  return assessment!.rectifications.find((r) => r.id === id)!;
}

/** One system's security at a glance: MLPS and re-assessment, latest assessment, vulnerabilities, incidents. */
export async function systemSecurityOverview(trx: Trx, profile: PolicyProfile, systemId: string) {
  const mlps = await requireMlpsStatus(trx, profile, systemId);
  const [latestAssessment] = await listAssessments(trx, systemId, 1);
  const stats = await vulnerabilityStats(trx, { asOf: today(), systemId });
  return {
    mlps,
    latestAssessment: latestAssessment ?? null,
    vulnerabilities: stats.systems[0] ?? null,
    ...(await incidentCounts(trx, systemId)),
  };
}
