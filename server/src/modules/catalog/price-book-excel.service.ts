/**
 * Price books as Excel workbooks, because city tender price lists arrive that way (SJ-10): a template
 * with Chinese headers and the catalog codes, an export of any book, and an import that checks every
 * row — cell formats, catalog codes, units, overlaps with the book and with other rows — and imports
 * nothing unless all rows are right, naming each problem by row, column and reason.
 */
import { type CatalogItem, type ImportError, type PriceBook, UNIT_OF_MEASURE_LABELS, type UnitOfMeasure } from '@yunshu/shared/catalog-api';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/auth/sessions.ts';
import { sm3Hex } from '../../platform/crypto/sm.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { activeSpans, allItems, allVersions, lockPricePair } from './catalog.repository.ts';
import { cellText, instantCellValue, isBlank, parseInstantCell, parseUnitPrice, priceCellValue } from './excel-cells.ts';
import { addPriceVersion, requireVersion, writerOf } from './price-books.service.ts';
import { describeSpan, formatShanghai, planAdditions } from './price-versions.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PRICE_SHEET = '价格表';
export const CATALOG_SHEET = '服务目录';
export const PRICE_HEADERS = ['服务编码', '服务名称', '计价单位', '单价（元）', '生效日期', '失效日期', '调价原因'] as const;
const MAX_ROWS = 5000;
const MAX_ERRORS = 500;

type Column = 'code' | 'name' | 'unit' | 'price' | 'from' | 'to' | 'reason';
const COLUMN_OF_HEADER: Record<string, Column> = {
  服务编码: 'code',
  服务名称: 'name',
  计价单位: 'unit',
  '单价(元)': 'price',
  单价: 'price',
  生效日期: 'from',
  生效时间: 'from',
  失效日期: 'to',
  失效时间: 'to',
  调价原因: 'reason',
  原因: 'reason',
};
const REQUIRED: readonly Column[] = ['code', 'price', 'from'];
const HEADER_OF: Record<Column, string> = { code: '服务编码', name: '服务名称', unit: '计价单位', price: '单价（元）', from: '生效日期', to: '失效日期', reason: '调价原因' };

const normalizeHeader = (text: string) => text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function attachment(reply: { header(name: string, value: string): unknown }, filename: string): void {
  reply.header('content-type', XLSX_CONTENT_TYPE);
  reply.header('content-disposition', `attachment; filename="price-book.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}

function styleHeader(sheet: ExcelJS.Worksheet): void {
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function priceColumns(sheet: ExcelJS.Worksheet): void {
  sheet.columns = [
    { header: PRICE_HEADERS[0], key: 'code', width: 20 },
    { header: PRICE_HEADERS[1], key: 'name', width: 30 },
    { header: PRICE_HEADERS[2], key: 'unit', width: 12 },
    { header: PRICE_HEADERS[3], key: 'price', width: 14 },
    { header: PRICE_HEADERS[4], key: 'from', width: 20 },
    { header: PRICE_HEADERS[5], key: 'to', width: 20 },
    { header: PRICE_HEADERS[6], key: 'reason', width: 40 },
  ];
  styleHeader(sheet);
}

function unitLabel(unit: string): string {
  return UNIT_OF_MEASURE_LABELS[unit as UnitOfMeasure]?.zh ?? unit;
}

function isShanghaiMidnight(instant: Date): boolean {
  return formatShanghai(instant).length === 10;
}

function writeInstant(cell: ExcelJS.Cell, iso: string | null): void {
  if (!iso) return;
  const instant = new Date(iso);
  cell.value = instantCellValue(instant);
  cell.numFmt = isShanghaiMidnight(instant) ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
}

async function catalogSheet(workbook: ExcelJS.Workbook, trx: Trx, book: PriceBook, now: Date): Promise<number> {
  const items = await allItems(trx);
  const current = new Map((await allVersions(trx, book.id, { at: now }, now)).map((v) => [v.item.id, v.unitPrice]));
  const sheet = workbook.addWorksheet(CATALOG_SHEET);
  sheet.columns = [
    { header: '服务编码', key: 'code', width: 20 },
    { header: '服务名称', key: 'nameZh', width: 30 },
    { header: '英文名称', key: 'nameEn', width: 36 },
    { header: '类别', key: 'category', width: 16 },
    { header: '计价单位', key: 'unit', width: 12 },
    { header: '当前单价（元）', key: 'price', width: 16 },
    { header: '状态', key: 'enabled', width: 8 },
  ];
  styleHeader(sheet);
  for (const item of items) {
    const price = current.get(item.id);
    sheet.addRow({
      code: item.code,
      nameZh: item.nameZh,
      nameEn: item.nameEn,
      category: item.category,
      unit: unitLabel(item.unitOfMeasure),
      price: price ? priceCellValue(price) : '',
      enabled: item.enabled ? '启用' : '停用',
    });
  }
  return items.length;
}

/** An empty price sheet with the Chinese headers, and the catalog (codes, units, current prices) beside it. */
export async function priceBookTemplate(trx: Trx, book: PriceBook, reply: { header(name: string, value: string): unknown; send(body: Buffer): unknown }) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Yunshu 云枢';
  const sheet = workbook.addWorksheet(PRICE_SHEET);
  priceColumns(sheet);
  const count = await catalogSheet(workbook, trx, book, new Date());
  for (let row = 2; row <= 501; row++) {
    sheet.getCell(row, 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`'${CATALOG_SHEET}'!$A$2:$A$${Math.max(count + 1, 2)}`] };
    sheet.getCell(row, 5).numFmt = 'yyyy-mm-dd';
    sheet.getCell(row, 6).numFmt = 'yyyy-mm-dd';
  }
  attachment(reply, `${book.name}-导入模板.xlsx`);
  return reply.send(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** Every version of a book that is not withdrawn, in the template's layout: it imports back as it is. */
export async function exportPriceBook(trx: Trx, book: PriceBook, reply: { header(name: string, value: string): unknown; send(body: Buffer): unknown }) {
  const now = new Date();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Yunshu 云枢';
  const sheet = workbook.addWorksheet(PRICE_SHEET);
  priceColumns(sheet);
  for (const version of await allVersions(trx, book.id, {}, now)) {
    const row = sheet.addRow({
      code: version.item.code,
      name: version.item.nameZh,
      unit: unitLabel(version.item.unitOfMeasure),
      price: priceCellValue(version.unitPrice),
      reason: version.reason,
    });
    writeInstant(row.getCell(5), version.effectiveFrom);
    writeInstant(row.getCell(6), version.effectiveTo);
  }
  await catalogSheet(workbook, trx, book, now);
  attachment(reply, `${book.name}-${formatShanghai(now).slice(0, 10)}.xlsx`);
  return reply.send(Buffer.from(await workbook.xlsx.writeBuffer()));
}

// --- import ---------------------------------------------------------------------------------------

export interface PriceRow {
  row: number;
  item: CatalogItem;
  unitPrice: string;
  from: Date;
  to: Date | null;
  reason: string;
}

/**
 * Reads the price rows of a workbook against the catalog. Checks each cell on its own; overlaps are
 * checked afterwards against the book. Returns every problem found, not just the first.
 */
export function readPriceRows(workbook: ExcelJS.Workbook, items: readonly CatalogItem[], defaultReason: string): { rows: PriceRow[]; errors: ImportError[] } {
  const found: ImportError[] = [];
  const sheet = workbook.getWorksheet(PRICE_SHEET) ?? workbook.worksheets[0];
  if (!sheet) return { rows: [], errors: [{ row: 1, column: '', header: '', message: '工作簿中没有工作表', messageEn: 'The workbook has no worksheet' }] };
  const columns = new Map<Column, number>();
  sheet.getRow(1).eachCell((cell, index) => {
    const key = COLUMN_OF_HEADER[normalizeHeader(cellText(cell.value) ?? '')];
    if (key && !columns.has(key)) columns.set(key, index);
  });
  for (const key of REQUIRED) {
    if (!columns.has(key)) {
      found.push({ row: 1, column: '', header: HEADER_OF[key], message: `缺少表头“${HEADER_OF[key]}”`, messageEn: `Missing header "${HEADER_OF[key]}"` });
    }
  }
  if (found.length > 0) return { rows: [], errors: found };

  const byCode = new Map(items.map((item) => [item.code, item]));
  const at = (key: Column) => {
    const index = columns.get(key);
    return index === undefined ? null : { index, letter: columnLetter(index), header: HEADER_OF[key] };
  };
  const rows: PriceRow[] = [];
  const last = sheet.actualRowCount > 0 ? sheet.rowCount : 1;
  if (last - 1 > MAX_ROWS) {
    return { rows: [], errors: [{ row: MAX_ROWS + 2, column: '', header: '', message: `一次最多导入 ${MAX_ROWS} 行`, messageEn: `At most ${MAX_ROWS} rows per import` }] };
  }
  for (let r = 2; r <= last; r++) {
    const sheetRow = sheet.getRow(r);
    const value = (key: Column) => {
      const column = at(key);
      return column ? sheetRow.getCell(column.index).value : null;
    };
    if ((['code', 'price', 'from', 'to', 'reason'] as const).every((key) => isBlank(value(key)))) continue;
    const problem = (key: Column, zh: string, en: string) => {
      const column = at(key) ?? { letter: '', header: HEADER_OF[key] };
      found.push({ row: r, column: column.letter, header: column.header, message: `第 ${r} 行 ${column.letter} 列（${column.header}）：${zh}`, messageEn: `Row ${r}, column ${column.letter} (${column.header}): ${en}` });
    };
    const code = (cellText(value('code')) ?? '').trim().toUpperCase();
    const item = byCode.get(code);
    if (!code) problem('code', '服务编码必填', 'the item code is required');
    else if (!item) problem('code', `服务目录中没有编码“${code}”`, `no catalog item with code "${code}"`);
    const unitText = (cellText(value('unit')) ?? '').trim();
    if (item && unitText) {
      const labels = UNIT_OF_MEASURE_LABELS[item.unitOfMeasure];
      const fits = [item.unitOfMeasure, labels.zh, labels.en].some((label) => normalizeHeader(label).toLowerCase() === normalizeHeader(unitText).toLowerCase());
      if (!fits) problem('unit', `计价单位“${unitText}”与服务目录不符（应为 ${labels.zh}）`, `unit "${unitText}" does not match the catalog (${labels.en})`);
    }
    const price = parseUnitPrice(value('price'));
    if (!price.ok) problem('price', price.zh, price.en);
    const from = parseInstantCell(value('from'));
    if (!from.ok) problem('from', from.zh, from.en);
    let to: Date | null = null;
    if (!isBlank(value('to'))) {
      const parsed = parseInstantCell(value('to'));
      if (!parsed.ok) problem('to', parsed.zh, parsed.en);
      else if (from.ok && parsed.value.getTime() <= from.value.getTime()) problem('to', '失效日期须晚于生效日期', 'the end must be later than the start');
      else to = parsed.value;
    }
    const reason = (cellText(value('reason')) ?? '').trim() || defaultReason;
    if (reason.length > 500) problem('reason', '调价原因最多 500 个字符', 'the reason has at most 500 characters');
    if (item && price.ok && from.ok && found.every((e) => e.row !== r)) {
      rows.push({ row: r, item, unitPrice: price.value, from: from.value, to, reason });
    }
  }
  if (rows.length === 0 && found.length === 0) {
    found.push({ row: 2, column: '', header: '', message: '工作表中没有价格行', messageEn: 'The sheet has no price rows' });
  }
  return { rows, errors: found };
}

function rejected(found: ImportError[]): AppError {
  const sorted = [...found].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  return new AppError({
    status: 400,
    code: 'import_rejected',
    zh: `价格表有 ${found.length} 处错误，未导入任何价格`,
    en: `The price list has ${found.length} problem(s); nothing was imported`,
    details: { errors: sorted.slice(0, MAX_ERRORS), errorCount: found.length },
  });
}

/**
 * Imports a workbook into a book: all rows or none. Locks every (book, item) pair it touches, in one
 * order, then checks each row against the book and the rows before it, then adds the versions — one
 * change record each, one audit record naming the row count and the file's SM3 hash.
 */
export async function importPriceBook(trx: Trx, actor: Actor | null, book: PriceBook, body: unknown, audit: AuditTarget, now = new Date()) {
  Object.assign(audit, { objectType: 'price_book', objectId: book.id });
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw errors.field('body', `请上传 .xlsx 文件（Content-Type: ${XLSX_CONTENT_TYPE}）`, `Upload the .xlsx file itself (Content-Type: ${XLSX_CONTENT_TYPE})`);
  }
  const sm3 = sm3Hex(body);
  audit.detail = { sm3, bytes: body.length };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as never);
  } catch {
    throw new AppError({ status: 400, code: 'import_unreadable', zh: '无法读取文件：不是有效的 .xlsx 工作簿', en: 'Cannot read the file: not a valid .xlsx workbook' });
  }
  const { rows, errors: found } = readPriceRows(workbook, await allItems(trx), `价格表导入（文件 SM3 ${sm3.slice(0, 12)}）`);
  if (rows.length === 0 && found.length > 0) throw rejected(found);

  // Rows whose cells are right are still checked against the book, so one answer names every problem.
  const byItem = new Map<string, PriceRow[]>();
  for (const row of rows) byItem.set(row.item.id, [...(byItem.get(row.item.id) ?? []), row]);
  const itemIds = [...byItem.keys()].sort();
  for (const itemId of itemIds) await lockPricePair(trx, book.id, itemId);
  for (const itemId of itemIds) {
    const itemRows = byItem.get(itemId) as PriceRow[];
    const plan = planAdditions(await activeSpans(trx, book.id, itemId), itemRows.map((r) => ({ key: r.row, from: r.from, to: r.to })), now);
    for (const placed of plan) {
      const row = itemRows.find((r) => r.row === placed.key) as PriceRow;
      const column = columnLetter(1 + PRICE_HEADERS.indexOf('生效日期'));
      const mine = describeSpan(row);
      if (placed.conflict) {
        const other = placed.conflict.row ? { zh: `第 ${placed.conflict.row} 行`, en: `row ${placed.conflict.row}` } : { zh: '价格表中已有版本', en: 'the existing version' };
        const theirs = describeSpan(placed.conflict);
        found.push({
          row: row.row,
          column,
          header: '生效日期',
          message: `第 ${row.row} 行：“${row.item.code}”${mine.zh}与${other.zh}（${theirs.zh}）重叠`,
          messageEn: `Row ${row.row}: ${row.item.code} ${mine.en} overlaps ${other.en} (${theirs.en})`,
        });
      } else if (placed.retroactive && placed.close) {
        const theirs = describeSpan(placed.close);
        found.push({
          row: row.row,
          column,
          header: '生效日期',
          message: `第 ${row.row} 行：生效日期 ${formatShanghai(row.from)} 已过，不能追溯截止已生效的版本（${theirs.zh}）`,
          messageEn: `Row ${row.row}: the start ${formatShanghai(row.from)} has passed; the effective version (${theirs.en}) cannot be ended retroactively`,
        });
      }
    }
  }
  if (found.length > 0) throw rejected(found);

  const writer = { ...writerOf(actor, 'import'), importSm3: sm3, now };
  const created: string[] = [];
  let closed = 0;
  for (const itemId of itemIds) {
    const ordered = [...(byItem.get(itemId) as PriceRow[])].sort((a, b) => a.from.getTime() - b.from.getTime() || a.row - b.row);
    for (const row of ordered) {
      const result = await addPriceVersion(trx, writer, { bookId: book.id, item: row.item, unitPrice: row.unitPrice, from: row.from, to: row.to, reason: row.reason });
      created.push(result.id);
      if (result.closedId) closed++;
    }
  }
  audit.detail = { book: book.name, rows: rows.length, closed, sm3, bytes: body.length };
  const versions = [];
  for (const id of created) versions.push(await requireVersion(trx, id));
  return { imported: created.length, closed, sm3, versions };
}

