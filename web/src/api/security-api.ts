import { api, type Page } from './client.ts';
import type {
  ActivityKind,
  Assessment,
  CommitmentLetter,
  CreateActivityBody,
  CreateAssessmentBody,
  CreateIncidentBody,
  CreateNoticeBody,
  CreateVulnerabilityBody,
  GoLiveCheckItem,
  GoLiveStatus,
  Incident,
  LetterVerification,
  MlpsStatus,
  ProjectDocument,
  RecordMlpsBody,
  RectificationItem,
  SecurityActivity,
  SessionInfo,
  SigningKey,
  SystemSecurity,
  UpdateIncidentBody,
  UpdateRectificationBody,
  Vulnerability,
  VulnerabilityStats,
} from './contract-types.ts';

export function listSessions(page: number, pageSize: number): Promise<Page<SessionInfo>> {
  return api.get<Page<SessionInfo>>('/security/sessions', { page, pageSize });
}

export function endSession(id: string): Promise<void> {
  return api.delete<void>(`/security/sessions/${encodeURIComponent(id)}`);
}

// --- the security record of information systems (QP-20..QP-24, SJ-17, SJ-18) -------------------------

const systemPath = (id: string) => `/systems/${encodeURIComponent(id)}`;

export interface MlpsStatusFilters {
  unitId?: string | undefined;
  /** Only systems whose re-assessment is overdue. */
  overdue?: boolean | undefined;
}

export function listMlpsStatus(filters: MlpsStatusFilters, page: number, pageSize: number): Promise<Page<MlpsStatus>> {
  return api.get<Page<MlpsStatus>>('/security/mlps-status', { ...filters, page, pageSize });
}

/** MLPS, the latest assessment, vulnerability rates and incident counts of one system. */
export function getSystemSecurity(systemId: string): Promise<SystemSecurity> {
  return api.get<SystemSecurity>(`${systemPath(systemId)}/security`);
}

/** Grading and filing; the filing number and date go together, from level 2 (QP-22, SJ-18). */
export function recordMlps(systemId: string, body: RecordMlpsBody): Promise<MlpsStatus> {
  return api.put<MlpsStatus>(`${systemPath(systemId)}/mlps`, body);
}

export function listAssessments(systemId: string): Promise<Assessment[]> {
  return api.get<Assessment[]>(`${systemPath(systemId)}/assessments`);
}

export function createAssessment(systemId: string, body: CreateAssessmentBody): Promise<Assessment> {
  return api.post<Assessment>(`${systemPath(systemId)}/assessments`, body);
}

export function updateRectification(id: string, body: UpdateRectificationBody): Promise<RectificationItem> {
  return api.patch<RectificationItem>(`/rectification-items/${encodeURIComponent(id)}`, body);
}

export function listVulnerabilities(systemId: string): Promise<Vulnerability[]> {
  return api.get<Vulnerability[]>(`${systemPath(systemId)}/vulnerabilities`);
}

/** The deadline follows the severity (the profile's days). */
export function createVulnerability(systemId: string, body: CreateVulnerabilityBody): Promise<Vulnerability> {
  return api.post<Vulnerability>(`${systemPath(systemId)}/vulnerabilities`, body);
}

export function fixVulnerability(id: string, fixedOn: string, note: string | undefined): Promise<Vulnerability> {
  return api.post<Vulnerability>(`/vulnerabilities/${encodeURIComponent(id)}/fix`, { fixedOn, ...(note ? { note } : {}) });
}

/** The operator's verification of a recorded fix (QP-21). */
export function verifyVulnerability(id: string, verifiedOn: string): Promise<Vulnerability> {
  return api.post<Vulnerability>(`/vulnerabilities/${encodeURIComponent(id)}/verify`, { verifiedOn });
}

export interface VulnerabilityStatsQuery {
  /** First and last day found, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  asOf?: string | undefined;
  unitId?: string | undefined;
}

/** Fix rate and on-time rate per unit and system (QP-24). */
export function getVulnerabilityStats(query: VulnerabilityStatsQuery): Promise<VulnerabilityStats> {
  return api.get<VulnerabilityStats>('/security/vulnerability-stats', { ...query });
}

export function listIncidents(systemId: string): Promise<Incident[]> {
  return api.get<Incident[]>(`${systemPath(systemId)}/incidents`);
}

export function recordIncident(systemId: string, body: CreateIncidentBody): Promise<Incident> {
  return api.post<Incident>(`${systemPath(systemId)}/incidents`, body);
}

/** A notice (通报) the operator issues to the unit about its system (QP-24). */
export function issueNotice(systemId: string, body: CreateNoticeBody): Promise<Incident> {
  return api.post<Incident>(`${systemPath(systemId)}/notices`, body);
}

/** Records the handling and, with `closedOn`, closes the incident or notice. */
export function updateIncident(id: string, body: UpdateIncidentBody): Promise<Incident> {
  return api.patch<Incident>(`/incidents/${encodeURIComponent(id)}`, body);
}

export interface ActivityFilters {
  unitId?: string | undefined;
  kind?: ActivityKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function listActivities(filters: ActivityFilters, page: number, pageSize: number): Promise<Page<SecurityActivity>> {
  return api.get<Page<SecurityActivity>>('/security/activities', { ...filters, page, pageSize });
}

export function recordActivity(body: CreateActivityBody): Promise<SecurityActivity> {
  return api.post<SecurityActivity>('/security/activities', body);
}

// --- the go-live gate (SJ-18, QP-22) ---------------------------------------------------------------------

export function getGoLiveStatus(systemId: string): Promise<GoLiveStatus> {
  return api.get<GoLiveStatus>(`${systemPath(systemId)}/go-live`);
}

export function recordGoLiveCheck(systemId: string, item: GoLiveCheckItem, note: string | undefined): Promise<GoLiveStatus> {
  return api.post<GoLiveStatus>(`${systemPath(systemId)}/go-live-checks`, { item, ...(note ? { note } : {}) });
}

export function uploadGoLiveEvidence(checkId: string, file: File): Promise<ProjectDocument> {
  return api.upload<ProjectDocument>(
    `/go-live-checks/${encodeURIComponent(checkId)}/documents`,
    // An unknown type goes as octet-stream; the server tells PDF, PNG and JPEG by their first bytes.
    { content: file, contentType: file.type || 'application/octet-stream' },
    { filename: file.name },
  );
}

/** Declares the system live; refused with what is missing until the checklist is complete. */
export function goLive(systemId: string): Promise<GoLiveStatus> {
  return api.post<GoLiveStatus>(`${systemPath(systemId)}/go-live`, {});
}

// --- the security commitment letter and SM2 keys (SJ-18) -----------------------------------------------

export function listSigningKeys(): Promise<SigningKey[]> {
  return api.get<SigningKey[]>('/security/signing-keys');
}

/** Registers the caller's SM2 public key; the previous one is revoked. */
export function registerSigningKey(publicKey: string): Promise<SigningKey> {
  return api.post<SigningKey>('/security/signing-keys', { publicKey });
}

export function getCommitmentLetter(systemId: string): Promise<CommitmentLetter | null> {
  return api.get<CommitmentLetter | null>(`${systemPath(systemId)}/commitment-letter`);
}

/** Generates (or, until signed, regenerates) the letter PDF from the template. */
export function generateCommitmentLetter(systemId: string): Promise<CommitmentLetter> {
  return api.post<CommitmentLetter>(`${systemPath(systemId)}/commitment-letter`);
}

export function uploadLetterScan(systemId: string, file: File): Promise<CommitmentLetter> {
  return api.upload<CommitmentLetter>(
    `${systemPath(systemId)}/commitment-letter/scan`,
    { content: file, contentType: file.type || 'application/octet-stream' },
    { filename: file.name },
  );
}

/** The SM2 signature (DER, hex) over the letter's SM3 digest; the server verifies it before keeping it. */
export function signCommitmentLetter(systemId: string, signature: string): Promise<CommitmentLetter> {
  return api.post<CommitmentLetter>(`${systemPath(systemId)}/commitment-letter/signature`, { signature });
}

export function verifyCommitmentLetter(systemId: string): Promise<LetterVerification> {
  return api.get<LetterVerification>(`${systemPath(systemId)}/commitment-letter/verify`);
}
