import { fetchPolicy } from '../api/policy-api.ts';
import { useAsync } from './use-async.ts';

/** The contract's own bound (SystemListQuerySchema) while the policy profile is loading. */
const CONTRACT_MAX_LEVEL = 3;

export interface HostableLevel {
  maxLevel: number;
  /** The article behind the ceiling, e.g. `QP-5, QP-7`; null where the district fixed it itself. */
  article: string | null;
}

/**
 * The highest MLPS level the district's cloud hosts and the article that says so, from the policy
 * profile (`security.mlpsMaxLevel`, QP-5/QP-7 or SJ-2): the level choices and their hint follow it.
 */
export function useHostableLevel(): HostableLevel {
  const { data: policy } = useAsync(fetchPolicy);
  const parameter = policy?.parameters.find((p) => p.key === 'security.mlpsMaxLevel');
  const maxLevel = typeof parameter?.value === 'number' ? parameter.value : CONTRACT_MAX_LEVEL;
  return { maxLevel, article: parameter?.article ?? null };
}
