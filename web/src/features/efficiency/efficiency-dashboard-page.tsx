import type { MonitoringGap } from '@yunshu/shared/efficiency-api';
import { Alert, Card, Col, Row, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { getIdleSpendByUnit, getResourceUtilization, getUtilizationTrend, listMonitoringGaps } from '../../api/efficiency-api.ts';
import { listResources } from '../../api/resources-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ChartCard } from '../../components/chart-card.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { addCalendarDays, calendarDateOf, formatDateTime, shanghaiToday } from '../../i18n/shanghai-time.ts';
import { heatmapOption, type ServerUtilization, trendOption, unitsOption } from './efficiency-charts.ts';
import { FindingsCard } from './findings-card.tsx';

/** Servers drawn in the heat map: one utilisation request each, so a bounded number. */
const HEATMAP_SERVERS = 30;
const HEATMAP_DAYS = 14;
/** Units drawn in the idle-spend ranking: the most costly. */
const RANKED_UNITS = 10;

async function serverUtilizations(): Promise<{ servers: ServerUtilization[]; days: string[] }> {
  const yesterday = addCalendarDays(calendarDateOf(shanghaiToday()), -1);
  const from = addCalendarDays(yesterday, -(HEATMAP_DAYS - 1));
  const days = Array.from({ length: HEATMAP_DAYS }, (_, i) => addCalendarDays(from, i));
  const page = await listResources({ kind: 'server' }, 1, HEATMAP_SERVERS);
  const servers = await Promise.all(page.items.map(async (r) => ({ name: r.name, utilization: await getResourceUtilization(r.id, { from, to: yesterday }) })));
  return { servers: servers.filter((s) => s.utilization.days.length > 0), days };
}

function GapsCard() {
  const t = useT();
  const gaps = useAsync(useCallback(() => listMonitoringGaps('open'), []));
  const data = gaps.data;
  const columns: TableColumnsType<MonitoringGap> = [
    { title: t('efficiency.gaps.resource'), key: 'resource', render: (_, g) => <Link to={`/resources/${g.resource.id}`}>{g.resource.name}</Link> },
    { title: t('efficiency.gaps.unit'), key: 'unit', render: (_, g) => g.unit.name ?? t('common.none') },
    { title: t('efficiency.gaps.since'), key: 'since', render: (_, g) => `${formatDateTime(g.since)}${g.seenBefore ? '' : t('efficiency.gaps.neverSeen')}` },
    { title: t('efficiency.gaps.detectedAt'), dataIndex: 'detectedAt', render: (at: string) => formatDateTime(at) },
    { title: t('efficiency.gaps.notifiedAt'), dataIndex: 'notifiedAt', render: (at: string | null) => formatDateTime(at) },
  ];
  return (
    <Card title={t('efficiency.gaps.title')} style={{ height: '100%' }} data-testid="monitoring-gaps">
      {gaps.error ? <ApiErrorAlert error={gaps.error} /> : null}
      {data && !data.configured ? <Alert type="info" showIcon title={t('efficiency.gaps.notConfigured')} style={{ marginBottom: 12 }} data-testid="monitoring-not-configured" /> : null}
      {data?.configured ? (
        <Typography.Paragraph type="secondary">{t('efficiency.gaps.note', { minutes: data.staleMinutes })}</Typography.Paragraph>
      ) : null}
      <Table<MonitoringGap> rowKey="id" size="small" columns={columns} dataSource={data?.items ?? []} loading={gaps.loading} pagination={{ pageSize: 10, hideOnSinglePage: true }} locale={{ emptyText: t('efficiency.gaps.empty') }} />
    </Card>
  );
}

/**
 * 效能看板 (QP-13, QP-14, SJ-14): the utilisation trend weighted by allocation, units ranked by idle
 * spend (the monthly savings of their open findings), a heat map of servers by utilisation, servers missing monitoring and the findings with the
 * operator's "run now". A unit sees its own; the API narrows every figure.
 */
export function EfficiencyDashboardPage() {
  const t = useT();
  const { me } = useMe();
  const trend = useAsync(useCallback(() => getUtilizationTrend(), []));
  const ranking = useAsync(useCallback(() => getIdleSpendByUnit(), []));
  const heat = useAsync(useCallback(() => serverUtilizations(), []));
  const trendChart = useMemo(() => (trend.data ? trendOption(trend.data, t) : null), [trend.data, t]);
  const unitsChart = useMemo(() => (ranking.data ? unitsOption(ranking.data.items.slice(0, RANKED_UNITS), t) : null), [ranking.data, t]);
  const heatChart = useMemo(() => (heat.data ? heatmapOption(heat.data.servers, heat.data.days, t) : null), [heat.data, t]);
  const latest = trend.data?.days.at(-1);
  const simulated = heat.data?.servers.some((s) => s.utilization.days.some((d) => d.source === 'simulated'));

  return (
    <PageContainer title={t('efficiency.dashboard.title')} subtitle={me.scope === 'unit' ? t('efficiency.dashboard.subtitleUnit') : t('efficiency.dashboard.subtitle')}>
      <Row gutter={[16, 16]} data-testid="efficiency-dashboard">
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} data-testid="efficiency-cpu">
            <Statistic title={t('efficiency.dashboard.cpuAvg')} value={latest?.cpuAvg === null || latest === undefined ? '—' : `${latest.cpuAvg.toFixed(1)}%`} />
            {latest ? <Typography.Text type="secondary">{t('efficiency.dashboard.latestDay', { day: latest.day })}</Typography.Text> : null}
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={t('efficiency.dashboard.memoryAvg')} value={latest?.memoryAvg === null || latest === undefined ? '—' : `${latest.memoryAvg.toFixed(1)}%`} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={t('efficiency.dashboard.servers')} value={latest?.servers ?? 0} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} data-testid="efficiency-open-findings">
            <Statistic title={t('efficiency.dashboard.openFindings')} value={ranking.data?.openFindings ?? '—'} />
          </Card>
        </Col>
        <Col span={24}>
          <ChartCard title={t('efficiency.dashboard.trend')} label={t('efficiency.dashboard.trendLabel')} option={trendChart} empty={t('efficiency.dashboard.trendEmpty')} loading={trend.loading} error={trend.error} height={300} testId="efficiency-trend" />
        </Col>
        <Col xs={24} xl={12}>
          <Flexible
            note={
              ranking.data && unitsChart
                ? t('efficiency.dashboard.unitsNote', { shown: Math.min(RANKED_UNITS, ranking.data.items.length), units: ranking.data.items.length, total: formatYuan(ranking.data.idleMonthlySpend) })
                : null
            }
          >
            <ChartCard title={t('efficiency.dashboard.units')} label={t('efficiency.dashboard.unitsLabel')} option={unitsChart} empty={t('efficiency.dashboard.unitsEmpty')} loading={ranking.loading} error={ranking.error} height={280} testId="efficiency-units" />
          </Flexible>
        </Col>
        <Col xs={24} xl={12}>
          <Flexible note={heat.data && heatChart ? t('efficiency.dashboard.heatmapNote', { count: heat.data.servers.length }) : null}>
            <ChartCard title={t('efficiency.dashboard.heatmap')} label={t('efficiency.dashboard.heatmapLabel')} option={heatChart} empty={t('efficiency.dashboard.heatmapEmpty')} loading={heat.loading} error={heat.error} height={Math.max(280, (heat.data?.servers.length ?? 0) * 22 + 100)} testId="efficiency-heatmap" />
          </Flexible>
        </Col>
        {simulated ? (
          <Col span={24}>
            <Typography.Text type="secondary">{t('efficiency.dashboard.simulated')}</Typography.Text>
          </Col>
        ) : null}
        <Col span={24}>
          <GapsCard />
        </Col>
        <Col span={24}>
          <FindingsCard onRun={ranking.reload} />
        </Col>
      </Row>
    </PageContainer>
  );
}

/** A chart with a line under it saying what it counts. */
function Flexible({ note, children }: { note: string | null; children: React.ReactNode }) {
  return (
    <div style={{ height: '100%', display: 'flex', flexDirection: 'column', gap: 4 }}>
      {children}
      {note ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      ) : null}
    </div>
  );
}
