import { CheckOutlined, ExportOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Segmented, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '../../api/contract-types.ts';
import {
  announceInboxChanged,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationFilters,
} from '../../api/notifications-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { PagedTable } from '../../components/paged-table.tsx';

const ALL: NotificationFilters = {};
const UNREAD: NotificationFilters = { unread: 'true' };

/** Only console paths are followed; anything else a notification carries is not a place to go. */
const isConsolePath = (link: string | null): link is string => typeof link === 'string' && link.startsWith('/') && !link.startsWith('//');

/** 站内消息: the signed-in user's own notifications, newest first — to-dos, overdue steps, decisions. */
export function NotificationsPage() {
  const t = useT();
  const { pick } = useLang();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const list = usePagedList(listNotifications, ALL);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [markingAll, setMarkingAll] = useState(false);
  const unreadOnly = list.filters.unread === 'true';

  const markRead = async (notification: Notification) => {
    if (notification.readAt) return;
    setBusyId(notification.id);
    try {
      await markNotificationRead(notification.id);
      announceInboxChanged();
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const open = async (notification: Notification) => {
    if (!notification.readAt) {
      try {
        await markNotificationRead(notification.id);
        announceInboxChanged();
      } catch {
        // Opening the application matters more than the mark; the notification stays unread.
      }
    }
    if (isConsolePath(notification.link)) void navigate(notification.link);
    else list.reload();
  };

  const markAll = async () => {
    setMarkingAll(true);
    try {
      const { updated } = await markAllNotificationsRead();
      feedback.succeeded(t('notifications.allRead', { count: updated }));
      announceInboxChanged();
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setMarkingAll(false);
    }
  };

  const columns: TableColumnsType<Notification> = [
    {
      title: t('notifications.columns.title'),
      key: 'title',
      render: (_, notification) => (
        <Flex gap={8} align="flex-start">
          <Badge status={notification.readAt ? 'default' : 'processing'} style={{ marginTop: 6 }} />
          <Flex vertical gap={2}>
            <Typography.Text strong={!notification.readAt}>{pick(notification.title)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {pick(notification.body)}
            </Typography.Text>
          </Flex>
        </Flex>
      ),
    },
    {
      title: t('notifications.columns.createdAt'),
      dataIndex: 'createdAt',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    {
      title: t('notifications.columns.status'),
      key: 'status',
      render: (_, notification) =>
        notification.readAt ? (
          <Typography.Text type="secondary">{t('notifications.read')}</Typography.Text>
        ) : (
          <Typography.Text type="warning">{t('notifications.unread')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, notification) => (
        <Flex gap={0}>
          {isConsolePath(notification.link) ? (
            <Button type="link" size="small" icon={<ExportOutlined />} onClick={() => void open(notification)} data-testid="notification-open">
              {t('notifications.open')}
            </Button>
          ) : null}
          {notification.readAt ? null : (
            <Button
              type="link"
              size="small"
              icon={<CheckOutlined />}
              loading={busyId === notification.id}
              onClick={() => void markRead(notification)}
              data-testid="notification-read"
            >
              {t('notifications.markRead')}
            </Button>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('notifications.title')}
      subtitle={t('notifications.subtitle')}
      extra={
        <Button icon={<CheckOutlined />} loading={markingAll} onClick={() => void markAll()} data-testid="notifications-read-all">
          {t('notifications.markAllRead')}
        </Button>
      }
    >
      <Segmented
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(value) => list.search(value === 'unread' ? UNREAD : ALL)}
        options={[
          { value: 'all', label: t('notifications.filterAll') },
          { value: 'unread', label: t('notifications.filterUnread') },
        ]}
        data-testid="notifications-filter"
        style={{ alignSelf: 'flex-start' }}
      />
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="notifications-table">
        <PagedTable<Notification>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}
        />
      </Card>
    </PageContainer>
  );
}
