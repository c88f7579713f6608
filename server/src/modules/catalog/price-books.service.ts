/**
 * Price books (价格表, SJ-10): the district price list and each city provider's tender price list, with
 * prices as versions in time. A version that has taken effect is history and is never edited: a change
 * is a new version, which closes the open-ended one before it; a version not yet effective may be
 * corrected or withdrawn, with a reason. Every change leaves a change record (who, when, why) beside the
 * audit log. Overlaps are refused here with the conflicting version named, and by the database trigger
 * under the same advisory lock when transactions race.
 */
import type { CreatePriceBookBodySchema, PriceBook, PriceVersion, UpdatePriceBookBodySchema } from '@yunshu/shared/catalog-api';
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { assertProviderUnit, findPlatform } from '../platforms/index.ts';
import {
  activeSpans,
  bookNameTaken,
  findBook,
  findBookOf,
  findVersion,
  findVersionRow,
  insertBook,
  insertChange,
  insertVersion,
  listBooks,
  lockPricePair,
  predecessorClosedBy,
  priceText,
  updateBookRow,
  updateVersionRow,
  type VersionRow,
  versionRowAt,
  withdrawVersionRow,
} from './catalog.repository.ts';
import { requireItem } from './catalog-items.service.ts';
import { normalizeDecimal } from './excel-cells.ts';
import { describeSpan, formatShanghai, hasTakenEffect, overlaps, placeVersion, type VersionSpan } from './price-versions.ts';

const BOOK = { zh: '价格表', en: 'Price book' };
const VERSION = { zh: '价格版本', en: 'Price version' };

/** Who changes prices, and through what: recorded on every change record. */
export interface PriceWriter {
  actorId: string | null;
  actorName: string;
  source: 'manual' | 'import' | 'seed';
  importSm3?: string;
  now?: Date;
}

export function writerOf(actor: Actor | null, source: PriceWriter['source'] = 'manual'): PriceWriter {
  return { actorId: actor?.userId ?? null, actorName: actor?.displayName ?? 'system', source };
}

// --- books ----------------------------------------------------------------------------------------

export async function requireBook(trx: Trx, id: string): Promise<PriceBook> {
  const book = await findBook(trx, id);
  if (!book) throw errors.notFound(BOOK);
  return book;
}

/** City-level platforms are priced by their provider's tender result, district platforms by the district list (SJ-10). */
export async function bookForPlatform(trx: Trx, platform: { level: string; provider: { id: string } }): Promise<PriceBook | null> {
  return platform.level === 'city' ? findBookOf(trx, 'city_tender', platform.provider.id) : findBookOf(trx, 'district', null);
}

export async function searchBooks(
  trx: Trx,
  filter: { kind?: string | undefined; providerUnitId?: string | undefined; platformId?: string | undefined },
  page: number,
  pageSize: number,
) {
  let ids: string[] | undefined;
  if (filter.platformId) {
    const platform = await findPlatform(trx, filter.platformId);
    const book = platform ? await bookForPlatform(trx, platform) : null;
    ids = book ? [book.id] : [];
  }
  return listBooks(trx, { kind: filter.kind, providerUnitId: filter.providerUnitId, ids }, page, pageSize);
}

export async function createBook(trx: Trx, input: z.infer<typeof CreatePriceBookBodySchema>, audit: AuditTarget): Promise<PriceBook> {
  if (input.kind === 'district') {
    if (input.providerUnitId) throw errors.field('providerUnitId', '区级价格表不属于某一服务商', 'The district price list belongs to no provider');
    if (await findBookOf(trx, 'district', null)) {
      throw errors.conflict('district_book_exists', '区级价格表只能有一份，请在现有价格表中新增价格版本', 'There is exactly one district price list; add versions to it');
    }
  } else {
    if (!input.providerUnitId) throw errors.field('providerUnitId', '市云招标价格表须指定中标服务商', 'A tender price list names its provider');
    if (!input.tenderReference) throw errors.field('tenderReference', '市云招标价格表须填写招标编号或中标通知书文号', 'A tender price list needs its tender reference');
    await assertProviderUnit(trx, input.providerUnitId, 'providerUnitId');
    if (await findBookOf(trx, 'city_tender', input.providerUnitId)) {
      throw errors.conflict('tender_book_exists', '该服务商已有招标价格表，新的招标结果请作为新价格版本导入', 'This provider already has a tender price list; import new results as new versions');
    }
  }
  if (await bookNameTaken(trx, input.name)) throw errors.field('name', `价格表名称“${input.name}”已存在`, 'A price book with this name already exists');
  const id = await insertBook(trx, {
    kind: input.kind,
    name: input.name,
    providerUnitId: input.kind === 'city_tender' ? (input.providerUnitId ?? null) : null,
    tenderReference: input.tenderReference ?? null,
    description: input.description ?? null,
  });
  Object.assign(audit, { objectType: 'price_book', objectId: id, detail: { kind: input.kind, name: input.name, providerUnitId: input.providerUnitId ?? null, tenderReference: input.tenderReference ?? null } });
  return requireBook(trx, id);
}

export async function updateBook(trx: Trx, id: string, input: z.infer<typeof UpdatePriceBookBodySchema>, audit: AuditTarget): Promise<PriceBook> {
  Object.assign(audit, { objectType: 'price_book', objectId: id });
  const before = await requireBook(trx, id);
  if (input.name !== undefined && (await bookNameTaken(trx, input.name, id))) {
    throw errors.field('name', `价格表名称“${input.name}”已存在`, 'A price book with this name already exists');
  }
  await updateBookRow(trx, id, {
    name: input.name ?? before.name,
    tenderReference: input.tenderReference ?? before.tenderReference,
    description: input.description !== undefined ? input.description : before.description,
  });
  const after = await requireBook(trx, id);
  const fields = ['name', 'tenderReference', 'description'] as const;
  audit.detail = { name: after.name, changed: Object.fromEntries(fields.filter((k) => before[k] !== after[k]).map((k) => [k, { before: before[k], after: after[k] }])) };
  return after;
}

// --- price lookup ---------------------------------------------------------------------------------

/**
 * The price version of an item in a book at an instant: the one whose [from, to) contains it. The
 * instant a new price takes effect belongs to the new price.
 */
export async function priceAt(trx: Trx, bookId: string, itemId: string, instant: Date | string): Promise<VersionRow | null> {
  return versionRowAt(trx, bookId, itemId, typeof instant === 'string' ? new Date(instant) : instant);
}

// --- versions -------------------------------------------------------------------------------------

export async function requireVersion(trx: Trx, id: string): Promise<PriceVersion> {
  const version = await findVersion(trx, id);
  if (!version) throw errors.notFound(VERSION);
  return version;
}

function spanJson(span: { from: Date; to: Date | null }) {
  return { effectiveFrom: span.from.toISOString(), effectiveTo: span.to?.toISOString() ?? null };
}

export function overlapError(itemCode: string, candidate: { from: Date; to: Date | null }, conflict: VersionSpan & { unitPrice?: string }): AppError {
  const mine = describeSpan(candidate);
  const theirs = describeSpan(conflict);
  const price = conflict.unitPrice ? `，单价 ${priceText(conflict.unitPrice)} 元` : '';
  const priceEn = conflict.unitPrice ? `, unit price ${priceText(conflict.unitPrice)} CNY` : '';
  return new AppError({
    status: 409,
    code: 'price_overlap',
    zh: `“${itemCode}”的价格版本不得重叠：新版本（${mine.zh}）与已有版本（${theirs.zh}${price}）重叠`,
    en: `Price versions of ${itemCode} may not overlap: the new one (${mine.en}) overlaps the existing one (${theirs.en}${priceEn})`,
    details: { conflictingVersionId: conflict.id, ...spanJson(conflict) },
  });
}

export function retroactiveError(itemCode: string, from: Date, open: VersionSpan): AppError {
  const theirs = describeSpan(open);
  return new AppError({
    status: 409,
    code: 'price_retroactive',
    zh: `“${itemCode}”的新版本生效时间 ${formatShanghai(from)} 已过，不能追溯截止已生效的版本（${theirs.zh}）；已生效的价格不得修改，请以当前之后的时间新增版本`,
    en: `The new version of ${itemCode} would start at ${formatShanghai(from)}, which has passed; the effective version (${theirs.en}) cannot be ended retroactively — add a version starting in the future`,
    details: { conflictingVersionId: open.id, ...spanJson(open) },
  });
}

function effectiveError(version: { from: Date }): AppError {
  return errors.conflict(
    'price_effective',
    `该价格版本已于 ${formatShanghai(version.from)} 生效，不得修改或撤销；调价请新增价格版本`,
    `This price version took effect at ${formatShanghai(version.from)} and cannot be edited or withdrawn; add a new version to change the price`,
  );
}

/** The trigger's refusals, for a transaction that raced past the checks above: still a clear 409. */
async function guarded<T>(itemCode: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '23P01') {
      throw new AppError({ status: 409, code: 'price_overlap', zh: `“${itemCode}”的价格版本与同时提交的另一版本重叠，请刷新后重试`, en: `A price version of ${itemCode} submitted at the same time overlaps this one; reload and retry` });
    }
    if (code === '23514' && /price version/.test((error as Error).message)) throw errors.conflict('price_effective', '已生效的价格不得修改', 'An effective price cannot be edited');
    throw error;
  }
}

async function withPrice(trx: Trx, span: VersionSpan): Promise<VersionSpan & { unitPrice?: string }> {
  const row = await findVersionRow(trx, span.id);
  return row ? { ...span, unitPrice: row.unitPrice } : span;
}

/**
 * Adds a price version of an item to a book. Starting after an open-ended version closes that one at
 * the new start (itself a recorded change); any other overlap is refused, and so is closing a version
 * at an instant that has passed. Takes the (book, item) lock for the rest of the transaction.
 */
export async function addPriceVersion(
  trx: Trx,
  writer: PriceWriter,
  input: { bookId: string; item: { id: string; code: string }; unitPrice: string; from: Date; to: Date | null; reason: string },
): Promise<{ id: string; closedId: string | null }> {
  const now = writer.now ?? new Date();
  const { bookId, item, from, to } = input;
  if (to && to.getTime() <= from.getTime()) throw errors.field('effectiveTo', '失效时间须晚于生效时间', 'effectiveTo must be later than effectiveFrom');
  await lockPricePair(trx, bookId, item.id);
  const spans = await activeSpans(trx, bookId, item.id);
  const placement = placeVersion(spans, from, to, now);
  if (placement.conflict) throw overlapError(item.code, { from, to }, await withPrice(trx, placement.conflict));
  if (placement.close && placement.retroactive) throw retroactiveError(item.code, from, placement.close);
  const closed = placement.close;
  return guarded(item.code, async () => {
    if (closed) await updateVersionRow(trx, closed.id, { to: from });
    const id = await insertVersion(trx, { bookId, itemId: item.id, unitPrice: input.unitPrice, from, to, reason: input.reason, createdBy: writer.actorId });
    const common = { bookId, itemId: item.id, source: writer.source, importSm3: writer.importSm3 ?? null, actorId: writer.actorId, actorName: writer.actorName };
    await insertChange(trx, { ...common, priceId: id, change: 'added', before: null, after: { unitPrice: input.unitPrice, ...spanJson({ from, to }) }, reason: input.reason });
    if (closed) {
      await insertChange(trx, {
        ...common,
        priceId: closed.id,
        change: 'closed',
        causedByPriceId: id,
        before: { effectiveTo: null },
        after: { effectiveTo: from.toISOString() },
        reason: `由 ${formatShanghai(from)} 起的新价格替代：${input.reason}`,
      });
    }
    return { id, closedId: closed?.id ?? null };
  });
}

/** POST /api/price-books/:id/prices — one new version, audited with the version it closed. */
export async function addPrice(
  trx: Trx,
  actor: Actor | null,
  bookId: string,
  input: { itemId: string; unitPrice: string; effectiveFrom: string; effectiveTo?: string | undefined; reason: string },
  audit: AuditTarget,
) {
  Object.assign(audit, { objectType: 'price_book', objectId: bookId });
  await requireBook(trx, bookId);
  const item = await requireItemField(trx, input.itemId);
  const from = new Date(input.effectiveFrom);
  const to = input.effectiveTo ? new Date(input.effectiveTo) : null;
  const { id, closedId } = await addPriceVersion(trx, writerOf(actor), { bookId, item, unitPrice: input.unitPrice, from, to, reason: input.reason });
  Object.assign(audit, {
    objectType: 'price_version',
    objectId: id,
    detail: { bookId, itemCode: item.code, unitPrice: input.unitPrice, ...spanJson({ from, to }), closedVersionId: closedId, reason: input.reason },
  });
  return { version: await requireVersion(trx, id), closed: closedId ? await requireVersion(trx, closedId) : null };
}

async function requireItemField(trx: Trx, itemId: string) {
  try {
    return await requireItem(trx, itemId);
  } catch {
    throw errors.field('itemId', '服务目录中没有此项目', 'No such catalog item');
  }
}

async function lockedScheduledVersion(trx: Trx, id: string, now: Date): Promise<{ row: VersionRow; code: string }> {
  const first = await findVersionRow(trx, id);
  if (!first) throw errors.notFound(VERSION);
  await lockPricePair(trx, first.bookId, first.itemId);
  const row = (await findVersionRow(trx, id)) as VersionRow;
  if (row.withdrawn) throw errors.conflict('price_withdrawn', '该价格版本已撤销', 'This price version has been withdrawn');
  if (hasTakenEffect(row, now)) throw effectiveError(row);
  const item = await requireItem(trx, row.itemId);
  return { row, code: item.code };
}

/**
 * Corrects a version that has not yet taken effect (price, start or end), with a reason. If it had
 * closed the version before it, that version's end follows the corrected start.
 */
export async function correctPrice(
  trx: Trx,
  actor: Actor | null,
  id: string,
  input: { unitPrice?: string | undefined; effectiveFrom?: string | undefined; effectiveTo?: string | null | undefined; reason: string },
  audit: AuditTarget,
  now = new Date(),
): Promise<PriceVersion> {
  Object.assign(audit, { objectType: 'price_version', objectId: id });
  const { row: v, code } = await lockedScheduledVersion(trx, id, now);
  const from = input.effectiveFrom ? new Date(input.effectiveFrom) : v.from;
  const to = input.effectiveTo !== undefined ? (input.effectiveTo ? new Date(input.effectiveTo) : null) : v.to;
  const unitPrice = input.unitPrice ?? v.unitPrice;
  if (from.getTime() <= now.getTime()) {
    throw errors.field('effectiveFrom', '更正后的生效时间须晚于当前时间（已生效的价格不得修改）', 'The corrected start must be in the future (effective prices are never edited)');
  }
  if (to && to.getTime() <= from.getTime()) throw errors.field('effectiveTo', '失效时间须晚于生效时间', 'effectiveTo must be later than effectiveFrom');
  const datesChanged = from.getTime() !== v.from.getTime() || (to?.getTime() ?? null) !== (v.to?.getTime() ?? null);
  const priceChanged = normalizeDecimal(unitPrice) !== normalizeDecimal(v.unitPrice);
  if (!datesChanged && !priceChanged) throw errors.field('unitPrice', '没有需要更正的内容', 'Nothing to correct');

  const writer = writerOf(actor);
  const common = { bookId: v.bookId, itemId: v.itemId, source: writer.source, actorId: writer.actorId, actorName: writer.actorName };
  await guarded(code, async () => {
    if (datesChanged) {
      const others = (await activeSpans(trx, v.bookId, v.itemId)).filter((s) => s.id !== v.id);
      const predecessorId = await predecessorClosedBy(trx, v.id);
      const predecessor = others.find((s) => s.id === predecessorId && s.to?.getTime() === v.from.getTime()) ?? null;
      let neighbour: { span: VersionSpan; to: Date } | null = null;
      if (predecessor) {
        if (from.getTime() <= predecessor.from.getTime()) throw overlapError(code, { from, to }, await withPrice(trx, predecessor));
        if (from.getTime() !== v.from.getTime()) neighbour = { span: predecessor, to: from };
        const clash = others.find((s) => s !== predecessor && overlaps(s, { from, to }));
        if (clash) throw overlapError(code, { from, to }, await withPrice(trx, clash));
      } else {
        const placement = placeVersion(others, from, to, now);
        if (placement.conflict) throw overlapError(code, { from, to }, await withPrice(trx, placement.conflict));
        if (placement.close) neighbour = { span: placement.close, to: from };
      }
      // Shrink before growing, so no moment of the update has two versions overlapping.
      const neighbourShrinks = neighbour && (neighbour.span.to === null || neighbour.to.getTime() < neighbour.span.to.getTime());
      if (neighbour && neighbourShrinks) await updateVersionRow(trx, neighbour.span.id, { to: neighbour.to });
      await updateVersionRow(trx, v.id, { unitPrice, from, to });
      if (neighbour && !neighbourShrinks) await updateVersionRow(trx, neighbour.span.id, { to: neighbour.to });
      if (neighbour) {
        await insertChange(trx, {
          ...common,
          priceId: neighbour.span.id,
          change: 'closed',
          causedByPriceId: v.id,
          before: { effectiveTo: neighbour.span.to?.toISOString() ?? null },
          after: { effectiveTo: neighbour.to.toISOString() },
          reason: `随后续版本更正生效时间：${input.reason}`,
        });
      }
    } else {
      await updateVersionRow(trx, v.id, { unitPrice });
    }
    await insertChange(trx, {
      ...common,
      priceId: v.id,
      change: 'corrected',
      before: { unitPrice: v.unitPrice, ...spanJson(v) },
      after: { unitPrice, ...spanJson({ from, to }) },
      reason: input.reason,
    });
  });
  audit.detail = { itemCode: code, before: { unitPrice: priceText(v.unitPrice), ...spanJson(v) }, after: { unitPrice: priceText(unitPrice), ...spanJson({ from, to }) }, reason: input.reason };
  return requireVersion(trx, v.id);
}

/**
 * Withdraws a version that has not yet taken effect, with a reason. The version it had closed, if any,
 * runs on as if it had never been added.
 */
export async function withdrawPrice(trx: Trx, actor: Actor | null, id: string, reason: string, audit: AuditTarget, now = new Date()): Promise<PriceVersion> {
  Object.assign(audit, { objectType: 'price_version', objectId: id });
  const { row: v, code } = await lockedScheduledVersion(trx, id, now);
  const writer = writerOf(actor);
  const common = { bookId: v.bookId, itemId: v.itemId, source: writer.source, actorId: writer.actorId, actorName: writer.actorName };
  let reopened: string | null = null;
  await guarded(code, async () => {
    await withdrawVersionRow(trx, v.id, reason, writer.actorId);
    await insertChange(trx, { ...common, priceId: v.id, change: 'withdrawn', before: { unitPrice: v.unitPrice, ...spanJson(v) }, after: { withdrawn: true }, reason });
    const predecessorId = await predecessorClosedBy(trx, v.id);
    if (!predecessorId) return;
    const predecessor = await findVersionRow(trx, predecessorId);
    if (!predecessor || predecessor.withdrawn || predecessor.to?.getTime() !== v.from.getTime()) return;
    // It was open-ended when the withdrawn version closed it: it runs until the next version, if any.
    const next = (await activeSpans(trx, v.bookId, v.itemId)).find((span) => span.from.getTime() >= v.from.getTime()) ?? null;
    const end = next?.from ?? null;
    await updateVersionRow(trx, predecessor.id, { to: end });
    await insertChange(trx, {
      ...common,
      priceId: predecessor.id,
      change: 'reopened',
      causedByPriceId: v.id,
      before: { effectiveTo: predecessor.to.toISOString() },
      after: { effectiveTo: end?.toISOString() ?? null },
      reason: `后续版本撤销：${reason}`,
    });
    reopened = predecessor.id;
  });
  audit.detail = { itemCode: code, unitPrice: priceText(v.unitPrice), ...spanJson(v), reason, reopenedVersionId: reopened };
  return requireVersion(trx, v.id);
}
