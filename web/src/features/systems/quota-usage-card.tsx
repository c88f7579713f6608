import { Card, Empty, Flex, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { type ReactNode, Suspense, useMemo } from 'react';
import type { QuotaUsage, QuotaUsageLine } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { LazyEChart } from '../../components/lazy-echart.ts';
import { Loading } from '../../components/loading.tsx';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity, ratioToPercent } from '../../i18n/number-format.ts';

const COLORS = { approved: '#1677ff', allocated: '#52c41a', pending: '#faad14', ceiling: '#cf1322' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The tooltip of one item: the server's own figures (strings), not the chart's floating-point copies. */
function tooltipOf(line: QuotaUsageLine, t: Translate): string {
  const unit = unitOfMeasureLabel(t, line.unitOfMeasure);
  const row = (color: string, label: string, value: string) =>
    `<div><span style="display:inline-block;width:8px;height:8px;border-radius:4px;margin-right:6px;background:${color}"></span>${escapeHtml(label)}：<b>${escapeHtml(formatQuantity(value))}</b> ${escapeHtml(unit)}</div>`;
  return [
    `<div style="margin-bottom:4px"><b>${escapeHtml(line.itemName)}</b> <code>${escapeHtml(line.itemCode)}</code></div>`,
    row(COLORS.approved, t('quotaUsage.approved'), line.approved),
    row(COLORS.allocated, t('quotaUsage.allocated'), line.allocated),
    row(COLORS.pending, t('quotaUsage.pending'), line.pending),
    row(COLORS.ceiling, t('quotaUsage.ceiling'), line.ceiling),
    row('transparent', t('quotaUsage.headroom'), line.headroom),
  ].join('');
}

/** `part` as a percentage of `whole`, for drawing only (both are quantities, never money). */
function percentOf(part: string, whole: string): number {
  const base = Number(whole);
  return base > 0 ? (Number(part) / base) * 100 : 0;
}

/**
 * Per catalog item, allocated and pending as a share of the approved quota (the items have different
 * units, so one axis of percentages compares them), and the expansion ceiling (approved × the district's
 * ratio, QP-10) as one line across. The figures shown (labels, tooltip) are the server's strings.
 */
function usageOption(usage: QuotaUsage, t: Translate): EChartsCoreOption {
  const { lines } = usage;
  const ceiling = Number(ratioToPercent(usage.ceilingRatio));
  const highest = Math.max(ceiling, ...lines.flatMap((line) => [line.allocated, line.pending].map((part) => percentOf(part, line.approved))));
  const top = Math.ceil((highest + 10) / 20) * 20;
  const series = (name: string, pick: (line: QuotaUsageLine) => string, color: string) => ({
    name,
    type: 'bar',
    barMaxWidth: 40,
    itemStyle: { color },
    data: lines.map((line) => percentOf(pick(line), line.approved)),
    label: {
      show: true,
      position: 'top',
      fontSize: 11,
      formatter: (params: { dataIndex: number }) => {
        const line = lines[params.dataIndex];
        return line ? formatQuantity(pick(line)) : '';
      },
    },
  });
  const approved = series(t('quotaUsage.approved'), (l) => l.approved, COLORS.approved);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = Array.isArray(params) ? (params[0] as { dataIndex?: number } | undefined) : undefined;
        const line = first?.dataIndex === undefined ? undefined : lines[first.dataIndex];
        return line ? tooltipOf(line, t) : '';
      },
    },
    legend: { top: 0, data: [t('quotaUsage.approved'), t('quotaUsage.allocated'), t('quotaUsage.pending')] },
    grid: { left: 56, right: 96, top: 48, bottom: 48 },
    xAxis: {
      type: 'category',
      data: lines.map((line) => `${line.itemCode}\n${unitOfMeasureLabel(t, line.unitOfMeasure)}`),
      axisLabel: { interval: 0 },
    },
    yAxis: {
      type: 'value',
      name: t('quotaUsage.axis'),
      axisLabel: { formatter: '{value}%' },
      // Room above the ceiling line for its label; ticks every 20% while that stays readable.
      max: top,
      ...(top <= 200 ? { interval: 20 } : {}),
    },
    series: [
      {
        ...approved,
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: COLORS.ceiling, type: 'dashed', width: 2 },
          label: { position: 'end', color: COLORS.ceiling, formatter: t('quotaUsage.ceilingLine', { percent: ceiling }) },
          data: [{ yAxis: ceiling }],
        },
      },
      series(t('quotaUsage.allocated'), (l) => l.allocated, COLORS.allocated),
      series(t('quotaUsage.pending'), (l) => l.pending, COLORS.pending),
    ],
  };
}

interface QuotaUsageCardProps {
  usage: QuotaUsage | undefined;
  loading: boolean;
  error: unknown;
}

/** 配额使用: the chart, titled with the ceiling ratio and the article it comes from (e.g. QP-10). */
export function QuotaUsageCard({ usage, loading, error }: QuotaUsageCardProps) {
  const t = useT();
  const option = useMemo(() => (usage ? usageOption(usage, t) : null), [usage, t]);

  const title = (
    <Flex gap={8} align="center" wrap>
      <span>{t('quotaUsage.title')}</span>
      {usage ? (
        <>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="quota-usage-ceiling">
            {t('quotaUsage.ceilingTitle', { percent: ratioToPercent(usage.ceilingRatio) })}
          </Typography.Text>
          {usage.article ? <ArticleTag article={usage.article} /> : null}
        </>
      ) : null}
    </Flex>
  );

  let body: ReactNode;
  if (error) body = <ApiErrorAlert error={error} />;
  else if (loading && !usage) body = <Loading />;
  else if (!usage || !option || usage.lines.length === 0) body = <Empty description={t('quotaUsage.empty')} />;
  else
    body = (
      <Flex vertical gap={8}>
        <Suspense fallback={<Loading />}>
          <LazyEChart option={option} height={320} label={t('quotaUsage.chartLabel')} />
        </Suspense>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('quotaUsage.unitsNote')}
        </Typography.Text>
      </Flex>
    );

  return (
    <Card title={title} size="small" data-testid="quota-usage-chart">
      {body}
    </Card>
  );
}
