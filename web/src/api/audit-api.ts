import type { AuditRecord } from '@yunshu/shared/api';
import { api, apiUrl, type Page } from './client.ts';
import type { AuditVerification } from './contract-types.ts';

export interface AuditFilters {
  /** ISO 8601 with offset, e.g. `2026-03-01T00:00:00.000+08:00` */
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  result?: AuditRecord['result'] | undefined;
  q?: string | undefined;
}

export function listAudit(filters: AuditFilters, page: number, pageSize: number): Promise<Page<AuditRecord>> {
  return api.get<Page<AuditRecord>>('/audit', { ...filters, page, pageSize });
}

/** The .xlsx download of the records matching the filters; the browser fetches it with the session cookie. */
export function auditExportUrl(filters: AuditFilters): string {
  return apiUrl('/audit/export', { ...filters });
}

export function verifyAuditChain(): Promise<AuditVerification> {
  return api.get<AuditVerification>('/audit/verify');
}
