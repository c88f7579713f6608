import { PlusOutlined } from '@ant-design/icons';
import type { Unit } from '@yunshu/shared/api';
import { UNIT_TYPE_LABELS, UNIT_TYPES, type UnitType, USER_UNIT_CATEGORY_LABELS } from '@yunshu/shared/roles';
import { Button, Card, Flex, Form, Input, Popconfirm, Select, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { listUnits, type UnitFilters, updateUnit } from '../../api/units-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { UnitFormDrawer } from './unit-form-drawer.tsx';
import { PagedTable } from '../../components/paged-table.tsx';

interface SearchValues {
  q?: string;
  type?: UnitType;
}

const NO_FILTERS: UnitFilters = {};

type Editing = { unit: Unit | null } | null;

export function UnitsPage() {
  const t = useT();
  const { pick } = useLang();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listUnits, NO_FILTERS);
  const [editing, setEditing] = useState<Editing>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const setDisabled = async (unit: Unit, disabled: boolean) => {
    setBusyId(unit.id);
    try {
      await updateUnit(unit.id, { disabled });
      feedback.succeeded(disabled ? t('units.disabledDone') : t('units.enabledDone'));
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<Unit> = [
    {
      title: t('units.fields.name'),
      key: 'name',
      render: (_, unit) => (
        <Flex vertical>
          <Typography.Text strong>{unit.name}</Typography.Text>
          {unit.shortName ? <Typography.Text type="secondary">{unit.shortName}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      title: t('units.fields.type'),
      key: 'type',
      render: (_, unit) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color="blue">{pick(UNIT_TYPE_LABELS[unit.type])}</Tag>
          {unit.category ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {pick(USER_UNIT_CATEGORY_LABELS[unit.category])}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('units.fields.creditCode'),
      dataIndex: 'creditCode',
      render: (code: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{code}</Typography.Text>,
    },
    {
      title: t('units.fields.contact'),
      key: 'contact',
      render: (_, unit) => (
        <Flex vertical>
          <span>{unit.contactName}</span>
          <Typography.Text type="secondary">{unit.contactPhone}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('units.fields.districtBudgetShort'),
      dataIndex: 'districtBudget',
      render: (budget: boolean) => <Tag color={budget ? 'green' : 'default'}>{budget ? t('common.yes') : t('common.no')}</Tag>,
    },
    { title: t('units.fields.userCount'), dataIndex: 'userCount', align: 'right' },
    {
      title: t('units.fields.status'),
      dataIndex: 'disabled',
      render: (disabled: boolean) =>
        disabled ? <Tag>{t('units.statusDisabled')}</Tag> : <Tag color="green">{t('units.statusActive')}</Tag>,
    },
    { title: t('units.fields.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, unit) => (
        <Flex gap={4}>
          <Button type="link" size="small" onClick={() => setEditing({ unit })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={unit.disabled ? t('units.enableConfirm', { name: unit.name }) : t('units.disableConfirm', { name: unit.name })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => setDisabled(unit, !unit.disabled)}
          >
            <Button type="link" size="small" danger={!unit.disabled} loading={busyId === unit.id}>
              {unit.disabled ? t('common.enable') : t('common.disable')}
            </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('units.title')}
      subtitle={t('units.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null })} data-testid="unit-create">
          {t('units.create')}
        </Button>
      }
    >
      <SearchBar
        form={searchForm}
        onSearch={(values) => list.search({ q: values.q?.trim() || undefined, type: values.type })}
      >
        <Form.Item name="q" label={t('units.keyword')}>
          <Input allowClear placeholder={t('units.keywordPlaceholder')} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="type" label={t('units.fields.type')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 200 }}
            options={UNIT_TYPES.map((value) => ({ value, label: pick(UNIT_TYPE_LABELS[value]) }))}
          />
        </Form.Item>
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small">
        <PagedTable<Unit>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={t('units.empty')}
        />
      </Card>
      <UnitFormDrawer
        open={editing !== null}
        unit={editing?.unit ?? null}
        onClose={() => setEditing(null)}
        onSaved={(_unit, created) => {
          setEditing(null);
          feedback.succeeded(created ? t('units.created') : t('common.saved'));
          list.reload();
        }}
      />
    </PageContainer>
  );
}
