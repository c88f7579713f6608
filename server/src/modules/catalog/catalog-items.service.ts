/** The service catalog (服务目录, SJ-2): IaaS, PaaS, security and SaaS items (SJ-7) and the platforms offering them. */
import type { Architecture, CatalogCategory, CatalogItem, CreateCatalogItemBodySchema, UnitOfMeasure, UpdateCatalogItemBodySchema } from '@yunshu/shared/catalog-api';
import type { z } from 'zod';
import type { Trx } from '../../platform/db/database.ts';
import { errors, type FieldError } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { offeringProblems, specProblems, unitProblems } from './catalog-rules.ts';
import {
  deleteItemRow,
  findItem,
  type ItemValues,
  insertItem,
  itemCodeTaken,
  itemHasPrices,
  platformArchitectures,
  setItemPlatforms,
  updateItemRow,
} from './catalog.repository.ts';

const ITEM = { zh: '服务项目', en: 'Catalog item' };

export async function requireItem(trx: Trx, id: string): Promise<CatalogItem> {
  const item = await findItem(trx, id);
  if (!item) throw errors.notFound(ITEM);
  return item;
}

async function checkItem(trx: Trx, values: ItemValues, platformIds: readonly string[]): Promise<void> {
  const found: FieldError[] = [
    ...unitProblems(values.category as CatalogCategory, values.unitOfMeasure as UnitOfMeasure),
    ...specProblems(values.category as CatalogCategory, values.spec),
  ];
  const unique = [...new Set(platformIds)];
  if (unique.length !== platformIds.length) found.push({ path: 'platformIds', message: 'platformIds：同一云平台只能列一次', messageEn: 'platformIds: each platform once' });
  const platforms = await platformArchitectures(trx, unique);
  platformIds.forEach((id, index) => {
    if (!platforms.some((p) => p.id === id)) found.push({ path: `platformIds.${index}`, message: `platformIds.${index}：云平台不存在`, messageEn: `platformIds.${index}: no such cloud platform` });
  });
  found.push(
    ...offeringProblems(
      values.architectures as Architecture[],
      platforms.map((p) => ({ id: p.id, name: p.name, architecture: p.architecture as Architecture })),
      platformIds,
    ),
  );
  if (found.length > 0) throw errors.validation(found);
}

export async function createItem(trx: Trx, input: z.infer<typeof CreateCatalogItemBodySchema>, audit: AuditTarget): Promise<CatalogItem> {
  if (await itemCodeTaken(trx, input.code)) throw errors.field('code', `服务编码“${input.code}”已存在`, 'An item with this code already exists');
  const values: ItemValues = {
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    category: input.category,
    unitOfMeasure: input.unitOfMeasure,
    architectures: [...new Set(input.architectures)],
    spec: input.spec,
    description: input.description ?? null,
    enabled: input.enabled,
  };
  await checkItem(trx, values, input.platformIds);
  const id = await insertItem(trx, input.code, values);
  await setItemPlatforms(trx, id, input.platformIds);
  Object.assign(audit, { objectType: 'catalog_item', objectId: id, detail: { code: input.code, category: input.category, unitOfMeasure: input.unitOfMeasure, platformIds: input.platformIds } });
  return requireItem(trx, id);
}

/** Edits an item. Once it has prices, what a price is a price *of* (category, unit) stays fixed. */
export async function updateItem(trx: Trx, id: string, input: z.infer<typeof UpdateCatalogItemBodySchema>, audit: AuditTarget): Promise<CatalogItem> {
  Object.assign(audit, { objectType: 'catalog_item', objectId: id });
  const before = await requireItem(trx, id);
  const values: ItemValues = {
    nameZh: input.nameZh ?? before.nameZh,
    nameEn: input.nameEn ?? before.nameEn,
    category: input.category ?? before.category,
    unitOfMeasure: input.unitOfMeasure ?? before.unitOfMeasure,
    architectures: input.architectures ? [...new Set(input.architectures)] : before.architectures,
    spec: input.spec ?? before.spec,
    description: input.description !== undefined ? input.description : before.description,
    enabled: input.enabled ?? before.enabled,
  };
  if ((values.category !== before.category || values.unitOfMeasure !== before.unitOfMeasure) && (await itemHasPrices(trx, id))) {
    throw errors.conflict(
      'item_priced',
      '该服务已有价格版本，不能再改类别或计价单位；请新建服务项目',
      'This item has prices; its category and unit of measure can no longer change — create a new item',
    );
  }
  const platformIds = input.platformIds ?? before.platforms.map((p) => p.id);
  await checkItem(trx, values, platformIds);
  await updateItemRow(trx, id, values);
  if (input.platformIds) await setItemPlatforms(trx, id, platformIds);
  const after = await requireItem(trx, id);
  const fields = ['nameZh', 'nameEn', 'category', 'unitOfMeasure', 'description', 'enabled'] as const;
  const changed: Record<string, unknown> = Object.fromEntries(fields.filter((k) => before[k] !== after[k]).map((k) => [k, { before: before[k], after: after[k] }]));
  for (const key of ['architectures', 'spec'] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = { before: before[key], after: after[key] };
  }
  const platformsBefore = before.platforms.map((p) => p.id).sort();
  const platformsAfter = after.platforms.map((p) => p.id).sort();
  if (JSON.stringify(platformsBefore) !== JSON.stringify(platformsAfter)) changed.platformIds = { before: platformsBefore, after: platformsAfter };
  audit.detail = { code: after.code, changed };
  return after;
}

/** Deletes an item nobody has used; an item with prices or quotas is disabled instead. */
export async function deleteItem(trx: Trx, id: string, audit: AuditTarget): Promise<void> {
  Object.assign(audit, { objectType: 'catalog_item', objectId: id });
  const item = await requireItem(trx, id);
  audit.detail = { code: item.code };
  const inUse = errors.conflict('item_in_use', '该服务已有价格或配额记录，不能删除，请停用', 'This item has prices or quotas; disable it instead of deleting it');
  if (await itemHasPrices(trx, id)) throw inUse;
  try {
    await deleteItemRow(trx, id);
  } catch (error) {
    // Another module's rows (quotas) still refer to it.
    if ((error as { code?: string }).code === '23503') throw inUse;
    throw error;
  }
}
