import type { PolicyView } from '@yunshu/shared/api';
import { api } from './client.ts';

export function fetchPolicy(): Promise<PolicyView> {
  return api.get<PolicyView>('/policy');
}
