import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { EVALUATION_GRADES } from '../../api/contract-enums.ts';
import type { EvaluationUnitResult } from '../../api/contract-types.ts';
import { ChartCard } from '../../components/chart-card.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

/** The bars in the tags' colours (GRADE_COLORS), as ECharts takes them. */
const BAR_COLORS = { excellent: '#52c41a', good: '#1677ff', pass: '#faad14', fail: '#f5222d' } as const;

/** 等次分布: how many units got each grade, best first; tooltips are plain text. */
export function GradeChart({ results }: { results: EvaluationUnitResult[] }) {
  const t = useT();
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (results.length === 0) return null;
    const counts = EVALUATION_GRADES.map((grade) => results.filter((r) => r.grade === grade).length);
    const labels = EVALUATION_GRADES.map((grade) => t(`evaluation.grades.${grade}`));
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        renderMode: 'richText',
        formatter: (params: { dataIndex: number }[]) => {
          const index = params[0]?.dataIndex ?? 0;
          return `${labels[index] ?? ''}: ${counts[index] ?? 0}`;
        },
      },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: t('evaluation.chart.units'), minInterval: 1 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: EVALUATION_GRADES.map((grade, index) => ({ value: counts[index], itemStyle: { color: BAR_COLORS[grade] } })),
        },
      ],
    };
  }, [results, t]);
  return <ChartCard title={t('evaluation.chart.title')} option={option} empty={t('evaluation.chart.empty')} height={240} testId="evaluation-grade-chart" />;
}
