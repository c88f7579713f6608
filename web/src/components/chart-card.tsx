import { Card, Empty } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { type ReactNode, Suspense } from 'react';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { LazyEChart } from './lazy-echart.ts';
import { Loading } from './loading.tsx';

interface ChartCardProps {
  title: string;
  /** The chart to draw; null when there is nothing to draw (the empty state shows instead). */
  option: EChartsCoreOption | null;
  /** What an empty chart says. */
  empty: string;
  /** For screen readers; the title by default. */
  label?: string;
  loading?: boolean;
  error?: unknown;
  height?: number;
  testId: string;
}

/** A card with one chart: the API's error, loading, an empty state when there is nothing to draw, or the chart. */
export function ChartCard({ title, option, empty, label, loading = false, error, height, testId }: ChartCardProps) {
  let body: ReactNode;
  if (error) body = <ApiErrorAlert error={error} />;
  else if (loading && !option) body = <Loading />;
  else if (!option) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  else
    body = (
      <Suspense fallback={<Loading />}>
        <LazyEChart option={option} label={label ?? title} {...(height ? { height } : {})} />
      </Suspense>
    );
  return (
    <Card title={title} style={{ height: '100%' }} data-testid={testId}>
      {body}
    </Card>
  );
}
