import { Card, Descriptions, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import type { InspectionItem } from '../../api/contract-types.ts';
import { getInspection } from '../../api/operations-api.ts';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { AnomalyTag } from './inspections-page.tsx';

/** One daily inspection report: the platform, the day, each item checked with its result. */
export function InspectionDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const report = useAsync(useCallback(() => getInspection(id), [id]));
  const back = <BackLink to="/operations/inspections" label={t('operations.inspections.back')} />;
  if (!report.data) return <DetailPending loading={report.loading} error={report.error} title={t('operations.inspections.detail')} back={back} />;
  const data = report.data;
  const columns: TableColumnsType<InspectionItem & { key: number }> = [
    { title: t('operations.inspections.itemName'), dataIndex: 'name' },
    {
      title: t('operations.inspections.result'),
      dataIndex: 'result',
      render: (result: InspectionItem['result']) => <Tag color={result === 'anomaly' ? 'red' : 'green'}>{t(`operations.inspections.results.${result}`)}</Tag>,
    },
    { title: t('operations.inspections.note'), dataIndex: 'note', render: (note: string | undefined) => note ?? t('common.none') },
  ];
  return (
    <PageContainer title={<span data-testid="inspection-title">{`${data.platform.name} · ${data.inspectedOn}`}</span>} subtitle={data.provider.name} extra={back}>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'platform', label: t('operations.inspections.platform'), children: data.platform.name },
            { key: 'date', label: t('operations.inspections.inspectedOn'), children: data.inspectedOn },
            { key: 'anomalies', label: t('operations.inspections.anomalies'), children: <AnomalyTag count={data.anomalies} /> },
            { key: 'inspector', label: t('operations.inspections.inspector'), children: data.inspector },
            { key: 'createdAt', label: t('operations.inspections.createdAt'), children: formatDateTime(data.createdAt) },
            { key: 'summary', label: t('operations.inspections.summary'), span: 'filled', children: data.summary ?? t('common.none') },
          ]}
        />
      </Card>
      <Card size="small" title={t('operations.inspections.items')}>
        <Table<InspectionItem & { key: number }> size="small" columns={columns} dataSource={data.items.map((item, key) => ({ ...item, key }))} pagination={false} data-testid="inspection-items" />
      </Card>
    </PageContainer>
  );
}
