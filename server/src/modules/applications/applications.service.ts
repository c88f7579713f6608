/**
 * Applications (申请) and their approval: submission with each kind's rules enforced and cited, then
 * approve / reject / return / resubmit / withdraw, step by step, on working-day deadlines. An approved
 * application waits for provisioning (the desired state is carried out by the provisioning module).
 */
import { APPLICATION_KIND_LABELS, type ApplicationKind, type SubmitApplicationBody } from '@yunshu/shared/applications-api';
import { Money } from '@yunshu/shared/money';
import { ROLE_DEFINITIONS, type Role } from '@yunshu/shared/roles';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { addWorkingDays, dueDateOf, shanghaiDate } from '../calendar/working-days.ts';
import { estimateCost } from '../catalog/index.ts';
import { notify } from '../notifications/index.ts';
import { findPlatform } from '../platforms/index.ts';
import { planFlow, submitterUnitTypeOf } from './approval-flow.ts';
import { findApplicationDetail, nextApplicationNumber } from './applications.repository.ts';
import { lockSystemForQuota, quotaPositions } from './quota-ledger.ts';
import { planProvisioning, writeDesiredState } from '../provisioning/desired-state.service.ts';

const APPLICATION = { zh: '申请', en: 'Application' };
const fmt = (value: Money) => value.toString();

interface Prepared {
  systemId: string | null;
  projectId: string | null;
  platformId: string | null;
  relatedApplicationId: string | null;
  lines: { itemId: string; quantity: string; months: number | null }[];
  payload: Record<string, unknown>;
  major: boolean;
}

async function requireOwnSystem(trx: Trx, actor: Actor, systemId: string, path = 'systemId') {
  const system = await trx.selectFrom('information_systems').selectAll().where('id', '=', systemId).executeTakeFirst();
  // Another unit's system is invisible (RLS) and is reported exactly like a missing one (QP-19).
  if (!system || system.unit_id !== actor.unitId) throw errors.field(path, '信息系统不存在或不属于本单位', 'No such information system in your unit');
  return system;
}

async function requirePlatform(trx: Trx, platformId: string) {
  const platform = await findPlatform(trx, platformId);
  if (!platform) throw errors.field('platformId', '云平台不存在', 'No such cloud platform');
  if (platform.disabled) throw errors.field('platformId', `云平台“${platform.name}”已停用`, `Cloud platform "${platform.name}" is disabled`);
  return platform;
}

function assertDistinctItems(lines: readonly { itemId: string }[]): void {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.itemId)) throw errors.field(`lines.${index}.itemId`, '同一服务项目只能列一行', 'Each catalog item may appear once');
    seen.add(line.itemId);
  });
}

async function itemNames(trx: Trx, itemIds: readonly string[]): Promise<Map<string, string>> {
  if (itemIds.length === 0) return new Map();
  const rows = await trx.selectFrom('catalog_items').select(['id', 'code', 'name_zh']).where('id', 'in', [...itemIds]).execute();
  return new Map(rows.map((r) => [r.id, `${r.code} ${r.name_zh}`]));
}

/**
 * A resource application stays within the project's quota (QP-8, QP-9): for each item, what is
 * allocated, pending and now requested together may not exceed the approved quantity.
 */
async function assertWithinQuota(trx: Trx, profile: PolicyProfile, systemId: string, lines: Prepared['lines']): Promise<void> {
  const positions = await quotaPositions(trx, systemId);
  const names = await itemNames(trx, lines.map((l) => l.itemId));
  for (const [index, line] of lines.entries()) {
    const p = positions.get(line.itemId);
    const approved = p?.approved ?? new Money(0);
    const total = (p?.allocated ?? new Money(0)).plus(p?.pending ?? 0).plus(line.quantity);
    if (total.greaterThan(approved)) {
      throw policyViolation(profile, 'approval.resourceApplication.requiresProject', {
        code: 'quota_exceeded',
        zh: `第 ${index + 1} 行 ${names.get(line.itemId) ?? ''}：申请后合计 ${fmt(total)}（已分配 ${fmt(p?.allocated ?? new Money(0))}，审批中 ${fmt(p?.pending ?? new Money(0))}，本次 ${line.quantity}）超过立项配额 ${fmt(approved)}，超出部分请走扩容申请`,
        en: `Line ${index + 1}: total after this application ${fmt(total)} exceeds the project quota ${fmt(approved)}; apply for an expansion instead`,
        path: `lines.${index}.quantity`,
        details: { itemId: line.itemId, approved: fmt(approved), allocated: fmt(p?.allocated ?? new Money(0)), pending: fmt(p?.pending ?? new Money(0)), requested: line.quantity },
      });
    }
  }
}

/** 扩容后总量 ≤ 配额 × 上限比例 (QP-10), checked at submission with the figures in the message. */
export async function assertWithinExpansionCeiling(trx: Trx, profile: PolicyProfile, systemId: string, lines: Prepared['lines']): Promise<void> {
  const ratio = profile.parameters['expansion.ceilingRatio'].value;
  const percent = new Money(ratio).times(100).toString();
  const positions = await quotaPositions(trx, systemId);
  const names = await itemNames(trx, lines.map((l) => l.itemId));
  for (const [index, line] of lines.entries()) {
    const p = positions.get(line.itemId);
    const approved = p?.approved ?? new Money(0);
    const ceiling = approved.times(ratio);
    const total = (p?.allocated ?? new Money(0)).plus(p?.pending ?? 0).plus(line.quantity);
    if (total.greaterThan(ceiling)) {
      throw policyViolation(profile, 'expansion.ceilingRatio', {
        code: 'expansion_ceiling_exceeded',
        zh: `第 ${index + 1} 行 ${names.get(line.itemId) ?? ''}：扩容后总量 ${fmt(total)}（已分配 ${fmt(p?.allocated ?? new Money(0))}，审批中 ${fmt(p?.pending ?? new Money(0))}，本次 ${line.quantity}）超过配额 ${fmt(approved)} 的 ${percent}%（上限 ${fmt(ceiling)}）`,
        en: `Line ${index + 1}: total after expansion ${fmt(total)} exceeds ${percent}% of the quota ${fmt(approved)} (ceiling ${fmt(ceiling)})`,
        path: `lines.${index}.quantity`,
        details: { itemId: line.itemId, approved: fmt(approved), ceiling: fmt(ceiling), allocated: fmt(p?.allocated ?? new Money(0)), pending: fmt(p?.pending ?? new Money(0)), requested: line.quantity },
      });
    }
  }
}

async function prepare(trx: Trx, services: Services, actor: Actor, body: SubmitApplicationBody, now: Date): Promise<Prepared> {
  const profile = services.policy;
  const base = { systemId: null, projectId: null, platformId: null, relatedApplicationId: null, lines: [], payload: {}, major: false } satisfies Prepared;
  const lineInputs = (lines: readonly { itemId: string; quantity: string; months?: number | undefined }[]) => {
    assertDistinctItems(lines);
    return lines.map((l) => ({ itemId: l.itemId, quantity: new Money(l.quantity).toString(), months: l.months ?? null }));
  };
  switch (body.kind) {
    case 'resource':
    case 'city_cloud': {
      const system = await requireOwnSystem(trx, actor, body.systemId);
      const project = await trx.selectFrom('project_approvals').selectAll().where('id', '=', body.projectId).executeTakeFirst();
      if (!project || project.system_id !== system.id) {
        throw policyViolation(profile, 'approval.resourceApplication.requiresProject', {
          code: 'project_required',
          zh: '资源申请须引用本信息系统已完成的立项',
          en: 'A resource application must reference an approved project of this system',
          path: 'projectId',
        });
      }
      const evidence = await trx.selectFrom('documents').select('id').where('owner_type', '=', 'project').where('owner_id', '=', project.id).executeTakeFirst();
      if (!evidence) {
        throw policyViolation(profile, 'approval.resourceApplication.requiresProject', {
          code: 'evidence_required',
          zh: '请先在立项记录中上传立项批复等佐证资料',
          en: 'Upload the project approval documents (evidence) to the project first',
          path: 'projectId',
        });
      }
      const platform = await requirePlatform(trx, body.platformId);
      if (body.kind === 'city_cloud') {
        if (!profile.parameters['cityCloud.allowed'].value) {
          throw policyViolation(profile, 'cityCloud.allowed', {
            code: 'city_cloud_not_allowed',
            zh: '本区政策未开放使用市政务云资源',
            en: 'This district’s policy does not provide for city-cloud resources',
            status: 409,
          });
        }
        if (platform.level !== 'city') {
          throw policyViolation(profile, 'cityCloud.allowed', { code: 'city_platform_required', zh: '请选择市级政务云服务商的云平台', en: 'Choose a city-level platform', path: 'platformId' });
        }
      } else if (platform.level === 'city') {
        throw policyViolation(profile, 'cityCloud.allowed', { code: 'city_cloud_application_required', zh: '使用市政务云资源请提交“市政务云资源申请”', en: 'Use a city-cloud application for a city platform', path: 'platformId' });
      }
      if (platform.architecture !== project.architecture) {
        throw errors.field('platformId', '云平台架构与立项架构（X86/信创）不一致', 'The platform’s architecture (X86/ARM) differs from the project’s');
      }
      const lines = lineInputs(body.lines);
      await lockSystemForQuota(trx, system.id);
      await assertWithinQuota(trx, profile, system.id, lines);
      return {
        ...base,
        systemId: system.id,
        projectId: project.id,
        platformId: platform.id,
        lines,
        payload: body.kind === 'city_cloud' ? { reason: body.reason, explanation: body.explanation } : {},
      };
    }
    case 'expansion': {
      const system = await requireOwnSystem(trx, actor, body.systemId);
      if (profile.parameters['expansion.requiresBasis'].value && !body.basis) {
        throw policyViolation(profile, 'expansion.requiresBasis', { code: 'expansion_basis_required', zh: '扩容申请须说明扩容依据', en: 'An expansion must state its basis', path: 'basis' });
      }
      const platform = await requirePlatform(trx, body.platformId);
      const lines = lineInputs(body.lines);
      await lockSystemForQuota(trx, system.id);
      await assertWithinExpansionCeiling(trx, profile, system.id, lines);
      return { ...base, systemId: system.id, platformId: platform.id, lines, payload: { basis: body.basis } };
    }
    case 'change': {
      const system = await requireOwnSystem(trx, actor, body.systemId);
      return { ...base, systemId: system.id, payload: { description: body.description } };
    }
    case 'reclamation': {
      const system = await requireOwnSystem(trx, actor, body.systemId);
      if (profile.parameters['reclamation.requiresBackupConfirmation'].value && !body.backupConfirmed) {
        throw policyViolation(profile, 'reclamation.requiresBackupConfirmation', {
          code: 'backup_confirmation_required',
          zh: '回收前须确认已自行完成信息系统的应用和数据备份迁移',
          en: 'Confirm that applications and data are backed up or migrated before reclamation',
          path: 'backupConfirmed',
        });
      }
      if (profile.parameters['reclamation.irreversible'].value && !body.irreversibleAcknowledged) {
        throw policyViolation(profile, 'reclamation.irreversible', {
          code: 'irreversible_acknowledgement_required',
          zh: '云资源一旦回收将不可逆，请确认已知悉',
          en: 'Reclamation is irreversible: acknowledge it',
          path: 'irreversibleAcknowledged',
        });
      }
      const lines = lineInputs(body.lines);
      await lockSystemForQuota(trx, system.id);
      const positions = await quotaPositions(trx, system.id);
      lines.forEach((line, index) => {
        const allocated = positions.get(line.itemId)?.allocated ?? new Money(0);
        if (new Money(line.quantity).greaterThan(allocated)) {
          throw errors.field(`lines.${index}.quantity`, `回收数量 ${line.quantity} 超过已分配的 ${fmt(allocated)}`, `Reclaiming ${line.quantity} exceeds the allocated ${fmt(allocated)}`);
        }
      });
      return { ...base, systemId: system.id, lines, payload: { backupConfirmed: true, irreversibleAcknowledged: true } };
    }
    case 'temporary': {
      if (!profile.parameters['temporary.allowed'].value) {
        throw policyViolation(profile, 'temporary.allowed', { code: 'temporary_not_allowed', zh: '本区政策未开放临时资源申请', en: 'This district’s policy does not provide for temporary resources', status: 409 });
      }
      const systemId = body.systemId ? (await requireOwnSystem(trx, actor, body.systemId)).id : null;
      const maxMonths = profile.parameters['temporary.maxMonths'].value;
      body.lines.forEach((line, index) => {
        if (line.months === undefined) throw errors.field(`lines.${index}.months`, '请填写使用期限（月）', 'State the term in months');
        if (line.months > maxMonths) {
          throw policyViolation(profile, 'temporary.maxMonths', {
            code: 'temporary_term_too_long',
            zh: `临时资源使用期限不超过 ${maxMonths} 个月（第 ${index + 1} 行为 ${line.months} 个月）`,
            en: `Temporary resources are limited to ${maxMonths} months (line ${index + 1}: ${line.months})`,
            path: `lines.${index}.months`,
          });
        }
      });
      const platform = await requirePlatform(trx, body.platformId);
      return { ...base, systemId, platformId: platform.id, lines: lineInputs(body.lines), payload: { purpose: body.purpose } };
    }
    case 'temporary_extension': {
      const original = await trx.selectFrom('applications').selectAll().where('id', '=', body.relatedApplicationId).executeTakeFirst();
      if (original?.kind !== 'temporary' || original.status !== 'approved' || original.unit_id !== actor.unitId) {
        throw errors.field('relatedApplicationId', '请选择本单位已批准的临时资源申请', 'Choose an approved temporary-resources application of your unit');
      }
      if (!original.expires_at) {
        throw errors.field('relatedApplicationId', '该临时资源尚未开通，使用期限自资源配置之日起计算，暂无需延期', 'The temporary resources are not provisioned yet: their term has not started');
      }
      const lead = profile.parameters['temporary.extensionLeadDays'].value;
      const latest = new Date(original.expires_at.getTime() - lead * 86_400_000);
      if (now > latest) {
        throw policyViolation(profile, 'temporary.extensionLeadDays', {
          code: 'extension_too_late',
          zh: `延期须在到期前 ${lead} 天提出：到期日 ${shanghaiDate(original.expires_at)}，最迟 ${shanghaiDate(latest)} 提出`,
          en: `An extension must be requested ${lead} days before expiry: expires ${shanghaiDate(original.expires_at)}, latest request ${shanghaiDate(latest)}`,
          status: 409,
          path: 'relatedApplicationId',
        });
      }
      const maxMonths = profile.parameters['temporary.maxMonths'].value;
      if (body.months > maxMonths) {
        throw policyViolation(profile, 'temporary.maxMonths', { code: 'temporary_term_too_long', zh: `每次延期不超过 ${maxMonths} 个月`, en: `An extension is limited to ${maxMonths} months`, path: 'months' });
      }
      return { ...base, systemId: original.system_id, platformId: original.platform_id, relatedApplicationId: original.id, payload: { months: body.months, reason: body.reason, expiresAt: original.expires_at.toISOString() } };
    }
    case 'migration': {
      const system = await requireOwnSystem(trx, actor, body.systemId);
      if (system.construction_type !== 'migrate') {
        throw policyViolation(profile, 'migration.requiresPreCloudTesting', {
          code: 'not_a_system_to_migrate',
          zh: '迁移上云仅适用于登记为“已建系统迁移上云”的信息系统',
          en: 'Migration applies to systems registered as existing systems to migrate',
          path: 'systemId',
        });
      }
      const platform = await requirePlatform(trx, body.platformId);
      return { ...base, systemId: system.id, platformId: platform.id, payload: { description: body.description } };
    }
    case 'new_project_filing': {
      const system = await requireOwnSystem(trx, actor, body.systemId);
      const platform = await requirePlatform(trx, body.platformId);
      if (platform.architecture !== body.architecture) {
        throw errors.field('platformId', '所选云平台与架构类型（X86/信创）不一致', 'The platform’s architecture (X86/ARM) differs from the chosen one');
      }
      if (body.plannedGoLive < shanghaiDate(now)) throw errors.field('plannedGoLive', '计划上云时间不能早于今天', 'The planned go-live cannot be in the past');
      return {
        ...base,
        systemId: system.id,
        platformId: platform.id,
        lines: lineInputs(body.lines),
        payload: { architecture: body.architecture, plannedGoLive: body.plannedGoLive, providerLevel: platform.level, providerName: platform.provider.name },
      };
    }
    case 'provider_plan': {
      const platform = await requirePlatform(trx, body.platformId);
      if (platform.provider.id !== actor.unitId) throw errors.field('platformId', '只能为本服务商运营的云平台报送方案', 'You may submit plans only for platforms your company runs');
      if (profile.parameters['change.providerAdjustment.planInAdvance'].value && new Date(body.plannedStart) <= now) {
        throw policyViolation(profile, 'change.providerAdjustment.planInAdvance', {
          code: 'plan_not_in_advance',
          zh: '优化调整方案须在实施前提前报送',
          en: 'An optimization/adjustment plan must be submitted before it starts',
          path: 'plannedStart',
        });
      }
      if (body.major && !body.expertReview) {
        throw policyViolation(profile, 'change.providerAdjustment.majorNeedsAuthorityReview', {
          code: 'expert_review_required',
          zh: '涉及重大调整的，须附第三方机构或专家评估意见',
          en: 'A major adjustment needs a third-party or expert evaluation',
          path: 'expertReview',
        });
      }
      return { ...base, platformId: platform.id, major: body.major, payload: { description: body.description, plannedStart: body.plannedStart, major: body.major, expertReview: body.expertReview ?? null } };
    }
  }
}

/** Adds an entry to an application's timeline. */
export async function appendEvent(
  trx: Trx,
  application: { id: string; unit_id: string },
  actor: Actor | null,
  action: string,
  extra: { stepIdx?: number | null; comment?: string | null; detail?: Record<string, unknown> } = {},
): Promise<void> {
  await trx
    .insertInto('application_events')
    .values({
      application_id: application.id,
      unit_id: application.unit_id,
      actor_id: actor?.userId ?? null,
      actor_name: actor?.displayName ?? '系统',
      actor_roles: actor?.roles ?? [],
      action,
      step_idx: extra.stepIdx ?? null,
      comment: extra.comment ?? null,
      detail: JSON.stringify(extra.detail ?? {}),
    })
    .execute();
}

async function activateStep(trx: Trx, applicationId: string, idx: number, dueAt: Date, provisional: boolean, now: Date) {
  await trx
    .updateTable('application_steps')
    .set({ status: 'active', activated_at: now, due_at: dueAt, due_provisional: provisional, decided_at: null, decided_by: null, decided_by_name: null, comment: null, reminded_at: null, escalated_at: null })
    .where('application_id', '=', applicationId)
    .where('idx', '=', idx)
    .execute();
  return trx.selectFrom('application_steps').selectAll().where('application_id', '=', applicationId).where('idx', '=', idx).executeTakeFirstOrThrow();
}

const link = (id: string) => `/applications/${id}`;

async function notifyStepHolders(
  trx: Trx,
  application: { id: string; number: string; title: string; kind: string },
  step: { role: string; name_zh: string; name_en: string; due_at: Date | null; article: string | null },
) {
  const label = APPLICATION_KIND_LABELS[application.kind as ApplicationKind];
  const cited = step.article ? `（${step.article}）` : '';
  const citedEn = step.article ? ` (${step.article})` : '';
  await notify(trx, { roles: [step.role as Role] }, {
    kind: 'application.step_assigned',
    title: { zh: `待办：${label.zh} ${application.number}`, en: `To do: ${label.en} ${application.number}` },
    body: {
      zh: `“${application.title}”待您${step.name_zh}，期限 ${step.due_at ? dueDateOf(step.due_at) : '—'}${cited}`,
      en: `"${application.title}" awaits your ${step.name_en}, due ${step.due_at ? dueDateOf(step.due_at) : '—'}${citedEn}`,
    },
    link: link(application.id),
    applicationId: application.id,
  });
}

async function notifyApplicant(trx: Trx, application: { id: string; number: string; title: string; applicant_id: string }, kind: string, zh: string, en: string) {
  await notify(trx, { userIds: [application.applicant_id] }, {
    kind,
    title: { zh: `${application.number}：${zh}`, en: `${application.number}: ${en}` },
    body: { zh: `您的申请“${application.title}”${zh}`, en: `Your application "${application.title}": ${en}` },
    link: link(application.id),
    applicationId: application.id,
  });
}

/** Submits an application: checks its kind's rules, plans its chain and deadline, activates the first step. */
export async function submitApplication(trx: Trx, services: Services, actor: Actor, body: SubmitApplicationBody, audit: AuditTarget, now = new Date()) {
  const profile = services.policy;
  const needed = submitterUnitTypeOf(body.kind);
  if (actor.unitType !== needed) {
    throw new AppError({
      status: 403,
      code: 'kind_not_for_your_unit',
      zh: needed === 'provider' ? '优化调整方案由政务云服务商报送（松江办法第十九条）' : '该类申请由使用单位提交',
      en: needed === 'provider' ? 'Optimization plans are submitted by cloud providers (SJ-19)' : 'This kind of application is submitted by user units',
    });
  }
  const prepared = await prepare(trx, services, actor, body, now);
  let estimate: Record<string, unknown> | null = null;
  if (prepared.platformId && prepared.lines.length > 0) {
    estimate = (await estimateCost(trx, { platformId: prepared.platformId, lines: prepared.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, months: l.months ?? 12 })) }, now)) as unknown as Record<string, unknown>;
  }
  const plan = planFlow(profile, body.kind, { major: prepared.major });
  const calendar = await loadCalendar(trx, now);
  const due = addWorkingDays(now, plan.reviewWorkingDays, calendar);
  const number = await nextApplicationNumber(trx, shanghaiDate(now).slice(0, 4));
  const provisioning = await planProvisioning(trx, profile, body, prepared, number);
  if (provisioning) prepared.payload = { ...prepared.payload, provisioning };
  const row = await trx
    .insertInto('applications')
    .values({
      unit_id: actor.unitId,
      number,
      kind: body.kind,
      status: 'in_review',
      title: body.title,
      system_id: prepared.systemId,
      project_id: prepared.projectId,
      platform_id: prepared.platformId,
      related_application_id: prepared.relatedApplicationId,
      applicant_id: actor.userId,
      payload: JSON.stringify(prepared.payload),
      estimate: estimate ? JSON.stringify(estimate) : null,
      submitted_at: now,
      due_at: due.dueAt,
      due_provisional: due.provisional,
    })
    .returning(['id', 'unit_id', 'number', 'title', 'kind', 'applicant_id'])
    .executeTakeFirstOrThrow();
  if (prepared.lines.length > 0) {
    await trx
      .insertInto('application_lines')
      .values(prepared.lines.map((l, i) => ({ application_id: row.id, unit_id: actor.unitId, line_no: i + 1, item_id: l.itemId, quantity: l.quantity, months: l.months })))
      .execute();
  }
  await trx
    .insertInto('application_steps')
    .values(plan.steps.map((s, idx) => ({ application_id: row.id, unit_id: actor.unitId, idx, name_zh: s.name.zh, name_en: s.name.en, role: s.role, article: s.article, status: 'waiting' })))
    .execute();
  const first = await activateStep(trx, row.id, 0, due.dueAt, due.provisional, now);
  await appendEvent(trx, row, actor, 'submitted', { detail: { dueAt: due.dueAt.toISOString(), provisional: due.provisional, workingDays: plan.reviewWorkingDays, article: plan.reviewArticle } });
  await notifyStepHolders(trx, row, first);
  if (due.provisional) {
    await notify(trx, { roles: ['system_admin', 'operator_resource_admin'] }, {
      kind: 'calendar.unpublished_year',
      title: { zh: `请导入 ${due.unpublishedYears.join('、')} 年节假日安排`, en: `Import the ${due.unpublishedYears.join(', ')} holiday arrangement` },
      body: {
        zh: `申请 ${number} 的期限跨入尚未发布节假日安排的年份，暂按周一至周五计算并标记为“暂定”。`,
        en: `The deadline of ${number} reaches a year without a published arrangement; it is provisional until the calendar is imported.`,
      },
      link: '/admin/calendar',
      dedupeKey: `calendar-unpublished-${due.unpublishedYears.join('-')}`,
    });
  }
  Object.assign(audit, { objectType: 'application', objectId: row.id, detail: { number, kind: body.kind, systemId: prepared.systemId, lines: prepared.lines, dueAt: due.dueAt.toISOString() } });
  return requireApplication(trx, actor, row.id, now);
}

export async function requireApplication(trx: Trx, actor: Actor, id: string, now = new Date()) {
  const detail = await findApplicationDetail(trx, id, actor, now);
  if (!detail) throw errors.notFound(APPLICATION);
  return detail;
}

async function lockApplication(trx: Trx, id: string) {
  const row = await trx.selectFrom('applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw errors.notFound(APPLICATION);
  return row;
}

async function activeStepFor(trx: Trx, actor: Actor, application: { id: string; status: string }) {
  if (application.status !== 'in_review') {
    throw errors.conflict('not_in_review', '该申请当前不在审批中', 'The application is not in review');
  }
  const step = await trx.selectFrom('application_steps').selectAll().where('application_id', '=', application.id).where('status', '=', 'active').executeTakeFirstOrThrow();
  if (!actor.roles.includes(step.role as Role)) {
    const label = ROLE_DEFINITIONS[step.role as Role]?.label ?? { zh: step.role, en: step.role };
    throw new AppError({ status: 403, code: 'not_your_step', zh: `当前环节“${step.name_zh}”由${label.zh}办理`, en: `The current step "${step.name_en}" belongs to the ${label.en}` });
  }
  return step;
}

async function decide(trx: Trx, step: { id: string }, actor: Actor, status: 'approved' | 'rejected' | 'returned', comment: string | null, now: Date, assessment?: Record<string, unknown>) {
  await trx
    .updateTable('application_steps')
    .set({ status, decided_at: now, decided_by: actor.userId, decided_by_name: actor.displayName, comment, ...(assessment ? { assessment: JSON.stringify(assessment) } : {}) })
    .where('id', '=', step.id)
    .execute();
}

/** Approves the active step; the last approval makes the application approved, awaiting provisioning. */
export async function approveStep(
  trx: Trx,
  services: Services,
  actor: Actor,
  id: string,
  input: { comment?: string | undefined; assessment?: { result: 'pass' | 'fail'; summary: string } | undefined },
  audit: AuditTarget,
  now = new Date(),
) {
  const application = await lockApplication(trx, id);
  const step = await activeStepFor(trx, actor, application);
  Object.assign(audit, { objectType: 'application', objectId: id, detail: { number: application.number, step: step.idx } });
  if (application.kind === 'migration') {
    // SJ-12: the operator records the pre-cloud test and assessment; both reports must be attached.
    const migrationRule = (code: string, zh: string, en: string, status = 400, path?: string) =>
      policyViolation(services.policy, 'migration.requiresPreCloudTesting', { code, zh, en, status, ...(path ? { path } : {}) });
    if (!input.assessment) throw migrationRule('assessment_required', '请记录上云前测试评估结论', 'Record the pre-cloud assessment result', 400, 'assessment');
    const categories = new Set(
      (await trx.selectFrom('documents').select('category').where('owner_type', '=', 'application').where('owner_id', '=', id).execute()).map((d) => d.category),
    );
    if (!categories.has('test_report') || !categories.has('assessment_report')) {
      throw migrationRule('migration_reports_missing', '须先上传上云前测试报告和评估报告', 'Upload the pre-cloud test report and assessment report first', 409);
    }
    if (input.assessment.result === 'fail') {
      await decide(trx, step, actor, 'rejected', input.assessment.summary, now, input.assessment);
      await finish(trx, application, 'rejected', now);
      await appendEvent(trx, application, actor, 'rejected', { stepIdx: step.idx, comment: input.assessment.summary, detail: { assessment: input.assessment, article: services.policy.parameters['migration.requiresPreCloudTesting'].article } });
      await notifyApplicant(trx, application, 'application.rejected', '测试评估不符合要求，不予上云', 'the assessment failed: migration refused');
      audit.detail = { ...audit.detail, assessment: 'fail' };
      return requireApplication(trx, actor, id, now);
    }
  }
  await decide(trx, step, actor, 'approved', input.comment ?? null, now, input.assessment);
  await appendEvent(trx, application, actor, 'approved', { stepIdx: step.idx, comment: input.comment ?? null, ...(input.assessment ? { detail: { assessment: input.assessment } } : {}) });
  const next = await trx.selectFrom('application_steps').select(['idx']).where('application_id', '=', id).where('idx', '>', step.idx).where('status', '=', 'waiting').orderBy('idx').executeTakeFirst();
  if (next) {
    const activated = await activateStep(trx, id, next.idx, application.due_at, application.due_provisional, now);
    await notifyStepHolders(trx, application, activated);
  } else {
    await finish(trx, application, 'approved', now);
    const plan = planFlow(services.policy, application.kind as ApplicationKind);
    if (plan.executionWorkingDays) {
      const execution = addWorkingDays(now, plan.executionWorkingDays, await loadCalendar(trx, now));
      await trx.updateTable('applications').set({ execution_due_at: execution.dueAt, execution_due_provisional: execution.provisional }).where('id', '=', id).execute();
    }
    const approved = await trx.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const resources = await writeDesiredState(trx, services, approved, now);
    await appendEvent(trx, application, null, resources.length > 0 ? 'awaiting_provisioning' : 'completed', { detail: { resources } });
    await notifyApplicant(trx, application, 'application.approved', '已审批通过，等待开通', 'approved, awaiting provisioning');
    audit.detail = { ...audit.detail, final: true };
  }
  return requireApplication(trx, actor, id, now);
}

async function finish(trx: Trx, application: { id: string }, status: 'approved' | 'rejected' | 'withdrawn', now: Date) {
  await trx.updateTable('applications').set({ status, decided_at: now, updated_at: now }).where('id', '=', application.id).execute();
  await trx.updateTable('application_steps').set({ status: 'skipped' }).where('application_id', '=', application.id).where('status', 'in', ['waiting', 'active']).execute();
}

export async function rejectApplication(trx: Trx, actor: Actor, id: string, reason: string, audit: AuditTarget, now = new Date()) {
  const application = await lockApplication(trx, id);
  const step = await activeStepFor(trx, actor, application);
  await decide(trx, step, actor, 'rejected', reason, now);
  await finish(trx, application, 'rejected', now);
  await appendEvent(trx, application, actor, 'rejected', { stepIdx: step.idx, comment: reason });
  await notifyApplicant(trx, application, 'application.rejected', `未通过：${reason}`, `rejected: ${reason}`);
  Object.assign(audit, { objectType: 'application', objectId: id, detail: { number: application.number, step: step.idx, reason } });
  return requireApplication(trx, actor, id, now);
}

/** Returns the application to the applicant, or to an earlier step, for more information. */
export async function returnApplication(trx: Trx, actor: Actor, id: string, input: { to: 'applicant' | number; comment: string }, audit: AuditTarget, now = new Date()) {
  const application = await lockApplication(trx, id);
  const step = await activeStepFor(trx, actor, application);
  await decide(trx, step, actor, 'returned', input.comment, now);
  if (input.to === 'applicant') {
    await trx.updateTable('application_steps').set({ status: 'waiting' }).where('application_id', '=', id).execute();
    await trx.updateTable('applications').set({ status: 'returned', updated_at: now }).where('id', '=', id).execute();
    await notifyApplicant(trx, application, 'application.returned', `被退回补充材料：${input.comment}`, `returned for more information: ${input.comment}`);
  } else {
    if (input.to >= step.idx) throw errors.field('to', '只能退回到之前的审批环节', 'Return only to an earlier step');
    await trx.updateTable('application_steps').set({ status: 'waiting' }).where('application_id', '=', id).where('idx', '>', input.to).execute();
    const activated = await activateStep(trx, id, input.to, application.due_at, application.due_provisional, now);
    await notifyStepHolders(trx, application, activated);
  }
  await appendEvent(trx, application, actor, 'returned', { stepIdx: step.idx, comment: input.comment, detail: { to: input.to } });
  Object.assign(audit, { objectType: 'application', objectId: id, detail: { number: application.number, step: step.idx, to: input.to } });
  return requireApplication(trx, actor, id, now);
}

function assertApplicant(actor: Actor, application: { applicant_id: string }) {
  if (application.applicant_id !== actor.userId) {
    throw new AppError({ status: 403, code: 'not_the_applicant', zh: '只有申请人本人可以执行此操作', en: 'Only the applicant may do this' });
  }
}

/** The applicant resubmits a returned application; it is received anew, with a new deadline. */
export async function resubmitApplication(trx: Trx, services: Services, actor: Actor, id: string, comment: string | undefined, audit: AuditTarget, now = new Date()) {
  const application = await lockApplication(trx, id);
  assertApplicant(actor, application);
  if (application.status !== 'returned') throw errors.conflict('not_returned', '只有被退回的申请可以重新提交', 'Only a returned application can be resubmitted');
  if (application.system_id) {
    await lockSystemForQuota(trx, application.system_id);
    const lines = await trx.selectFrom('application_lines').select(['item_id', 'quantity', 'months']).where('application_id', '=', id).execute();
    const asLines = lines.map((l) => ({ itemId: l.item_id, quantity: l.quantity, months: l.months }));
    // The application's own lines are pending; re-check against everything else.
    const others = await quotaPositions(trx, application.system_id, id);
    if (application.kind === 'expansion' || application.kind === 'resource' || application.kind === 'city_cloud') {
      const ratio = application.kind === 'expansion' ? services.policy.parameters['expansion.ceilingRatio'].value : '1';
      for (const [index, line] of asLines.entries()) {
        const p = others.get(line.itemId);
        const limit = (p?.approved ?? new Money(0)).times(ratio);
        const total = (p?.allocated ?? new Money(0)).plus(p?.pending ?? 0).plus(line.quantity);
        if (total.greaterThan(limit)) {
          const key = application.kind === 'expansion' ? 'expansion.ceilingRatio' : 'approval.resourceApplication.requiresProject';
          throw policyViolation(services.policy, key, {
            code: application.kind === 'expansion' ? 'expansion_ceiling_exceeded' : 'quota_exceeded',
            zh: `第 ${index + 1} 行：合计 ${fmt(total)} 超过上限 ${fmt(limit)}`,
            en: `Line ${index + 1}: total ${fmt(total)} exceeds the limit ${fmt(limit)}`,
            path: `lines.${index}.quantity`,
          });
        }
      }
    }
  }
  const plan = planFlow(services.policy, application.kind as ApplicationKind, { major: Boolean((application.payload as { major?: boolean }).major) });
  const due = addWorkingDays(now, plan.reviewWorkingDays, await loadCalendar(trx, now));
  await trx.updateTable('applications').set({ status: 'in_review', due_at: due.dueAt, due_provisional: due.provisional, updated_at: now }).where('id', '=', id).execute();
  await trx.updateTable('application_steps').set({ status: 'waiting' }).where('application_id', '=', id).execute();
  const first = await activateStep(trx, id, 0, due.dueAt, due.provisional, now);
  await appendEvent(trx, application, actor, 'resubmitted', { comment: comment ?? null, detail: { dueAt: due.dueAt.toISOString() } });
  await notifyStepHolders(trx, application, first);
  Object.assign(audit, { objectType: 'application', objectId: id, detail: { number: application.number, dueAt: due.dueAt.toISOString() } });
  return requireApplication(trx, actor, id, now);
}

/** The applicant withdraws before the final decision. */
export async function withdrawApplication(trx: Trx, actor: Actor, id: string, reason: string | undefined, audit: AuditTarget, now = new Date()) {
  const application = await lockApplication(trx, id);
  assertApplicant(actor, application);
  if (application.status !== 'in_review' && application.status !== 'returned') {
    throw errors.conflict('already_decided', '申请已有最终结论，不能撤回', 'The application has been decided and cannot be withdrawn');
  }
  await finish(trx, application, 'withdrawn', now);
  await appendEvent(trx, application, actor, 'withdrawn', { comment: reason ?? null });
  Object.assign(audit, { objectType: 'application', objectId: id, detail: { number: application.number, reason: reason ?? null } });
  return requireApplication(trx, actor, id, now);
}
