/**
 * Chart options of the efficiency dashboard. Tooltips are plain text (`richText`), so names of units and
 * servers are never read as HTML.
 */
import type { ResourceUtilization, UtilizationTrend } from '@yunshu/shared/efficiency-api';
import type { UnitIdleSpend } from '@yunshu/shared/efficiency-cases-api';
import type { EChartsCoreOption } from 'echarts/core';
import type { Translate } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';

const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

/** The district's (or unit's) daily CPU and memory utilisation, weighted by allocation as the API computes it. */
export function trendOption(trend: UtilizationTrend, t: Translate): EChartsCoreOption | null {
  if (trend.days.length === 0) return null;
  const line = (name: string, values: (number | null)[]) => ({ name, type: 'line', data: values, showSymbol: false, connectNulls: false });
  return {
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: percent },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: trend.days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [line(t('efficiency.dashboard.cpuAvg'), trend.days.map((d) => d.cpuAvg)), line(t('efficiency.dashboard.memoryAvg'), trend.days.map((d) => d.memoryAvg))],
  };
}

/**
 * Units by idle spend (¥ a month), most on top, each bar labelled with its amount and the tooltip giving
 * the open findings too. Amounts are drawn from `Number(amount)` — plotting only — and written as the
 * server sent them.
 */
export function unitsOption(units: UnitIdleSpend[], t: Translate): EChartsCoreOption | null {
  if (units.length === 0) return null;
  const amountOf = (index: number) => formatYuan(units[index]?.idleMonthlySpend ?? '');
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      renderMode: 'richText',
      formatter: (params: { dataIndex: number }[]) => {
        const unit = units[params[0]?.dataIndex ?? 0];
        if (!unit) return '';
        return [unit.unit.name, `${t('efficiency.dashboard.unitSpend')}: ${amountOf(params[0]?.dataIndex ?? 0)}`, `${t('efficiency.dashboard.unitFindings')}: ${unit.openFindings}`].join('\n');
      },
    },
    grid: { left: 170, right: 110, top: 8, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'category', inverse: true, data: units.map((u) => u.unit.name), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      {
        name: t('efficiency.dashboard.unitSpend'),
        type: 'bar',
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: (params: { dataIndex: number }) => amountOf(params.dataIndex) },
        data: units.map((u) => Number(u.idleMonthlySpend)),
      },
    ],
  };
}

export interface ServerUtilization {
  name: string;
  utilization: ResourceUtilization;
}

/** Servers × days, coloured by the day's average CPU utilisation; days without a rollup left blank. */
export function heatmapOption(servers: ServerUtilization[], days: string[], t: Translate): EChartsCoreOption | null {
  const cells: [number, number, number][] = [];
  servers.forEach((server, y) => {
    for (const day of server.utilization.days) {
      const x = days.indexOf(day.day);
      if (x >= 0 && day.cpu.avg !== null) cells.push([x, y, Math.round(day.cpu.avg * 10) / 10]);
    }
  });
  if (cells.length === 0) return null;
  return {
    tooltip: {
      renderMode: 'richText',
      formatter: (p: { value: [number, number, number] }) => `${servers[p.value[1]]?.name ?? ''}\n${days[p.value[0]] ?? ''}\n${t('efficiency.dashboard.cpuAvg')}: ${p.value[2]}%`,
    },
    grid: { left: 150, right: 24, top: 8, bottom: 72 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)), splitArea: { show: true } },
    yAxis: { type: 'category', data: servers.map((s) => s.name), axisLabel: { width: 130, overflow: 'truncate' }, splitArea: { show: true } },
    visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#e6f4ff', '#69b1ff', '#fa8c16', '#cf1322'] } },
    series: [{ type: 'heatmap', data: cells, label: { show: false } }],
  };
}
