import { Empty, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import type { usePagedList } from './use-paged-list.ts';

type PagedList<T> = Pick<ReturnType<typeof usePagedList<T, unknown>>, 'items' | 'loading' | 'pagination'>;

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> {
  /** The server-paged list behind the search form: its rows, loading state and pagination. */
  list: PagedList<T>;
  /** What an empty list says; a page with a richer empty state passes `locale` instead. */
  empty?: ReactNode;
}

/** A table over a server-paged list: the one place its rows, loading state and pagination are bound. */
export function PagedTable<T extends object>({ list, empty, locale, ...props }: PagedTableProps<T>) {
  return (
    <Table<T>
      {...props}
      dataSource={list.items}
      loading={list.loading}
      pagination={list.pagination}
      locale={empty === undefined ? locale : { ...locale, emptyText: <Empty description={empty} /> }}
    />
  );
}
