import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, InputNumber, Select, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { can } from '../../access.ts';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import { ACTIVITY_KINDS } from '../../api/contract-enums.ts';
import type { ActivityKind, CreateActivityBody, SecurityActivity } from '../../api/contract-types.ts';
import { type ActivityFilters, listActivities, recordActivity } from '../../api/security-api.ts';
import { listSystems } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { DateField, todayDate } from '../../components/date-field.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect } from '../../components/search-fields.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useUnitOptions } from '../../components/use-unit-options.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

interface ActivityValues {
  kind: ActivityKind;
  heldOn: string;
  title: string;
  content: string;
  participants?: number | null;
  summary?: string;
  unitId?: string;
  systemId?: string;
}

const FIELDS = ['kind', 'heldOn', 'title', 'content', 'participants', 'summary', 'unitId', 'systemId'] as const;

function ActivityForm({ onClose, onDone }: { onClose: () => void; onDone: (activity: SecurityActivity) => void }) {
  const t = useT();
  const { me } = useMe();
  const [form] = Form.useForm<ActivityValues>();
  const districtWide = me.scope === 'all';
  const units = useUnitOptions({ type: 'user_unit', enabled: districtWide });
  const unitId = Form.useWatch('unitId', form);
  // The systems of the unit the record is for: the caller's own, or the unit the operator chose.
  const systemsUnit = districtWide ? unitId : me.unit.id;
  const systems = useAsync(useCallback(() => (systemsUnit ? listSystems({ unitId: systemsUnit }, 1, MAX_PAGE_SIZE) : Promise.resolve(null)), [systemsUnit]));
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const toBody = (values: ActivityValues): CreateActivityBody => ({
    kind: values.kind,
    heldOn: values.heldOn,
    title: values.title.trim(),
    content: values.content.trim(),
    ...(values.participants ? { participants: values.participants } : {}),
    ...(values.summary?.trim() ? { summary: values.summary.trim() } : {}),
    ...(values.unitId ? { unitId: values.unitId } : {}),
    ...(values.systemId ? { systemId: values.systemId } : {}),
  });
  return (
    <FormModal<ActivityValues, SecurityActivity>
      width={640}
      title={t('securityActivities.create')}
      okText={t('common.save')}
      testId="activity"
      fields={FIELDS}
      form={form}
      initialValues={{ kind: 'drill', heldOn: todayDate() }}
      onValuesChange={(changed) => {
        if ('unitId' in changed) form.setFieldValue('systemId', undefined);
      }}
      onSubmit={(values) => recordActivity(toBody(values))}
      onClose={onClose}
      onDone={onDone}
    >
      <Flex gap={16} wrap>
        <Form.Item name="kind" label={t('securityActivities.kind')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 140 }}>
          <Select options={ACTIVITY_KINDS.map((value) => ({ value, label: t(`securityActivities.kinds.${value}`) }))} data-testid="activity-kind" />
        </Form.Item>
        <DateField name="heldOn" label={t('securityActivities.heldOn')} required max={todayDate()} testId="activity-held-on" style={{ flex: 1, minWidth: 160 }} />
        <Form.Item name="participants" label={t('securityActivities.participants')} style={{ flex: 1, minWidth: 120 }}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} data-testid="activity-participants" />
        </Form.Item>
      </Flex>
      <Form.Item name="title" label={t('securityActivities.name')} rules={required(t('securityActivities.name'))}>
        <Input maxLength={200} data-testid="activity-title" />
      </Form.Item>
      {districtWide ? (
        <Form.Item name="unitId" label={t('securityActivities.unit')} extra={t('securityActivities.unitHint')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={units.options} loading={units.loading} data-testid="activity-unit" />
        </Form.Item>
      ) : null}
      <Form.Item name="systemId" label={t('securityActivities.system')} extra={t('securityActivities.systemHint')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          disabled={!systemsUnit}
          loading={systems.loading}
          options={(systems.data?.items ?? []).map((system) => ({ value: system.id, label: system.name }))}
          data-testid="activity-system"
        />
      </Form.Item>
      <Form.Item name="content" label={t('securityActivities.content')} rules={required(t('securityActivities.content'))}>
        <Input.TextArea rows={3} maxLength={4000} showCount data-testid="activity-content" />
      </Form.Item>
      <Form.Item name="summary" label={t('securityActivities.summary')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}

interface SearchValues {
  kind?: ActivityKind;
  unitId?: string;
}

const NO_FILTERS: ActivityFilters = {};

/** 应急演练和培训 (QP-23): each unit's drills and training, and the operator's own, with who recorded them. */
export function ActivitiesPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listActivities, NO_FILTERS);
  const [creating, setCreating] = useState(false);
  const districtWide = me.scope === 'all';
  const units = useUnitOptions({ enabled: districtWide });

  const columns: TableColumnsType<SecurityActivity> = [
    { title: t('securityActivities.heldOn'), dataIndex: 'heldOn' },
    {
      title: t('securityActivities.kind'),
      dataIndex: 'kind',
      render: (kind: ActivityKind) => <Tag color={kind === 'drill' ? 'volcano' : 'blue'}>{t(`securityActivities.kinds.${kind}`)}</Tag>,
    },
    { title: t('securityActivities.name'), dataIndex: 'title', render: (title: string) => <span data-testid="activity-title-cell">{title}</span> },
    ...(districtWide ? [{ title: t('securityActivities.unit'), key: 'unit', render: (_: unknown, a: SecurityActivity) => a.unit.name }] : []),
    { title: t('securityActivities.system'), dataIndex: 'systemName', render: (name: string | null) => name ?? t('common.none') },
    { title: t('securityActivities.participants'), dataIndex: 'participants', align: 'right', render: (n: number | null) => n ?? t('common.none') },
    {
      title: t('securityActivities.content'),
      key: 'content',
      render: (_, a) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: a.summary ? `${a.content}\n${a.summary}` : a.content }} style={{ margin: 0, maxWidth: 320 }}>
          {a.content}
        </Typography.Paragraph>
      ),
    },
    { title: t('securityActivities.createdBy'), dataIndex: 'createdBy' },
  ];

  return (
    <PageContainer
      title={t('securityActivities.title')}
      subtitle={t('securityActivities.subtitle')}
      extra={
        can(me, 'security:manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="activity-create">
            {t('securityActivities.create')}
          </Button>
        ) : null
      }
    >
      <SearchBar form={searchForm} onSearch={(values) => list.search({ kind: values.kind, unitId: values.unitId })}>
        <FilterSelect name="kind" label={t('securityActivities.kind')} width={140} options={ACTIVITY_KINDS.map((value) => ({ value, label: t(`securityActivities.kinds.${value}`) }))} />
        {districtWide ? <FilterSelect name="unitId" label={t('securityActivities.unit')} width={220} options={units.options} loading={units.loading} /> : null}
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="activities-table">
        <PagedTable<SecurityActivity> rowKey="id" columns={columns} list={list} scroll={{ x: 'max-content' }} empty={t('securityActivities.empty')} />
      </Card>
      {creating ? (
        <ActivityForm
          onClose={() => setCreating(false)}
          onDone={(activity) => {
            setCreating(false);
            feedback.succeeded(t('securityActivities.created', { title: activity.title }));
            list.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
