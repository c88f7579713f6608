import { Alert, Card, Descriptions, type DescriptionsProps, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import type { ResourceDetail, ResourceSummary, WorkOrder } from '../../api/contract-types.ts';
import { getResource } from '../../api/resources-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { DueDate } from '../../components/due-date.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { Addresses, ResourceStatusTag, reconcilerBusy, resourceColumns, specText } from '../../components/resource-views.tsx';
import { useAsync } from '../../components/use-async.ts';
import { usePoll } from '../../components/use-poll.ts';
import { workOrderColumns } from '../../components/work-order-columns.tsx';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDate, formatDateTime } from '../../i18n/shanghai-time.ts';
import { ResourceActions } from './resource-actions.tsx';
import { ResourceHistory } from './resource-history.tsx';
import { UtilizationCard } from './utilization-card.tsx';

type DescriptionItem = NonNullable<DescriptionsProps['items']>[number];

const mono = (text: string) => (
  <Typography.Text copyable style={{ fontFamily: 'monospace' }}>
    {text}
  </Typography.Text>
);

/** Desired against observed: what was asked for and what the platform reports, with the deadline and term. */
function infoItems(resource: ResourceDetail, t: Translate): DescriptionItem[] {
  const none = t('common.none');
  return [
    { key: 'kind', label: t('resources.fields.kind'), children: t(`resources.kinds.${resource.kind}`) },
    { key: 'unit', label: t('resources.fields.unit'), children: resource.unit.name },
    {
      key: 'system',
      label: t('resources.fields.system'),
      children: resource.systemId && resource.systemName ? <Link to={`/systems/${resource.systemId}`}>{resource.systemName}</Link> : none,
    },
    {
      key: 'platform',
      label: t('resources.fields.platform'),
      children: (
        <Flex gap={6} align="center" wrap>
          <span>{resource.platform.name}</span>
          <Tag>{t(`estate.modesShort.${resource.provisioningMode}`)}</Tag>
        </Flex>
      ),
    },
    {
      key: 'application',
      label: t('resources.fields.application'),
      children: resource.applicationNumber ? (
        <Link to={`/applications/${resource.applicationId}`} style={{ fontFamily: 'monospace' }}>
          {resource.applicationNumber}
        </Link>
      ) : (
        none
      ),
    },
    { key: 'desiredState', label: t('resources.fields.desiredState'), children: t(`resources.desiredStates.${resource.desiredState}`) },
    { key: 'status', label: t('resources.fields.status'), children: <ResourceStatusTag resource={resource} /> },
    { key: 'desiredSpec', label: t('resources.fields.desiredSpec'), children: specText(t, resource.spec, true) },
    {
      key: 'observedSpec',
      label: t('resources.fields.observedSpec'),
      children: <span data-testid="resource-observed-spec">{specText(t, resource.observedSpec, true)}</span>,
    },
    { key: 'providerId', label: t('resources.fields.providerId'), children: resource.providerId ? mono(resource.providerId) : none },
    { key: 'providerStatus', label: t('resources.fields.providerStatus'), children: resource.providerStatus ?? none },
    { key: 'addresses', label: t('resources.fields.addresses'), children: <Addresses addresses={resource.addresses} /> },
    { key: 'createdAt', label: t('resources.fields.createdAt'), children: formatDateTime(resource.createdAt) },
    { key: 'provisionedAt', label: t('resources.fields.provisionedAt'), children: formatDateTime(resource.provisionedAt) },
    // Its metered usage rated so far (SJ-15): what its unit's statements charge for it, month by month.
    ...(resource.costToDate !== null
      ? [{ key: 'costToDate', label: t('resources.fields.costToDate'), children: <span data-testid="resource-cost-to-date">{formatYuan(resource.costToDate)}</span> }]
      : []),
    {
      key: 'dueAt',
      label: t('resources.fields.dueAt'),
      children: <DueDate dueAt={resource.dueAt} provisional={resource.dueProvisional} overdue={resource.overdue} />,
    },
    ...(resource.temporary ? [{ key: 'lease', label: t('resources.fields.leaseExpiresAt'), children: formatDate(resource.leaseExpiresAt) }] : []),
    ...(resource.deletedAt ? [{ key: 'deletedAt', label: t('resources.fields.deletedAt'), children: formatDateTime(resource.deletedAt) }] : []),
    ...(resource.attempts > 0
      ? [
          {
            key: 'attempts',
            label: t('resources.fields.attempts'),
            children: resource.nextAttemptAt ? `${resource.attempts} · ${t('resources.fields.nextAttemptAt')} ${formatDateTime(resource.nextAttemptAt)}` : resource.attempts,
          },
        ]
      : []),
  ];
}

/** The last error: failed needs a person (the operator retries); otherwise the reconciler is retrying by itself. */
function ErrorNote({ resource }: { resource: ResourceDetail }) {
  const t = useT();
  if (!resource.lastError) return null;
  const failed = resource.status === 'failed';
  return (
    <Alert
      type={failed ? 'error' : 'warning'}
      showIcon
      data-testid="resource-last-error"
      title={t(failed ? 'resources.detail.failedTitle' : 'resources.detail.lastErrorTitle')}
      description={<span style={{ whiteSpace: 'pre-wrap' }}>{resource.lastError}</span>}
    />
  );
}

/** A small table of the resource's own (data disks, work orders) in a card; nothing when there are none. */
function RowsCard<T extends { id: string }>({ title, columns, rows, testId }: { title: string; columns: TableColumnsType<T>; rows: T[]; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <Card size="small" title={title}>
      <Table<T> rowKey="id" size="small" pagination={false} scroll={{ x: 'max-content' }} columns={columns} dataSource={rows} data-testid={testId} />
    </Card>
  );
}

/** `/resources/:id`: a server or volume, its data disks, work orders and lifecycle history, and what may be done with it. */
export function ResourceDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const resource = useAsync(useCallback(() => getResource(id), [id]));
  const detail = resource.data;
  usePoll(detail !== undefined && (reconcilerBusy(detail) || detail.volumes.some(reconcilerBusy)), resource.refresh);

  const back = <BackLink to="/resources" label={t('resources.back')} />;
  if (!detail) return <DetailPending loading={resource.loading} error={resource.error} title={t('menu.resourceDetail')} back={back} />;

  const common = resourceColumns(t);
  const orders = workOrderColumns(t);
  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid="resource-title">{detail.name}</span>
          <ResourceStatusTag resource={detail} />
        </Flex>
      }
      subtitle={`${t(`resources.kinds.${detail.kind}`)} · ${detail.platform.name} · ${detail.unit.name}`}
      extra={
        <>
          {back}
          <ResourceActions resource={detail} onChanged={resource.reload} />
        </>
      }
    >
      {resource.error ? <ApiErrorAlert error={resource.error} /> : null}
      <ErrorNote resource={detail} />
      {reconcilerBusy(detail) ? <Alert type="info" showIcon title={t('resources.detail.converging')} /> : null}
      <Card size="small" title={t('resources.detail.info')}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={infoItems(detail, t)} />
      </Card>
      {detail.kind === 'server' ? <UtilizationCard resourceId={detail.id} /> : null}
      <RowsCard<ResourceSummary>
        title={t('resources.detail.volumes')}
        columns={[common.name, common.status, common.spec]}
        rows={detail.volumes}
        testId="resource-volumes"
      />
      <RowsCard<WorkOrder>
        title={t('resources.detail.workOrders')}
        columns={[orders.number, orders.action, orders.status, orders.spec, orders.due, orders.completed]}
        rows={detail.workOrders}
        testId="resource-work-orders"
      />
      <Card size="small" title={t('resources.detail.history')}>
        <ResourceHistory events={detail.events} withResource={detail.volumes.length > 0} />
      </Card>
    </PageContainer>
  );
}
