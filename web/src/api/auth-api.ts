import type { Me } from '@yunshu/shared/api';
import { api } from './client.ts';

export function login(username: string, password: string): Promise<Me> {
  return api.post<Me>('/auth/login', { username, password });
}

export function logout(): Promise<void> {
  return api.post<void>('/auth/logout');
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.post<void>('/auth/password', { currentPassword, newPassword });
}

export function fetchMe(): Promise<Me> {
  return api.get<Me>('/me');
}
