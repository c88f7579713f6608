/** Builders for tests of platforms, the catalog and price books: the demo estate's ids and price workbooks. */
import ExcelJS from 'exceljs';
import type { TestPlatform } from './harness.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PRICE_HEADERS = ['服务编码', '服务名称', '计价单位', '单价（元）', '生效日期', '失效日期', '调价原因'];

/** A price workbook as people fill it in: Date values become date cells. */
export async function priceWorkbook(rows: unknown[][], headers: unknown[] = PRICE_HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('价格表');
  sheet.addRow(headers);
  for (const values of rows) {
    const row = sheet.addRow(values);
    values.forEach((value, i) => {
      if (value instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Ids of the demo district's platforms, providers, catalog items (by code) and price books. */
export async function demoEstate(t: TestPlatform) {
  const rows = <T>(text: string) => t.ownerQuery(text) as Promise<T[]>;
  const platforms = await rows<{ id: string; level: string; architecture: string }>(`SELECT id, level, architecture FROM platforms ORDER BY created_at`);
  const providers = await rows<{ id: string; name: string }>(`SELECT id, name FROM units WHERE type = 'provider'`);
  const items = await rows<{ id: string; code: string }>(`SELECT id, code FROM catalog_items`);
  const books = await rows<{ id: string; kind: string }>(`SELECT id, kind FROM price_books ORDER BY created_at`);
  return {
    pools: {
      x86: platforms.find((p) => p.level === 'district' && p.architecture === 'x86')!.id,
      arm: platforms.find((p) => p.architecture === 'arm')!.id,
      city: platforms.find((p) => p.level === 'city')!.id,
    },
    provider1: providers.find((p) => p.name === '申云数据科技有限公司')!.id,
    provider2: providers.find((p) => p.name === '沪信通信服务有限公司')!.id,
    items: Object.fromEntries(items.map((i) => [i.code, i.id])) as Record<string, string>,
    districtBook: books.find((b) => b.kind === 'district')!.id,
    tenderBook: books.find((b) => b.kind === 'city_tender')!.id,
  };
}
