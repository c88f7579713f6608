import type { TablePaginationConfig } from 'antd';
import { useCallback, useState } from 'react';
import type { Page } from '../api/client.ts';
import { useT } from '../i18n/i18n-provider.tsx';
import { useAsync } from './use-async.ts';

export type FetchPage<T, F> = (filters: F, page: number, pageSize: number) => Promise<Page<T>>;

const DEFAULT_PAGE_SIZE = 20;

/** A server-paged list behind a search form: filters, page and page size, and the Table pagination for them. */
export function usePagedList<T, F>(fetchPage: FetchPage<T, F>, initialFilters: F) {
  const t = useT();
  const [filters, setFilters] = useState<F>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);

  const load = useCallback(() => fetchPage(filters, page, pageSize), [fetchPage, filters, page, pageSize]);
  const { data, error, loading, reload, refresh } = useAsync(load);

  const search = useCallback((next: F) => {
    setFilters(next);
    setPage(1);
  }, []);

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => t('common.total', { total }),
    onChange: (nextPage, nextSize) => {
      if (nextSize !== pageSize) {
        setPageSize(nextSize);
        setPage(1);
      } else {
        setPage(nextPage);
      }
    },
  };

  return { items: data?.items ?? [], total: data?.total ?? 0, filters, loading, error, reload, refresh, search, pagination };
}
