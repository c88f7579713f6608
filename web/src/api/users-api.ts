import type { User } from '@yunshu/shared/api';
import type { Role } from '@yunshu/shared/roles';
import { api, type Page } from './client.ts';
import type { CreatedUser, CreateUserBody, TemporaryPassword, UpdateUserBody } from './contract-types.ts';

export type UserStatus = User['status'];

export interface UserFilters {
  q?: string | undefined;
  unitId?: string | undefined;
  role?: Role | undefined;
  status?: UserStatus | undefined;
}

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

export function listUsers(filters: UserFilters, page: number, pageSize: number): Promise<Page<User>> {
  return api.get<Page<User>>('/users', { ...filters, page, pageSize });
}

export function getUser(id: string): Promise<User> {
  return api.get<User>(userPath(id));
}

export function createUser(body: CreateUserBody): Promise<CreatedUser> {
  return api.post<CreatedUser>('/users', body);
}

export function updateUser(id: string, body: UpdateUserBody): Promise<User> {
  return api.patch<User>(userPath(id), body);
}

export function setUserRoles(id: string, roles: Role[]): Promise<User> {
  return api.put<User>(`${userPath(id)}/roles`, { roles });
}

export function disableUser(id: string): Promise<unknown> {
  return api.post<unknown>(`${userPath(id)}/disable`);
}

export function enableUser(id: string): Promise<unknown> {
  return api.post<unknown>(`${userPath(id)}/enable`);
}

export function resetUserPassword(id: string): Promise<TemporaryPassword> {
  return api.post<TemporaryPassword>(`${userPath(id)}/reset-password`);
}

export function unlockUser(id: string): Promise<unknown> {
  return api.post<unknown>(`${userPath(id)}/unlock`);
}
