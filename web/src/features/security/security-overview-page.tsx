import { Card, Col, Empty, Row, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import type { MlpsStatus, VulnerabilityStats, VulnerabilityStatsRow } from '../../api/contract-types.ts';
import { getVulnerabilityStats, listMlpsStatus } from '../../api/security-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ChartCard } from '../../components/chart-card.tsx';
import { todayDate } from '../../components/date-field.tsx';
import { MlpsLevelTag } from '../../components/mlps-level-tag.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PieCard, type PieSlice } from '../../components/pie-card.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { ratioToPercent } from '../../i18n/number-format.ts';
import { addCalendarDays, formatDate } from '../../i18n/shanghai-time.ts';
import { type AgeBand, ageOption, ratesOption } from './security-charts.ts';

type MlpsState = 'ungraded' | 'unfiled' | 'filed' | 'overdue';
const MLPS_STATES: readonly MlpsState[] = ['filed', 'unfiled', 'ungraded', 'overdue'];

/** Where a system stands: an overdue re-assessment first, then grading and (from level 2) filing. */
function mlpsState(status: MlpsStatus): MlpsState {
  if (status.reassessment.overdue) return 'overdue';
  if (!status.gradedOn) return 'ungraded';
  return status.mlpsLevel >= 2 && !status.filingNumber ? 'unfiled' : 'filed';
}

/** Every system's MLPS status, page by page (a district has a few hundred). */
async function allMlpsStatus(): Promise<MlpsStatus[]> {
  const first = await listMlpsStatus({}, 1, MAX_PAGE_SIZE);
  const items = [...first.items];
  for (let page = 2; (page - 1) * MAX_PAGE_SIZE < first.total; page++) items.push(...(await listMlpsStatus({}, page, MAX_PAGE_SIZE)).items);
  return items;
}

const AGE_BANDS = [
  { key: 'week', from: 7, to: 0 },
  { key: 'month', from: 30, to: 8 },
  { key: 'quarter', from: 90, to: 31 },
  { key: 'older', from: null, to: 91 },
] as const;

interface VulnerabilityFigures {
  all: VulnerabilityStats;
  bands: { key: (typeof AGE_BANDS)[number]['key']; within: number; past: number }[];
}

const openOf = (rows: VulnerabilityStatsRow[]) => rows.reduce((sum, row) => sum + row.found - row.fixed, 0);
const overdueOf = (rows: VulnerabilityStatsRow[]) => rows.reduce((sum, row) => sum + row.openOverdue, 0);

/**
 * The rates as of today, and the open vulnerabilities by age: those found within each band of days and not
 * fixed today, from the same statistics narrowed to the days found.
 */
async function vulnerabilityFigures(): Promise<VulnerabilityFigures> {
  const today = todayDate();
  const [all, ...banded] = await Promise.all([
    getVulnerabilityStats({ asOf: today }),
    ...AGE_BANDS.map((band) =>
      getVulnerabilityStats({ asOf: today, to: addCalendarDays(today, -band.to), ...(band.from === null ? {} : { from: addCalendarDays(today, -band.from) }) }),
    ),
  ]);
  return {
    all: all!,
    bands: AGE_BANDS.map((band, index) => {
      const rows = banded[index]!.units;
      const open = openOf(rows);
      const past = overdueOf(rows);
      return { key: band.key, within: open - past, past };
    }),
  };
}

const percent = (rate: string | null) => (rate === null ? '—' : `${ratioToPercent(rate)}%`);

function overdueColumns(t: Translate, withUnit: boolean): TableColumnsType<MlpsStatus> {
  return [
    { title: t('menu.systems'), key: 'system', render: (_, row) => <Link to={`/systems/${row.systemId}/security`}>{row.systemName}</Link> },
    ...(withUnit ? [{ title: t('securityOverview.unit'), key: 'unit', render: (_: unknown, row: MlpsStatus) => row.unit.name }] : []),
    { title: t('securityRecord.mlps.level'), dataIndex: 'mlpsLevel', render: (level: number) => <MlpsLevelTag level={level} /> },
    { title: t('securityOverview.lastAssessedOn'), dataIndex: 'lastAssessedOn', render: (value: string | null) => formatDate(value) },
    {
      title: t('securityOverview.dueOn'),
      key: 'due',
      render: (_, row) => (
        <Typography.Text type="danger">
          {row.reassessment.dueOn} <Tag color="red">{t('securityRecord.mlps.overdue')}</Tag>
        </Typography.Text>
      ),
    },
  ];
}

function rateColumns(t: Translate): TableColumnsType<VulnerabilityStatsRow> {
  return [
    { title: t('securityOverview.unit'), key: 'unit', render: (_, row) => row.unit.name },
    { title: t('securityOverview.found'), dataIndex: 'found', align: 'right' },
    { title: t('securityOverview.fixed'), dataIndex: 'fixed', align: 'right' },
    { title: t('securityOverview.fixRateColumn'), dataIndex: 'fixRate', align: 'right', render: (rate: string | null) => <span data-testid="unit-fix-rate">{percent(rate)}</span> },
    { title: t('securityOverview.due'), dataIndex: 'due', align: 'right' },
    { title: t('securityOverview.fixedOnTime'), dataIndex: 'fixedOnTime', align: 'right' },
    { title: t('securityOverview.onTimeRateColumn'), dataIndex: 'onTimeRate', align: 'right', render: (rate: string | null) => percent(rate) },
    {
      title: t('securityOverview.openOverdueColumn'),
      dataIndex: 'openOverdue',
      align: 'right',
      render: (count: number) => (count > 0 ? <Typography.Text type="danger">{count}</Typography.Text> : count),
    },
  ];
}

function FigureCard({ title, value, note, testId }: { title: string; value: string | number; note?: string; testId: string }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Statistic title={title} value={value} />
      {note ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/**
 * 安全概览: the systems by MLPS status, the overdue re-assessments (QP-22), the open vulnerabilities by how
 * long they have been open, and each unit's fix rate and on-time rate (QP-24). A unit sees its own; the
 * API narrows every figure.
 */
export function SecurityOverviewPage() {
  const t = useT();
  const { me } = useMe();
  const ownUnit = me.scope === 'unit';
  const systems = useAsync(useCallback(() => allMlpsStatus(), []));
  const figures = useAsync(useCallback(() => vulnerabilityFigures(), []));

  const slices = useMemo<PieSlice[] | undefined>(() => {
    if (!systems.data) return undefined;
    const counts = new Map<MlpsState, number>();
    for (const status of systems.data) counts.set(mlpsState(status), (counts.get(mlpsState(status)) ?? 0) + 1);
    return MLPS_STATES.filter((state) => counts.get(state)).map((state) => ({ name: t(`securityOverview.statuses.${state}`), value: counts.get(state) ?? 0 }));
  }, [systems.data, t]);
  const overdue = useMemo(() => (systems.data ?? []).filter((status) => status.reassessment.overdue), [systems.data]);
  const bands = useMemo<AgeBand[] | undefined>(
    () => figures.data?.bands.map((band) => ({ label: t(`securityOverview.ages.${band.key}`), within: band.within, past: band.past })),
    [figures.data, t],
  );
  const ageChart = useMemo(() => (bands?.some((band) => band.within + band.past > 0) ? ageOption(bands, t) : null), [bands, t]);
  const unitRows = useMemo(() => (figures.data?.all.units ?? []).filter((row) => row.found > 0), [figures.data]);
  const ratesChart = useMemo(() => (unitRows.length > 0 ? ratesOption(unitRows, t) : null), [unitRows, t]);

  const all = figures.data?.all.units ?? [];
  const found = all.reduce((sum, row) => sum + row.found, 0);
  const fixed = all.reduce((sum, row) => sum + row.fixed, 0);
  const due = all.reduce((sum, row) => sum + row.due, 0);
  const onTime = all.reduce((sum, row) => sum + row.fixedOnTime, 0);
  const rate = (numerator: number, denominator: number) => (denominator === 0 ? '—' : `${((numerator / denominator) * 100).toFixed(1)}%`);

  return (
    <PageContainer title={t('securityOverview.title')} subtitle={ownUnit ? t('securityOverview.subtitleUnit') : t('securityOverview.subtitle')}>
      {systems.error ? <ApiErrorAlert error={systems.error} /> : null}
      {figures.error ? <ApiErrorAlert error={figures.error} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <FigureCard title={t('securityOverview.systems')} value={systems.data?.length ?? '—'} note={t('securityOverview.ungraded') + ` ${systems.data?.filter((s) => !s.gradedOn).length ?? '—'}`} testId="security-systems" />
        </Col>
        <Col xs={12} lg={6}>
          <FigureCard title={t('securityOverview.overdue')} value={systems.data ? overdue.length : '—'} testId="security-overdue-count" />
        </Col>
        <Col xs={12} lg={6}>
          <FigureCard
            title={t('securityOverview.openVulnerabilities')}
            value={figures.data ? found - fixed : '—'}
            note={t('securityOverview.openOverdue', { count: figures.data ? overdueOf(all) : '—' })}
            testId="security-open-vulnerabilities"
          />
        </Col>
        <Col xs={12} lg={6}>
          <FigureCard title={t('securityOverview.fixRate')} value={figures.data ? rate(fixed, found) : '—'} note={t('securityOverview.onTimeRate', { rate: rate(onTime, due) })} testId="security-fix-rate" />
        </Col>
        <Col xs={24} xl={10}>
          <PieCard title={t('securityOverview.byStatus')} slices={slices} empty={t('securityOverview.empty')} loading={systems.loading} testId="security-by-status" />
        </Col>
        <Col xs={24} xl={14}>
          <ChartCard
            title={t('securityOverview.byAge')}
            label={t('securityOverview.byAgeLabel')}
            option={ageChart}
            empty={t('securityOverview.byAgeEmpty')}
            loading={figures.loading}
            testId="security-by-age"
          />
        </Col>
        <Col span={24}>
          <Card title={t('securityOverview.overdueTitle')} size="small">
            <Table<MlpsStatus>
              rowKey="systemId"
              size="small"
              columns={overdueColumns(t, !ownUnit)}
              dataSource={overdue}
              loading={systems.loading}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('securityOverview.overdueEmpty')} /> }}
              data-testid="security-overdue"
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard title={t('securityOverview.ratesTitle')} label={t('securityOverview.ratesLabel')} option={ratesChart} empty={t('securityOverview.ratesEmpty')} loading={figures.loading} testId="security-rates-chart" />
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('securityOverview.ratesTitle')} size="small" style={{ height: '100%' }}>
            <Table<VulnerabilityStatsRow>
              rowKey={(row) => row.unit.id}
              size="small"
              columns={rateColumns(t)}
              dataSource={unitRows}
              loading={figures.loading}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('securityOverview.ratesEmpty')} /> }}
              data-testid="security-rates"
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('securityOverview.ratesHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
