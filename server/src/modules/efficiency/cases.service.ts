/**
 * Rectification cases (QP-14, SJ-14): a finding's case moves from the operator's proposed warning,
 * through the authority's review where the profile asks for it (QP-14 报区政务服务办公室审核), to a
 * warning issued to the unit with a deadline in working days; the unit responds; the operator closes the
 * case as rectified or escalates a refusal to a stop-use decision — with the authority's consent where
 * the profile asks for it (QP-14 经区政务服务办公室同意) — which stops the resources (QP-14) or stops and
 * reclaims them (SJ-14) through the provisioning desired state. Each step is one transaction with its
 * audit record (the route pipeline) and a timeline event.
 */
import { CLOSED_STAGES, type CaseResponseSchema, EFFICIENCY_RULE_LABELS, type RectificationCase, type RectificationCaseDetail, type RectificationStage } from '@yunshu/shared/efficiency-cases-api';
import { rolesWith } from '@yunshu/shared/permissions';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { type AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import type { PolicyParameterKey, PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { deadlineAfter } from '../calendar/calendar.service.ts';
import { shanghaiDate } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { bumpGeneration, desiredEvent } from '../provisioning/index.ts';
import { type CaseRow, caseEvents, findCaseRow, findFinding, insertCaseEvent, listCaseRows, lockCase, lockCaseResources, updateCase } from './cases.repository.ts';

const CASE = { zh: '整改案件', en: 'Rectification case' };

export type CaseAction = 'propose_warning' | 'review_warning' | 'respond' | 'close' | 'escalate' | 'stop' | 'consent_stop';

/** The parameter whose article names the whole procedure in this district (QP-14 or SJ-14). */
const PROCEDURE: PolicyParameterKey = 'efficiency.refusalAction';

function wrongStage(profile: PolicyProfile, row: CaseRow, zh: string, en: string): AppError {
  return policyViolation(profile, PROCEDURE, { status: 409, code: 'case_wrong_stage', zh: `${zh}（案件当前阶段：${row.stage}）`, en: `${en} (the case is at stage ${row.stage})` });
}

async function requireCase(trx: Trx, id: string): Promise<CaseRow> {
  const row = await lockCase(trx, id);
  if (!row) throw errors.notFound(CASE);
  return row;
}

const who = (actor: Actor) => ({ id: actor.userId, name: actor.displayName });

/** What `actor` may do on a case at its stage, under this profile. */
export function availableActions(profile: PolicyProfile, actor: Actor, stage: RectificationStage): CaseAction[] {
  const p = profile.parameters;
  const can = (permission: Parameters<Actor['permissions']['has']>[0]) => actor.permissions.has(permission);
  const actions: CaseAction[] = [];
  if (can('efficiency:manage')) {
    if (stage === 'open') actions.push('propose_warning');
    if (['open', 'warning_issued', 'responded', 'stopped'].includes(stage)) actions.push('close');
    if (stage === 'warning_issued' || stage === 'responded') actions.push('escalate');
    if (stage === 'escalated' && !p['efficiency.stopNeedsAuthorityConsent'].value) actions.push('stop');
  }
  if (can('efficiency:decide')) {
    if (stage === 'warning_proposed' && p['efficiency.warningNeedsAuthorityReview'].value) actions.push('review_warning');
    if (stage === 'escalated' && p['efficiency.stopNeedsAuthorityConsent'].value) actions.push('consent_stop');
  }
  if (can('efficiency:respond') && stage === 'warning_issued') actions.push('respond');
  return actions;
}

// --- transitions -----------------------------------------------------------------------------------

async function move(
  trx: Trx,
  row: CaseRow,
  to: RectificationStage,
  action: string,
  actor: Actor | null,
  now: Date,
  extra: Omit<Parameters<typeof updateCase>[2], 'stage'> = {},
  comment: string | null = null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const closed = CLOSED_STAGES.includes(to) ? { closed_at: now } : {};
  await updateCase(trx, row.id, { ...extra, ...closed, stage: to }, now);
  await insertCaseEvent(trx, { caseId: row.id, unitId: row.unit_id, actor: actor ? who(actor) : null, action, from: row.stage, to, comment, detail });
}

function audited(audit: AuditTarget, row: CaseRow, detail: Record<string, unknown>): void {
  Object.assign(audit, { objectType: 'rectification_case', objectId: row.id, detail: { number: row.number, rule: row.rule, stageFrom: row.stage, ...detail } });
}

/**
 * The operator proposes a warning (QP-14, SJ-14). Where the authority reviews warnings (QP-14) it waits
 * for that review; elsewhere it is issued to the unit at once, with the deadline.
 */
export async function proposeWarning(trx: Trx, services: Services, actor: Actor, id: string, text: string, audit: AuditTarget, now = new Date()) {
  const row = await requireCase(trx, id);
  audited(audit, row, { text });
  if (row.stage !== 'open') throw wrongStage(services.policy, row, '只有新立案件可以提出警告', 'Only a newly opened case can have a warning proposed');
  if (services.policy.parameters['efficiency.warningNeedsAuthorityReview'].value) {
    await move(trx, row, 'warning_proposed', 'warning.proposed', actor, now, { warning_text: text }, text);
    await notify(trx, { roles: rolesWith('efficiency:decide') }, caseMessage(services.policy, row, 'review', text));
  } else {
    await issueWarning(trx, services, { ...row, warning_text: text }, actor, now, 'warning.issued', text);
  }
  return caseDetail(trx, services.policy, actor, id, now);
}

/** The authority reviews the proposed warning (QP-14): approved, it is issued; not approved, the case is dismissed. */
export async function reviewWarning(trx: Trx, services: Services, actor: Actor, id: string, body: { approve: boolean; comment?: string | undefined }, audit: AuditTarget, now = new Date()) {
  const row = await requireCase(trx, id);
  audited(audit, row, { approve: body.approve, comment: body.comment ?? null });
  if (!services.policy.parameters['efficiency.warningNeedsAuthorityReview'].value) {
    throw policyViolation(services.policy, 'efficiency.warningNeedsAuthorityReview', { status: 409, code: 'review_not_required', zh: '本区警告提示无须报主管部门审核', en: 'Warnings need no review by the authority here' });
  }
  if (row.stage !== 'warning_proposed') throw wrongStage(services.policy, row, '只有待审核的警告可以审核', 'Only a proposed warning can be reviewed');
  if (body.approve) await issueWarning(trx, services, row, actor, now, 'warning.approved', body.comment ?? null);
  else await move(trx, row, 'dismissed', 'warning.rejected', actor, now, {}, body.comment ?? null);
  return caseDetail(trx, services.policy, actor, id, now);
}

async function issueWarning(trx: Trx, services: Services, row: CaseRow, actor: Actor, now: Date, action: string, comment: string | null): Promise<void> {
  const deadline = await deadlineAfter(trx, now, services.policy.parameters['efficiency.rectificationWorkingDays'].value);
  await move(
    trx,
    row,
    'warning_issued',
    action,
    actor,
    now,
    { warning_text: row.warning_text ?? '', deadline_date: deadline.dueDate, deadline_at: deadline.dueAt, deadline_provisional: deadline.provisional },
    comment,
    { deadline: deadline.dueDate, provisional: deadline.provisional },
  );
  await notify(trx, { inUnit: { unitId: row.unit_id, roles: ['unit_admin'] } }, caseMessage(services.policy, { ...row }, 'warning', row.warning_text ?? '', deadline.dueDate));
}

/** The unit answers the warning: an explanation, or the downsizing or reclamation it applied for. */
export async function respondToWarning(trx: Trx, services: Services, actor: Actor, id: string, response: z.infer<typeof CaseResponseSchema>, audit: AuditTarget, now = new Date()) {
  const row = await requireCase(trx, id);
  audited(audit, row, { response });
  // A unit-scoped caller cannot see another unit's case at all; this guards an operator holding the permission too.
  if (actor.scope === 'unit' && actor.unitId !== row.unit_id) throw errors.notFound(CASE);
  if (row.stage !== 'warning_issued') throw wrongStage(services.policy, row, '只有已发出警告、待整改的案件可以答复', 'Only a case with a warning issued can be answered');
  if (response.kind !== 'explanation' && !response.applicationNumber) {
    throw errors.field('applicationNumber', '缩容或回收须注明对应的申请编号', 'Name the downsizing or reclamation application', services.policy.parameters['efficiency.refusalAction'].article ?? undefined);
  }
  await move(trx, row, 'responded', 'unit.responded', actor, now, { response }, response.text, { kind: response.kind, applicationNumber: response.applicationNumber ?? null });
  await notify(trx, { roles: rolesWith('efficiency:manage') }, caseMessage(services.policy, row, 'responded', response.text));
  return caseDetail(trx, services.policy, actor, id, now);
}

/** The operator closes the case: rectified (or, before any warning, dismissed). */
export async function closeCase(trx: Trx, services: Services, actor: Actor, id: string, comment: string | undefined, audit: AuditTarget, now = new Date()) {
  const row = await requireCase(trx, id);
  audited(audit, row, { comment: comment ?? null });
  if (!['open', 'warning_issued', 'responded', 'stopped'].includes(row.stage)) throw wrongStage(services.policy, row, '该阶段的案件不能结案', 'A case at this stage cannot be closed');
  const to: RectificationStage = row.stage === 'open' ? 'dismissed' : 'rectified';
  await move(trx, row, to, to === 'dismissed' ? 'case.dismissed' : 'case.rectified', actor, now, {}, comment ?? null);
  if (to === 'rectified') await notify(trx, { inUnit: { unitId: row.unit_id, roles: ['unit_admin'] } }, caseMessage(services.policy, row, 'rectified', comment ?? ''));
  return caseDetail(trx, services.policy, actor, id, now);
}

/**
 * The operator judges that the unit refuses to rectify (经警告拒不整改): after the deadline without an
 * answer, or on an answer it does not accept. The stop-use decision follows — at once where no consent
 * is needed, else after the authority's consent.
 */
export async function escalateCase(trx: Trx, services: Services, actor: Actor, id: string, comment: string, audit: AuditTarget, now = new Date()) {
  const row = await requireCase(trx, id);
  audited(audit, row, { comment });
  if (row.stage !== 'warning_issued' && row.stage !== 'responded') throw wrongStage(services.policy, row, '只有已警告的案件可以认定拒不整改', 'Only a warned case can be escalated');
  if (row.stage === 'warning_issued' && row.deadline_at && now < row.deadline_at) {
    throw policyViolation(services.policy, 'efficiency.rectificationWorkingDays', {
      status: 409,
      code: 'deadline_not_reached',
      zh: `整改期限至 ${row.deadline_date} 届满，期限内且未答复前不能认定拒不整改`,
      en: `The rectification deadline runs until ${row.deadline_date}; a refusal cannot be judged before it passes or the unit answers`,
    });
  }
  await move(trx, row, 'escalated', 'case.escalated', actor, now, {}, comment);
  if (services.policy.parameters['efficiency.stopNeedsAuthorityConsent'].value) {
    await notify(trx, { roles: rolesWith('efficiency:decide') }, caseMessage(services.policy, row, 'consent', comment));
  }
  return caseDetail(trx, services.policy, actor, id, now);
}

/** The operator's stop-use decision where no consent is needed (SJ-14; QP-14 needs the authority's). */
export async function stopCase(trx: Trx, services: Services, actor: Actor, id: string, comment: string | undefined, audit: AuditTarget, now = new Date()) {
  const row = await requireCase(trx, id);
  audited(audit, row, { comment: comment ?? null, refusalAction: services.policy.parameters['efficiency.refusalAction'].value });
  if (services.policy.parameters['efficiency.stopNeedsAuthorityConsent'].value) {
    throw policyViolation(services.policy, 'efficiency.stopNeedsAuthorityConsent', {
      status: 409,
      code: 'consent_required',
      zh: '停止使用须经主管部门同意，请等待主管部门的决定',
      en: 'Stopping use needs the authority’s consent; wait for its decision',
    });
  }
  if (row.stage !== 'escalated') throw wrongStage(services.policy, row, '只有已认定拒不整改的案件可以停止使用', 'Only an escalated case can be stopped');
  await enforceRefusal(trx, services, row, actor, now, comment ?? null, audit);
  return caseDetail(trx, services.policy, actor, id, now);
}

/** The authority consents to stopping use (QP-14 经区政务服务办公室同意), or declines: the case goes back to rectification. */
export async function consentToStop(trx: Trx, services: Services, actor: Actor, id: string, body: { approve: boolean; comment?: string | undefined }, audit: AuditTarget, now = new Date()) {
  const row = await requireCase(trx, id);
  audited(audit, row, { approve: body.approve, comment: body.comment ?? null });
  if (!services.policy.parameters['efficiency.stopNeedsAuthorityConsent'].value) {
    throw policyViolation(services.policy, 'efficiency.stopNeedsAuthorityConsent', { status: 409, code: 'consent_not_required', zh: '本区停止使用无须主管部门同意', en: 'Stopping use needs no consent of the authority here' });
  }
  if (row.stage !== 'escalated') throw wrongStage(services.policy, row, '只有已认定拒不整改的案件可以决定停止使用', 'Only an escalated case can be decided');
  if (body.approve) await enforceRefusal(trx, services, row, actor, now, body.comment ?? null, audit);
  else await move(trx, row, row.response ? 'responded' : 'warning_issued', 'stop.declined', actor, now, {}, body.comment ?? null);
  return caseDetail(trx, services.policy, actor, id, now);
}

/**
 * The refusal action of the profile, as desired state the reconciler carries out through the driver:
 * stop the server (QP-14, until rectified) or stop and reclaim it with its data volumes (SJ-14).
 */
async function enforceRefusal(trx: Trx, services: Services, row: CaseRow, actor: Actor, now: Date, comment: string | null, audit: AuditTarget): Promise<void> {
  const action = services.policy.parameters['efficiency.refusalAction'].value;
  const article = services.policy.parameters['efficiency.refusalAction'].article;
  const resources = await lockCaseResources(trx, row.resource_id);
  const touched: string[] = [];
  for (const resource of resources) {
    const change =
      action === 'stop_and_reclaim'
        ? ({ desired_state: 'deleted', operation: 'delete' } as const)
        : resource.kind === 'server' && resource.desired_state === 'running'
          ? ({ desired_state: 'stopped', operation: 'stop' } as const)
          : null;
    if (!change) continue;
    await bumpGeneration(trx, services, resource, change, null, { due_at: null, due_provisional: false }, now);
    await desiredEvent(trx, resource, null, change.operation === 'delete' ? 'desired.delete' : 'desired.stop', { caseNumber: row.number, article }, who(actor), comment);
    touched.push(resource.id);
  }
  const to: RectificationStage = action === 'stop_and_reclaim' ? 'reclaimed' : 'stopped';
  await move(trx, row, to, action === 'stop_and_reclaim' ? 'resources.reclaimed' : 'resources.stopped', actor, now, { refusal_action: action }, comment, { resources: touched, article });
  Object.assign(audit.detail, { refusalAction: action, resources: touched });
  await notify(trx, { inUnit: { unitId: row.unit_id, roles: ['unit_admin'] } }, caseMessage(services.policy, row, to === 'reclaimed' ? 'reclaimed' : 'stopped', comment ?? ''));
}

// --- reading -------------------------------------------------------------------------------------

function present(profile: PolicyProfile, actor: Actor | null, row: NonNullable<Awaited<ReturnType<typeof findCaseRow>>>, finding: RectificationCase['finding'], now: Date): RectificationCase {
  return {
    id: row.id,
    number: row.number,
    stage: row.stage,
    rule: row.rule,
    finding,
    warningText: row.warning_text,
    deadline: row.deadline_date ? { date: String(row.deadline_date), provisional: row.deadline_provisional, overdue: row.stage === 'warning_issued' && shanghaiDate(now) > String(row.deadline_date) } : null,
    response: (row.response as RectificationCase['response']) ?? null,
    refusalAction: row.refusal_action,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    actions: actor ? availableActions(profile, actor, row.stage) : [],
  };
}

export async function listCases(trx: Trx, profile: PolicyProfile, actor: Actor, query: Parameters<typeof listCaseRows>[1] & { page: number; pageSize: number }, now = new Date()) {
  const { rows, total } = await listCaseRows(trx, query, query.page, query.pageSize);
  const items: RectificationCase[] = [];
  for (const row of rows) items.push(present(profile, actor, row, (await findFinding(trx, row.finding_id))!, now));
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function caseDetail(trx: Trx, profile: PolicyProfile, actor: Actor, id: string, now = new Date()): Promise<RectificationCaseDetail> {
  const row = await findCaseRow(trx, id);
  if (!row) throw errors.notFound(CASE);
  const finding = await findFinding(trx, row.finding_id);
  if (!finding) throw errors.notFound(CASE);
  const events = await caseEvents(trx, id);
  return {
    ...present(profile, actor, row, finding, now),
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      actorName: e.actor_name,
      action: e.action,
      stageFrom: (e.stage_from as RectificationStage | null) ?? null,
      stageTo: e.stage_to as RectificationStage,
      comment: e.comment,
      detail: e.detail,
    })),
  };
}

// --- messages ------------------------------------------------------------------------------------

type MessageKind = 'review' | 'warning' | 'responded' | 'consent' | 'stopped' | 'reclaimed' | 'rectified';

export function caseMessage(profile: PolicyProfile, row: Pick<CaseRow, 'id' | 'number' | 'rule'>, kind: MessageKind, text: string, deadline?: string) {
  const article = profile.parameters['efficiency.refusalAction'].article;
  const rule = EFFICIENCY_RULE_LABELS[row.rule];
  const cite = article ? `（${article}）` : '';
  const citeEn = article ? ` (${article})` : '';
  const common = { link: `/efficiency/cases/${row.id}`, dedupeKey: `rectification:${row.id}:${kind}:${deadline ?? ''}` };
  const messages: Record<MessageKind, { title: { zh: string; en: string }; body: { zh: string; en: string } }> = {
    review: {
      title: { zh: `警告提示待审核：${row.number}`, en: `Warning awaiting review: ${row.number}` },
      body: { zh: `运行管理单位拟对“${rule.zh}”予以警告提示，请审核${cite}：${text}`, en: `The operator proposes a warning for “${rule.en}”; please review it${citeEn}: ${text}` },
    },
    warning: {
      title: { zh: `警告提示、责令整改：${row.number}`, en: `Warning, rectification ordered: ${row.number}` },
      body: {
        zh: `经监测，贵单位云资源存在“${rule.zh}”情形${cite}，请于 ${deadline} 前完成整改或说明情况：${text}`,
        en: `Monitoring found “${rule.en}” in your unit’s cloud resources${citeEn}. Rectify, or explain, by ${deadline}: ${text}`,
      },
    },
    responded: {
      title: { zh: `使用单位已答复整改：${row.number}`, en: `The unit answered: ${row.number}` },
      body: { zh: text, en: text },
    },
    consent: {
      title: { zh: `停止使用待同意：${row.number}`, en: `Stopping use awaits consent: ${row.number}` },
      body: { zh: `使用单位经警告拒不整改，运行管理单位拟停止其云资源使用，请决定${cite}：${text}`, en: `The unit refused to rectify after a warning; the operator proposes to stop its resources. Please decide${citeEn}: ${text}` },
    },
    stopped: {
      title: { zh: `云资源已停止使用：${row.number}`, en: `Cloud resources stopped: ${row.number}` },
      body: { zh: `经警告拒不整改，云资源停止使用，直至整改完成${cite}。${text}`, en: `After a warning without rectification, the resources are stopped until rectified${citeEn}. ${text}` },
    },
    reclaimed: {
      title: { zh: `云资源已停止发放并回收：${row.number}`, en: `Cloud resources stopped and reclaimed: ${row.number}` },
      body: { zh: `经警告拒不整改，停止云资源发放并回收${cite}。${text}`, en: `After a warning without rectification, the resources are stopped and reclaimed${citeEn}. ${text}` },
    },
    rectified: {
      title: { zh: `整改完成，案件已结案：${row.number}`, en: `Rectified, case closed: ${row.number}` },
      body: { zh: text || '运行管理单位确认整改完成。', en: text || 'The operator confirmed the rectification.' },
    },
  };
  return { ...common, kind: `rectification.${kind}`, ...messages[kind] };
}
