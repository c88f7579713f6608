/**
 * Chart options of the cost dashboard. Amounts are drawn from `Number(amount)` — plotting only — and
 * written everywhere as the server sent them. Tooltips are plain text (`richText`), so the names of units
 * and systems are never read as HTML.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { BillingShare, SummaryMonth } from '../../api/contract-types.ts';
import type { Translate } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';

const COLORS = { districtBudget: '#1677ff', nonBudget: '#fa8c16' };

/** A plain-text tooltip over the bar under the pointer, its lines written from the bar's index. */
function barTooltip(lines: (index: number) => string[]) {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    renderMode: 'richText',
    formatter: (params: { dataIndex: number }[]) => lines(params[0]?.dataIndex ?? 0).join('\n'),
  };
}

/** The district's monthly spend, stacked: district-budget units below, non-budget units above (SJ-15). */
export function trendOption(months: SummaryMonth[], t: Translate): EChartsCoreOption {
  const budget = t('billing.budget.districtBudget');
  const nonBudget = t('billing.budget.nonBudget');
  const labels = months.map((m) => (m.status === 'draft' ? t('billing.dashboard.draftMonth', { month: m.month }) : m.month));
  return {
    tooltip: barTooltip((index) => {
      const month = months[index];
      if (!month) return [];
      return [
        labels[index] ?? month.month,
        `${budget}: ${formatYuan(month.districtBudget)}`,
        `${nonBudget}: ${formatYuan(month.nonBudget)}`,
        `${t('billing.dashboard.total')}: ${formatYuan(month.total)}`,
      ];
    }),
    legend: { top: 0, data: [budget, nonBudget] },
    grid: { left: 80, right: 24, top: 40, bottom: 48 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: months.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: t('billing.dashboard.amount') },
    series: [
      { name: budget, type: 'bar', stack: 'spend', barMaxWidth: 48, itemStyle: { color: COLORS.districtBudget }, data: months.map((m) => Number(m.districtBudget)) },
      { name: nonBudget, type: 'bar', stack: 'spend', barMaxWidth: 48, itemStyle: { color: COLORS.nonBudget }, data: months.map((m) => Number(m.nonBudget)) },
    ],
  };
}

/** The highest spenders, largest on top, each bar labelled with its amount. */
export function topSharesOption(shares: BillingShare[], t: Translate): EChartsCoreOption {
  const amountOf = (index: number) => formatYuan(shares[index]?.total ?? '');
  return {
    tooltip: barTooltip((index) => [shares[index]?.name ?? '', `${t('billing.dashboard.amount')}: ${amountOf(index)}`]),
    grid: { left: 170, right: 110, top: 8, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'category', inverse: true, data: shares.map((share) => share.name), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        itemStyle: { color: COLORS.districtBudget },
        label: { show: true, position: 'right', formatter: (params: { dataIndex: number }) => amountOf(params.dataIndex) },
        data: shares.map((share) => Number(share.total)),
      },
    ],
  };
}
