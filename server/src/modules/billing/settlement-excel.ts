/**
 * The settlement plan as an Excel workbook (“电子政务云资源结算项目”): a summary sheet per cloud operator
 * (one contract and payment each, SJ-15), one sheet per operator with its units and systems, and the
 * auditor's adjustments. Totals are SUM formulas whose cached results are the exact sums, so the
 * workbook re-adds to the fen whether or not Excel recalculates. Deterministic: no timestamps inside.
 */
import type { SettlementDetail } from '@yunshu/shared/billing-api';
import { Money } from '@yunshu/shared/money';
import ExcelJS from 'exceljs';
import { cellAmount, header, sheetName, totalRow } from './excel-sheets.ts';

export async function settlementWorkbook(settlement: SettlementDetail, district: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Yunshu 云枢';
  workbook.created = new Date(settlement.generatedAt);
  workbook.modified = new Date(settlement.generatedAt);
  const used = new Set<string>();

  const summary = workbook.addWorksheet(sheetName('汇总', used));
  header(summary, [
    { header: '云服务商（运营单位）', key: 'provider', width: 30 },
    { header: '月度账单合计（元）', key: 'statements', width: 20, money: true },
    { header: '审价调整（元）', key: 'adjustments', width: 16, money: true },
    { header: '结算金额（元）', key: 'total', width: 18, money: true },
    { header: '其中：财政预算单位', key: 'budget', width: 20, money: true },
    { header: '其中：非预算单位（自理）', key: 'nonBudget', width: 24, money: true },
  ]);
  for (const operator of settlement.byOperator) {
    summary.addRow({
      provider: operator.provider.name,
      statements: cellAmount(operator.statements),
      adjustments: cellAmount(operator.adjustments),
      total: cellAmount(operator.total),
      budget: cellAmount(operator.districtBudget),
      nonBudget: cellAmount(operator.nonBudget),
    });
  }
  const sums = (pick: (o: SettlementDetail['byOperator'][number]) => string) => settlement.byOperator.reduce((sum, o) => sum.plus(pick(o)), new Money(0));
  totalRow(
    summary,
    `${district} ${settlement.label} 合计`,
    'provider',
    [
      { key: 'statements', letter: 'B', total: settlement.statementsTotal },
      { key: 'adjustments', letter: 'C', total: settlement.adjustmentsTotal },
      { key: 'total', letter: 'D', total: settlement.total },
      { key: 'budget', letter: 'E', total: sums((o) => o.districtBudget).toFixed(2) },
      { key: 'nonBudget', letter: 'F', total: sums((o) => o.nonBudget).toFixed(2) },
    ],
    settlement.byOperator.length,
  );
  summary.addRow({});
  summary.addRow({ provider: `结算期间：${settlement.firstMonth} 至 ${settlement.lastMonth}` });
  summary.addRow({ provider: `状态：${settlement.status}；审定：${settlement.approvedBy ?? '—'}` });
  if (settlement.supervisionBudget) summary.addRow({ provider: `第三方服务监管专项费用：${settlement.supervisionBudget} 元（上限 ${settlement.supervisionCap.amount} 元）` });

  for (const operator of settlement.byOperator) {
    const sheet = workbook.addWorksheet(sheetName(operator.provider.name, used));
    header(sheet, [
      { header: '使用单位', key: 'unit', width: 28 },
      { header: '信息系统', key: 'system', width: 28 },
      { header: '月度账单合计（元）', key: 'statements', width: 20, money: true },
      { header: '审价调整（元）', key: 'adjustments', width: 16, money: true },
      { header: '结算金额（元）', key: 'total', width: 18, money: true },
    ]);
    const rows = settlement.bySystem.filter((s) => s.provider.id === operator.provider.id);
    for (const row of rows) {
      sheet.addRow({ unit: row.unit.name, system: row.system?.name ?? '（未关联信息系统）', statements: cellAmount(row.statements), adjustments: cellAmount(row.adjustments), total: cellAmount(row.total) });
    }
    totalRow(
      sheet,
      `${operator.provider.name} 合计`,
      'unit',
      [
        { key: 'statements', letter: 'C', total: operator.statements },
        { key: 'adjustments', letter: 'D', total: operator.adjustments },
        { key: 'total', letter: 'E', total: operator.total },
      ],
      rows.length,
    );
  }

  const adjustments = workbook.addWorksheet(sheetName('审价调整', used));
  header(adjustments, [
    { header: '云服务商', key: 'provider', width: 26 },
    { header: '使用单位', key: 'unit', width: 26 },
    { header: '信息系统', key: 'system', width: 24 },
    { header: '调整金额（元）', key: 'amount', width: 16, money: true },
    { header: '调整理由', key: 'reason', width: 48 },
    { header: '审价人员', key: 'actor', width: 16 },
    { header: '时间', key: 'at', width: 22 },
  ]);
  for (const a of settlement.adjustments) {
    adjustments.addRow({ provider: a.provider.name, unit: a.unit.name, system: a.system?.name ?? '', amount: cellAmount(a.amount), reason: a.reason, actor: a.actorName, at: a.createdAt });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
