import type { PolicyView } from '@yunshu/shared/api';
import { api } from './client.ts';

export function fetchPolicy(): Promise<PolicyView> {
  return api.get<PolicyView>('/policy');
}

let policyOnce: Promise<PolicyView> | undefined;

/** The policy profile, fetched once per page load: it changes only when the server restarts with another. */
export function fetchPolicyOnce(): Promise<PolicyView> {
  policyOnce ??= fetchPolicy().catch((error: unknown) => {
    policyOnce = undefined;
    throw error;
  });
  return policyOnce;
}
