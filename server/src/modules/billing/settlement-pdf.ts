/**
 * The settlement's one-page summary as PDF, with a Chinese font embedded (subset) so that it prints
 * and is searchable anywhere: the plan's period and status, the totals per cloud operator (one contract
 * and payment each, SJ-15), the adjustments and the supervision budget (SJ-16). Deterministic: the
 * document's dates are the settlement's, not the moment of export.
 */
import type { SettlementDetail } from '@yunshu/shared/billing-api';
import { SETTLEMENT_STATUS_LABELS } from '@yunshu/shared/billing-api';
import { CJK_FONT, cjkPdf } from '../../platform/pdf/cjk-font.ts';

const yuan = (amount: string) => `${amount.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} 元`;

export function settlementPdf(settlement: SettlementDetail, district: string, font = CJK_FONT): Promise<Buffer> {
  const at = new Date(settlement.approvedAt ?? settlement.generatedAt);
  const { doc, bytes } = cjkPdf({ title: `${district}电子政务云资源结算项目 ${settlement.label}`, at }, font);

  doc.fontSize(18).text(`${district}电子政务云资源结算项目`, { align: 'center' });
  doc.fontSize(12).text(`结算期间：${settlement.firstMonth} 至 ${settlement.lastMonth}（${settlement.label}）`, { align: 'center' });
  doc.moveDown();
  doc.fontSize(11);
  doc.text(`状态：${SETTLEMENT_STATUS_LABELS[settlement.status].zh}`);
  doc.text(`月度账单合计：${yuan(settlement.statementsTotal)}    审价调整：${yuan(settlement.adjustmentsTotal)}`);
  doc.fontSize(13).text(`结算总额：${yuan(settlement.total)}`);
  doc.fontSize(11);
  if (settlement.supervisionBudget) {
    const cited = settlement.supervisionCap.article ? `（${settlement.supervisionCap.article}）` : '';
    doc.text(`第三方服务监管专项费用：${yuan(settlement.supervisionBudget)}，上限 ${yuan(settlement.supervisionCap.amount)}${cited}`);
  }
  doc.moveDown();

  doc.fontSize(13).text('按云服务商（运营单位）结算');
  doc.fontSize(10);
  const columns = [56, 250, 340, 430];
  const row = (cells: string[]) => {
    const y = doc.y;
    for (const [i, cell] of cells.entries()) {
      doc.text(cell, columns[i]!, y, { width: (columns[i + 1] ?? 540) - columns[i]! - 6, align: i === 0 ? 'left' : 'right' });
    }
    doc.x = 56;
    doc.moveDown(0.3);
  };
  row(['云服务商', '财政预算单位', '非预算单位', '结算金额']);
  for (const operator of settlement.byOperator) row([operator.provider.name, yuan(operator.districtBudget), yuan(operator.nonBudget), yuan(operator.total)]);
  row(['合计', '', '', yuan(settlement.total)]);
  doc.moveDown();

  doc.fontSize(13).text(`使用单位（共 ${settlement.byUnit.length} 家）`);
  doc.fontSize(10);
  for (const unit of settlement.byUnit) row([unit.unit.name, unit.districtBudget ? '财政预算' : '非预算（自理）', '', yuan(unit.total)]);
  doc.moveDown();

  if (settlement.adjustments.length > 0) {
    doc.fontSize(13).text(`审价调整（${settlement.adjustments.length} 项）`);
    doc.fontSize(10);
    for (const a of settlement.adjustments) doc.text(`${a.unit.name} · ${a.provider.name}：${yuan(a.amount)}，${a.reason}（${a.actorName}）`);
    doc.moveDown();
  }
  doc.fontSize(10).text(
    `编制：${settlement.generatedBy}；审价：${settlement.auditedBy ?? '—'}；审定：${settlement.approvedBy ?? '—'}${settlement.approvedAt ? `（${settlement.approvedAt.slice(0, 10)}）` : ''}`,
  );
  doc.end();
  return bytes;
}
