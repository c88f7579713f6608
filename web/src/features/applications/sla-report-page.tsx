import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Flex, Form, Row, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { Suspense, useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { OpenOverdueStep, SlaApproverRow, SlaReport, SlaStepRow } from '../../api/contract-types.ts';
import { fetchSlaReport, type SlaPeriod } from '../../api/sla-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { LazyEChart } from '../../components/lazy-echart.ts';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type PickLabel, type Translate, useLang, useT } from '../../i18n/i18n-provider.tsx';
import { calendarDateOf, dayOfPicked, dueDateOf, type PickedDate } from '../../i18n/shanghai-time.ts';
import { isApplicationKind } from './application-kinds.ts';
import { KindLabel, roleLabel } from './application-tags.tsx';

const COLORS = { onTime: '#52c41a', overdue: '#ff4d4f' };

/** `0.875` → `87.5%`: a rate the server rounded, shown with one decimal; the empty mark when nothing was decided. */
function rateText(rate: number | null, t: Translate): string {
  return rate === null ? t('common.none') : `${(rate * 100).toFixed(1)}%`;
}

function daysText(days: number | null, t: Translate): string {
  return days === null ? t('common.none') : t('sla.days', { days: days.toFixed(2) });
}

function KindCell({ kind }: { kind: string }) {
  return isApplicationKind(kind) ? <KindLabel kind={kind} /> : <span>{kind}</span>;
}

function stepLabel(row: SlaStepRow, t: Translate, pick: PickLabel): string {
  const kind = isApplicationKind(row.kind) ? t(`applications.kinds.${row.kind}`) : row.kind;
  return `${kind} · ${pick(row.stepName)}`;
}

/** On time and overdue decisions per step, stacked: where the deadlines hold and where they slip. */
function chartOption(steps: SlaStepRow[], t: Translate, pick: PickLabel): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('sla.onTime'), t('sla.overdue')] },
    grid: { left: 48, right: 24, top: 40, bottom: 80 },
    xAxis: { type: 'category', data: steps.map((row) => stepLabel(row, t, pick)), axisLabel: { interval: 0, rotate: steps.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1, name: t('sla.stepsAxis') },
    series: [
      { name: t('sla.onTime'), type: 'bar', stack: 'decided', barMaxWidth: 48, itemStyle: { color: COLORS.onTime }, data: steps.map((row) => row.onTime) },
      { name: t('sla.overdue'), type: 'bar', stack: 'decided', barMaxWidth: 48, itemStyle: { color: COLORS.overdue }, data: steps.map((row) => row.overdue) },
    ],
  };
}

interface PeriodValues {
  period?: [PickedDate, PickedDate] | null;
}

/**
 * 审批时限报表: of the approval steps decided in a period, how many met their working-day deadline, per
 * step and per approver, the average working days taken, and the steps overdue now.
 */
export function SlaReportPage() {
  const t = useT();
  const { pick } = useLang();
  const [form] = Form.useForm<PeriodValues>();
  const [period, setPeriod] = useState<SlaPeriod>({});
  const load = useCallback(() => fetchSlaReport(period), [period]);
  const report = useAsync<SlaReport>(load);
  const data = report.data;
  const option = useMemo(() => (data && data.steps.length > 0 ? chartOption(data.steps, t, pick) : null), [data, t, pick]);

  const figures = <T extends SlaStepRow | SlaApproverRow>(): TableColumnsType<T> => [
    { title: t('sla.decided'), dataIndex: 'decided', align: 'right' },
    { title: t('sla.onTime'), dataIndex: 'onTime', align: 'right', render: (value: number) => <Typography.Text type="success">{value}</Typography.Text> },
    {
      title: t('sla.overdue'),
      dataIndex: 'overdue',
      align: 'right',
      render: (value: number) => <Typography.Text type={value > 0 ? 'danger' : undefined}>{value}</Typography.Text>,
    },
    { title: t('sla.onTimeRate'), dataIndex: 'onTimeRate', align: 'right', render: (rate: number | null) => rateText(rate, t) },
    { title: t('sla.averageWorkingDays'), dataIndex: 'averageWorkingDays', align: 'right', render: (days: number | null) => daysText(days, t) },
  ];

  const stepColumns: TableColumnsType<SlaStepRow> = [
    { title: t('applications.fields.kind'), dataIndex: 'kind', render: (kind: string) => <KindCell kind={kind} /> },
    { title: t('sla.step'), key: 'step', render: (_, row) => pick(row.stepName) },
    { title: t('sla.role'), dataIndex: 'role', render: (role: string) => roleLabel(role, pick) },
    ...figures<SlaStepRow>(),
  ];
  const approverColumns: TableColumnsType<SlaApproverRow> = [
    { title: t('sla.approver'), key: 'approver', render: (_, row) => row.approverName ?? t('sla.unknownApprover') },
    ...figures<SlaApproverRow>(),
  ];
  const overdueColumns: TableColumnsType<OpenOverdueStep> = [
    {
      title: t('applications.fields.number'),
      key: 'number',
      render: (_, row) => (
        <Link to={`/applications/${row.applicationId}`} style={{ fontFamily: 'monospace' }}>
          {row.number}
        </Link>
      ),
    },
    { title: t('applications.fields.kind'), dataIndex: 'kind', render: (kind: string) => <KindCell kind={kind} /> },
    { title: t('applications.fields.title'), dataIndex: 'title' },
    { title: t('applications.fields.unit'), dataIndex: 'unitName' },
    {
      title: t('sla.step'),
      key: 'step',
      render: (_, row) => (
        <Flex gap={4} align="center" wrap>
          <span>{pick(row.stepName)}</span>
          {row.article ? <ArticleTag article={row.article} /> : null}
          <Typography.Text type="secondary">{roleLabel(row.role, pick)}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('applications.fields.stepDueDate'), dataIndex: 'dueAt', render: (dueAt: string) => <Typography.Text type="danger">{dueDateOf(dueAt)}</Typography.Text> },
    {
      title: t('sla.overdueBy'),
      dataIndex: 'overdueWorkingDays',
      align: 'right',
      render: (days: number) => <Tag color="red">{t('sla.workingDays', { days })}</Tag>,
    },
    {
      title: t('sla.followUp'),
      key: 'followUp',
      render: (_, row) => (
        <Flex gap={4} wrap>
          {row.remindedAt ? <Tag color="orange">{t('sla.reminded')}</Tag> : null}
          {row.escalatedAt ? <Tag color="red">{t('sla.escalated')}</Tag> : null}
        </Flex>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('sla.title')}
      subtitle={data ? t('sla.subtitle', { from: data.from, to: data.to }) : t('sla.subtitleDefault')}
    >
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          onFinish={(values: PeriodValues) => {
            const [from, to] = values.period ?? [];
            setPeriod(from && to ? { from: calendarDateOf(dayOfPicked(from)), to: calendarDateOf(dayOfPicked(to)) } : {});
          }}
        >
          <Form.Item name="period" label={t('sla.period')}>
            <DatePicker.RangePicker data-testid="sla-period" allowClear />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="sla-search">
              {t('common.search')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {report.error ? <ApiErrorAlert error={report.error} /> : null}
      {report.loading && !data ? <Loading /> : null}
      {data ? (
        <Flex vertical gap={16} data-testid="sla-report">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('sla.decided')} value={data.totals.decided} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('sla.onTime')} value={data.totals.onTime} styles={{ content: { color: COLORS.onTime } }} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('sla.overdue')} value={data.totals.overdue} styles={{ content: { color: COLORS.overdue } }} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('sla.onTimeRate')} value={rateText(data.totals.onTimeRate, t)} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('sla.averageLine', { days: daysText(data.totals.averageWorkingDays, t) })}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('sla.chartTitle')} data-testid="sla-chart">
            {option ? (
              <Suspense fallback={<Loading />}>
                <LazyEChart option={option} height={300} label={t('sla.chartLabel')} />
              </Suspense>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.empty')} />
            )}
          </Card>
          <Card size="small" title={t('sla.byStep')}>
            <Table<SlaStepRow>
              rowKey={(row) => `${row.kind}:${row.role}:${row.stepName.zh}`}
              size="small"
              columns={stepColumns}
              dataSource={data.steps}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="sla-steps-table"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.empty')} /> }}
            />
          </Card>
          <Card size="small" title={t('sla.byApprover')}>
            <Table<SlaApproverRow>
              rowKey={(row) => `${row.approverId ?? ''}:${row.approverName ?? ''}`}
              size="small"
              columns={approverColumns}
              dataSource={data.approvers}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="sla-approvers-table"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.empty')} /> }}
            />
          </Card>
          <Card size="small" title={t('sla.openOverdue')}>
            <Table<OpenOverdueStep>
              rowKey={(row) => `${row.applicationId}:${row.stepIdx}`}
              size="small"
              columns={overdueColumns}
              dataSource={data.openOverdue}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="sla-open-overdue"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.noOpenOverdue')} /> }}
            />
          </Card>
        </Flex>
      ) : null}
    </PageContainer>
  );
}
