import { PlusOutlined } from '@ant-design/icons';
import type { User } from '@yunshu/shared/api';
import { ROLE_DEFINITIONS, ROLES, type Role, UNIT_TYPE_LABELS } from '@yunshu/shared/roles';
import { Button, Card, Flex, Form, Input, Popconfirm, Select, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { can } from '../../access.ts';
import type { CreatedUser } from '../../api/contract-types.ts';
import {
  disableUser,
  enableUser,
  listUsers,
  resetUserPassword,
  type UserFilters,
  type UserStatus,
  unlockUser,
} from '../../api/users-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { type OneTimePassword, OneTimePasswordModal } from '../../components/one-time-password-modal.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { RoleTags } from '../../components/role-tags.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { UserStatusTag } from '../../components/user-status-tag.tsx';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { useUnitOptions } from '../../components/use-unit-options.ts';
import { UserCreateModal } from './user-create-modal.tsx';
import { UserEditModal } from './user-edit-modal.tsx';
import { UserRolesModal } from './user-roles-modal.tsx';
import { PagedTable } from '../../components/paged-table.tsx';

interface SearchValues {
  q?: string;
  unitId?: string;
  role?: Role;
  status?: UserStatus;
}

const NO_FILTERS: UserFilters = {};
const STATUSES: UserStatus[] = ['active', 'disabled', 'locked'];

export function UsersPage() {
  const t = useT();
  const { pick } = useLang();
  const { me, refresh } = useMe();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listUsers, NO_FILTERS);
  const units = useUnitOptions();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [assigning, setAssigning] = useState<User | null>(null);
  const [oneTime, setOneTime] = useState<OneTimePassword | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  /** Runs an action on one user row with a busy marker and a toast for the outcome. */
  const act = async (user: User, action: () => Promise<unknown>, done?: string) => {
    setBusyId(user.id);
    try {
      await action();
      if (done) feedback.succeeded(done);
      list.reload();
      return true;
    } catch (error) {
      feedback.failed(error);
      return false;
    } finally {
      setBusyId(null);
    }
  };

  const resetPassword = async (user: User) => {
    setBusyId(user.id);
    try {
      const { temporaryPassword } = await resetUserPassword(user.id);
      setOneTime({
        title: t('users.oneTime.resetTitle'),
        displayName: user.displayName,
        username: user.username,
        password: temporaryPassword,
      });
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const onCreated = ({ user, initialPassword }: CreatedUser) => {
    setCreating(false);
    setOneTime({
      title: t('users.oneTime.createdTitle'),
      displayName: user.displayName,
      username: user.username,
      password: initialPassword,
    });
    list.reload();
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('users.fields.username'),
      dataIndex: 'username',
      render: (username: string) => <Typography.Text code>{username}</Typography.Text>,
    },
    { title: t('users.fields.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.fields.unit'),
      key: 'unit',
      render: (_, user) => (
        <Flex vertical>
          <span>{user.unit.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {pick(UNIT_TYPE_LABELS[user.unit.type])}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('users.fields.roles'), key: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
    {
      title: t('users.fields.status'),
      key: 'status',
      render: (_, user) => (
        <Flex gap={4} wrap>
          <UserStatusTag user={user} />
          {user.mustChangePassword ? <Tag color="orange">{t('users.mustChangePassword')}</Tag> : null}
        </Flex>
      ),
    },
    { title: t('users.fields.lastLoginAt'), dataIndex: 'lastLoginAt', render: (at: string | null) => formatDateTime(at) },
    { title: t('users.fields.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => {
        const self = user.id === me.id;
        const busy = busyId === user.id;
        return (
          <Flex gap={0} wrap>
            <Button type="link" size="small" onClick={() => setEditing(user)}>
              {t('common.edit')}
            </Button>
            <Button type="link" size="small" onClick={() => setAssigning(user)}>
              {t('users.roles')}
            </Button>
            {user.status === 'disabled' ? (
              <Popconfirm
                title={t('users.enableConfirm', { name: user.displayName })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => act(user, () => enableUser(user.id), t('users.enabledDone'))}
              >
                <Button type="link" size="small" loading={busy}>
                  {t('common.enable')}
                </Button>
              </Popconfirm>
            ) : (
              <Popconfirm
                title={t('users.disableConfirm', { name: user.displayName })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => act(user, () => disableUser(user.id), t('users.disabledDone'))}
                disabled={self}
              >
                <Button type="link" size="small" danger loading={busy} disabled={self}>
                  {t('common.disable')}
                </Button>
              </Popconfirm>
            )}
            {user.status === 'locked' && can(me, 'user:unlock') ? (
              <Button
                type="link"
                size="small"
                loading={busy}
                onClick={() => act(user, () => unlockUser(user.id), t('security.unlocked'))}
              >
                {t('security.unlock')}
              </Button>
            ) : null}
            <Popconfirm
              title={t('users.resetConfirm', { name: user.displayName })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => resetPassword(user)}
            >
              <Button type="link" size="small" loading={busy}>
                {t('users.resetPassword')}
              </Button>
            </Popconfirm>
          </Flex>
        );
      },
    },
  ];

  return (
    <PageContainer
      title={t('users.title')}
      subtitle={t('users.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
          {t('users.create')}
        </Button>
      }
    >
      <SearchBar
        form={searchForm}
        onSearch={(values) =>
          list.search({ q: values.q?.trim() || undefined, unitId: values.unitId, role: values.role, status: values.status })
        }
      >
        <Form.Item name="q" label={t('users.keyword')}>
          <Input allowClear placeholder={t('users.keywordPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="unitId" label={t('users.unit')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('common.all')}
            loading={units.loading}
            options={units.options}
            style={{ width: 220 }}
          />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 200 }}
            options={ROLES.map((role) => ({ value: role, label: pick(ROLE_DEFINITIONS[role].label) }))}
          />
        </Form.Item>
        <Form.Item name="status" label={t('users.status')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 120 }}
            options={STATUSES.map((status) => ({ value: status, label: t(`users.statuses.${status}`) }))}
          />
        </Form.Item>
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      {units.error ? <ApiErrorAlert error={units.error} /> : null}
      <Card size="small">
        <PagedTable<User>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={t('users.empty')}
        />
      </Card>
      <UserCreateModal
        open={creating}
        units={units.options}
        unitsLoading={units.loading}
        onClose={() => setCreating(false)}
        onCreated={onCreated}
      />
      <UserEditModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          if (saved.id === me.id) void refresh();
          feedback.succeeded(t('common.saved'));
          list.reload();
        }}
      />
      <UserRolesModal
        user={assigning}
        onClose={() => setAssigning(null)}
        onSaved={(saved) => {
          setAssigning(null);
          if (saved.id === me.id) void refresh();
          feedback.succeeded(t('users.rolesSaved'));
          list.reload();
        }}
      />
      <OneTimePasswordModal value={oneTime} onClose={() => setOneTime(null)} />
    </PageContainer>
  );
}
