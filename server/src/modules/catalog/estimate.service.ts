/**
 * The cost calculator (费用测算): what a set of catalog items would cost on a platform, at the prices of
 * the book that applies to it (SJ-10) as they stand at one instant. Each line is unit price × quantity ×
 * months, rounded half-up to the fen once; the total is the sum of the rounded lines. Applications use
 * the same function for their cost estimates.
 */
import type { EstimateBody, Estimate } from '@yunshu/shared/catalog-api';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors, type FieldError } from '../../platform/errors.ts';
import { findPlatform } from '../platforms/index.ts';
import { findItemsByIds, platformOffersItem, priceText } from './catalog.repository.ts';
import { lineAmount, sumAmounts } from './cost-amounts.ts';
import { bookForPlatform, priceAt } from './price-books.service.ts';
import { formatShanghai } from './price-versions.ts';

/**
 * Estimates the cost of `lines` on a platform at `at` (default now). Refuses, naming each line and
 * reason, items the platform does not offer, disabled items, and items without a price at that instant.
 */
export async function estimateCost(trx: Trx, input: EstimateBody, now = new Date()): Promise<Estimate> {
  const platform = await findPlatform(trx, input.platformId);
  if (!platform) throw errors.field('platformId', '云平台不存在', 'No such cloud platform');
  if (platform.disabled) throw errors.field('platformId', `云平台“${platform.name}”已停用`, `Cloud platform "${platform.name}" is disabled`);
  const book = await bookForPlatform(trx, platform);
  if (!book) {
    throw errors.conflict(
      'no_price_book',
      platform.level === 'city' ? `市级云平台“${platform.name}”的服务商尚无招标价格表` : '尚未建立区级价格表',
      platform.level === 'city' ? `The provider of city platform "${platform.name}" has no tender price list yet` : 'There is no district price list yet',
    );
  }
  const at = input.at ? new Date(input.at) : now;
  const itemIds = [...new Set(input.lines.map((line) => line.itemId))];
  const items = new Map((await findItemsByIds(trx, itemIds)).map((item) => [item.id, item]));
  const offered = await platformOffersItem(trx, platform.id, itemIds);
  const problems: FieldError[] = [];
  const lines: Estimate['lines'] = [];
  for (const [index, line] of input.lines.entries()) {
    const path = `lines.${index}.itemId`;
    const refuse = (zh: string, en: string) => problems.push({ path, message: `第 ${index + 1} 行：${zh}`, messageEn: `Line ${index + 1}: ${en}` });
    const item = items.get(line.itemId);
    if (!item) {
      refuse('服务目录中没有此项目', 'no such catalog item');
      continue;
    }
    if (!item.enabled) {
      refuse(`服务“${item.code} ${item.nameZh}”已停用`, `item ${item.code} is disabled`);
      continue;
    }
    if (!offered.has(item.id)) {
      refuse(`云平台“${platform.name}”不提供服务“${item.code} ${item.nameZh}”`, `platform "${platform.name}" does not offer ${item.code}`);
      continue;
    }
    const version = await priceAt(trx, book.id, item.id, at);
    if (!version) {
      refuse(`价格表“${book.name}”在 ${formatShanghai(at)} 没有“${item.code}”的有效价格`, `price book "${book.name}" has no price for ${item.code} at ${formatShanghai(at)}`);
      continue;
    }
    lines.push({
      line: index + 1,
      item: { id: item.id, code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, unitOfMeasure: item.unitOfMeasure },
      quantity: line.quantity,
      months: line.months,
      unitPrice: priceText(version.unitPrice),
      amount: lineAmount(version.unitPrice, line.quantity, line.months),
      priceVersion: { id: version.id, bookId: version.bookId, effectiveFrom: version.from.toISOString(), effectiveTo: version.to?.toISOString() ?? null },
    });
  }
  if (problems.length > 0) {
    throw new AppError({
      status: 400,
      code: 'estimate_refused',
      zh: `有 ${problems.length} 行无法测算`,
      en: `${problems.length} line(s) cannot be estimated`,
      fields: problems,
    });
  }
  return {
    platform: { id: platform.id, name: platform.name, level: platform.level, architecture: platform.architecture },
    priceBook: { id: book.id, name: book.name, kind: book.kind },
    at: at.toISOString(),
    currency: 'CNY',
    lines,
    total: sumAmounts(lines.map((line) => line.amount)),
  };
}
