import { CheckOutlined } from '@ant-design/icons';
import { Button, Card, Form, type TableColumnsType, theme } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../access.ts';
import { WORK_ORDER_STATUSES } from '../../api/contract-enums.ts';
import type { WorkOrder, WorkOrderStatus } from '../../api/contract-types.ts';
import { listWorkOrders, type WorkOrderFilters } from '../../api/resources-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { overdueRow } from '../../components/due-date.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect, PlatformFilter } from '../../components/search-fields.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { workOrderColumns } from '../../components/work-order-columns.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { CompleteWorkOrderModal } from './complete-work-order-modal.tsx';

interface SearchValues {
  status?: WorkOrderStatus;
  platformId?: string;
}

/** Open orders first: what waits for the provider is what the page is for. */
const OPEN_ONLY: WorkOrderFilters = { status: 'open' };

/**
 * 工单: tasks on platforms a provider fulfils by hand (the city cloud, SJ-10), each with the deadline of
 * the application behind it. The provider's engineers complete them; the operator watches the deadlines.
 */
export function WorkOrdersPage() {
  const t = useT();
  const { me } = useMe();
  const { token } = theme.useToken();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listWorkOrders, OPEN_ONLY);
  const [completing, setCompleting] = useState<WorkOrder | null>(null);
  const mayFulfil = can(me, 'work_order:fulfil');

  const common = workOrderColumns(t);
  const columns: TableColumnsType<WorkOrder> = [
    common.number,
    {
      title: t('workOrders.fields.resource'),
      key: 'resource',
      render: (_, order) => (
        <Link to={`/resources/${order.resourceId}`} data-testid="work-order-resource">
          {order.resourceName}
        </Link>
      ),
    },
    { title: t('workOrders.fields.unit'), key: 'unit', render: (_, order) => order.unit.name },
    { title: t('workOrders.fields.platform'), key: 'platform', render: (_, order) => order.platform.name },
    common.action,
    common.status,
    common.spec,
    common.due,
    common.completed,
    {
      title: t('workOrders.fields.createdAt'),
      dataIndex: 'createdAt',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    ...(mayFulfil
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, order: WorkOrder) =>
              order.status === 'open' ? (
                <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setCompleting(order)} data-testid="work-order-complete">
                  {t('workOrders.complete.button')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <PageContainer title={t('workOrders.title')} subtitle={t('workOrders.subtitle')}>
      <SearchBar
        form={searchForm}
        initialValues={OPEN_ONLY}
        onSearch={(values) => list.search({ status: values.status, platformId: values.platformId })}
      >
        <FilterSelect
          name="status"
          label={t('workOrders.fields.status')}
          width={140}
          testId="work-orders-status"
          options={WORK_ORDER_STATUSES.map((value) => ({ value, label: t(`workOrders.statuses.${value}`) }))}
        />
        <PlatformFilter label={t('workOrders.fields.platform')} offered={(platform) => platform.provisioningMode === 'work_order'} />
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="work-orders-table">
        <PagedTable<WorkOrder>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          onRow={(order) => overdueRow(order.overdue, token.colorErrorBg)}
          empty={t('workOrders.empty')}
        />
      </Card>
      {mayFulfil ? (
        <CompleteWorkOrderModal
          order={completing}
          onClose={() => setCompleting(null)}
          onDone={(done) => {
            setCompleting(null);
            feedback.succeeded(t('workOrders.complete.done', { number: done }));
            list.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
