import { PlusOutlined } from '@ant-design/icons';
import type { MissingInspections } from '@yunshu/shared/operations-api';
import { Button, Card, Flex, Form, Table, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../access.ts';
import type { InspectionReport } from '../../api/contract-types.ts';
import { type InspectionFilters, listInspections, listMissingInspections } from '../../api/operations-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { PlatformFilter, SwitchFilter } from '../../components/search-fields.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useAsync } from '../../components/use-async.ts';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { InspectionFormModal } from './inspection-form-modal.tsx';

interface SearchValues {
  platformId?: string;
  anomalies?: boolean;
}

const NO_FILTERS: InspectionFilters = {};

/** An anomaly count as a tag: red with the count, or 正常. */
export function AnomalyTag({ count }: { count: number }) {
  const t = useT();
  return count > 0 ? (
    <Tag color="red" data-testid="inspection-anomalies">
      {t('operations.inspections.anomalyCount', { count })}
    </Tag>
  ) : (
    <Tag color="green" data-testid="inspection-anomalies">
      {t('operations.inspections.noAnomaly')}
    </Tag>
  );
}

type MissingDay = MissingInspections['items'][number];

/** 未提交的巡检报告 (SJ-19): the days of the last 30 a platform owed its report and none is filed. */
function MissingInspectionsCard() {
  const t = useT();
  const missing = useAsync(useCallback(() => listMissingInspections(), []));
  const data = missing.data;
  const columns: TableColumnsType<MissingDay> = [
    { title: t('operations.inspections.missing.day'), dataIndex: 'day' },
    { title: t('operations.inspections.platform'), key: 'platform', render: (_, row) => row.platform.name },
    { title: t('operations.inspections.provider'), key: 'provider', render: (_, row) => row.provider.name ?? t('common.none') },
    {
      title: t('operations.inspections.missing.notifiedAt'),
      dataIndex: 'notifiedAt',
      render: (at: string | null) => (at ? formatDateTime(at) : <Typography.Text type="secondary">{t('operations.inspections.missing.notNotified')}</Typography.Text>),
    },
  ];
  const range = data ? { from: data.from, to: data.to } : { from: '', to: '' };
  return (
    <Card size="small" data-testid="inspections-missing">
      {missing.error ? <ApiErrorAlert error={missing.error} /> : null}
      {data ? (
        <Typography.Paragraph type="secondary">
          {t('operations.inspections.missing.note', { ...range, every: t(`operations.inspections.missing.every.${data.every}`) })}
          {data.article ? ` ${data.article}` : ''}
        </Typography.Paragraph>
      ) : null}
      <Table<MissingDay>
        rowKey={(row) => `${row.platform.id}:${row.day}`}
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={missing.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('operations.inspections.missing.empty', range) }}
      />
    </Card>
  );
}

/** 日常巡检 (SJ-19): providers' daily reports per platform; the operator reads all, a provider its own. */
export function InspectionsPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listInspections, NO_FILTERS);
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<InspectionReport> = [
    {
      title: t('operations.inspections.inspectedOn'),
      key: 'date',
      render: (_, report) => (
        <Link to={`/operations/inspections/${report.id}`} data-testid="inspection-link">
          {report.inspectedOn}
        </Link>
      ),
    },
    { title: t('operations.inspections.platform'), key: 'platform', render: (_, report) => report.platform.name },
    { title: t('operations.inspections.provider'), key: 'provider', render: (_, report) => report.provider.name ?? t('common.none') },
    { title: t('operations.inspections.items'), key: 'items', render: (_, report) => t('operations.inspections.itemCount', { count: report.items.length }) },
    { title: t('operations.inspections.anomalies'), dataIndex: 'anomalies', render: (count: number) => <AnomalyTag count={count} /> },
    { title: t('operations.inspections.inspector'), dataIndex: 'inspector' },
    { title: t('operations.inspections.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
  ];

  const reports = (
    <Flex vertical gap={16}>
      <SearchBar form={searchForm} onSearch={(values) => list.search({ platformId: values.platformId, anomalies: values.anomalies || undefined })}>
        <PlatformFilter label={t('operations.inspections.platform')} />
        <SwitchFilter name="anomalies" label={t('operations.inspections.anomaliesOnly')} testId="inspections-anomalies" />
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="inspections-table">
        <PagedTable<InspectionReport> rowKey="id" columns={columns} list={list} scroll={{ x: 'max-content' }} empty={t('operations.inspections.empty')} />
      </Card>
    </Flex>
  );

  return (
    <PageContainer
      title={t('operations.inspections.title')}
      subtitle={t('operations.inspections.subtitle')}
      extra={
        can(me, 'ops:inspect') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="inspection-create">
            {t('operations.inspections.create')}
          </Button>
        ) : null
      }
    >
      <Tabs
        items={[
          { key: 'reports', label: t('operations.inspections.tabs.reports'), children: reports },
          ...(can(me, 'ops:supervise') ? [{ key: 'missing', label: <span data-testid="inspections-missing-tab">{t('operations.inspections.tabs.missing')}</span>, children: <MissingInspectionsCard /> }] : []),
        ]}
      />
      <InspectionFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(report) => {
          setCreating(false);
          feedback.succeeded(t('operations.inspections.created', { platform: report.platform.name, date: report.inspectedOn }));
          list.reload();
        }}
      />
    </PageContainer>
  );
}
