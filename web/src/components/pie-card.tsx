import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { ChartCard } from './chart-card.tsx';

export interface PieSlice {
  name: string;
  /** What the slice's size is drawn from. */
  value: number;
  /** How the value is written, e.g. a money amount as the server sent it; the value itself by default. */
  text?: string;
}

interface PieCardProps {
  title: string;
  slices: PieSlice[] | undefined;
  /** What an empty chart says. */
  empty: string;
  loading?: boolean;
  error?: unknown;
  testId: string;
}

/** A card with one ring chart of shares, or an empty state when there is nothing to share out. */
export function PieCard({ title, slices, empty, loading = false, error, testId }: PieCardProps) {
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!slices || slices.length === 0) return null;
    const textOf = (params: { data?: unknown; value?: unknown }) => (params.data as PieSlice | undefined)?.text ?? String(params.value ?? '');
    return {
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: (params: { name: string; percent: number; data?: unknown }) => `${params.name}: ${textOf(params)} (${params.percent}%)` },
      legend: { type: 'scroll', orient: 'vertical', left: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['38%', '64%'],
          center: ['62%', '50%'],
          avoidLabelOverlap: true,
          label: { formatter: textOf },
          data: slices,
        },
      ],
    };
  }, [slices]);
  return <ChartCard title={title} option={option} empty={empty} loading={loading} error={error} testId={testId} />;
}
