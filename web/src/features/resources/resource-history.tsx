import { Flex, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ResourceEvent } from '../../api/contract-types.ts';
import { formatDuration } from '../../components/resource-views.tsx';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

/** The actions the server records (desired-state, reconciler, leases, work orders), each with a label of its own. */
const KNOWN_ACTIONS = [
  'desired.create',
  'desired.resize',
  'desired.stop',
  'desired.start',
  'desired.delete',
  'driver.createServer',
  'driver.startServer',
  'driver.stopServer',
  'driver.resizeServer',
  'driver.confirmResize',
  'driver.deleteServer',
  'driver.createVolume',
  'driver.attachVolume',
  'driver.detachVolume',
  'driver.deleteVolume',
  'state.running',
  'state.stopped',
  'state.deleted',
  'reconcile.retry',
  'reconcile.failed',
  'reconcile.retry_requested',
  'lease.notice',
  'lease.expired',
  'lease.extended',
  'workorder.create',
  'workorder.resize',
  'workorder.stop',
  'workorder.start',
  'workorder.delete',
] as const;
type KnownAction = (typeof KNOWN_ACTIONS)[number];

const isKnown = (action: string): action is KnownAction => (KNOWN_ACTIONS as readonly string[]).includes(action);

/** An action in words; a driver call the console does not know yet by its operation's name. */
function actionLabel(t: Translate, action: string): string {
  if (isKnown(action)) return t(`resources.events.${action}`);
  if (action.startsWith('driver.')) return t('resources.events.driverCall', { operation: action.slice('driver.'.length) });
  return action;
}

const OUTCOME_COLORS: Record<NonNullable<ResourceEvent['outcome']>, string> = { ok: 'green', retry: 'orange', failed: 'red' };

/**
 * 生命周期记录: what was asked (desired state), every driver call with its outcome and duration, the
 * states reached, retries and failures, leases and work orders — newest first, the driver calls alone on request.
 */
export function ResourceHistory({ events, withResource }: { events: readonly ResourceEvent[]; withResource: boolean }) {
  const t = useT();
  const [driverCallsOnly, setDriverCallsOnly] = useState(false);
  const shown = events.filter((event) => !driverCallsOnly || event.action.startsWith('driver.')).reverse();
  const columns: TableColumnsType<ResourceEvent> = [
    {
      title: t('resources.events.columns.at'),
      dataIndex: 'at',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    ...(withResource ? [{ title: t('resources.fields.name'), dataIndex: 'resourceName' }] : []),
    {
      title: t('resources.events.columns.action'),
      key: 'action',
      render: (_, event) => (
        <Flex vertical>
          <span style={{ whiteSpace: 'nowrap' }}>{actionLabel(t, event.action)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {event.action}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('resources.events.columns.outcome'),
      key: 'outcome',
      render: (_, event) =>
        event.outcome ? <Tag color={OUTCOME_COLORS[event.outcome]}>{t(`resources.events.outcomes.${event.outcome}`)}</Tag> : null,
    },
    {
      title: t('resources.events.columns.duration'),
      key: 'duration',
      align: 'right',
      render: (_, event) => <span style={{ whiteSpace: 'nowrap' }}>{formatDuration(t, event.durationMs)}</span>,
    },
    {
      title: t('resources.events.columns.message'),
      dataIndex: 'message',
      render: (message: string | null) =>
        message ? (
          <Typography.Text style={{ whiteSpace: 'pre-wrap', maxWidth: 360, display: 'inline-block' }}>{message}</Typography.Text>
        ) : null,
    },
    { title: t('resources.events.columns.actor'), key: 'actor', render: (_, event) => event.actorName ?? t('resources.events.system') },
  ];
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center">
        <Switch size="small" checked={driverCallsOnly} onChange={setDriverCallsOnly} data-testid="history-driver-only" />
        <span>{t('resources.detail.driverCallsOnly')}</span>
      </Flex>
      <Table<ResourceEvent>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={shown}
        scroll={{ x: 'max-content' }}
        pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        onRow={(event) => ({ 'data-action': event.action, 'data-testid': 'resource-event' }) as object}
        locale={{ emptyText: t('resources.detail.noEvents') }}
        data-testid="resource-history"
      />
    </Flex>
  );
}
