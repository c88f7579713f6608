import { DownloadOutlined } from '@ant-design/icons';
import type { AuditRecord } from '@yunshu/shared/api';
import {
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  type GetProps,
  Input,
  Select,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type AuditFilters, auditExportUrl, listAudit } from '../../api/audit-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { RoleTags } from '../../components/role-tags.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { dayOfPicked, endOfShanghaiDay, formatDateTime, startOfShanghaiDay } from '../../i18n/shanghai-time.ts';
import { useAuditVerify } from './audit-verify.tsx';
import { PagedTable } from '../../components/paged-table.tsx';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

interface SearchValues {
  range?: RangeValue;
  actor?: string;
  action?: string;
  result?: AuditRecord['result'];
  q?: string;
}

const NO_FILTERS: AuditFilters = {};

function filtersOf(values: SearchValues): AuditFilters {
  const [from, to] = values.range ?? [];
  return {
    from: from ? startOfShanghaiDay(dayOfPicked(from)) : undefined,
    to: to ? endOfShanghaiDay(dayOfPicked(to)) : undefined,
    actor: values.actor?.trim() || undefined,
    action: values.action?.trim() || undefined,
    result: values.result,
    q: values.q?.trim() || undefined,
  };
}

function DetailJson({ record }: { record: AuditRecord }) {
  return (
    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {JSON.stringify(record.detail, null, 2)}
    </pre>
  );
}

export function AuditPage() {
  const t = useT();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listAudit, NO_FILTERS);
  const verify = useAuditVerify();

  const columns: TableColumnsType<AuditRecord> = [
    {
      title: t('audit.columns.at'),
      dataIndex: 'at',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    {
      title: t('audit.columns.actor'),
      dataIndex: 'actorUsername',
      render: (username: string | null) =>
        username ? <Typography.Text code>{username}</Typography.Text> : <Tag>{t('audit.system')}</Tag>,
    },
    { title: t('audit.columns.roles'), dataIndex: 'actorRoles', render: (roles: string[]) => <RoleTags roles={roles} /> },
    { title: t('audit.columns.unit'), dataIndex: 'unitName', render: (name: string | null) => name ?? t('common.none') },
    { title: t('audit.columns.sourceIp'), dataIndex: 'sourceIp', render: (ip: string | null) => ip ?? t('common.none') },
    {
      title: t('audit.columns.action'),
      dataIndex: 'action',
      render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
    },
    {
      title: t('audit.columns.object'),
      key: 'object',
      render: (_, record) =>
        record.objectType ? (
          <Flex vertical>
            <span>{record.objectType}</span>
            {record.objectId ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
                {record.objectId}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('audit.columns.result'),
      dataIndex: 'result',
      render: (result: AuditRecord['result']) => (
        <Tag color={result === 'success' ? 'green' : 'red'}>{t(`audit.results.${result}`)}</Tag>
      ),
    },
    {
      title: t('audit.columns.reason'),
      dataIndex: 'reason',
      render: (reason: string | null) =>
        reason ? (
          <Typography.Text ellipsis={{ tooltip: reason }} style={{ maxWidth: 240 }}>
            {reason}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('audit.columns.requestId'),
      dataIndex: 'requestId',
      render: (id: string | null) =>
        id ? (
          <Typography.Text style={{ fontSize: 12, fontFamily: 'monospace' }} copyable={{ text: id }}>
            {id}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <PageContainer title={t('audit.title')} subtitle={t('audit.subtitle')} extra={verify.button}>
      {verify.outcome}
      <SearchBar
        form={searchForm}
        onSearch={(values) => list.search(filtersOf(values))}
        extra={
          <Button icon={<DownloadOutlined />} href={auditExportUrl(list.filters)} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        }
      >
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear placeholder={t('audit.actionPlaceholder')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="result" label={t('audit.result')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 110 }}
            options={[
              { value: 'success', label: t('audit.results.success') },
              { value: 'failure', label: t('audit.results.failure') },
            ]}
          />
        </Form.Item>
        <Form.Item name="q" label={t('audit.keyword')}>
          <Input allowClear placeholder={t('audit.keywordPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small">
        <PagedTable<AuditRecord>
          rowKey="seq"
          size="small"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (record) =>
              Object.keys(record.detail).length > 0 ? (
                <DetailJson record={record} />
              ) : (
                <Typography.Text type="secondary">{t('audit.noDetail')}</Typography.Text>
              ),
          }}
          empty={t('audit.empty')}
        />
      </Card>
    </PageContainer>
  );
}
