import { api, type Page } from './client.ts';
import type { SessionInfo } from './contract-types.ts';

export function listSessions(page: number, pageSize: number): Promise<Page<SessionInfo>> {
  return api.get<Page<SessionInfo>>('/security/sessions', { page, pageSize });
}

export function endSession(id: string): Promise<void> {
  return api.delete<void>(`/security/sessions/${encodeURIComponent(id)}`);
}
