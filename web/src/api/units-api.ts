import type { Unit, User } from '@yunshu/shared/api';
import type { UnitType } from '@yunshu/shared/roles';
import { api, type Page } from './client.ts';
import type { CreateUnitBody, UpdateUnitBody } from './contract-types.ts';

export interface UnitFilters {
  q?: string | undefined;
  type?: UnitType | undefined;
}

export function listUnits(filters: UnitFilters, page: number, pageSize: number): Promise<Page<Unit>> {
  return api.get<Page<Unit>>('/units', { ...filters, page, pageSize });
}

export function getUnit(id: string): Promise<Unit> {
  return api.get<Unit>(`/units/${encodeURIComponent(id)}`);
}

export function createUnit(body: CreateUnitBody): Promise<Unit> {
  return api.post<Unit>('/units', body);
}

export function updateUnit(id: string, body: UpdateUnitBody): Promise<Unit> {
  return api.patch<Unit>(`/units/${encodeURIComponent(id)}`, body);
}

export function listUnitUsers(id: string, page: number, pageSize: number): Promise<Page<User>> {
  return api.get<Page<User>>(`/units/${encodeURIComponent(id)}/users`, { page, pageSize });
}
