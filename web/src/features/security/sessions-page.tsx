import type { User } from '@yunshu/shared/api';
import { Button, Card, Flex, Popconfirm, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { can } from '../../access.ts';
import type { SessionInfo } from '../../api/contract-types.ts';
import { endSession, listSessions } from '../../api/security-api.ts';
import { listUsers, unlockUser, type UserFilters } from '../../api/users-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { PagedTable } from '../../components/paged-table.tsx';

const NO_FILTERS = {};
const LOCKED: UserFilters = { status: 'locked' };

const fetchSessions = (_filters: object, page: number, pageSize: number) => listSessions(page, pageSize);

function ActiveSessions() {
  const t = useT();
  const feedback = useFeedback();
  const list = usePagedList(fetchSessions, NO_FILTERS);
  const [busyId, setBusyId] = useState<string | null>(null);

  const end = async (session: SessionInfo) => {
    setBusyId(session.id);
    try {
      await endSession(session.id);
      feedback.succeeded(t('security.ended'));
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<SessionInfo> = [
    {
      title: t('security.columns.user'),
      key: 'user',
      render: (_, session) => (
        <Flex gap={6} align="center" wrap>
          <span>{session.user.displayName}</span>
          <Typography.Text code>{session.user.username}</Typography.Text>
          {session.current ? <Tag color="blue">{t('security.current')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('security.columns.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? t('common.none') },
    {
      title: t('security.columns.userAgent'),
      dataIndex: 'userAgent',
      render: (agent: string | null) =>
        agent ? (
          <Typography.Text ellipsis={{ tooltip: agent }} style={{ maxWidth: 260 }}>
            {agent}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    { title: t('security.columns.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    { title: t('security.columns.lastSeenAt'), dataIndex: 'lastSeenAt', render: (at: string) => formatDateTime(at) },
    { title: t('security.columns.expiresAt'), dataIndex: 'expiresAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, session) =>
        session.current ? (
          <Tooltip title={t('security.currentHint')}>
            <Button type="link" size="small" danger disabled>
              {t('security.end')}
            </Button>
          </Tooltip>
        ) : (
          <Popconfirm
            title={t('security.endConfirm', { name: session.user.displayName })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => end(session)}
          >
            <Button type="link" size="small" danger loading={busyId === session.id}>
              {t('security.end')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('security.sessions')}
      size="small"
      extra={
        <Button size="small" onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      }
      data-testid="sessions-card"
    >
      {list.error ? <ApiErrorAlert error={list.error} style={{ marginBottom: 12 }} /> : null}
      <PagedTable<SessionInfo>
        rowKey="id"
        size="small"
        columns={columns}
        list={list}
        scroll={{ x: 'max-content' }}
        empty={t('security.sessionsEmpty')}
      />
    </Card>
  );
}

function LockedAccounts({ mayUnlock }: { mayUnlock: boolean }) {
  const t = useT();
  const feedback = useFeedback();
  const list = usePagedList(listUsers, LOCKED);
  const [busyId, setBusyId] = useState<string | null>(null);

  const unlock = async (user: User) => {
    setBusyId(user.id);
    try {
      await unlockUser(user.id);
      feedback.succeeded(t('security.unlocked'));
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('security.columns.user'),
      key: 'user',
      render: (_, user) => (
        <Flex gap={6} align="center" wrap>
          <span>{user.displayName}</span>
          <Typography.Text code>{user.username}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('security.columns.unit'), key: 'unit', render: (_, user) => user.unit.name },
    {
      title: t('security.columns.lockedUntil'),
      dataIndex: 'lockedUntil',
      render: (until: string | null) => formatDateTime(until),
    },
    ...(mayUnlock
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, user: User) => (
              <Popconfirm
                title={t('security.unlockConfirm', { name: user.displayName })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => unlock(user)}
              >
                <Button type="link" size="small" loading={busyId === user.id} data-testid={`unlock-${user.username}`}>
                  {t('security.unlock')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('security.locked')}
      size="small"
      extra={
        <Button size="small" onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      }
      data-testid="locked-card"
    >
      {list.error ? <ApiErrorAlert error={list.error} style={{ marginBottom: 12 }} /> : null}
      <PagedTable<User>
        rowKey="id"
        size="small"
        columns={columns}
        list={list}
        empty={t('security.lockedEmpty')}
      />
    </Card>
  );
}

export function SessionsPage() {
  const t = useT();
  const { me } = useMe();
  return (
    <PageContainer title={t('security.title')} subtitle={t('security.subtitle')}>
      <ActiveSessions />
      {can(me, 'user:read') ? <LockedAccounts mayUnlock={can(me, 'user:unlock')} /> : null}
    </PageContainer>
  );
}
