import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { instantCellValue, normalizeDecimal, parseInstantCell, parseUnitPrice, priceCellValue } from './excel-cells.ts';

const price = (value: unknown) => {
  const result = parseUnitPrice(value);
  return result.ok ? result.value : `error: ${result.en}`;
};
const instant = (value: unknown) => {
  const result = parseInstantCell(value);
  return result.ok ? result.value.toISOString() : `error: ${result.en}`;
};

describe('price cells', () => {
  test('a number typed as 0.35 reads exactly "0.35"; text keeps its digits', () => {
    assert.equal(price(0.35), '0.35');
    assert.equal(price(1.005), '1.005');
    assert.equal(price(35), '35');
    assert.equal(price('35.00'), '35.00');
    assert.equal(price(' ¥1,200.50 '), '1200.50');
    assert.equal(price({ formula: 'B2*1', result: 0.1 }), '0.1');
    assert.equal(price({ richText: [{ text: '12.' }, { text: '5' }] }), '12.5');
  });

  test('more than 6 decimals, negatives, exponents and words are refused', () => {
    assert.match(price('0.1234567'), /more than 6 decimal places/);
    assert.match(price(0.1 + 0.2), /more than 6 decimal places/, '0.30000000000000004 is not a price anyone typed');
    assert.match(price(1e-7), /too many digits/);
    assert.match(price(-1), /negative/);
    assert.match(price('三十五'), /not a valid amount/);
    assert.match(price(''), /required/);
  });

  test('a price survives a workbook round trip through a number cell', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    const values = ['0.35', '1.005', '35.00', '0.000001', '123456789012.123456'];
    values.forEach((v, i) => {
      sheet.getCell(i + 1, 1).value = priceCellValue(v);
    });
    const again = new ExcelJS.Workbook();
    await again.xlsx.load((await workbook.xlsx.writeBuffer()) as never);
    const read = values.map((_, i) => price(again.getWorksheet('x')!.getCell(i + 1, 1).value));
    assert.deepEqual(read.map(normalizeDecimal), values.map(normalizeDecimal));
    assert.equal(typeof priceCellValue('123456789012.123456'), 'string', 'beyond a double: written as text');
  });
});

describe('date cells', () => {
  test('dates mean 00:00 Beijing time, whichever way they are written', () => {
    const midnight = '2026-06-30T16:00:00.000Z';
    assert.equal(instant('2026-07-01'), midnight);
    assert.equal(instant('2026/7/1'), midnight);
    assert.equal(instant('2026年7月1日'), midnight);
    assert.equal(instant(new Date(Date.UTC(2026, 6, 1))), midnight, 'a date cell');
    assert.equal(instant(46204), midnight, 'a serial day number');
    assert.equal(instant('2026-07-01 08:30'), '2026-07-01T00:30:00.000Z');
    assert.equal(instant('2026-07-01T08:30:00+08:00'), '2026-07-01T00:30:00.000Z');
  });

  test('impossible and unreadable dates are refused', () => {
    assert.match(instant('2026-02-30'), /not a valid date/);
    assert.match(instant('下月一日'), /Unrecognised date/);
    assert.match(instant(''), /required/);
  });

  test('a written instant reads back as the same instant', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    const instants = [new Date('2026-06-30T16:00:00Z'), new Date('2026-07-01T00:30:15Z')];
    instants.forEach((at, i) => {
      const cell = sheet.getCell(i + 1, 1);
      cell.value = instantCellValue(at);
      cell.numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
    const again = new ExcelJS.Workbook();
    await again.xlsx.load((await workbook.xlsx.writeBuffer()) as never);
    assert.deepEqual(
      instants.map((_, i) => instant(again.getWorksheet('x')!.getCell(i + 1, 1).value)),
      instants.map((at) => at.toISOString()),
    );
  });
});
