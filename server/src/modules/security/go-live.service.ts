/**
 * The go-live gate (上线, SJ-18, QP-22): a system is declared live only when every item of the
 * district's pre-go-live checklist is met. Items are recorded with evidence documents; the MLPS item
 * also needs the grading (and from level 2 the filing) on the MLPS record; the commitment letter needs
 * its scan and a signature that verifies now. Once live, the checklist is a closed record.
 */
import type { z } from 'zod';
import { GO_LIVE_CHECK_ITEMS, GO_LIVE_CHECK_LABELS, type GoLiveCheckItem, type GoLiveStatus, type RecordGoLiveCheckBodySchema } from '@yunshu/shared/security-api';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { documentsOf, requireSystem, storeDocument } from '../systems/index.ts';
import { verifyLetter } from './commitment-letter.service.ts';
import { ensureSystemSecurity } from './mlps.service.ts';
import { findLetterRow } from './security.repository.ts';
import { assertGoLiveChecklistComplete, type GoLiveFacts, goLiveGaps } from './security-rules.ts';

const CHECK = { zh: '上线检查项', en: 'Go-live check' };

function assertNotLive(liveAt: Date | null | undefined): void {
  if (liveAt) throw errors.conflict('system_live', '信息系统已上线，上线检查记录不能再修改', 'The system is live: its go-live checklist is closed');
}

/** The checklist of the profile, each item with whether it is met and what it lacks. */
export async function goLiveStatus(trx: Trx, profile: PolicyProfile, systemId: string): Promise<GoLiveStatus> {
  const system = await requireSystem(trx, systemId);
  const security = await trx.selectFrom('system_security').selectAll().where('system_id', '=', systemId).executeTakeFirst();
  const recorded = await trx.selectFrom('go_live_checks').selectAll().where('system_id', '=', systemId).execute();
  const evidence = await documentsOf(trx, 'go_live_check', recorded.map((r) => r.id));
  const letterRow = await findLetterRow(trx, systemId);
  const letter = letterRow
    ? { scan: letterRow.scan_document_id !== null, signed: letterRow.signature !== null, signatureValid: letterRow.signature !== null && (await verifyLetter(trx, systemId)).ok }
    : null;
  const facts: GoLiveFacts = {
    recorded: new Map(recorded.map((r) => [r.item as GoLiveCheckItem, { evidence: evidence.get(r.id)?.length ?? 0 }])),
    mlps: { level: system.mlpsLevel, gradedOn: security?.graded_on ?? null, filingNumber: system.mlpsFilingNumber, filedOn: security?.filed_on ?? null },
    letter,
  };
  const required = profile.parameters['security.preGoLiveChecks'];
  const checks = required.value.map((item) => {
    const row = recorded.find((r) => r.item === item);
    const gaps = goLiveGaps(item, facts);
    return {
      item,
      label: GO_LIVE_CHECK_LABELS[item],
      met: gaps.length === 0,
      gaps,
      checkId: row?.id ?? null,
      note: row?.note ?? null,
      recordedBy: row?.recorded_by_name ?? null,
      recordedAt: row?.recorded_at.toISOString() ?? null,
      documents: row ? (evidence.get(row.id) ?? []) : [],
    };
  });
  return {
    systemId,
    article: required.article,
    checks,
    complete: checks.every((check) => check.met),
    liveAt: security?.live_at?.toISOString() ?? null,
    liveBy: security?.live_by_name ?? null,
  };
}

/** Records (or re-records) one checklist item; its evidence is attached separately. */
export async function recordGoLiveCheck(
  trx: Trx,
  actor: Actor,
  profile: PolicyProfile,
  systemId: string,
  input: z.infer<typeof RecordGoLiveCheckBodySchema>,
  audit: AuditTarget,
): Promise<GoLiveStatus> {
  const system = await requireSystem(trx, systemId);
  if (input.item === 'commitment_letter') {
    throw errors.field('item', '上云安全承诺书通过生成、上传扫描件和 SM2 签名完成，不在此登记', 'The commitment letter is met by generating, scanning and signing it, not here');
  }
  const security = await trx.selectFrom('system_security').select('live_at').where('system_id', '=', systemId).executeTakeFirst();
  assertNotLive(security?.live_at);
  const row = await trx
    .insertInto('go_live_checks')
    .values({ system_id: systemId, unit_id: system.unit.id, item: input.item, note: input.note || null, recorded_by: actor.userId, recorded_by_name: actor.displayName })
    .onConflict((oc) =>
      oc.columns(['system_id', 'item']).doUpdateSet({ note: input.note || null, recorded_by: actor.userId, recorded_by_name: actor.displayName, recorded_at: new Date() }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'go_live_check', objectId: row.id, detail: { systemId, item: input.item } });
  return goLiveStatus(trx, profile, systemId);
}

/** Attaches an evidence document (self-check report, test report, hardening record, filing certificate…). */
export async function attachGoLiveEvidence(trx: Trx, actor: Actor, checkId: string, filename: string, content: Buffer, audit: AuditTarget) {
  const check = await trx.selectFrom('go_live_checks').selectAll().where('id', '=', checkId).executeTakeFirst();
  if (!check) throw errors.notFound(CHECK);
  const security = await trx.selectFrom('system_security').select('live_at').where('system_id', '=', check.system_id).executeTakeFirst();
  assertNotLive(security?.live_at);
  const document = await storeDocument(trx, actor, { unitId: check.unit_id, type: 'go_live_check', id: checkId, category: 'evidence' }, filename, content);
  Object.assign(audit, { objectType: 'document', objectId: document.id, detail: { systemId: check.system_id, item: check.item, filename, sm3: document.sm3 } });
  return document;
}

/**
 * Declares the system live (上线) — refused, naming every missing item and the article, until the
 * profile's checklist is complete (SJ-18, QP-22). Declared once.
 */
export async function goLive(trx: Trx, actor: Actor, profile: PolicyProfile, systemId: string, audit: AuditTarget, now = new Date()): Promise<GoLiveStatus> {
  const system = await requireSystem(trx, systemId);
  Object.assign(audit, { objectType: 'information_system', objectId: systemId, detail: { name: system.name } });
  await ensureSystemSecurity(trx, systemId, system.unit.id);
  // The row lock makes a concurrent second declaration wait, then find the system live.
  const locked = await trx.selectFrom('system_security').select('live_at').where('system_id', '=', systemId).forUpdate().executeTakeFirstOrThrow();
  if (locked.live_at) throw errors.conflict('already_live', '信息系统已经上线', 'The system is already live');
  const status = await goLiveStatus(trx, profile, systemId);
  assertGoLiveChecklistComplete(profile, status.checks);
  await trx.updateTable('system_security').set({ live_at: now, live_by: actor.userId, live_by_name: actor.displayName, updated_at: now }).where('system_id', '=', systemId).execute();
  Object.assign(audit, { detail: { name: system.name, checks: GO_LIVE_CHECK_ITEMS.filter((item) => status.checks.some((c) => c.item === item)) } });
  return goLiveStatus(trx, profile, systemId);
}
