import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Table, type TableColumnsType, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { FaultSeverity, FaultSlaRow } from '../../api/contract-types.ts';
import { type FaultSlaPeriod, getFaultSla } from '../../api/operations-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { DateField, todayDate } from '../../components/date-field.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { ratioToPercent } from '../../i18n/number-format.ts';
import { FaultSeverityTag } from './fault-views.tsx';

const percent = (rate: string | null) => (rate === null ? '—' : `${ratioToPercent(rate)}%`);

/** 故障处理时效 (SJ-19, QP-16): per provider and severity, how many faults were answered and resolved in time. */
export function FaultSlaPage() {
  const t = useT();
  const [form] = Form.useForm<{ from?: string; to?: string }>();
  const [period, setPeriod] = useState<FaultSlaPeriod>({});
  const sla = useAsync(useCallback(() => getFaultSla(period), [period]));
  const columns: TableColumnsType<FaultSlaRow> = [
    { title: t('operations.sla.provider'), key: 'provider', render: (_, row) => row.provider.name ?? t('common.none') },
    { title: t('operations.sla.severity'), dataIndex: 'severity', render: (severity: FaultSeverity) => <FaultSeverityTag severity={severity} /> },
    { title: t('operations.sla.raised'), dataIndex: 'raised', align: 'right' },
    { title: t('operations.sla.responded'), dataIndex: 'responded', align: 'right' },
    { title: t('operations.sla.respondedOnTime'), dataIndex: 'respondedOnTime', align: 'right' },
    { title: t('operations.sla.responseRate'), dataIndex: 'responseOnTimeRate', align: 'right', render: (rate: string | null) => <span data-testid="sla-response-rate">{percent(rate)}</span> },
    { title: t('operations.sla.resolved'), dataIndex: 'resolved', align: 'right' },
    { title: t('operations.sla.resolvedOnTime'), dataIndex: 'resolvedOnTime', align: 'right' },
    { title: t('operations.sla.resolutionRate'), dataIndex: 'resolutionOnTimeRate', align: 'right', render: (rate: string | null) => <span data-testid="sla-resolution-rate">{percent(rate)}</span> },
    {
      title: t('operations.sla.openOverdue'),
      dataIndex: 'openOverdue',
      align: 'right',
      render: (count: number) => (count > 0 ? <Typography.Text type="danger">{count}</Typography.Text> : count),
    },
  ];
  return (
    <PageContainer
      title={t('operations.sla.title')}
      subtitle={
        <>
          {t('operations.sla.subtitle')}
          {sla.data ? (
            <>
              <br />
              <span data-testid="sla-range">{t('operations.sla.rangeShown', { from: sla.data.from, to: sla.data.to })}</span>
            </>
          ) : null}
        </>
      }
    >
      <Card size="small">
        <Form form={form} layout="inline" onFinish={(values) => setPeriod({ from: values.from || undefined, to: values.to || undefined })} style={{ rowGap: 12 }}>
          <DateField name="from" label={t('operations.sla.range')} max={todayDate()} />
          <DateField name="to" label="—" max={todayDate()} />
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
          </Form.Item>
          <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
            {t('operations.sla.rangeDefault')}
          </Typography.Text>
        </Form>
      </Card>
      {sla.error ? <ApiErrorAlert error={sla.error} /> : null}
      <Card size="small">
        <Table<FaultSlaRow>
          rowKey={(row) => `${row.provider.id}:${row.severity}`}
          size="small"
          columns={columns}
          dataSource={sla.data?.rows ?? []}
          loading={sla.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('operations.sla.empty')} /> }}
          data-testid="fault-sla"
        />
      </Card>
    </PageContainer>
  );
}
