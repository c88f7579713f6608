/**
 * A month's statements as an Excel workbook: a summary per unit (district-budget and non-budget units
 * marked), and one sheet per cloud operator with every statement line. Totals are SUM formulas with
 * the exact sums cached. What a unit downloads holds its own lines only (RLS).
 */
import { Money } from '@yunshu/shared/money';
import ExcelJS from 'exceljs';
import type { Trx } from '../../platform/db/database.ts';
import { cellAmount, header, sheetName, totalRow } from './excel-sheets.ts';
import { monthLines } from './statements.repository.ts';

const UNIT_LABELS: Record<string, string> = { vcpu_month: 'vCPU·小时', gib_month: 'GiB·小时', instance_month: '实例·小时', mbps_month: 'Mbps·小时' };

export async function statementsWorkbook(trx: Trx, month: string, at: Date): Promise<Buffer> {
  const lines = await monthLines(trx, month);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Yunshu 云枢';
  workbook.created = at;
  workbook.modified = at;
  const used = new Set<string>();

  const summary = workbook.addWorksheet(sheetName(`${month} 汇总`, used));
  header(summary, [
    { header: '使用单位', key: 'unit', width: 30 },
    { header: '预算性质', key: 'budget', width: 18 },
    { header: '账单金额（元）', key: 'total', width: 18, money: true },
  ]);
  const perUnit = new Map<string, { name: string; budget: boolean; total: Money }>();
  for (const line of lines) {
    const unit = perUnit.get(line.unit_id) ?? { name: line.unit_name, budget: line.district_budget, total: new Money(0) };
    unit.total = unit.total.plus(line.amount);
    perUnit.set(line.unit_id, unit);
  }
  for (const unit of perUnit.values()) summary.addRow({ unit: unit.name, budget: unit.budget ? '财政预算单位' : '非预算单位（自理）', total: cellAmount(unit.total.toFixed(2)) });
  const total = [...perUnit.values()].reduce((sum, u) => sum.plus(u.total), new Money(0));
  totalRow(summary, `${month} 合计`, 'unit', [{ key: 'total', letter: 'C', total: total.toFixed(2) }], perUnit.size);

  const providers = [...new Set(lines.map((l) => l.provider_name))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  for (const provider of providers) {
    const sheet = workbook.addWorksheet(sheetName(provider, used));
    header(sheet, [
      { header: '使用单位', key: 'unit', width: 26 },
      { header: '信息系统', key: 'system', width: 24 },
      { header: '云平台', key: 'platform', width: 22 },
      { header: '服务项目', key: 'item', width: 30 },
      { header: '单价（元/月）', key: 'price', width: 14 },
      { header: '用量', key: 'quantity', width: 16 },
      { header: '计量单位', key: 'uom', width: 12 },
      { header: '资源数', key: 'resources', width: 8 },
      { header: '金额（元）', key: 'amount', width: 16, money: true },
    ]);
    const rows = lines.filter((l) => l.provider_name === provider);
    for (const line of rows) {
      sheet.addRow({
        unit: line.unit_name,
        system: line.system_name ?? '',
        platform: line.platform_name,
        item: `${line.item_code} ${line.item_name}`,
        price: line.unit_price,
        quantity: new Money(line.quantity_hours).toDecimalPlaces(3).toString(),
        uom: UNIT_LABELS[line.unit_of_measure] ?? line.unit_of_measure,
        resources: line.resources,
        amount: cellAmount(line.amount),
      });
    }
    const providerTotal = rows.reduce((sum, l) => sum.plus(l.amount), new Money(0));
    totalRow(sheet, `${provider} 合计`, 'unit', [{ key: 'amount', letter: 'I', total: providerTotal.toFixed(2) }], rows.length);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
