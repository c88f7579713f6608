import type { User } from '@yunshu/shared/api';
import { UNIT_TYPE_LABELS, USER_UNIT_CATEGORY_LABELS } from '@yunshu/shared/roles';
import { Card, Descriptions, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { can } from '../../access.ts';
import { getUnit, listUnitUsers } from '../../api/units-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { RoleTags } from '../../components/role-tags.tsx';
import { useAsync } from '../../components/use-async.ts';
import { usePagedList } from '../../components/use-paged-list.ts';
import { UserStatusTag } from '../../components/user-status-tag.tsx';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { PagedTable } from '../../components/paged-table.tsx';

const NO_FILTERS = {};

/** The members of one unit, paged by the server. */
function UnitMembers({ unitId }: { unitId: string }) {
  const t = useT();
  const fetchMembers = useCallback(
    (_filters: object, page: number, pageSize: number) => listUnitUsers(unitId, page, pageSize),
    [unitId],
  );
  const list = usePagedList(fetchMembers, NO_FILTERS);

  const columns: TableColumnsType<User> = [
    {
      title: t('users.fields.username'),
      dataIndex: 'username',
      render: (username: string) => <Typography.Text code>{username}</Typography.Text>,
    },
    { title: t('users.fields.displayName'), dataIndex: 'displayName' },
    { title: t('users.fields.roles'), key: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
    { title: t('users.fields.status'), key: 'status', render: (_, user) => <UserStatusTag user={user} /> },
    {
      title: t('users.fields.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      render: (at: string | null) => formatDateTime(at),
    },
  ];

  return (
    <Card title={t('myUnit.members')} size="small">
      {list.error ? <ApiErrorAlert error={list.error} style={{ marginBottom: 12 }} /> : null}
      <PagedTable<User>
        rowKey="id"
        columns={columns}
        list={list}
        scroll={{ x: 'max-content' }}
        empty={t('myUnit.membersEmpty')}
      />
    </Card>
  );
}

/** The own unit of a user without unit management: its registration and, with user:read, its members. */
export function MyUnitPage() {
  const t = useT();
  const { pick } = useLang();
  const { me } = useMe();
  const loadUnit = useCallback(() => getUnit(me.unit.id), [me.unit.id]);
  const { data: unit, error, loading } = useAsync(loadUnit);

  if (loading && !unit) return <Loading />;

  return (
    <PageContainer title={t('myUnit.title')} subtitle={unit?.name ?? me.unit.name}>
      {error ? <ApiErrorAlert error={error} /> : null}
      {unit ? (
        <Card size="small">
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'name', label: t('units.fields.name'), children: unit.name },
              { key: 'shortName', label: t('units.fields.shortName'), children: unit.shortName ?? t('common.none') },
              { key: 'type', label: t('units.fields.type'), children: pick(UNIT_TYPE_LABELS[unit.type]) },
              ...(unit.category
                ? [{ key: 'category', label: t('units.fields.category'), children: pick(USER_UNIT_CATEGORY_LABELS[unit.category]) }]
                : []),
              {
                key: 'creditCode',
                label: t('units.fields.creditCode'),
                children: <Typography.Text style={{ fontFamily: 'monospace' }}>{unit.creditCode}</Typography.Text>,
              },
              { key: 'contactName', label: t('units.fields.contactName'), children: unit.contactName },
              { key: 'contactPhone', label: t('units.fields.contactPhone'), children: unit.contactPhone },
              {
                key: 'districtBudget',
                label: t('units.fields.districtBudget'),
                children: (
                  <Tag color={unit.districtBudget ? 'green' : 'default'}>
                    {unit.districtBudget ? t('common.yes') : t('common.no')}
                  </Tag>
                ),
              },
              {
                key: 'status',
                label: t('units.fields.status'),
                children: unit.disabled ? <Tag>{t('units.statusDisabled')}</Tag> : <Tag color="green">{t('units.statusActive')}</Tag>,
              },
              { key: 'userCount', label: t('units.fields.userCount'), children: unit.userCount },
              { key: 'createdAt', label: t('units.fields.createdAt'), children: formatDateTime(unit.createdAt) },
            ]}
          />
        </Card>
      ) : null}
      {can(me, 'user:read') ? <UnitMembers unitId={me.unit.id} /> : null}
    </PageContainer>
  );
}
