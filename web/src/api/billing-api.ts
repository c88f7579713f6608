import { api, apiUrl, type Page } from './client.ts';
import type { BillingMonth, BillingSummary, LineResources, MonthResult, Statement, StatementDetail } from './contract-types.ts';

export interface StatementFilters {
  /** `YYYY-MM` */
  month?: string | undefined;
  unitId?: string | undefined;
  /** `false`: the non-budget units' own bills (SJ-15); `true`: the district budget's. */
  districtBudget?: 'true' | 'false' | undefined;
}

export interface BillingPeriod {
  /** `YYYY-MM`; the server's default is the twelve months up to the last rated one. */
  from?: string | undefined;
  to?: string | undefined;
}

const monthPath = (month: string) => `/billing/months/${encodeURIComponent(month)}`;
const statementPath = (id: string) => `/billing/statements/${encodeURIComponent(id)}`;

/** Every rated month, newest first, with its status and the district's total. */
export function listBillingMonths(): Promise<BillingMonth[]> {
  return api.get<BillingMonth[]>('/billing/months');
}

/** Rates a month into draft statements, replacing its earlier draft; refused once the month is confirmed. */
export function rateBillingMonth(month: string): Promise<MonthResult> {
  return api.post<MonthResult>(`${monthPath(month)}/rate`);
}

/** Confirms an ended, rated month: its statements and usage are frozen from then on. */
export function confirmBillingMonth(month: string): Promise<MonthResult> {
  return api.post<MonthResult>(`${monthPath(month)}/confirm`);
}

/** The month's statement lines as FOCUS-style CSV (a unit's own only, as the statements). */
export function focusCsvUrl(month: string): string {
  return apiUrl(`${monthPath(month)}/focus.csv`);
}

/** The month's statements as a workbook: a summary per unit and one sheet per cloud operator. */
export function statementsXlsxUrl(month: string): string {
  return apiUrl(`${monthPath(month)}/statements.xlsx`);
}

/** The dashboard's figures over a range of months; a unit's figures are its own (QP-19). */
export function fetchBillingSummary(period: BillingPeriod): Promise<BillingSummary> {
  return api.get<BillingSummary>('/billing/summary', { ...period });
}

export function listStatements(filters: StatementFilters, page: number, pageSize: number): Promise<Page<Statement>> {
  return api.get<Page<Statement>>('/billing/statements', { ...filters, page, pageSize });
}

export function getStatement(id: string): Promise<StatementDetail> {
  return api.get<StatementDetail>(statementPath(id));
}

/** A statement line down to its resources and their usage intervals in the month. */
export function getStatementLine(id: string, lineNo: number): Promise<LineResources> {
  return api.get<LineResources>(`${statementPath(id)}/lines/${lineNo}`);
}
