/** Small pieces every repository needs: search patterns and one page of a query with its total. */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Trx } from './database.ts';

/**
 * A unit's name or type where the caller may not read the unit's row (RLS): a provider reading the
 * resources and statement lines of its customers, a unit reading its provider's name. Through the
 * `yunshu_unit_label` function, which reveals nothing else.
 */
export function unitLabel<T extends string | null = string>(column: string, part: 'name' | 'type') {
  return sql<T>`(SELECT ${sql.raw(part)} FROM yunshu_unit_label(${sql.ref(column)}))`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** `%text%` for LIKE/ILIKE, with the pattern characters of `text` taken literally. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** `text%` for LIKE/ILIKE, with the pattern characters of `text` taken literally. */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The rows of page `page` of `query` in the order `ordered` gives, and how many rows `query` has in all. */
export async function fetchPage<DB, TB extends keyof DB, Row, T>(
  trx: Trx,
  query: SelectQueryBuilder<DB, TB, Row>,
  ordered: SelectQueryBuilder<DB, TB, Row>,
  page: number,
  pageSize: number,
  present: (row: Row) => T,
): Promise<Page<T>> {
  // The count runs over the filtered query as a subquery, so joins and filters count exactly as listed.
  const total = await (trx as unknown as Trx)
    .selectFrom((query as unknown as SelectQueryBuilder<any, any, any>).as('filtered'))
    .select(sql<string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  const rows = await ordered.limit(pageSize).offset((page - 1) * pageSize).execute();
  return { items: rows.map(present), total: Number(total.count), page, pageSize };
}
