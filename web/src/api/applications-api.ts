import { api, type Page } from './client.ts';
import type { ApplicationDocumentCategory } from './contract-enums.ts';
import type {
  ApplicationDetail,
  ApplicationKind,
  ApplicationStatus,
  ApplicationSummary,
  ApproveBody,
  ProjectDocument,
  ReturnBody,
  SubmitApplicationBody,
} from './contract-types.ts';

export interface ApplicationFilters {
  /** `true`: only those I submitted (a unit's staff otherwise see the whole unit's). */
  mine?: 'true' | undefined;
  status?: ApplicationStatus | undefined;
  kind?: ApplicationKind | undefined;
  systemId?: string | undefined;
  q?: string | undefined;
}

const applicationPath = (id: string) => `/applications/${encodeURIComponent(id)}`;

export function listApplications(filters: ApplicationFilters, page: number, pageSize: number): Promise<Page<ApplicationSummary>> {
  return api.get<Page<ApplicationSummary>>('/applications', { ...filters, page, pageSize });
}

/** 待办: applications whose current step belongs to one of my roles, the soonest deadline first. */
export function listPendingApplications(page: number, pageSize: number): Promise<Page<ApplicationSummary>> {
  return api.get<Page<ApplicationSummary>>('/applications/pending', { page, pageSize });
}

export function getApplication(id: string): Promise<ApplicationDetail> {
  return api.get<ApplicationDetail>(applicationPath(id));
}

export function submitApplication(body: SubmitApplicationBody): Promise<ApplicationDetail> {
  return api.post<ApplicationDetail>('/applications', body);
}

export function approveApplication(id: string, body: ApproveBody): Promise<ApplicationDetail> {
  return api.post<ApplicationDetail>(`${applicationPath(id)}/approve`, body);
}

export function rejectApplication(id: string, reason: string): Promise<ApplicationDetail> {
  return api.post<ApplicationDetail>(`${applicationPath(id)}/reject`, { reason });
}

export function returnApplication(id: string, body: ReturnBody): Promise<ApplicationDetail> {
  return api.post<ApplicationDetail>(`${applicationPath(id)}/return`, body);
}

export function withdrawApplication(id: string, reason?: string): Promise<ApplicationDetail> {
  return api.post<ApplicationDetail>(`${applicationPath(id)}/withdraw`, reason ? { reason } : {});
}

export function resubmitApplication(id: string, comment?: string): Promise<ApplicationDetail> {
  return api.post<ApplicationDetail>(`${applicationPath(id)}/resubmit`, comment ? { comment } : {});
}

/** Attaches a PDF, PNG or JPEG to an application in review or returned (e.g. the SJ-12 test report). */
export function uploadApplicationDocument(id: string, file: File, category: ApplicationDocumentCategory): Promise<ProjectDocument> {
  return api.upload<ProjectDocument>(
    `${applicationPath(id)}/documents`,
    // An unknown type goes as octet-stream; the server tells PDF, PNG and JPEG by their first bytes.
    { content: file, contentType: file.type || 'application/octet-stream' },
    { filename: file.name, category },
  );
}
