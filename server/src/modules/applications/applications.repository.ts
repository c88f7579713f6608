/** SQL over applications, their lines, steps and timeline. RLS narrows every query to the caller's scope. */
import type { ApplicationDetailSchema, ApplicationSummarySchema } from '@yunshu/shared/applications-api';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { containsPattern, fetchPage } from '../../platform/db/query-helpers.ts';

type Summary = z.infer<typeof ApplicationSummarySchema>;
type Detail = z.infer<typeof ApplicationDetailSchema>;

function summaryQuery(trx: Trx) {
  return trx
    .selectFrom('applications as a')
    .innerJoin('units as n', 'n.id', 'a.unit_id')
    .innerJoin('users as u', 'u.id', 'a.applicant_id')
    .leftJoin('information_systems as s', 's.id', 'a.system_id')
    .leftJoin('application_steps as st', (join) => join.onRef('st.application_id', '=', 'a.id').on('st.status', '=', 'active'))
    .selectAll('a')
    .select([
      'n.name as unit_name',
      'n.type as unit_type',
      'u.display_name as applicant_name',
      's.name as system_name',
      'st.idx as step_idx',
      'st.name_zh as step_name_zh',
      'st.name_en as step_name_en',
      'st.role as step_role',
      'st.due_at as step_due_at',
    ]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function presentSummary(row: SummaryRow, now: Date): Summary {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as Summary['kind'],
    status: row.status as Summary['status'],
    title: row.title,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as Summary['unit']['type'] },
    systemId: row.system_id,
    systemName: row.system_name,
    applicantName: row.applicant_name,
    submittedAt: row.submitted_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    dueProvisional: row.due_provisional,
    decidedAt: row.decided_at?.toISOString() ?? null,
    currentStep:
      row.step_idx === null
        ? null
        : {
            idx: row.step_idx,
            name: { zh: row.step_name_zh as string, en: row.step_name_en as string },
            role: row.step_role as string,
            dueAt: row.step_due_at?.toISOString() ?? null,
            overdue: row.step_due_at !== null && row.step_due_at < now,
          },
  };
}

export interface ApplicationFilter {
  applicantId?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  systemId?: string | undefined;
  q?: string | undefined;
  /** Only applications whose active step is one of these roles (待办). */
  activeStepRoles?: readonly string[] | undefined;
}

export async function listApplications(trx: Trx, filter: ApplicationFilter, page: number, pageSize: number, now = new Date()) {
  let query = summaryQuery(trx);
  if (filter.applicantId) query = query.where('a.applicant_id', '=', filter.applicantId);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.kind) query = query.where('a.kind', '=', filter.kind);
  if (filter.systemId) query = query.where('a.system_id', '=', filter.systemId);
  if (filter.activeStepRoles) {
    if (filter.activeStepRoles.length === 0) return { items: [], total: 0, page, pageSize };
    query = query.where('st.role', 'in', [...filter.activeStepRoles]);
  }
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('a.number', 'ilike', like), eb('a.title', 'ilike', like), eb('n.name', 'ilike', like), eb('s.name', 'ilike', like)]));
  }
  const ordered = filter.activeStepRoles ? query.orderBy('st.due_at', 'asc') : query.orderBy('a.submitted_at', 'desc');
  return fetchPage(trx, query, ordered, page, pageSize, (row) => presentSummary(row, now));
}

export async function findApplicationDetail(trx: Trx, id: string, actor: Actor, now = new Date()): Promise<Detail | null> {
  const row = await summaryQuery(trx)
    .leftJoin('platforms as p', 'p.id', 'a.platform_id')
    .select('p.name as platform_name')
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [lines, steps, events, documents] = await Promise.all([
    trx
      .selectFrom('application_lines as l')
      .innerJoin('catalog_items as i', 'i.id', 'l.item_id')
      .select(['l.line_no', 'l.item_id', 'l.quantity', 'l.months', 'i.code', 'i.name_zh', 'i.name_en', 'i.unit_of_measure'])
      .where('l.application_id', '=', id)
      .orderBy('l.line_no')
      .execute(),
    trx.selectFrom('application_steps').selectAll().where('application_id', '=', id).orderBy('idx').execute(),
    trx.selectFrom('application_events').selectAll().where('application_id', '=', id).orderBy('id').execute(),
    trx
      .selectFrom('documents')
      .select(['id', 'filename', 'category', 'size_bytes', 'sm3', 'uploaded_at'])
      .where('owner_type', '=', 'application')
      .where('owner_id', '=', id)
      .orderBy('uploaded_at')
      .execute(),
  ]);
  const summary = presentSummary(row, now);
  const active = steps.find((step) => step.status === 'active');
  const open = row.status === 'in_review' || row.status === 'returned';
  return {
    ...summary,
    projectId: row.project_id,
    platformId: row.platform_id,
    platformName: row.platform_name,
    relatedApplicationId: row.related_application_id,
    payload: row.payload,
    estimate: row.estimate,
    executionDueAt: row.execution_due_at?.toISOString() ?? null,
    executionDueProvisional: row.execution_due_provisional,
    expiresAt: row.expires_at?.toISOString() ?? null,
    lines: lines.map((l) => ({ lineNo: l.line_no, itemId: l.item_id, itemCode: l.code, itemName: l.name_zh, itemNameEn: l.name_en, unitOfMeasure: l.unit_of_measure, quantity: l.quantity, months: l.months })),
    steps: steps.map((s) => ({
      id: s.id,
      idx: s.idx,
      name: { zh: s.name_zh, en: s.name_en },
      role: s.role,
      article: s.article,
      status: s.status as Detail['steps'][number]['status'],
      activatedAt: s.activated_at?.toISOString() ?? null,
      dueAt: s.due_at?.toISOString() ?? null,
      dueProvisional: s.due_provisional,
      overdue: s.status === 'active' && s.due_at !== null && s.due_at < now,
      decidedAt: s.decided_at?.toISOString() ?? null,
      decidedBy: s.decided_by_name,
      comment: s.comment,
      assessment: s.assessment,
    })),
    timeline: events.map((e) => ({ at: e.at.toISOString(), actorName: e.actor_name, action: e.action, stepIdx: e.step_idx, comment: e.comment, detail: e.detail })),
    documents: documents.map((d) => ({ id: d.id, filename: d.filename, category: d.category, sizeBytes: d.size_bytes, sm3: d.sm3, uploadedAt: d.uploaded_at.toISOString() })),
    canAct: row.status === 'in_review' && active !== undefined && actor.roles.includes(active.role as never),
    canWithdraw: open && row.applicant_id === actor.userId,
    canResubmit: row.status === 'returned' && row.applicant_id === actor.userId,
  };
}

export async function nextApplicationNumber(trx: Trx, submittedYear: string): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('application_number_seq')::text AS n`.execute(trx);
  return `SQ${submittedYear}${rows[0]!.n.padStart(6, '0')}`;
}
