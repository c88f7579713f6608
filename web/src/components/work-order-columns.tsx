import { Flex, type TableColumnsType, Tag, Typography } from 'antd';
import type { WorkOrder, WorkOrderStatus } from '../api/contract-types.ts';
import { type Translate, useT } from '../i18n/i18n-provider.tsx';
import { formatDateTime } from '../i18n/shanghai-time.ts';
import { DueDate } from './due-date.tsx';
import { specText } from './resource-views.tsx';

type WorkOrderColumn = TableColumnsType<WorkOrder>[number];

const STATUS_COLORS: Record<WorkOrderStatus, string> = { open: 'processing', done: 'success', cancelled: 'default' };

/** Who completed a work order and when, with the provider's identifier and note. */
function Completion({ order }: { order: WorkOrder }) {
  const t = useT();
  if (!order.completedAt) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      <span style={{ whiteSpace: 'nowrap' }}>{t('workOrders.completedBy', { by: order.completedBy ?? t('common.none'), at: formatDateTime(order.completedAt) })}</span>
      {order.providerReference ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
          {order.providerReference}
        </Typography.Text>
      ) : null}
      {order.note ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {order.note}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/**
 * The columns of every list of work orders — number, task, status, the shape ordered, the deadline (red
 * once passed while open), the completion — for the work-order list and a resource's page.
 */
export function workOrderColumns(t: Translate): Record<'number' | 'action' | 'status' | 'spec' | 'due' | 'completed', WorkOrderColumn> {
  return {
    number: {
      title: t('workOrders.fields.number'),
      dataIndex: 'number',
      render: (number: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{number}</span>,
    },
    action: { title: t('workOrders.fields.action'), key: 'action', render: (_, order) => <Tag color="blue">{t(`workOrders.actions.${order.action}`)}</Tag> },
    status: {
      title: t('workOrders.fields.status'),
      key: 'status',
      render: (_, order) => (
        <Tag color={STATUS_COLORS[order.status]} data-testid="work-order-status">
          {t(`workOrders.statuses.${order.status}`)}
        </Tag>
      ),
    },
    spec: { title: t('workOrders.fields.spec'), key: 'spec', render: (_, order) => <span style={{ whiteSpace: 'nowrap' }}>{specText(t, order.spec, true)}</span> },
    due: {
      title: t('workOrders.fields.dueAt'),
      key: 'due',
      render: (_, order) => <DueDate dueAt={order.dueAt} provisional={order.dueProvisional} overdue={order.overdue} />,
    },
    completed: { title: t('workOrders.fields.completed'), key: 'completed', render: (_, order) => <Completion order={order} /> },
  };
}

