import { CheckOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, Input, Select, Table, type TableColumnsType, Typography, theme } from 'antd';
import { useState } from 'react';
import { VULNERABILITY_SEVERITIES, VULNERABILITY_SOURCES } from '../../api/contract-enums.ts';
import type { CreateVulnerabilityBody, Vulnerability } from '../../api/contract-types.ts';
import { createVulnerability, fixVulnerability, verifyVulnerability } from '../../api/security-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { DateField, todayDate } from '../../components/date-field.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { overdueRow } from '../../components/due-date.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDate } from '../../i18n/shanghai-time.ts';
import { SeverityTag, VulnerabilityStateTag } from './security-tags.tsx';

interface CreateValues {
  title: string;
  description?: string;
  foundOn: string;
  source: CreateVulnerabilityBody['source'];
  severity: CreateVulnerabilityBody['severity'];
}

const CREATE_FIELDS = ['title', 'description', 'foundOn', 'source', 'severity'] as const;

function CreateVulnerabilityForm({ systemId, onClose, onDone }: { systemId: string; onClose: () => void; onDone: (vulnerability: Vulnerability) => void }) {
  const t = useT();
  const toBody = (values: CreateValues): CreateVulnerabilityBody => ({
    title: values.title.trim(),
    foundOn: values.foundOn,
    source: values.source,
    severity: values.severity,
    ...(values.description?.trim() ? { description: values.description.trim() } : {}),
  });
  return (
    <FormModal<CreateValues, Vulnerability>
      title={t('securityRecord.vulnerabilities.create')}
      okText={t('common.save')}
      testId="vulnerability"
      fields={CREATE_FIELDS}
      initialValues={{ foundOn: todayDate(), source: 'scan', severity: 'high' }}
      onSubmit={(values) => createVulnerability(systemId, toBody(values))}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item
        name="title"
        label={t('securityRecord.vulnerabilities.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('securityRecord.vulnerabilities.name') }) }]}
      >
        <Input maxLength={200} data-testid="vulnerability-title" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="severity" label={t('securityRecord.vulnerabilities.severity')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 140 }}>
          <Select options={VULNERABILITY_SEVERITIES.map((value) => ({ value, label: t(`securityRecord.vulnerabilities.severities.${value}`) }))} data-testid="vulnerability-severity-select" />
        </Form.Item>
        <Form.Item name="source" label={t('securityRecord.vulnerabilities.source')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 140 }}>
          <Select options={VULNERABILITY_SOURCES.map((value) => ({ value, label: t(`securityRecord.vulnerabilities.sources.${value}`) }))} data-testid="vulnerability-source" />
        </Form.Item>
        <DateField name="foundOn" label={t('securityRecord.vulnerabilities.foundOn')} required max={todayDate()} testId="vulnerability-found-on" style={{ flex: 1, minWidth: 160 }} />
      </Flex>
      <Typography.Paragraph type="secondary">{t('securityRecord.vulnerabilities.deadlineHint')}</Typography.Paragraph>
      <Form.Item name="description" label={t('securityRecord.vulnerabilities.description')}>
        <Input.TextArea rows={3} maxLength={4000} showCount />
      </Form.Item>
    </FormModal>
  );
}

type DayAction = { kind: 'fix' | 'verify'; vulnerability: Vulnerability };

const DAY_FIELDS = ['day', 'note'] as const;

function DayActionForm({ action, onClose, onDone }: { action: DayAction; onClose: () => void; onDone: (vulnerability: Vulnerability) => void }) {
  const t = useT();
  const { kind, vulnerability } = action;
  return (
    <FormModal<{ day: string; note?: string }, Vulnerability>
      title={t(kind === 'fix' ? 'securityRecord.vulnerabilities.fixTitle' : 'securityRecord.vulnerabilities.verifyTitle', { title: vulnerability.title })}
      okText={t('common.confirm')}
      testId={`vulnerability-${kind}`}
      fields={DAY_FIELDS}
      initialValues={{ day: todayDate() }}
      onSubmit={(values) =>
        kind === 'fix' ? fixVulnerability(vulnerability.id, values.day, values.note?.trim() || undefined) : verifyVulnerability(vulnerability.id, values.day)
      }
      onClose={onClose}
      onDone={onDone}
    >
      {kind === 'verify' ? <Typography.Paragraph type="secondary">{t('securityRecord.vulnerabilities.verifyHint')}</Typography.Paragraph> : null}
      <DateField
        name="day"
        label={t(kind === 'fix' ? 'securityRecord.vulnerabilities.fixedOn' : 'securityRecord.vulnerabilities.verifiedOn')}
        required
        max={todayDate()}
        testId={`vulnerability-${kind}-day`}
      />
      {kind === 'fix' ? (
        <Form.Item name="note" label={t('securityRecord.vulnerabilities.fixNote')}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="vulnerability-fix-note" />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}

interface VulnerabilitiesPanelProps {
  systemId: string;
  vulnerabilities: { data: Vulnerability[] | undefined; error: unknown; loading: boolean };
  mayManage: boolean;
  mayVerify: boolean;
  onChanged: () => void;
}

/** 漏洞: found, deadline by severity, fixed, verified by the operator (QP-21, QP-24); overdue ones tinted. */
export function VulnerabilitiesPanel({ systemId, vulnerabilities, mayManage, mayVerify, onChanged }: VulnerabilitiesPanelProps) {
  const t = useT();
  const feedback = useFeedback();
  const { token } = theme.useToken();
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<DayAction | null>(null);
  const columns: TableColumnsType<Vulnerability> = [
    { title: t('securityRecord.vulnerabilities.name'), dataIndex: 'title', render: (title: string) => <span data-testid="vulnerability-title-cell">{title}</span> },
    { title: t('securityRecord.vulnerabilities.severity'), dataIndex: 'severity', render: (severity: Vulnerability['severity']) => <SeverityTag severity={severity} /> },
    { title: t('securityRecord.vulnerabilities.source'), dataIndex: 'source', render: (source: Vulnerability['source']) => t(`securityRecord.vulnerabilities.sources.${source}`) },
    { title: t('securityRecord.vulnerabilities.foundOn'), dataIndex: 'foundOn' },
    {
      title: t('securityRecord.vulnerabilities.deadlineOn'),
      key: 'deadline',
      render: (_, v) => (
        <Typography.Text type={v.overdue ? 'danger' : undefined} data-testid="vulnerability-deadline">
          {v.deadlineOn}
        </Typography.Text>
      ),
    },
    { title: t('securityRecord.vulnerabilities.fixedOn'), dataIndex: 'fixedOn', render: (value: string | null) => formatDate(value) },
    { title: t('securityRecord.vulnerabilities.verifiedOn'), key: 'verified', render: (_, v) => (v.verifiedOn ? `${v.verifiedOn} · ${v.verifiedBy ?? ''}` : t('common.none')) },
    { title: t('securityRecord.vulnerabilities.status'), key: 'state', render: (_, v) => <VulnerabilityStateTag vulnerability={v} /> },
    ...(mayManage || mayVerify
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, v: Vulnerability) => (
              <Flex gap={0}>
                {mayManage && !v.verifiedOn ? (
                  <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setAction({ kind: 'fix', vulnerability: v })} data-testid="vulnerability-fix">
                    {t('securityRecord.vulnerabilities.fix')}
                  </Button>
                ) : null}
                {mayVerify && v.fixedOn && !v.verifiedOn ? (
                  <Button type="link" size="small" icon={<SafetyOutlined />} onClick={() => setAction({ kind: 'verify', vulnerability: v })} data-testid="vulnerability-verify">
                    {t('securityRecord.vulnerabilities.verify')}
                  </Button>
                ) : null}
              </Flex>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      title={t('securityRecord.vulnerabilities.title')}
      extra={
        mayManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="vulnerability-create">
            {t('securityRecord.vulnerabilities.create')}
          </Button>
        ) : null
      }
    >
      {vulnerabilities.error ? <ApiErrorAlert error={vulnerabilities.error} style={{ marginBottom: 12 }} /> : null}
      <Table<Vulnerability>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={vulnerabilities.data ?? []}
        loading={vulnerabilities.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        onRow={(v) => overdueRow(v.overdue, token.colorErrorBg)}
        locale={{ emptyText: <Empty description={t('securityRecord.vulnerabilities.empty')} /> }}
        data-testid="vulnerabilities-table"
      />
      {creating ? (
        <CreateVulnerabilityForm
          systemId={systemId}
          onClose={() => setCreating(false)}
          onDone={(created) => {
            setCreating(false);
            feedback.succeeded(t('securityRecord.vulnerabilities.created', { deadline: created.deadlineOn }));
            onChanged();
          }}
        />
      ) : null}
      {action ? (
        <DayActionForm
          action={action}
          onClose={() => setAction(null)}
          onDone={() => {
            feedback.succeeded(t(action.kind === 'fix' ? 'securityRecord.vulnerabilities.fixed' : 'securityRecord.vulnerabilities.verified'));
            setAction(null);
            onChanged();
          }}
        />
      ) : null}
    </Card>
  );
}
