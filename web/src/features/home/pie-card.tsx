import { Card, Empty } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { type ReactNode, Suspense, useMemo } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { LazyEChart } from '../../components/lazy-echart.ts';
import { Loading } from '../../components/loading.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

export interface PieSlice {
  name: string;
  value: number;
}

interface PieCardProps {
  title: string;
  slices: PieSlice[] | undefined;
  loading: boolean;
  error: unknown;
  testId: string;
}

/** A card with one pie chart of counted things, or an empty state when there is nothing to count. */
export function PieCard({ title, slices, loading, error, testId }: PieCardProps) {
  const t = useT();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'scroll', orient: 'vertical', left: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['65%', '50%'],
          avoidLabelOverlap: true,
          label: { formatter: '{c}' },
          data: slices ?? [],
        },
      ],
    }),
    [slices],
  );

  let body: ReactNode;
  if (error) body = <ApiErrorAlert error={error} />;
  else if (loading && !slices) body = <Loading />;
  else if (!slices || slices.length === 0) body = <Empty description={t('home.chartEmpty')} />;
  else
    body = (
      <Suspense fallback={<Loading />}>
        <LazyEChart option={option} label={title} />
      </Suspense>
    );

  return (
    <Card title={title} data-testid={testId}>
      {body}
    </Card>
  );
}
