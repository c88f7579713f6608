import { useCallback } from 'react';
import { listCatalogItems } from '../api/catalog-api.ts';
import { MAX_PAGE_SIZE } from '../api/client.ts';
import type { CatalogItem } from '../api/contract-types.ts';
import { useAsync } from './use-async.ts';

const NO_ITEMS: readonly CatalogItem[] = [];

/** The enabled catalog items to choose from (one page of the largest size: the whole district catalog). */
export function useCatalogItems() {
  const load = useCallback(() => listCatalogItems({ enabled: 'true' }, 1, MAX_PAGE_SIZE), []);
  const { data, loading, error } = useAsync(load);
  const items = data?.items ?? NO_ITEMS;
  return { items, loading, error };
}
