import { useCallback } from 'react';
import { MAX_PAGE_SIZE } from '../api/client.ts';
import type { Platform } from '../api/contract-types.ts';
import { listPlatforms } from '../api/platforms-api.ts';
import { useAsync } from './use-async.ts';

const NO_PLATFORMS: readonly Platform[] = [];

/** The cloud platforms to choose from (one page of the largest size: every platform of the district). */
export function usePlatforms() {
  const load = useCallback(() => listPlatforms({}, 1, MAX_PAGE_SIZE), []);
  const { data, loading, error } = useAsync(load);
  const platforms = data?.items ?? NO_PLATFORMS;
  return { platforms, loading, error };
}
