/**
 * The yearly comprehensive evaluation of user units (QP-24, QP-25). The operator runs a year: every
 * user unit is scored on the profile's indicators from the records (evidence kept with each score),
 * totalled, ranked and graded. A draft may be re-run — the manual adjustments, each with a reason and
 * audited, survive it — until the authority publishes the year, which freezes it (also by trigger).
 * The authority then issues rectification requirements, which the unit answers and the authority closes.
 */
import {
  EVALUATION_INDICATOR_LABELS,
  type EvaluationDetail,
  type EvaluationGrade,
  type EvaluationIndicator,
  type EvaluationSummary,
  type Rectification,
  type UnitGrade,
  type UnitResult,
} from '@yunshu/shared/evaluation-api';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { fetchPage } from '../../platform/db/query-helpers.ts';
import { type AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import type { EvaluationModel, PolicyParameterKey, PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { shanghaiDate } from '../calendar/working-days.ts';
import { computeIndicator, evaluationYear, pointsFor } from './indicators.ts';

const EVALUATION = { zh: '综合评价', en: 'Evaluation' };
const REQUIREMENT = { zh: '整改要求', en: 'Rectification requirement' };
/** The parameter whose article makes results published (QP-25 in Qingpu; none in Songjiang). */
const PUBLICATION = 'evaluation.resultsInformApplications' satisfies PolicyParameterKey;

/** The model as run: the profile's indicators and grades, with the article they come from. */
interface ModelSnapshot {
  indicators: { indicator: EvaluationIndicator; weight: number; deductPer: number | null; target: number | null }[];
  grades: { grade: EvaluationGrade; min: number }[];
  article: string | null;
}

function snapshot(services: Services): ModelSnapshot {
  const parameter = services.policy.parameters['evaluation.model'];
  const model = parameter.value as EvaluationModel;
  return {
    indicators: model.indicators.map((i) => ({ indicator: i.indicator, weight: i.weight, deductPer: i.deductPer ?? null, target: i.target ?? null })),
    grades: [
      { grade: 'excellent', min: model.grades.excellent },
      { grade: 'good', min: model.grades.good },
      { grade: 'pass', min: model.grades.pass },
      { grade: 'fail', min: 0 },
    ],
    article: parameter.article,
  };
}

function currentYear(now: Date): number {
  return Number(shanghaiDate(now).slice(0, 4));
}

/** A published year is frozen; the error cites the article the profile names for publication. */
function frozen(profile: PolicyProfile, year: number): AppError {
  return policyViolation(profile, PUBLICATION, {
    status: 409,
    code: 'evaluation_published',
    zh: `${year} 年度综合评价结果已发布，不得重算或调整`,
    en: `The ${year} evaluation is published and frozen`,
  });
}

async function findEvaluation(trx: Trx, year: number, lock = false) {
  let query = trx.selectFrom('evaluations').selectAll().where('year', '=', year);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** A unit-scoped reader sees a year only once it is published (QP-25: results are published). */
async function requireVisible(trx: Trx, actor: Actor, year: number) {
  const row = await findEvaluation(trx, year);
  if (!row || (actor.scope === 'unit' && row.status !== 'published')) throw errors.notFound(EVALUATION);
  return row;
}

/**
 * Scores, totals, ranks and grades from the computed points and the adjustments: each score is the
 * computed points plus the unit's adjustments of that indicator, kept within 0…weight; ranks are
 * competition ranks (equal totals share a rank).
 */
async function rescore(trx: Trx, evaluationId: string, model: ModelSnapshot): Promise<void> {
  await sql`
    UPDATE evaluation_scores s SET
      adjustment = a.points,
      score = least(s.weight, greatest(0, s.computed + a.points))
    FROM (
      SELECT sc.unit_id, sc.indicator, coalesce(sum(x.points), 0) AS points
      FROM evaluation_scores sc
      LEFT JOIN evaluation_adjustments x ON x.evaluation_id = sc.evaluation_id AND x.unit_id = sc.unit_id AND x.indicator = sc.indicator
      WHERE sc.evaluation_id = ${evaluationId}
      GROUP BY sc.unit_id, sc.indicator
    ) a
    WHERE s.evaluation_id = ${evaluationId} AND s.unit_id = a.unit_id AND s.indicator = a.indicator
  `.execute(trx);
  await trx.deleteFrom('evaluation_results').where('evaluation_id', '=', evaluationId).execute();
  const grades = model.grades;
  await sql`
    INSERT INTO evaluation_results (evaluation_id, unit_id, total, rank, grade)
    SELECT ${evaluationId}, unit_id, total, rank() OVER (ORDER BY total DESC),
           CASE WHEN total >= ${grades[0]!.min} THEN 'excellent' WHEN total >= ${grades[1]!.min} THEN 'good' WHEN total >= ${grades[2]!.min} THEN 'pass' ELSE 'fail' END
    FROM (SELECT unit_id, sum(score) AS total FROM evaluation_scores WHERE evaluation_id = ${evaluationId} GROUP BY unit_id) t
  `.execute(trx);
}

/** Runs (or re-runs, while a draft) the evaluation of a year over every user unit. */
export async function runEvaluation(trx: Trx, services: Services, actor: Actor, year: number, audit: AuditTarget, now = new Date()): Promise<EvaluationDetail> {
  Object.assign(audit, { objectType: 'evaluation', objectId: String(year) });
  if (year > currentYear(now)) {
    throw errors.field('year', `${year} 年尚未开始，无法评价`, `${year} has not begun; there is nothing to evaluate`);
  }
  const existing = await findEvaluation(trx, year, true);
  if (existing?.status === 'published') throw frozen(services.policy, year);
  const model = snapshot(services);
  const period = evaluationYear(year);
  const values = { model: JSON.stringify(model), run_at: now, run_by_name: actor.displayName };
  const evaluationId = existing
    ? (await trx.updateTable('evaluations').set(values).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
    : (await trx.insertInto('evaluations').values({ year, ...values }).returning('id').executeTakeFirstOrThrow()).id;
  await trx.deleteFrom('evaluation_results').where('evaluation_id', '=', evaluationId).execute();
  await trx.deleteFrom('evaluation_scores').where('evaluation_id', '=', evaluationId).execute();

  // Every user unit that existed during the year and is not disabled.
  const units = await trx
    .selectFrom('units')
    .select('id')
    .where('type', '=', 'user_unit')
    .where('disabled', '=', false)
    .where('created_at', '<', period.end)
    .orderBy('name')
    .execute();
  const unitIds = units.map((u) => u.id);
  const rows: { unit_id: string; indicator: string; position: number; weight: string; computed: string; score: string; evidence: string }[] = [];
  for (const [position, entry] of model.indicators.entries()) {
    const earned = await computeIndicator(trx, services.policy, entry.indicator, period, unitIds, now, { target: entry.target ?? undefined });
    for (const unitId of unitIds) {
      const figures = earned.get(unitId)!;
      const computed = pointsFor(figures, entry.weight, entry.deductPer ?? undefined);
      rows.push({ unit_id: unitId, indicator: entry.indicator, position, weight: entry.weight.toFixed(2), computed, score: computed, evidence: JSON.stringify(figures.evidence) });
    }
  }
  if (rows.length > 0) {
    const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
    await sql`
      INSERT INTO evaluation_scores (evaluation_id, unit_id, indicator, position, weight, computed, score, evidence)
      SELECT ${evaluationId}, * FROM unnest(${column((r) => r.unit_id)}::uuid[], ${column((r) => r.indicator)}::text[], ${column((r) => r.position)}::int[],
                                           ${column((r) => r.weight)}::numeric[], ${column((r) => r.computed)}::numeric[], ${column((r) => r.score)}::numeric[],
                                           ${column((r) => r.evidence)}::jsonb[])
    `.execute(trx);
  }
  await rescore(trx, evaluationId, model);
  await trx.updateTable('evaluations').set({ unit_count: unitIds.length }).where('id', '=', evaluationId).execute();
  const detail = await evaluationDetail(trx, actor, year);
  audit.detail = { year, units: unitIds.length, indicators: model.indicators.map((i) => `${i.indicator}:${i.weight}`) };
  return detail;
}

/** A manual adjustment of one unit's indicator, with its reason (audited); the draft is re-scored. */
export async function adjustScore(
  trx: Trx,
  services: Services,
  actor: Actor,
  year: number,
  input: { unitId: string; indicator: EvaluationIndicator; points: string; reason: string },
  audit: AuditTarget,
): Promise<EvaluationDetail> {
  Object.assign(audit, { objectType: 'evaluation', objectId: String(year) });
  const evaluation = await findEvaluation(trx, year, true);
  if (!evaluation) throw errors.notFound(EVALUATION);
  if (evaluation.status === 'published') throw frozen(services.policy, year);
  const model = evaluation.model as ModelSnapshot;
  const score = await trx
    .selectFrom('evaluation_scores')
    .select(['weight', 'computed', 'adjustment'])
    .where('evaluation_id', '=', evaluation.id)
    .where('unit_id', '=', input.unitId)
    .where('indicator', '=', input.indicator)
    .executeTakeFirst();
  if (!score) {
    throw errors.field('indicator', `该单位在 ${year} 年度评价中没有“${EVALUATION_INDICATOR_LABELS[input.indicator].zh}”指标`, `The unit has no “${EVALUATION_INDICATOR_LABELS[input.indicator].en}” score in the ${year} evaluation`);
  }
  await trx
    .insertInto('evaluation_adjustments')
    .values({ evaluation_id: evaluation.id, unit_id: input.unitId, indicator: input.indicator, points: input.points, reason: input.reason, actor_id: actor.userId, actor_name: actor.displayName })
    .execute();
  await rescore(trx, evaluation.id, model);
  audit.detail = { year, unitId: input.unitId, indicator: input.indicator, points: input.points, reason: input.reason, computed: score.computed };
  return evaluationDetail(trx, actor, year);
}

/** The authority publishes a year that has ended: its results are frozen from then on (QP-25). */
export async function publishEvaluation(trx: Trx, services: Services, actor: Actor, year: number, audit: AuditTarget, now = new Date()): Promise<EvaluationDetail> {
  Object.assign(audit, { objectType: 'evaluation', objectId: String(year) });
  const evaluation = await findEvaluation(trx, year, true);
  if (!evaluation) throw errors.notFound(EVALUATION);
  if (evaluation.status === 'published') throw frozen(services.policy, year);
  if (evaluationYear(year).end > now) {
    throw policyViolation(services.policy, 'evaluation.period', {
      status: 409,
      code: 'evaluation_year_not_over',
      zh: `${year} 年度尚未结束，评价结果不能发布`,
      en: `${year} is not over yet; its evaluation cannot be published`,
    });
  }
  await trx.updateTable('evaluations').set({ status: 'published', published_at: now, published_by: actor.userId, published_by_name: actor.displayName }).where('id', '=', evaluation.id).execute();
  audit.detail = { year, units: evaluation.unit_count };
  return evaluationDetail(trx, actor, year);
}

function presentSummary(row: Awaited<ReturnType<typeof findEvaluation>> & object): EvaluationSummary {
  return {
    id: row.id,
    year: row.year,
    status: row.status,
    units: row.unit_count,
    runAt: row.run_at.toISOString(),
    runBy: row.run_by_name,
    publishedAt: row.published_at?.toISOString() ?? null,
    publishedBy: row.published_by_name,
  };
}

export async function listEvaluations(trx: Trx, actor: Actor): Promise<EvaluationSummary[]> {
  let query = trx.selectFrom('evaluations').selectAll().orderBy('year', 'desc');
  if (actor.scope === 'unit') query = query.where('status', '=', 'published');
  return (await query.execute()).map(presentSummary);
}

/** A year's results, best first; a unit-scoped reader gets its own (row-level security) once published. */
export async function evaluationDetail(trx: Trx, actor: Actor, year: number, unitId?: string): Promise<EvaluationDetail> {
  const evaluation = await requireVisible(trx, actor, year);
  let results = trx
    .selectFrom('evaluation_results as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.unit_id', 'u.name', 'u.type', 'r.total', 'r.rank', 'r.grade'])
    .where('r.evaluation_id', '=', evaluation.id);
  if (unitId) results = results.where('r.unit_id', '=', unitId);
  const resultRows = await results.orderBy('r.rank').orderBy('u.name').execute();
  let scores = trx.selectFrom('evaluation_scores').selectAll().where('evaluation_id', '=', evaluation.id);
  if (unitId) scores = scores.where('unit_id', '=', unitId);
  const scoreRows = await scores.orderBy('position').execute();
  const byUnit = new Map<string, UnitResult['scores']>();
  for (const row of scoreRows) {
    const list = byUnit.get(row.unit_id) ?? [];
    list.push({
      indicator: row.indicator as EvaluationIndicator,
      dimension: EVALUATION_INDICATOR_LABELS[row.indicator as EvaluationIndicator].dimension,
      weight: row.weight,
      computed: row.computed,
      adjustment: row.adjustment,
      score: row.score,
      evidence: row.evidence,
    });
    byUnit.set(row.unit_id, list);
  }
  // Adjustments and their reasons are the district's working record (row-level security hides them from units).
  let adjustments = trx
    .selectFrom('evaluation_adjustments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'u.name', 'u.type', 'a.indicator', 'a.points', 'a.reason', 'a.actor_name', 'a.created_at'])
    .where('a.evaluation_id', '=', evaluation.id);
  if (unitId) adjustments = adjustments.where('a.unit_id', '=', unitId);
  const adjustmentRows = await adjustments.orderBy('a.created_at').execute();
  return {
    ...presentSummary(evaluation),
    model: evaluation.model as ModelSnapshot,
    results: resultRows.map((row) => ({
      unit: { id: row.unit_id, name: row.name, type: row.type as UnitResult['unit']['type'] },
      total: row.total,
      rank: row.rank,
      grade: row.grade,
      scores: byUnit.get(row.unit_id) ?? [],
    })),
    adjustments: adjustmentRows.map((row) => ({
      id: row.id,
      unit: { id: row.unit_id, name: row.name, type: row.type as UnitResult['unit']['type'] },
      indicator: row.indicator as EvaluationIndicator,
      points: row.points,
      reason: row.reason,
      actorName: row.actor_name,
      createdAt: row.created_at.toISOString(),
    })),
  };
}

/** One unit's result in a year, for its report; not found when the reader may not see it. */
export async function unitResult(trx: Trx, actor: Actor, year: number, unitId: string) {
  const detail = await evaluationDetail(trx, actor, year, unitId);
  const result = detail.results[0];
  if (!result) throw errors.notFound({ zh: '该单位的评价结果', en: 'The unit’s evaluation result' });
  return { detail, result };
}

/** A unit's latest published grade, shown beside its applications (QP-25); null before any. */
export async function latestGrade(trx: Trx, unitId: string): Promise<UnitGrade | null> {
  const row = await trx
    .selectFrom('evaluation_results as r')
    .innerJoin('evaluations as e', 'e.id', 'r.evaluation_id')
    .select(['e.year', 'e.unit_count', 'r.grade', 'r.total', 'r.rank'])
    .where('r.unit_id', '=', unitId)
    .where('e.status', '=', 'published')
    .orderBy('e.year', 'desc')
    .executeTakeFirst();
  return row ? { year: row.year, grade: row.grade, total: row.total, rank: row.rank, units: row.unit_count } : null;
}

// --- rectification requirements (QP-25) ------------------------------------------------------------

function requirementQuery(trx: Trx) {
  return trx
    .selectFrom('rectification_requirements as q')
    .innerJoin('evaluations as e', 'e.id', 'q.evaluation_id')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .selectAll('q')
    .select(['e.year', 'u.name as unit_name', 'u.type as unit_type']);
}
type RequirementRow = Awaited<ReturnType<ReturnType<typeof requirementQuery>['executeTakeFirstOrThrow']>>;

function presentRequirement(row: RequirementRow, today: string): Rectification {
  return {
    id: row.id,
    year: row.year,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as Rectification['unit']['type'] },
    requirement: row.requirement,
    dueOn: row.due_on,
    status: row.status,
    overdue: row.status !== 'closed' && row.due_on < today,
    issuedBy: row.issued_by_name,
    issuedAt: row.issued_at.toISOString(),
    response: row.response,
    respondedBy: row.responded_by_name,
    respondedAt: row.responded_at?.toISOString() ?? null,
    closingNote: row.closing_note,
    closedBy: row.closed_by_name,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

export function listRequirements(trx: Trx, filter: { year?: number | undefined; status?: Rectification['status'] | undefined }, page: number, pageSize: number, now = new Date()) {
  let query = requirementQuery(trx);
  if (filter.year) query = query.where('e.year', '=', filter.year);
  if (filter.status) query = query.where('q.status', '=', filter.status);
  const today = shanghaiDate(now);
  return fetchPage(trx, query, query.orderBy('q.status').orderBy('q.due_on').orderBy('u.name'), page, pageSize, (row) => presentRequirement(row, today));
}

async function requireRequirement(trx: Trx, id: string) {
  const row = await requirementQuery(trx).where('q.id', '=', id).forUpdate('q').executeTakeFirst();
  if (!row) throw errors.notFound(REQUIREMENT);
  return row;
}

/** The authority issues a requirement to a unit evaluated in a published year. */
export async function issueRequirement(trx: Trx, services: Services, actor: Actor, year: number, input: { unitId: string; requirement: string; dueOn: string }, audit: AuditTarget, now = new Date()): Promise<Rectification> {
  const evaluation = await findEvaluation(trx, year);
  if (!evaluation) throw errors.notFound(EVALUATION);
  if (evaluation.status !== 'published') {
    throw policyViolation(services.policy, PUBLICATION, {
      status: 409,
      code: 'evaluation_not_published',
      zh: `${year} 年度评价结果尚未发布，发布后再下达整改要求`,
      en: `Publish the ${year} evaluation before issuing rectification requirements`,
    });
  }
  const evaluated = await trx.selectFrom('evaluation_results').select('unit_id').where('evaluation_id', '=', evaluation.id).where('unit_id', '=', input.unitId).executeTakeFirst();
  if (!evaluated) throw errors.field('unitId', `该单位不在 ${year} 年度评价范围内`, `The unit was not evaluated in ${year}`);
  const today = shanghaiDate(now);
  if (input.dueOn <= today) throw errors.field('dueOn', `整改期限须晚于今天（${today}）`, `The due date must be after today (${today})`);
  const { id } = await trx
    .insertInto('rectification_requirements')
    .values({ evaluation_id: evaluation.id, unit_id: input.unitId, requirement: input.requirement, due_on: input.dueOn, issued_by: actor.userId, issued_by_name: actor.displayName })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'rectification_requirement', objectId: id, detail: { year, unitId: input.unitId, dueOn: input.dueOn } });
  return presentRequirement(await requireRequirement(trx, id), today);
}

/** The unit answers a requirement issued to it (row-level security keeps other units' out of reach). */
export async function respondRequirement(trx: Trx, actor: Actor, id: string, response: string, audit: AuditTarget, now = new Date()): Promise<Rectification> {
  Object.assign(audit, { objectType: 'rectification_requirement', objectId: id });
  const row = await requireRequirement(trx, id);
  if (row.unit_id !== actor.unitId) throw errors.notFound(REQUIREMENT);
  if (row.status === 'closed') throw errors.conflict('requirement_closed', '该整改要求已销号，不能再反馈', 'The requirement is closed');
  await trx.updateTable('rectification_requirements').set({ status: 'responded', response, responded_by_name: actor.displayName, responded_at: now }).where('id', '=', id).execute();
  audit.detail = { response };
  return presentRequirement(await requireRequirement(trx, id), shanghaiDate(now));
}

/** The authority closes a requirement once satisfied with the unit's rectification. */
export async function closeRequirement(trx: Trx, actor: Actor, id: string, note: string, audit: AuditTarget, now = new Date()): Promise<Rectification> {
  Object.assign(audit, { objectType: 'rectification_requirement', objectId: id });
  const row = await requireRequirement(trx, id);
  if (row.status === 'closed') throw errors.conflict('requirement_closed', '该整改要求已销号', 'The requirement is already closed');
  if (row.status === 'open') {
    throw errors.conflict('requirement_not_responded', '使用单位尚未反馈整改情况，不能销号', 'The unit has not responded yet; the requirement cannot be closed');
  }
  await trx.updateTable('rectification_requirements').set({ status: 'closed', closing_note: note, closed_by_name: actor.displayName, closed_at: now }).where('id', '=', id).execute();
  audit.detail = { note };
  return presentRequirement(await requireRequirement(trx, id), shanghaiDate(now));
}

