/** Worksheet pieces the billing workbooks share: money columns, frozen headers, SUM total rows with exact cached results. */
import type ExcelJS from 'exceljs';

export const MONEY_FORMAT = '#,##0.00';
/** Excel keeps 15 significant digits; amounts are two-decimal yuan far below that, so the cell shows the exact figure. */
export const cellAmount = (text: string) => Number(text);

export function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 28);
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base.slice(0, 25)}(${n})`;
  used.add(candidate);
  return candidate;
}

export function header(sheet: ExcelJS.Worksheet, columns: { header: string; key: string; width: number; money?: boolean }[]) {
  sheet.columns = columns.map(({ header: title, key, width, money }) => ({ header: title, key, width, ...(money ? { style: { numFmt: MONEY_FORMAT } } : {}) }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export function totalRow(sheet: ExcelJS.Worksheet, label: string, labelKey: string, moneyColumns: { key: string; letter: string; total: string }[], rows: number) {
  const row = sheet.addRow({ [labelKey]: label });
  for (const column of moneyColumns) {
    row.getCell(column.key).value = rows > 0 ? { formula: `SUM(${column.letter}2:${column.letter}${rows + 1})`, result: cellAmount(column.total) } : 0;
  }
  row.font = { bold: true };
}
