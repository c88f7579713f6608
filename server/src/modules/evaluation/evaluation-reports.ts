/**
 * The evaluation's reports: an Excel workbook of all units and all indicators (ranked, with the model
 * and the adjustments with their reasons), and a PDF per unit with a Chinese font embedded, its name
 * and every indicator's evidence as text. Both are dated by the run or the publication, not the export,
 * so the same evaluation always exports the same content.
 */
import {
  EVALUATION_GRADE_LABELS,
  EVALUATION_INDICATOR_LABELS,
  EVALUATION_STATUS_LABELS,
  type EvaluationDetail,
  type IndicatorScore,
  type UnitResult,
} from '@yunshu/shared/evaluation-api';
import ExcelJS from 'exceljs';
import { CJK_FONT, cjkPdf } from '../../platform/pdf/cjk-font.ts';
import { header } from '../billing/excel-sheets.ts';

const POINTS_FORMAT = '0.00';

const EVIDENCE_LABELS: Record<string, string> = {
  found: '当年发现漏洞',
  fixed: '已修复',
  rate: '比例',
  due: '已到期（或已修复）',
  fixedOnTime: '按期修复',
  openOverdue: '逾期未修复',
  notices: '被通报次数',
  list: '通报',
  required: '须测评系统',
  completed: '已完成测评',
  missing: '未测评系统',
  drills: '应急演练次数',
  trainings: '安全培训次数',
  vcpuHours: 'vCPU·小时',
  stoppedVcpuHours: '停机 vCPU·小时',
  stoppedShare: '停机占比',
  serverDays: '监测云主机·天',
  vcpuDays: 'vCPU·天',
  meanCpu: '加权平均CPU使用率',
  target: '目标使用率',
  idleFindings: '闲置和僵尸发现',
  lowUtilization: '使用率长期较低',
  zombie: '僵尸系统',
  warnings: '整改警告',
  complied: '按期反馈或整改',
};

/** An indicator's evidence as one line of text: “当年发现漏洞 4，已修复 3，比例 75.0%”. */
export function evidenceText(score: IndicatorScore): string {
  // In the labels' order: the stored evidence is jsonb, which keeps its keys in an order of its own.
  const known = Object.keys(EVIDENCE_LABELS).filter((key) => key in score.evidence);
  const parts = [...known, ...Object.keys(score.evidence).filter((key) => !(key in EVIDENCE_LABELS))]
    .filter((key) => score.evidence[key] !== null && score.evidence[key] !== '')
    .map((key) => `${EVIDENCE_LABELS[key] ?? key} ${score.evidence[key]}`);
  return parts.length > 0 ? parts.join('，') : '无记录';
}

const dateOf = (detail: EvaluationDetail) => new Date(detail.publishedAt ?? detail.runAt);

export async function evaluationWorkbook(detail: EvaluationDetail, district: string, basis: string | null): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Yunshu 云枢';
  workbook.created = dateOf(detail);
  workbook.modified = dateOf(detail);

  const results = workbook.addWorksheet(`${detail.year} 年度评价结果`);
  const indicators = detail.model.indicators;
  header(results, [
    { header: '名次', key: 'rank', width: 8 },
    { header: '使用单位', key: 'unit', width: 30 },
    { header: '总分', key: 'total', width: 10 },
    { header: '等次', key: 'grade', width: 10 },
    ...indicators.map((i) => ({ header: `${EVALUATION_INDICATOR_LABELS[i.indicator].zh}（${i.weight}分）`, key: i.indicator, width: 20 })),
  ]);
  for (const result of detail.results) {
    const row = results.addRow({
      rank: result.rank,
      unit: result.unit.name,
      total: Number(result.total),
      grade: EVALUATION_GRADE_LABELS[result.grade].zh,
      ...Object.fromEntries(result.scores.map((s) => [s.indicator, Number(s.score)])),
    });
    for (const key of ['total', ...indicators.map((i) => i.indicator)]) row.getCell(key).numFmt = POINTS_FORMAT;
  }

  const evidence = workbook.addWorksheet('指标依据');
  header(evidence, [
    { header: '使用单位', key: 'unit', width: 30 },
    { header: '指标', key: 'indicator', width: 22 },
    { header: '分值', key: 'weight', width: 8 },
    { header: '计算得分', key: 'computed', width: 10 },
    { header: '调整', key: 'adjustment', width: 8 },
    { header: '得分', key: 'score', width: 8 },
    { header: '依据', key: 'evidence', width: 70 },
  ]);
  for (const result of detail.results) {
    for (const score of result.scores) {
      evidence.addRow({
        unit: result.unit.name,
        indicator: EVALUATION_INDICATOR_LABELS[score.indicator].zh,
        weight: Number(score.weight),
        computed: Number(score.computed),
        adjustment: Number(score.adjustment),
        score: Number(score.score),
        evidence: evidenceText(score),
      });
    }
  }

  const model = workbook.addWorksheet('评价模型');
  header(model, [
    { header: '指标', key: 'indicator', width: 22 },
    { header: '维度', key: 'dimension', width: 12 },
    { header: '分值', key: 'weight', width: 8 },
    { header: '计分规则', key: 'rule', width: 80 },
  ]);
  for (const i of indicators) {
    const labels = EVALUATION_INDICATOR_LABELS[i.indicator];
    const deduct = `${i.deductPer ? `（每次扣 ${i.deductPer} 分）` : ''}${i.target ? `（目标使用率 ${i.target * 100}%）` : ''}`;
    model.addRow({ indicator: labels.zh, dimension: labels.dimension === 'security' ? '安全状况' : '资源使用效率', weight: i.weight, rule: `${labels.rule.zh}${deduct}` });
  }
  model.addRow({});
  model.addRow({ indicator: `等次：${detail.model.grades.map((g) => `${EVALUATION_GRADE_LABELS[g.grade].zh} ≥ ${g.min}`).join('，')}` });
  model.addRow({ indicator: `${district} · 依据 ${basis ?? '本区政策参数 evaluation.model'} · ${EVALUATION_STATUS_LABELS[detail.status].zh}` });

  if (detail.adjustments.length > 0) {
    const adjustments = workbook.addWorksheet('人工调整');
    header(adjustments, [
      { header: '使用单位', key: 'unit', width: 30 },
      { header: '指标', key: 'indicator', width: 22 },
      { header: '调整分', key: 'points', width: 10 },
      { header: '理由', key: 'reason', width: 60 },
      { header: '调整人', key: 'actor', width: 14 },
      { header: '时间', key: 'at', width: 22 },
    ]);
    for (const a of detail.adjustments) {
      adjustments.addRow({ unit: a.unit.name, indicator: EVALUATION_INDICATOR_LABELS[a.indicator].zh, points: Number(a.points), reason: a.reason, actor: a.actorName, at: a.createdAt });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function unitReportPdf(detail: EvaluationDetail, result: UnitResult, district: string, basis: string | null, font = CJK_FONT): Promise<Buffer> {
  const { doc, bytes } = cjkPdf({ title: `${result.unit.name} ${detail.year} 年度电子政务云综合评价报告`, at: dateOf(detail) }, font);
  doc.fontSize(18).text(`${district}电子政务云使用单位综合评价报告`, { align: 'center' });
  doc.fontSize(12).text(`${detail.year} 年度`, { align: 'center' });
  doc.moveDown();
  doc.fontSize(13).text(`使用单位：${result.unit.name}`);
  doc.fontSize(12).text(`总分：${result.total}    等次：${EVALUATION_GRADE_LABELS[result.grade].zh}    名次：第 ${result.rank} 名（共 ${detail.units} 家）`);
  doc.fontSize(10).text(`状态：${EVALUATION_STATUS_LABELS[detail.status].zh}${detail.publishedAt ? `，${detail.publishedBy} 于 ${detail.publishedAt.slice(0, 10)} 发布` : ''}`);
  doc.moveDown();
  doc.fontSize(13).text('评价指标');
  doc.fontSize(10);
  for (const score of result.scores) {
    const labels = EVALUATION_INDICATOR_LABELS[score.indicator];
    const adjusted = Number(score.adjustment) !== 0 ? `（计算 ${score.computed}，调整 ${score.adjustment}）` : '';
    doc.fontSize(11).text(`${labels.zh}：${score.score} / ${score.weight} 分${adjusted}`);
    doc.fontSize(9).text(`依据：${evidenceText(score)}`, { indent: 14 });
    doc.fontSize(9).text(`规则：${labels.rule.zh}`, { indent: 14 });
    doc.moveDown(0.4);
  }
  const adjustments = detail.adjustments.filter((a) => a.unit.id === result.unit.id);
  if (adjustments.length > 0) {
    doc.moveDown();
    doc.fontSize(13).text('人工调整');
    doc.fontSize(10);
    for (const a of adjustments) doc.text(`${EVALUATION_INDICATOR_LABELS[a.indicator].zh} ${a.points} 分：${a.reason}（${a.actorName}）`);
  }
  doc.moveDown();
  doc.fontSize(9).text(`依据：${basis ? `${basis}；` : ''}评价结果作为使用单位电子政务云资源申请、调整的重要依据。`);
  doc.end();
  return bytes;
}
