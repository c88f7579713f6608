import type { MonitoringGapList, ResourceUtilization, UtilizationTrend } from '@yunshu/shared/efficiency-api';
import type {
  EfficiencyRule,
  Finding,
  IdleSpendRanking,
  RectificationCase,
  RectificationCaseDetail,
  RectificationStage,
  RuleRun,
} from '@yunshu/shared/efficiency-cases-api';
import { api, type Page } from './client.ts';

export interface UtilizationRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** A server's daily utilisation (the 30 days up to yesterday by default) and its open monitoring gap. */
export function getResourceUtilization(id: string, range: UtilizationRange = {}): Promise<ResourceUtilization> {
  return api.get<ResourceUtilization>(`/resources/${encodeURIComponent(id)}/utilization`, { ...range });
}

export function getUtilizationTrend(range: UtilizationRange & { unitId?: string | undefined } = {}): Promise<UtilizationTrend> {
  return api.get<UtilizationTrend>('/efficiency/trend', { ...range });
}

export function listMonitoringGaps(state: 'open' | 'all' = 'open'): Promise<MonitoringGapList> {
  return api.get<MonitoringGapList>('/efficiency/monitoring-gaps', { state });
}

export interface FindingFilters {
  rule?: EfficiencyRule | undefined;
  status?: 'open' | 'cleared' | 'all' | undefined;
  unitId?: string | undefined;
  resourceId?: string | undefined;
}

/** What the daily efficiency rules found (a unit: its own), newest first. */
export function listEfficiencyFindings(filters: FindingFilters, page: number, pageSize: number): Promise<Page<Finding>> {
  return api.get<Page<Finding>>('/efficiency/findings', { ...filters, page, pageSize });
}

/** 各单位闲置资源月度费用: units with open findings by the monthly savings of those findings, most first (a unit: its own). */
export function getIdleSpendByUnit(): Promise<IdleSpendRanking> {
  return api.get<IdleSpendRanking>('/efficiency/findings/by-unit');
}

/** Runs the rules now rather than at the daily slot (the operator). */
export function runEfficiencyRules(): Promise<RuleRun> {
  return api.post<RuleRun>('/efficiency/findings/run');
}

export interface CaseFilters {
  stage?: RectificationStage | undefined;
  state?: 'active' | 'closed' | 'all' | undefined;
  unitId?: string | undefined;
}

export function listRectificationCases(filters: CaseFilters, page: number, pageSize: number): Promise<Page<RectificationCase>> {
  return api.get<Page<RectificationCase>>('/rectification-cases', { ...filters, page, pageSize });
}

const casePath = (id: string) => `/rectification-cases/${encodeURIComponent(id)}`;

export function getRectificationCase(id: string): Promise<RectificationCaseDetail> {
  return api.get<RectificationCaseDetail>(casePath(id));
}

export type CaseResponse = NonNullable<RectificationCase['response']>;

/** The transitions of a case, each answering with the case as it now stands. */
export const caseTransitions = {
  proposeWarning: (id: string, text: string) => api.post<RectificationCaseDetail>(`${casePath(id)}/warning`, { text }),
  review: (id: string, approve: boolean, comment?: string) => api.post<RectificationCaseDetail>(`${casePath(id)}/review`, { approve, comment }),
  respond: (id: string, response: CaseResponse) => api.post<RectificationCaseDetail>(`${casePath(id)}/response`, response),
  close: (id: string, comment?: string) => api.post<RectificationCaseDetail>(`${casePath(id)}/close`, { comment }),
  escalate: (id: string, comment: string) => api.post<RectificationCaseDetail>(`${casePath(id)}/escalate`, { comment }),
  stop: (id: string, comment?: string) => api.post<RectificationCaseDetail>(`${casePath(id)}/stop`, { comment }),
  consent: (id: string, approve: boolean, comment?: string) => api.post<RectificationCaseDetail>(`${casePath(id)}/consent`, { approve, comment }),
};
