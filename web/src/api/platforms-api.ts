import { api, type Page } from './client.ts';
import type {
  Architecture,
  ConnectionTest,
  CreatePlatformBody,
  Platform,
  PlatformLevel,
  ProvisioningMode,
  SetCredentialsBody,
  UpdatePlatformBody,
} from './contract-types.ts';

export interface PlatformFilters {
  q?: string | undefined;
  level?: PlatformLevel | undefined;
  architecture?: Architecture | undefined;
  provisioningMode?: ProvisioningMode | undefined;
  status?: 'active' | 'disabled' | undefined;
}

const platformPath = (id: string) => `/platforms/${encodeURIComponent(id)}`;

export function listPlatforms(filters: PlatformFilters, page: number, pageSize: number): Promise<Page<Platform>> {
  return api.get<Page<Platform>>('/platforms', { ...filters, page, pageSize });
}

export function createPlatform(body: CreatePlatformBody): Promise<Platform> {
  return api.post<Platform>('/platforms', body);
}

export function updatePlatform(id: string, body: UpdatePlatformBody): Promise<Platform> {
  return api.patch<Platform>(platformPath(id), body);
}

/** Sealed by the server and never returned; the answer only says that credentials are set, and when. */
export function setPlatformCredentials(id: string, body: SetCredentialsBody): Promise<Platform> {
  return api.put<Platform>(`${platformPath(id)}/credentials`, body);
}

export function testPlatformConnection(id: string): Promise<ConnectionTest> {
  return api.post<ConnectionTest>(`${platformPath(id)}/test-connection`);
}

export function disablePlatform(id: string): Promise<Platform> {
  return api.post<Platform>(`${platformPath(id)}/disable`);
}

export function enablePlatform(id: string): Promise<Platform> {
  return api.post<Platform>(`${platformPath(id)}/enable`);
}
