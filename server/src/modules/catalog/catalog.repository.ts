/** All SQL of the service catalog, price books, price versions and their change records. */
import type { CatalogItem, PriceBook, PriceVersion } from '@yunshu/shared/catalog-api';
import { SERVICE_MODEL_OF } from '@yunshu/shared/catalog-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { normalizeDecimal } from './excel-cells.ts';
import { statusAt, type VersionSpan } from './price-versions.ts';
import { containsPattern, fetchPage } from '../../platform/db/query-helpers.ts';

const like = containsPattern;

/** A price as people read it: "0.35", "35.00", "0.123456" — exact, at least two decimals. */
export function priceText(numeric: string): string {
  const shortest = normalizeDecimal(numeric);
  const [whole, fraction = ''] = shortest.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

// --- catalog items --------------------------------------------------------------------------------

function itemQuery(trx: Trx) {
  return trx
    .selectFrom('catalog_items as i')
    .selectAll('i')
    .select(
      sql<{ id: string; name: string; level: string; architecture: string }[]>`coalesce((
        SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'level', p.level, 'architecture', p.architecture) ORDER BY p.name)
        FROM catalog_item_platforms ip JOIN platforms p ON p.id = ip.platform_id WHERE ip.item_id = i.id), '[]'::json)`.as('platforms'),
    );
}
type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>;

function presentItem(row: ItemRow): CatalogItem {
  const category = row.category as CatalogItem['category'];
  return {
    id: row.id,
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    category,
    serviceModel: SERVICE_MODEL_OF[category],
    unitOfMeasure: row.unit_of_measure as CatalogItem['unitOfMeasure'],
    architectures: row.architectures as CatalogItem['architectures'],
    platforms: row.platforms as CatalogItem['platforms'],
    spec: row.spec,
    description: row.description,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findItem(trx: Trx, id: string): Promise<CatalogItem | null> {
  const row = await itemQuery(trx).where('i.id', '=', id).executeTakeFirst();
  return row ? presentItem(row) : null;
}

export async function findItemsByIds(trx: Trx, ids: readonly string[]): Promise<CatalogItem[]> {
  if (ids.length === 0) return [];
  return (await itemQuery(trx).where('i.id', 'in', [...ids]).execute()).map(presentItem);
}

export async function allItems(trx: Trx): Promise<CatalogItem[]> {
  return (await itemQuery(trx).orderBy('i.code').execute()).map(presentItem);
}

export interface ItemFilter {
  q?: string | undefined;
  category?: string | undefined;
  categories?: readonly string[] | undefined;
  architecture?: string | undefined;
  platformId?: string | undefined;
  enabled?: 'true' | 'false' | undefined;
}

export async function listItems(trx: Trx, filter: ItemFilter, page: number, pageSize: number) {
  let query = itemQuery(trx);
  if (filter.q) {
    const pattern = like(filter.q);
    query = query.where((eb) => eb.or([eb('i.code', 'ilike', pattern), eb('i.name_zh', 'ilike', pattern), eb('i.name_en', 'ilike', pattern)]));
  }
  if (filter.category) query = query.where('i.category', '=', filter.category);
  if (filter.categories) query = query.where('i.category', 'in', [...filter.categories]);
  if (filter.architecture) query = query.where(sql<boolean>`${filter.architecture} = ANY(i.architectures)`);
  if (filter.platformId) {
    const platformId = filter.platformId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('catalog_item_platforms as ip').select('ip.item_id').whereRef('ip.item_id', '=', 'i.id').where('ip.platform_id', '=', platformId)),
    );
  }
  if (filter.enabled) query = query.where('i.enabled', '=', filter.enabled === 'true');
  return fetchPage(trx, query, query.orderBy('i.code'), page, pageSize, presentItem);
}

export async function itemCodeTaken(trx: Trx, code: string): Promise<boolean> {
  return (await trx.selectFrom('catalog_items').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
}

export interface ItemValues {
  nameZh: string;
  nameEn: string;
  category: string;
  unitOfMeasure: string;
  architectures: readonly string[];
  spec: Record<string, unknown>;
  description: string | null;
  enabled: boolean;
}

export async function insertItem(trx: Trx, code: string, values: ItemValues): Promise<string> {
  const row = await trx
    .insertInto('catalog_items')
    .values({
      code,
      name_zh: values.nameZh,
      name_en: values.nameEn,
      category: values.category,
      unit_of_measure: values.unitOfMeasure,
      architectures: [...values.architectures],
      spec: JSON.stringify(values.spec),
      description: values.description,
      enabled: values.enabled,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateItemRow(trx: Trx, id: string, values: ItemValues): Promise<void> {
  await trx
    .updateTable('catalog_items')
    .set({
      name_zh: values.nameZh,
      name_en: values.nameEn,
      category: values.category,
      unit_of_measure: values.unitOfMeasure,
      architectures: [...values.architectures],
      spec: JSON.stringify(values.spec),
      description: values.description,
      enabled: values.enabled,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function setItemPlatforms(trx: Trx, itemId: string, platformIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('catalog_item_platforms').where('item_id', '=', itemId).execute();
  if (platformIds.length > 0) {
    await trx.insertInto('catalog_item_platforms').values(platformIds.map((platformId) => ({ item_id: itemId, platform_id: platformId }))).execute();
  }
}

export async function deleteItemRow(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('catalog_items').where('id', '=', id).execute();
}

export async function platformArchitectures(trx: Trx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return trx.selectFrom('platforms').select(['id', 'name', 'architecture']).where('id', 'in', [...ids]).execute();
}

export async function itemHasPrices(trx: Trx, itemId: string): Promise<boolean> {
  return (await trx.selectFrom('price_versions').select('id').where('item_id', '=', itemId).limit(1).executeTakeFirst()) !== undefined;
}

export async function platformOffersItem(trx: Trx, platformId: string, itemIds: readonly string[]): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('catalog_item_platforms')
    .select('item_id')
    .where('platform_id', '=', platformId)
    .where('item_id', 'in', [...itemIds])
    .execute();
  return new Set(rows.map((r) => r.item_id));
}

// --- price books ----------------------------------------------------------------------------------

function bookQuery(trx: Trx) {
  return trx
    .selectFrom('price_books as b')
    .selectAll('b')
    .select(sql<string | null>`yunshu_provider_name(b.provider_unit_id)`.as('provider_name'))
    .select(sql<string>`(SELECT count(*) FROM price_versions v WHERE v.book_id = b.id AND v.withdrawn_at IS NULL)`.as('version_count'));
}
type BookRow = Awaited<ReturnType<ReturnType<typeof bookQuery>['executeTakeFirstOrThrow']>>;

function presentBook(row: BookRow): PriceBook {
  return {
    id: row.id,
    kind: row.kind as PriceBook['kind'],
    name: row.name,
    provider: row.provider_unit_id ? { id: row.provider_unit_id, name: row.provider_name } : null,
    tenderReference: row.tender_reference,
    description: row.description,
    versionCount: Number(row.version_count),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findBook(trx: Trx, id: string): Promise<PriceBook | null> {
  const row = await bookQuery(trx).where('b.id', '=', id).executeTakeFirst();
  return row ? presentBook(row) : null;
}

/** The district price list, or a city provider's tender price list (SJ-10). */
export async function findBookOf(trx: Trx, kind: 'district' | 'city_tender', providerUnitId: string | null): Promise<PriceBook | null> {
  let query = bookQuery(trx).where('b.kind', '=', kind);
  if (kind === 'city_tender') query = query.where('b.provider_unit_id', '=', providerUnitId);
  const row = await query.executeTakeFirst();
  return row ? presentBook(row) : null;
}

export async function listBooks(trx: Trx, filter: { kind?: string | undefined; providerUnitId?: string | undefined; ids?: string[] | undefined }, page: number, pageSize: number) {
  let query = bookQuery(trx);
  if (filter.kind) query = query.where('b.kind', '=', filter.kind);
  if (filter.providerUnitId) query = query.where('b.provider_unit_id', '=', filter.providerUnitId);
  if (filter.ids) query = filter.ids.length ? query.where('b.id', 'in', filter.ids) : query.where(sql<boolean>`false`);
  return fetchPage(trx, query, query.orderBy('b.kind', 'desc').orderBy('b.name'), page, pageSize, presentBook);
}

export async function bookNameTaken(trx: Trx, name: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('price_books').select('id').where('name', '=', name);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertBook(
  trx: Trx,
  values: { kind: string; name: string; providerUnitId: string | null; tenderReference: string | null; description: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('price_books')
    .values({ kind: values.kind, name: values.name, provider_unit_id: values.providerUnitId, tender_reference: values.tenderReference, description: values.description })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateBookRow(trx: Trx, id: string, values: { name: string; tenderReference: string | null; description: string | null }): Promise<void> {
  await trx
    .updateTable('price_books')
    .set({ name: values.name, tender_reference: values.tenderReference, description: values.description, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

// --- price versions -------------------------------------------------------------------------------

/**
 * Serialises every change to the versions of one (book, item) — the same lock the database trigger
 * takes — so a check made after it sees what concurrent transactions committed.
 */
export async function lockPricePair(trx: Trx, bookId: string, itemId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${bookId}::text), hashtext(${itemId}::text))`.execute(trx);
}

export interface VersionRow {
  id: string;
  bookId: string;
  itemId: string;
  unitPrice: string;
  from: Date;
  to: Date | null;
  reason: string;
  withdrawn: boolean;
}

function versionRowQuery(trx: Trx) {
  return trx
    .selectFrom('price_versions')
    .select(['id', 'book_id', 'item_id', 'unit_price', 'effective_from', 'effective_to', 'reason', 'withdrawn_at']);
}

function toVersionRow(row: {
  id: string;
  book_id: string;
  item_id: string;
  unit_price: string;
  effective_from: Date;
  effective_to: Date | null;
  reason: string;
  withdrawn_at: Date | null;
}): VersionRow {
  return {
    id: row.id,
    bookId: row.book_id,
    itemId: row.item_id,
    unitPrice: row.unit_price,
    from: row.effective_from,
    to: row.effective_to,
    reason: row.reason,
    withdrawn: row.withdrawn_at !== null,
  };
}

export async function findVersionRow(trx: Trx, id: string): Promise<VersionRow | null> {
  const row = await versionRowQuery(trx).where('id', '=', id).executeTakeFirst();
  return row ? toVersionRow(row) : null;
}

/** The versions of one book and item that are not withdrawn, in order. */
export async function activeSpans(trx: Trx, bookId: string, itemId: string): Promise<VersionSpan[]> {
  const rows = await trx
    .selectFrom('price_versions')
    .select(['id', 'effective_from', 'effective_to'])
    .where('book_id', '=', bookId)
    .where('item_id', '=', itemId)
    .where('withdrawn_at', 'is', null)
    .orderBy('effective_from')
    .execute();
  return rows.map((r) => ({ id: r.id, from: r.effective_from, to: r.effective_to }));
}

/** The version in force at `instant`: effective_from ≤ instant < effective_to. */
export async function versionRowAt(trx: Trx, bookId: string, itemId: string, instant: Date): Promise<VersionRow | null> {
  const row = await versionRowQuery(trx)
    .where('book_id', '=', bookId)
    .where('item_id', '=', itemId)
    .where('withdrawn_at', 'is', null)
    .where('effective_from', '<=', instant)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', instant)]))
    .executeTakeFirst();
  return row ? toVersionRow(row) : null;
}

export async function insertVersion(
  trx: Trx,
  values: { bookId: string; itemId: string; unitPrice: string; from: Date; to: Date | null; reason: string; createdBy: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('price_versions')
    .values({
      book_id: values.bookId,
      item_id: values.itemId,
      unit_price: values.unitPrice,
      effective_from: values.from,
      effective_to: values.to,
      reason: values.reason,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateVersionRow(trx: Trx, id: string, values: { unitPrice?: string; from?: Date; to?: Date | null }): Promise<void> {
  await trx
    .updateTable('price_versions')
    .set({
      ...(values.unitPrice !== undefined ? { unit_price: values.unitPrice } : {}),
      ...(values.from !== undefined ? { effective_from: values.from } : {}),
      ...(values.to !== undefined ? { effective_to: values.to } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function withdrawVersionRow(trx: Trx, id: string, reason: string, userId: string | null): Promise<void> {
  await trx.updateTable('price_versions').set({ withdrawn_at: new Date(), withdrawn_by: userId, withdraw_reason: reason }).where('id', '=', id).execute();
}

function versionQuery(trx: Trx) {
  return trx
    .selectFrom('price_versions as v')
    .innerJoin('catalog_items as i', 'i.id', 'v.item_id')
    .select([
      'v.id',
      'v.book_id',
      'v.unit_price',
      'v.effective_from',
      'v.effective_to',
      'v.reason',
      'v.created_at',
      'v.created_by',
      'v.withdrawn_at',
      'v.withdraw_reason',
      'i.id as item_id',
      'i.code as item_code',
      'i.name_zh as item_name_zh',
      'i.name_en as item_name_en',
      'i.unit_of_measure as item_unit',
    ])
    // The name as recorded with the change (user accounts of other units are not visible to everyone).
    .select(sql<string | null>`(SELECT c.actor_name FROM price_changes c WHERE c.price_id = v.id AND c.change = 'added' ORDER BY c.id LIMIT 1)`.as('created_by_name'));
}
type VersionViewRow = Awaited<ReturnType<ReturnType<typeof versionQuery>['executeTakeFirstOrThrow']>>;

function presentVersion(row: VersionViewRow, now: Date): PriceVersion {
  return {
    id: row.id,
    bookId: row.book_id,
    item: { id: row.item_id, code: row.item_code, nameZh: row.item_name_zh, nameEn: row.item_name_en, unitOfMeasure: row.item_unit as PriceVersion['item']['unitOfMeasure'] },
    unitPrice: priceText(row.unit_price),
    effectiveFrom: row.effective_from.toISOString(),
    effectiveTo: row.effective_to?.toISOString() ?? null,
    status: statusAt({ from: row.effective_from, to: row.effective_to, withdrawn: row.withdrawn_at !== null }, now),
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_name ? { id: row.created_by, name: row.created_by_name } : null,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawReason: row.withdraw_reason,
  };
}

export async function findVersion(trx: Trx, id: string, now = new Date()): Promise<PriceVersion | null> {
  const row = await versionQuery(trx).where('v.id', '=', id).executeTakeFirst();
  return row ? presentVersion(row, now) : null;
}

export interface VersionFilter {
  itemId?: string | undefined;
  itemIds?: readonly string[] | undefined;
  q?: string | undefined;
  at?: Date | undefined;
  includeWithdrawn?: boolean | undefined;
}

function filteredVersions(trx: Trx, bookId: string, filter: VersionFilter) {
  let query = versionQuery(trx).where('v.book_id', '=', bookId);
  if (!filter.includeWithdrawn) query = query.where('v.withdrawn_at', 'is', null);
  if (filter.itemId) query = query.where('v.item_id', '=', filter.itemId);
  if (filter.itemIds) query = filter.itemIds.length ? query.where('v.item_id', 'in', [...filter.itemIds]) : query.where(sql<boolean>`false`);
  if (filter.q) {
    const pattern = like(filter.q);
    query = query.where((eb) => eb.or([eb('i.code', 'ilike', pattern), eb('i.name_zh', 'ilike', pattern), eb('i.name_en', 'ilike', pattern)]));
  }
  if (filter.at) {
    const at = filter.at;
    query = query.where('v.effective_from', '<=', at).where((eb) => eb.or([eb('v.effective_to', 'is', null), eb('v.effective_to', '>', at)]));
  }
  return query;
}

export async function listVersions(trx: Trx, bookId: string, filter: VersionFilter, page: number, pageSize: number, now = new Date()) {
  const query = filteredVersions(trx, bookId, filter);
  return fetchPage(trx, query, query.orderBy('i.code').orderBy('v.effective_from'), page, pageSize, (row) => presentVersion(row, now));
}

export async function allVersions(trx: Trx, bookId: string, filter: VersionFilter = {}, now = new Date()): Promise<PriceVersion[]> {
  const rows = await filteredVersions(trx, bookId, filter).orderBy('i.code').orderBy('v.effective_from').execute();
  return rows.map((row) => presentVersion(row, now));
}

// --- change records -------------------------------------------------------------------------------

export interface ChangeValues {
  priceId: string;
  bookId: string;
  itemId: string;
  change: 'added' | 'closed' | 'corrected' | 'withdrawn' | 'reopened';
  causedByPriceId?: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  reason: string;
  source: 'manual' | 'import' | 'seed';
  importSm3?: string | null;
  actorId: string | null;
  actorName: string;
}

export async function insertChange(trx: Trx, values: ChangeValues): Promise<void> {
  await trx
    .insertInto('price_changes')
    .values({
      price_id: values.priceId,
      book_id: values.bookId,
      item_id: values.itemId,
      change: values.change,
      caused_by_price_id: values.causedByPriceId ?? null,
      before: values.before === null ? null : JSON.stringify(values.before),
      after: JSON.stringify(values.after),
      reason: values.reason,
      source: values.source,
      import_sm3: values.importSm3 ?? null,
      actor_id: values.actorId,
      actor_name: values.actorName,
    })
    .execute();
}

/** The version that `priceId` closed when it was placed, if that closing still stands. */
export async function predecessorClosedBy(trx: Trx, priceId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('price_changes')
    .select('price_id')
    .where('change', '=', 'closed')
    .where('caused_by_price_id', '=', priceId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.price_id ?? null;
}

export async function listChanges(trx: Trx, bookId: string, itemId: string | undefined, page: number, pageSize: number) {
  let query = trx
    .selectFrom('price_changes as c')
    .innerJoin('catalog_items as i', 'i.id', 'c.item_id')
    .where('c.book_id', '=', bookId);
  if (itemId) query = query.where('c.item_id', '=', itemId);
  const total = await query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'c.id',
      'c.price_id',
      'c.change',
      'c.caused_by_price_id',
      'c.before',
      'c.after',
      'c.reason',
      'c.source',
      'c.import_sm3',
      'c.actor_id',
      'c.actor_name',
      'c.at',
      'i.id as item_id',
      'i.code as item_code',
      'i.name_zh as item_name_zh',
      'i.name_en as item_name_en',
      'i.unit_of_measure as item_unit',
    ])
    .orderBy('c.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      priceId: row.price_id,
      item: { id: row.item_id, code: row.item_code, nameZh: row.item_name_zh, nameEn: row.item_name_en, unitOfMeasure: row.item_unit as PriceVersion['item']['unitOfMeasure'] },
      change: row.change as 'added',
      causedByPriceId: row.caused_by_price_id,
      before: row.before,
      after: row.after,
      reason: row.reason,
      source: row.source as 'manual',
      importSm3: row.import_sm3,
      actor: { id: row.actor_id, name: row.actor_name },
      at: row.at.toISOString(),
    })),
    total: Number(total.count),
    page,
    pageSize,
  };
}
