import { api, apiUrl, type Page } from './client.ts';
import type {
  ConstructionType,
  CreateProjectBody,
  CreateSystemBody,
  InformationSystem,
  Project,
  ProjectDocument,
  QuotaUsage,
  UpdateProjectBody,
  UpdateSystemBody,
} from './contract-types.ts';

export interface SystemFilters {
  q?: string | undefined;
  unitId?: string | undefined;
  mlpsLevel?: number | undefined;
  constructionType?: ConstructionType | undefined;
}

const systemPath = (id: string) => `/systems/${encodeURIComponent(id)}`;

export function listSystems(filters: SystemFilters, page: number, pageSize: number): Promise<Page<InformationSystem>> {
  return api.get<Page<InformationSystem>>('/systems', { ...filters, page, pageSize });
}

export function getSystem(id: string): Promise<InformationSystem> {
  return api.get<InformationSystem>(systemPath(id));
}

export function createSystem(body: CreateSystemBody): Promise<InformationSystem> {
  return api.post<InformationSystem>('/systems', body);
}

/** Edits a system (not its unit); the server re-checks the MLPS ceiling and refuses classified systems. */
export function updateSystem(id: string, body: UpdateSystemBody): Promise<InformationSystem> {
  return api.patch<InformationSystem>(systemPath(id), body);
}

export function listProjects(systemId: string): Promise<Project[]> {
  return api.get<Project[]>(`${systemPath(systemId)}/projects`);
}

export function createProject(systemId: string, body: CreateProjectBody): Promise<Project> {
  return api.post<Project>(`${systemPath(systemId)}/projects`, body);
}

/** Edits a project approval; `quotas`, when given, replaces its quota lines as a whole. */
export function updateProject(projectId: string, body: UpdateProjectBody): Promise<Project> {
  return api.patch<Project>(`/projects/${encodeURIComponent(projectId)}`, body);
}

export function getQuotaUsage(systemId: string): Promise<QuotaUsage> {
  return api.get<QuotaUsage>(`${systemPath(systemId)}/quota-usage`);
}

/** Attaches a PDF, PNG or JPEG to a project approval; the server checks the type by the file's content. */
export function uploadProjectDocument(projectId: string, file: File): Promise<ProjectDocument> {
  return api.upload<ProjectDocument>(
    `/projects/${encodeURIComponent(projectId)}/documents`,
    // An unknown type goes as octet-stream; the server tells PDF, PNG and JPEG by their first bytes.
    { content: file, contentType: file.type || 'application/octet-stream' },
    { filename: file.name },
  );
}

export function deleteDocument(id: string): Promise<void> {
  return api.delete<void>(`/documents/${encodeURIComponent(id)}`);
}

/** The download of a document; the browser fetches it with the session cookie. */
export function documentUrl(id: string): string {
  return apiUrl(`/documents/${encodeURIComponent(id)}`);
}
