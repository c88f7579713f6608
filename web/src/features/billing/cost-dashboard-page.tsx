import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Form, Row, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../access.ts';
import { type BillingPeriod, fetchBillingSummary } from '../../api/billing-api.ts';
import type { BillingSummary, SystemShare } from '../../api/contract-types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ChartCard } from '../../components/chart-card.tsx';
import { categoryLabel } from '../../components/estate-labels.ts';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PieCard, type PieSlice } from '../../components/pie-card.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import type { PickedDate } from '../../i18n/shanghai-time.ts';
import { topSharesOption, trendOption } from './cost-charts.ts';

const TOP = 10;

interface RangeValues {
  range?: [PickedDate, PickedDate] | null;
}

/** `2026-03` of a month picked in the range picker. */
function monthOfPicked(value: PickedDate): string {
  return `${String(value.year()).padStart(4, '0')}-${String(value.month() + 1).padStart(2, '0')}`;
}

function slicesOf(shares: BillingSummary['byProvider'], name: (share: BillingSummary['byProvider'][number]) => string = (share) => share.name): PieSlice[] {
  return shares.map((share) => ({ name: name(share), value: Number(share.total), text: formatYuan(share.total) }));
}

function FigureCard({ title, value, note, testId }: { title: string; value: string | number; note?: string; testId?: string }) {
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

function systemColumns(t: Translate, withUnit: boolean): TableColumnsType<SystemShare> {
  return [
    { title: t('billing.dashboard.system'), key: 'system', render: (_, row) => (row.id ? <Link to={`/systems/${row.id}`}>{row.name}</Link> : row.name) },
    ...(withUnit ? [{ title: t('billing.dashboard.unit'), dataIndex: 'unitName' }] : []),
    { title: t('billing.dashboard.amount'), dataIndex: 'total', align: 'right', render: (total: string) => formatYuan(total) },
  ];
}

/** The charts and tables of a summary that has figures. */
function Figures({ summary, ownUnit }: { summary: BillingSummary; ownUnit: boolean }) {
  const t = useT();
  const trend = useMemo(() => trendOption(summary.months, t), [summary.months, t]);
  const top = useMemo(() => (summary.byUnit.length > 0 ? topSharesOption(summary.byUnit.slice(0, TOP), t) : null), [summary.byUnit, t]);
  const providers = useMemo(() => slicesOf(summary.byProvider), [summary.byProvider]);
  const categories = useMemo(() => slicesOf(summary.byCategory, (share) => categoryLabel(t, share.id)), [summary.byCategory, t]);
  const confirmed = summary.months.filter((month) => month.status === 'confirmed').length;
  return (
    <Row gutter={[16, 16]} data-testid="cost-dashboard">
      <Col xs={12} lg={6}>
        <FigureCard title={t('billing.dashboard.total')} value={formatYuan(summary.total)} testId="cost-total" />
      </Col>
      <Col xs={12} lg={6}>
        <FigureCard title={t('billing.dashboard.months')} value={summary.months.length} note={t('billing.dashboard.monthsConfirmed', { count: confirmed })} />
      </Col>
      <Col xs={12} lg={6}>
        {ownUnit ? (
          <FigureCard title={t('billing.dashboard.systems')} value={summary.bySystem.length} />
        ) : (
          <FigureCard title={t('billing.dashboard.units')} value={summary.byUnit.length} />
        )}
      </Col>
      <Col xs={12} lg={6}>
        <FigureCard title={t('billing.dashboard.providers')} value={summary.byProvider.length} />
      </Col>
      <Col span={24}>
        <ChartCard title={t('billing.dashboard.trend')} label={t('billing.dashboard.trendLabel')} option={trend} empty={t('billing.dashboard.emptyInRange')} height={300} testId="cost-trend" />
      </Col>
      {ownUnit ? null : (
        <Col xs={24} xl={12}>
          <ChartCard title={t('billing.dashboard.topUnits')} label={t('billing.dashboard.topUnitsLabel')} option={top} empty={t('billing.dashboard.emptyInRange')} height={320} testId="cost-top-units" />
        </Col>
      )}
      <Col xs={24} xl={12}>
        <PieCard title={t('billing.dashboard.byCategory')} slices={categories} empty={t('billing.dashboard.emptyInRange')} testId="cost-by-category" />
      </Col>
      <Col xs={24} xl={12}>
        <PieCard title={t('billing.dashboard.byProvider')} slices={providers} empty={t('billing.dashboard.emptyInRange')} testId="cost-by-provider" />
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('billing.dashboard.bySystem')} style={{ height: '100%' }}>
          <Table<SystemShare>
            rowKey={(row) => `${row.id}:${row.unitName}`}
            size="small"
            columns={systemColumns(t, !ownUnit)}
            dataSource={summary.bySystem}
            pagination={{ pageSize: TOP, hideOnSinglePage: true }}
            data-testid="cost-by-system"
          />
        </Card>
      </Col>
    </Row>
  );
}

/**
 * 费用概览: the spend of the rated months (SJ-15) — the district's monthly trend with district-budget and
 * non-budget units apart, the top spenders, and the spend per system, provider and category. A unit sees
 * its own figures only; the API narrows them.
 */
export function CostDashboardPage() {
  const t = useT();
  const { me } = useMe();
  const ownUnit = me.scope === 'unit';
  const [form] = Form.useForm<RangeValues>();
  const [period, setPeriod] = useState<BillingPeriod>({});
  const summary = useAsync(useCallback(() => fetchBillingSummary(period), [period]));
  const data = summary.data;
  // Nothing rated yet, or rated months without any statement (no usage) in the range shown.
  const empty = data !== undefined && data.months.length === 0;

  return (
    <PageContainer
      title={t('billing.dashboard.title')}
      subtitle={
        <>
          {ownUnit ? t('billing.dashboard.subtitleUnit') : t('billing.dashboard.subtitle')}
          {data?.from && data.to ? (
            <>
              <br />
              <span data-testid="cost-range">{t('billing.dashboard.rangeShown', { from: data.from, to: data.to })}</span>
            </>
          ) : null}
        </>
      }
    >
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          onFinish={(values: RangeValues) => {
            const [from, to] = values.range ?? [];
            setPeriod(from && to ? { from: monthOfPicked(from), to: monthOfPicked(to) } : {});
          }}
        >
          <Form.Item name="range" label={t('billing.dashboard.range')} tooltip={t('billing.dashboard.rangeDefault')}>
            <DatePicker.RangePicker picker="month" allowClear data-testid="cost-range-picker" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="cost-search">
              {t('common.search')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {summary.error ? <ApiErrorAlert error={summary.error} /> : null}
      {summary.loading && !data ? <Loading /> : null}
      {data && empty ? (
        <Card data-testid="cost-empty">
          <Empty description={data.from === null ? t('billing.dashboard.empty') : t('billing.dashboard.emptyInRange')}>
            <Typography.Paragraph type="secondary">{t('billing.dashboard.emptyHint')}</Typography.Paragraph>
            {can(me, 'billing:manage') ? (
              <Link to="/billing/statements">
                <Button type="primary">{t('billing.dashboard.goToMonths')}</Button>
              </Link>
            ) : null}
          </Empty>
        </Card>
      ) : null}
      {data && !empty ? <Figures summary={data} ownUnit={ownUnit} /> : null}
    </PageContainer>
  );
}
