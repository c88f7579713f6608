import { api, type Page } from './client.ts';
import type { CreateFaultBody, CreateInspectionBody, FaultSeverity, FaultSla, FaultStatus, FaultTicket, InspectionReport } from './contract-types.ts';
import type { MissingInspections } from '@yunshu/shared/operations-api';

export interface InspectionFilters {
  platformId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only reports with anomalies. */
  anomalies?: boolean | undefined;
}

/** Daily inspection reports: the operator sees all, a provider its platforms' (SJ-19). */
export function listInspections(filters: InspectionFilters, page: number, pageSize: number): Promise<Page<InspectionReport>> {
  return api.get<Page<InspectionReport>>('/ops/inspections', { ...filters, page, pageSize });
}

export function getInspection(id: string): Promise<InspectionReport> {
  return api.get<InspectionReport>(`/ops/inspections/${encodeURIComponent(id)}`);
}

/** One report per platform and day, by the provider running the platform. */
export function fileInspection(body: CreateInspectionBody): Promise<InspectionReport> {
  return api.post<InspectionReport>('/ops/inspections', body);
}

export interface FaultFilters {
  status?: FaultStatus | undefined;
  severity?: FaultSeverity | undefined;
  platformId?: string | undefined;
  /** Only tickets past a deadline they have not met. */
  overdue?: boolean | undefined;
}

export function listFaults(filters: FaultFilters, page: number, pageSize: number): Promise<Page<FaultTicket>> {
  return api.get<Page<FaultTicket>>('/ops/faults', { ...filters, page, pageSize });
}

export function getFault(id: string): Promise<FaultTicket> {
  return api.get<FaultTicket>(`/ops/faults/${encodeURIComponent(id)}`);
}

/** The response and resolution deadlines follow the severity (QP-16, SJ-19). */
export function raiseFault(body: CreateFaultBody): Promise<FaultTicket> {
  return api.post<FaultTicket>('/ops/faults', body);
}

export function respondToFault(id: string, note: string): Promise<FaultTicket> {
  return api.post<FaultTicket>(`/ops/faults/${encodeURIComponent(id)}/respond`, { note });
}

export function resolveFault(id: string, resolution: string): Promise<FaultTicket> {
  return api.post<FaultTicket>(`/ops/faults/${encodeURIComponent(id)}/resolve`, { resolution });
}

export interface FaultSlaPeriod {
  /** First and last day raised; the server's default is the 30 days up to today. */
  from?: string | undefined;
  to?: string | undefined;
}

export function getFaultSla(period: FaultSlaPeriod): Promise<FaultSla> {
  return api.get<FaultSla>('/ops/fault-sla', { ...period });
}

export interface MissingInspectionFilters {
  from?: string | undefined;
  to?: string | undefined;
  platformId?: string | undefined;
}

/** Days a platform owed its daily report and none is filed (SJ-19): the operator's all, a provider's own. */
export function listMissingInspections(filters: MissingInspectionFilters = {}): Promise<MissingInspections> {
  return api.get<MissingInspections>('/ops/inspections/missing', { ...filters });
}
