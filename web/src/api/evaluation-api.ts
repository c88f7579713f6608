import { api, apiUrl, type Page } from './client.ts';
import type {
  EvaluationAdjustBody,
  EvaluationDetail,
  EvaluationRectification,
  EvaluationRectificationStatus,
  EvaluationSummary,
  IssueRectificationBody,
  UnitGrade,
} from './contract-types.ts';

const yearPath = (year: number) => `/evaluations/${encodeURIComponent(String(year))}`;
const requirementPath = (id: string) => `/rectification-requirements/${encodeURIComponent(id)}`;

/** The years evaluated, the latest first; a unit-scoped reader gets the published ones only. */
export function listEvaluations(): Promise<EvaluationSummary[]> {
  return api.get<EvaluationSummary[]>('/evaluations');
}

/** A year's results best first; a unit-scoped reader gets its own, once published (not found before). */
export function getEvaluation(year: number): Promise<EvaluationDetail> {
  return api.get<EvaluationDetail>(yearPath(year));
}

/** Runs the year from the records, or re-runs a draft; the manual adjustments are kept (QP-24). */
export function runEvaluation(year: number): Promise<EvaluationDetail> {
  return api.post<EvaluationDetail>(`${yearPath(year)}/run`);
}

/** A signed change of one unit's indicator score with its reason; the draft is re-scored. */
export function adjustEvaluation(year: number, body: EvaluationAdjustBody): Promise<EvaluationDetail> {
  return api.post<EvaluationDetail>(`${yearPath(year)}/adjustments`, body);
}

/** The authority's publication of an ended year, which freezes its results (QP-25). */
export function publishEvaluation(year: number): Promise<EvaluationDetail> {
  return api.post<EvaluationDetail>(`${yearPath(year)}/publish`);
}

/** Every unit and indicator, the model and the adjustments, as a workbook. */
export function evaluationExportUrl(year: number): string {
  return apiUrl(`${yearPath(year)}/export.xlsx`);
}

/** One unit's report with its evidence, as a PDF. */
export function unitReportUrl(year: number, unitId: string): string {
  return apiUrl(`${yearPath(year)}/units/${encodeURIComponent(unitId)}/report.pdf`);
}

/** The unit's latest published grade, null before any (QP-25: results inform its applications). */
export function getUnitGrade(unitId: string): Promise<UnitGrade | null> {
  return api.get<UnitGrade | null>(`/units/${encodeURIComponent(unitId)}/evaluation-grade`);
}

export interface RectificationFilters {
  year?: number | undefined;
  status?: EvaluationRectificationStatus | undefined;
}

/** Rectification requirements, open ones first; a unit sees its own. */
export function listRectifications(filters: RectificationFilters, page: number, pageSize: number): Promise<Page<EvaluationRectification>> {
  return api.get<Page<EvaluationRectification>>('/rectification-requirements', { ...filters, page, pageSize });
}

/** Issued by the authority to a unit of a published year, with a due date after today. */
export function issueRectification(year: number, body: IssueRectificationBody): Promise<EvaluationRectification> {
  return api.post<EvaluationRectification>(`${yearPath(year)}/rectification-requirements`, body);
}

export function respondToRectification(id: string, response: string): Promise<EvaluationRectification> {
  return api.post<EvaluationRectification>(`${requirementPath(id)}/respond`, { response });
}

/** 销号: the authority closes a requirement the unit has answered. */
export function closeRectification(id: string, note: string): Promise<EvaluationRectification> {
  return api.post<EvaluationRectification>(`${requirementPath(id)}/close`, { note });
}
