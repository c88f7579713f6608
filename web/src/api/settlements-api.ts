import { api, apiUrl } from './client.ts';
import type { AdjustmentBody, SettlementDetail, SettlementSummary } from './contract-types.ts';

const settlementPath = (id: string) => `/settlements/${encodeURIComponent(id)}`;

/** The yearly settlements (SJ-15), the latest period first. */
export function listSettlements(): Promise<SettlementSummary[]> {
  return api.get<SettlementSummary[]>('/settlements');
}

/**
 * Runs, or re-runs, the settlement of the period starting at `firstMonth` from its confirmed months; the
 * auditor's adjustments are kept. Refused while a month of the period is unconfirmed, and once approved.
 */
export function runSettlement(firstMonth: string): Promise<SettlementDetail> {
  return api.post<SettlementDetail>('/settlements', { firstMonth });
}

export function getSettlement(id: string): Promise<SettlementDetail> {
  return api.get<SettlementDetail>(settlementPath(id));
}

/** To the third-party auditor, or straight to approval where the district engages none. */
export function submitSettlement(id: string): Promise<SettlementDetail> {
  return api.post<SettlementDetail>(`${settlementPath(id)}/submit`);
}

/** The auditor's correction record: a signed amount with its reason, never an edit of the figures. */
export function addAdjustment(id: string, body: AdjustmentBody): Promise<SettlementDetail> {
  return api.post<SettlementDetail>(`${settlementPath(id)}/adjustments`, body);
}

export function completeAudit(id: string): Promise<SettlementDetail> {
  return api.post<SettlementDetail>(`${settlementPath(id)}/complete-audit`);
}

/** The supervision budget (SJ-16), refused above the profile's share of the settlement total. */
export function setSupervisionBudget(id: string, amount: string): Promise<SettlementDetail> {
  return api.put<SettlementDetail>(`${settlementPath(id)}/supervision-budget`, { amount });
}

/** The authority's approval, which freezes the plan (SJ-15). */
export function approveSettlement(id: string): Promise<SettlementDetail> {
  return api.post<SettlementDetail>(`${settlementPath(id)}/approve`);
}

/** The plan's summary as a PDF (with its Chinese font embedded), for the file and for signing. */
export function settlementPdfUrl(id: string): string {
  return apiUrl(`${settlementPath(id)}/summary.pdf`);
}

/** The plan as a workbook: a summary and one sheet per cloud operator. */
export function settlementExportUrl(id: string): string {
  return apiUrl(`${settlementPath(id)}/export.xlsx`);
}
