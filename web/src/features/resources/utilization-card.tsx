import { Alert, Flex, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useCallback, useMemo } from 'react';
import type { ResourceUtilization } from '@yunshu/shared/efficiency-api';
import { getResourceUtilization } from '../../api/efficiency-api.ts';
import { ChartCard } from '../../components/chart-card.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

function chartOption(data: ResourceUtilization, t: Translate): EChartsCoreOption | null {
  if (data.days.length === 0) return null;
  const line = (name: string, values: (number | null)[], dashed: boolean) => ({
    name,
    type: 'line',
    data: values,
    showSymbol: false,
    connectNulls: false,
    lineStyle: dashed ? { type: 'dashed' } : {},
  });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`) },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: data.days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      line(t('resources.detail.cpuAvg'), data.days.map((d) => d.cpu.avg), false),
      line(t('resources.detail.cpuP95'), data.days.map((d) => d.cpu.p95), true),
      line(t('resources.detail.memoryAvg'), data.days.map((d) => d.memory.avg), false),
      line(t('resources.detail.memoryP95'), data.days.map((d) => d.memory.p95), true),
    ],
  };
}

/** CPU and memory utilisation of the last 30 days (average and p95 per day), and the monitoring-missing flag (QP-13). */
export function UtilizationCard({ resourceId }: { resourceId: string }) {
  const t = useT();
  const load = useCallback(() => getResourceUtilization(resourceId), [resourceId]);
  const utilization = useAsync(load);
  const data = utilization.data;
  const option = useMemo(() => (data ? chartOption(data, t) : null), [data, t]);
  const gap = data?.monitoringMissing ?? null;
  return (
    <Flex vertical gap={8}>
      {gap ? (
        <Alert
          type="warning"
          showIcon
          data-testid="monitoring-missing"
          title={t('resources.detail.monitoringMissing')}
          description={t('resources.detail.monitoringMissingSince', {
            since: formatDateTime(gap.since),
            never: gap.seenBefore ? '' : t('resources.detail.monitoringNeverSeen'),
          })}
        />
      ) : null}
      <ChartCard
        title={t('resources.detail.utilization')}
        label={t('resources.detail.utilizationLabel')}
        option={option}
        empty={t('resources.detail.utilizationEmpty')}
        loading={utilization.loading}
        error={utilization.error}
        testId="resource-utilization"
      />
      {data?.days.some((d) => d.source === 'simulated') ? <Typography.Text type="secondary">{t('resources.detail.simulatedSource')}</Typography.Text> : null}
    </Flex>
  );
}
