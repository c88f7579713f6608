import { EditOutlined, NotificationOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Empty, Flex, Form, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { INCIDENT_LEVELS } from '../../api/contract-enums.ts';
import type { CreateIncidentBody, Incident } from '../../api/contract-types.ts';
import { issueNotice, recordIncident, updateIncident } from '../../api/security-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { DateField, todayDate } from '../../components/date-field.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDate } from '../../i18n/shanghai-time.ts';
import { IncidentLevelTag } from './security-tags.tsx';

interface CreateValues {
  occurredOn: string;
  level: CreateIncidentBody['level'];
  title: string;
  description: string;
  handling?: string;
  issuedBy?: string;
}

const CREATE_FIELDS = ['occurredOn', 'level', 'title', 'description', 'handling', 'issuedBy'] as const;

/** An incident the unit records, or a notice (通报) the operator issues to it: the same record with its issuer. */
function CreateIncidentForm({ systemId, notice, onClose, onDone }: { systemId: string; notice: boolean; onClose: () => void; onDone: (incident: Incident) => void }) {
  const t = useT();
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const onSubmit = (values: CreateValues) => {
    const body: CreateIncidentBody = {
      occurredOn: values.occurredOn,
      level: values.level,
      title: values.title.trim(),
      description: values.description.trim(),
      ...(values.handling?.trim() ? { handling: values.handling.trim() } : {}),
    };
    return notice ? issueNotice(systemId, { ...body, issuedBy: values.issuedBy?.trim() ?? '' }) : recordIncident(systemId, body);
  };
  return (
    <FormModal<CreateValues, Incident>
      title={t(notice ? 'securityRecord.incidents.issue' : 'securityRecord.incidents.record')}
      okText={t('common.save')}
      testId="incident"
      fields={CREATE_FIELDS}
      initialValues={{ occurredOn: todayDate(), level: 'general' }}
      onSubmit={onSubmit}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="title" label={t('securityRecord.incidents.name')} rules={required(t('securityRecord.incidents.name'))}>
        <Input maxLength={200} data-testid="incident-title" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="level" label={t('securityRecord.incidents.level')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 140 }}>
          <Select options={INCIDENT_LEVELS.map((value) => ({ value, label: t(`securityRecord.incidents.levels.${value}`) }))} data-testid="incident-level" />
        </Form.Item>
        <DateField name="occurredOn" label={t('securityRecord.incidents.occurredOn')} required max={todayDate()} testId="incident-occurred-on" style={{ flex: 1, minWidth: 160 }} />
      </Flex>
      {notice ? (
        <Form.Item name="issuedBy" label={t('securityRecord.incidents.issuedBy')} rules={required(t('securityRecord.incidents.issuedBy'))}>
          <Input maxLength={100} data-testid="incident-issued-by" />
        </Form.Item>
      ) : null}
      <Form.Item name="description" label={t('securityRecord.incidents.description')} rules={required(t('securityRecord.incidents.description'))}>
        <Input.TextArea rows={3} maxLength={4000} showCount data-testid="incident-description" />
      </Form.Item>
      <Form.Item name="handling" label={t('securityRecord.incidents.handling')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}

interface HandleValues {
  handling?: string;
  close: boolean;
  closedOn?: string;
}

const HANDLE_FIELDS = ['handling', 'closedOn'] as const;

function HandleIncidentForm({ incident, onClose, onDone }: { incident: Incident; onClose: () => void; onDone: (incident: Incident) => void }) {
  const t = useT();
  const [form] = Form.useForm<HandleValues>();
  const closing = Form.useWatch('close', form);
  return (
    <FormModal<HandleValues, Incident>
      title={t('securityRecord.incidents.handleTitle', { title: incident.title })}
      okText={t('common.save')}
      testId="incident-handle"
      fields={HANDLE_FIELDS}
      form={form}
      initialValues={{ handling: incident.handling ?? '', close: false, closedOn: todayDate() }}
      onSubmit={(values) => updateIncident(incident.id, { handling: values.handling?.trim() ?? '', ...(values.close && values.closedOn ? { closedOn: values.closedOn } : {}) })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="handling" label={t('securityRecord.incidents.handling')}>
        <Input.TextArea rows={4} maxLength={4000} showCount data-testid="incident-handling" />
      </Form.Item>
      <Form.Item name="close" valuePropName="checked" extra={t('securityRecord.incidents.closeHint')}>
        <Checkbox data-testid="incident-close">{t('securityRecord.incidents.close')}</Checkbox>
      </Form.Item>
      {closing ? <DateField name="closedOn" label={t('securityRecord.incidents.closedOn')} required max={todayDate()} testId="incident-closed-on" /> : null}
    </FormModal>
  );
}

interface IncidentsPanelProps {
  systemId: string;
  incidents: { data: Incident[] | undefined; error: unknown; loading: boolean };
  mayManage: boolean;
  mayIssueNotice: boolean;
  onChanged: () => void;
}

/** 安全事件和通报 (QP-23, QP-24): the unit's incidents and the notices issued to it, handled and closed. */
export function IncidentsPanel({ systemId, incidents, mayManage, mayIssueNotice, onChanged }: IncidentsPanelProps) {
  const t = useT();
  const feedback = useFeedback();
  const [creating, setCreating] = useState<'incident' | 'notice' | null>(null);
  const [handling, setHandling] = useState<Incident | null>(null);
  const columns: TableColumnsType<Incident> = [
    {
      title: t('securityRecord.incidents.kind'),
      dataIndex: 'kind',
      render: (kind: Incident['kind']) => <Tag color={kind === 'notice' ? 'purple' : 'volcano'}>{t(`securityRecord.incidents.kinds.${kind}`)}</Tag>,
    },
    { title: t('securityRecord.incidents.name'), dataIndex: 'title' },
    { title: t('securityRecord.incidents.level'), dataIndex: 'level', render: (level: Incident['level']) => <IncidentLevelTag level={level} /> },
    { title: t('securityRecord.incidents.occurredOn'), dataIndex: 'occurredOn' },
    { title: t('securityRecord.incidents.issuedBy'), key: 'by', render: (_, i) => i.issuedBy ?? i.createdBy },
    {
      title: t('securityRecord.incidents.description'),
      dataIndex: 'description',
      render: (text: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: text }} style={{ margin: 0, maxWidth: 280 }}>
          {text}
        </Typography.Paragraph>
      ),
    },
    { title: t('securityRecord.incidents.handling'), dataIndex: 'handling', render: (text: string | null) => text ?? t('common.none') },
    {
      title: t('securityRecord.incidents.status'),
      key: 'status',
      render: (_, i) =>
        i.closedOn ? (
          <Tag color="green" data-testid="incident-status">{`${t('securityRecord.incidents.closed')} ${formatDate(i.closedOn)}`}</Tag>
        ) : (
          <Tag color="orange" data-testid="incident-status">
            {t('securityRecord.incidents.open')}
          </Tag>
        ),
    },
    ...(mayManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, i: Incident) =>
              i.closedOn ? null : (
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setHandling(i)} data-testid="incident-handle">
                  {t('securityRecord.incidents.handle')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      title={t('securityRecord.incidents.title')}
      extra={
        <Flex gap={8}>
          {mayIssueNotice ? (
            <Button icon={<NotificationOutlined />} onClick={() => setCreating('notice')} data-testid="notice-create">
              {t('securityRecord.incidents.issue')}
            </Button>
          ) : null}
          {mayManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('incident')} data-testid="incident-create">
              {t('securityRecord.incidents.record')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      {incidents.error ? <ApiErrorAlert error={incidents.error} style={{ marginBottom: 12 }} /> : null}
      <Table<Incident>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={incidents.data ?? []}
        loading={incidents.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('securityRecord.incidents.empty')} /> }}
        data-testid="incidents-table"
      />
      {creating ? (
        <CreateIncidentForm
          systemId={systemId}
          notice={creating === 'notice'}
          onClose={() => setCreating(null)}
          onDone={() => {
            feedback.succeeded(t(creating === 'notice' ? 'securityRecord.incidents.issued' : 'securityRecord.incidents.recorded'));
            setCreating(null);
            onChanged();
          }}
        />
      ) : null}
      {handling ? (
        <HandleIncidentForm
          incident={handling}
          onClose={() => setHandling(null)}
          onDone={() => {
            setHandling(null);
            feedback.succeeded(t('securityRecord.incidents.updated'));
            onChanged();
          }}
        />
      ) : null}
    </Card>
  );
}
