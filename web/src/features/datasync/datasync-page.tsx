import { CloudUploadOutlined, DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import type { DataSyncDelivery, DataSyncStatus } from '@yunshu/shared/datasync-api';
import { DATA_SYNC_STATUSES } from '@yunshu/shared/datasync-api';
import { Button, Card, Flex, Form, Popconfirm, Select, Space, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { can } from '../../access.ts';
import { type DataSyncFilters, deliveryCsvUrl, deliveryJsonUrl, listDeliveries, prepareMonth, resendDelivery } from '../../api/datasync-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect } from '../../components/search-fields.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { addMonths, formatDateTime, shanghaiMonth } from '../../i18n/shanghai-time.ts';

const NO_FILTERS: DataSyncFilters = {};
const STATUS_COLORS: Record<DataSyncStatus, string> = { pending: 'blue', retrying: 'orange', delivered: 'green', failed: 'red', file_only: 'default' };

export function DataSyncStatusTag({ status }: { status: DataSyncStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="datasync-status">
      {t(`dataSync.status.${status}`)}
    </Tag>
  );
}

/** 云数联动 (QP-15): each month's projects and usage delivered to the big-data platform, its attempts and files. */
export function DataSyncPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<{ status?: DataSyncStatus }>();
  const list = usePagedList(listDeliveries, NO_FILTERS);
  const manage = can(me, 'datasync:manage');
  const lastMonth = addMonths(shanghaiMonth(), -1);
  const [month, setMonth] = useState(lastMonth);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (key: string, work: () => Promise<string>) => {
    setBusy(key);
    try {
      feedback.succeeded(await work());
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<DataSyncDelivery> = [
    { title: t('dataSync.month'), dataIndex: 'month' },
    {
      title: t('dataSync.statusTitle'),
      key: 'status',
      render: (_, d) => (
        <Space size={4}>
          <DataSyncStatusTag status={d.status} />
          {d.revision > 1 ? <Tag>{t('dataSync.revision', { revision: d.revision })}</Tag> : null}
        </Space>
      ),
    },
    { title: t('dataSync.usageSource'), dataIndex: 'usageSource', render: (source: DataSyncDelivery['usageSource']) => t(`dataSync.sources.${source}`) },
    { title: t('dataSync.projects'), dataIndex: 'projects' },
    { title: t('dataSync.usageLines'), dataIndex: 'usageLines' },
    { title: t('dataSync.billedCost'), dataIndex: 'billedCost', align: 'right', render: (amount: string) => formatYuan(amount) },
    {
      title: t('dataSync.attempts'),
      key: 'attempts',
      render: (_, d) => (
        <Tooltip title={d.nextAttemptAt ? t('dataSync.nextAttempt', { at: formatDateTime(d.nextAttemptAt) }) : undefined}>
          <span data-testid="datasync-attempts">{t('dataSync.attemptCount', { attempts: d.attempts, total: d.totalAttempts })}</span>
        </Tooltip>
      ),
    },
    {
      title: t('dataSync.lastError'),
      key: 'lastError',
      render: (_, d) =>
        d.lastError ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: d.lastError }} style={{ maxWidth: 240 }}>
            {d.lastHttpStatus ? `HTTP ${d.lastHttpStatus} · ` : ''}
            {d.lastError}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    { title: t('dataSync.deliveredAt'), dataIndex: 'deliveredAt', render: (at: string | null) => formatDateTime(at) },
    {
      title: t('dataSync.actions'),
      key: 'actions',
      render: (_, d) => (
        <Space size={4} wrap>
          <Button size="small" icon={<DownloadOutlined />} href={deliveryJsonUrl(d.id)} data-testid="datasync-json">
            JSON
          </Button>
          <Button size="small" icon={<DownloadOutlined />} href={deliveryCsvUrl(d.id)} data-testid="datasync-csv">
            CSV
          </Button>
          {/* Without an endpoint the month is only exported as files: there is nothing to re-send. */}
          {manage && d.status !== 'file_only' ? (
            <Popconfirm
              title={t('dataSync.resendConfirm', { month: d.month })}
              description={t('dataSync.resendNote')}
              onConfirm={() =>
                act(`resend-${d.id}`, async () => {
                  await resendDelivery(d.id);
                  return t('dataSync.resent', { month: d.month });
                })
              }
            >
              <Button size="small" icon={<CloudUploadOutlined />} loading={busy === `resend-${d.id}`} data-testid="datasync-resend">
                {t('dataSync.resend')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  const months = Array.from({ length: 24 }, (_, i) => addMonths(lastMonth, -i));
  return (
    <PageContainer
      title={t('dataSync.title')}
      subtitle={t('dataSync.subtitle')}
      extra={
        manage ? (
          <Flex gap={8}>
            <Select value={month} onChange={setMonth} style={{ width: 120 }} options={months.map((m) => ({ value: m, label: m }))} data-testid="datasync-month" />
            <Popconfirm title={t('dataSync.prepareConfirm', { month })} description={t('dataSync.prepareNote')} onConfirm={() => act('prepare', async () => {
              const result = await prepareMonth(month);
              return t(result.created ? 'dataSync.prepared' : result.changed ? 'dataSync.refreshed' : 'dataSync.unchanged', { month });
            })}>
              <Button type="primary" icon={<SyncOutlined />} loading={busy === 'prepare'} data-testid="datasync-prepare">
                {t('dataSync.prepare')}
              </Button>
            </Popconfirm>
          </Flex>
        ) : null
      }
    >
      <SearchBar form={searchForm} onSearch={(values) => list.search({ status: values.status })}>
        <FilterSelect name="status" label={t('dataSync.statusTitle')} width={140} options={DATA_SYNC_STATUSES.map((s) => ({ value: s, label: t(`dataSync.status.${s}`) }))} testId="datasync-status-filter" />
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="datasync-table">
        <PagedTable<DataSyncDelivery> rowKey="id" columns={columns} list={list} scroll={{ x: 'max-content' }} empty={t('dataSync.empty')} />
      </Card>
    </PageContainer>
  );
}
