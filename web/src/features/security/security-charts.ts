/**
 * Chart options of the security overview. Tooltips are plain text (`richText`), so the names of units are
 * never read as HTML; rates are drawn from `Number(rate)` and written as the server sent them.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { VulnerabilityStatsRow } from '../../api/contract-types.ts';
import type { Translate } from '../../i18n/i18n-provider.tsx';
import { ratioToPercent } from '../../i18n/number-format.ts';

const COLORS = { within: '#faad14', past: '#f5222d', fix: '#1677ff', onTime: '#52c41a' };

/** Open vulnerabilities in one age band: those still within their fix deadline and those past it. */
export interface AgeBand {
  label: string;
  within: number;
  past: number;
}

function axisTooltip(lines: (index: number) => string[]) {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    renderMode: 'richText',
    formatter: (params: { dataIndex: number }[]) => lines(params[0]?.dataIndex ?? 0).join('\n'),
  };
}

/** Open vulnerabilities by days since found, stacked: within the deadline below, past it above. */
export function ageOption(bands: AgeBand[], t: Translate): EChartsCoreOption {
  const within = t('securityOverview.withinDeadline');
  const past = t('securityOverview.pastDeadline');
  return {
    tooltip: axisTooltip((index) => {
      const band = bands[index];
      return band ? [band.label, `${within}: ${band.within}`, `${past}: ${band.past}`] : [];
    }),
    legend: { top: 0, data: [within, past] },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: bands.map((band) => band.label) },
    yAxis: { type: 'value', name: t('securityOverview.count'), minInterval: 1 },
    series: [
      { name: within, type: 'bar', stack: 'open', barMaxWidth: 56, itemStyle: { color: COLORS.within }, data: bands.map((band) => band.within) },
      { name: past, type: 'bar', stack: 'open', barMaxWidth: 56, itemStyle: { color: COLORS.past }, data: bands.map((band) => band.past) },
    ],
  };
}

const percentOf = (rate: string | null) => (rate === null ? '—' : `${ratioToPercent(rate)}%`);

/** Each unit's fix rate and on-time rate side by side, in percent (QP-24). */
export function ratesOption(rows: VulnerabilityStatsRow[], t: Translate): EChartsCoreOption {
  const fix = t('securityOverview.fixRateColumn');
  const onTime = t('securityOverview.onTimeRateColumn');
  return {
    tooltip: axisTooltip((index) => {
      const row = rows[index];
      return row ? [row.unit.name, `${fix}: ${percentOf(row.fixRate)}`, `${onTime}: ${percentOf(row.onTimeRate)}`] : [];
    }),
    legend: { top: 0, data: [fix, onTime] },
    grid: { left: 48, right: 24, top: 40, bottom: 64 },
    xAxis: { type: 'category', data: rows.map((row) => row.unit.name), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0, width: 120, overflow: 'truncate' } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: fix, type: 'bar', barMaxWidth: 32, itemStyle: { color: COLORS.fix }, data: rows.map((row) => (row.fixRate === null ? null : Number(row.fixRate) * 100)) },
      { name: onTime, type: 'bar', barMaxWidth: 32, itemStyle: { color: COLORS.onTime }, data: rows.map((row) => (row.onTimeRate === null ? null : Number(row.onTimeRate) * 100)) },
    ],
  };
}
