import { PlayCircleOutlined } from '@ant-design/icons';
import { EFFICIENCY_RULE_LABELS, EFFICIENCY_RULES, type EfficiencyRule, type Finding } from '@yunshu/shared/efficiency-cases-api';
import { Alert, Button, Card, Form, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../access.ts';
import { type FindingFilters, listEfficiencyFindings, runEfficiencyRules } from '../../api/efficiency-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ConfirmActionModal } from '../../components/confirm-action-modal.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect } from '../../components/search-fields.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { evidenceText, RuleLabel, savingLabel } from './efficiency-views.tsx';

interface SearchValues {
  rule?: EfficiencyRule;
  status?: 'open' | 'cleared' | 'all';
}

const OPEN: FindingFilters = { status: 'open' };

/** 效能发现: what the rules found, filtered and paged; the operator runs the rules now. */
export function FindingsCard({ onRun }: { onRun: () => void }) {
  const t = useT();
  const { pick } = useLang();
  const { me } = useMe();
  const feedback = useFeedback();
  const [form] = Form.useForm<SearchValues>();
  const list = usePagedList(listEfficiencyFindings, OPEN);
  const [running, setRunning] = useState(false);

  const columns: TableColumnsType<Finding> = [
    { title: t('efficiency.findings.rule'), dataIndex: 'rule', render: (rule: EfficiencyRule) => <RuleLabel rule={rule} /> },
    { title: t('efficiency.findings.resource'), key: 'resource', render: (_, f) => <Link to={`/resources/${f.resource.id}`} data-testid="finding-resource">{f.resource.name}</Link> },
    { title: t('efficiency.findings.unit'), key: 'unit', render: (_, f) => f.unit.name },
    {
      title: t('efficiency.findings.evidence'),
      key: 'evidence',
      render: (_, f) => (
        <Typography.Text style={{ maxWidth: 360, display: 'inline-block' }} type="secondary">
          {evidenceText(f.evidence, t) || t('common.none')}
        </Typography.Text>
      ),
    },
    {
      title: t('efficiency.findings.saving'),
      key: 'saving',
      align: 'right',
      render: (_, f) =>
        f.monthlySaving ? (
          <span data-testid="finding-saving">
            {formatYuan(f.monthlySaving)}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {savingLabel(f.rule, t)}
            </Typography.Text>
          </span>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('efficiency.findings.status'),
      dataIndex: 'status',
      render: (status: Finding['status']) => <Tag color={status === 'open' ? 'orange' : 'green'}>{t(`efficiency.findings.statuses.${status}`)}</Tag>,
    },
    { title: t('efficiency.findings.detectedAt'), dataIndex: 'detectedAt', render: (at: string) => formatDateTime(at) },
    { title: t('efficiency.findings.lastSeenAt'), dataIndex: 'lastSeenAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('efficiency.findings.case'),
      key: 'case',
      render: (_, f) =>
        f.caseId && can(me, 'efficiency:read') ? (
          <Link to={`/efficiency/cases/${f.caseId}`} data-testid="finding-case">
            {t('efficiency.findings.openCase')}
          </Link>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <Card
      title={t('efficiency.findings.title')}
      data-testid="efficiency-findings"
      extra={
        can(me, 'efficiency:manage') ? (
          <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setRunning(true)} data-testid="efficiency-run">
            {t('efficiency.findings.run.button')}
          </Button>
        ) : null
      }
    >
      <SearchBar form={form} initialValues={{ status: 'open' }} onSearch={(values) => list.search({ rule: values.rule, status: values.status ?? 'open' })}>
        <FilterSelect name="rule" label={t('efficiency.findings.rule')} width={220} options={EFFICIENCY_RULES.map((rule) => ({ value: rule, label: pick(EFFICIENCY_RULE_LABELS[rule]) }))} testId="findings-rule" />
        <FilterSelect
          name="status"
          label={t('efficiency.findings.status')}
          width={120}
          options={(['open', 'cleared', 'all'] as const).map((value) => ({ value, label: t(`efficiency.findings.statuses.${value}`) }))}
          testId="findings-status"
        />
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <PagedTable<Finding> rowKey="id" size="small" columns={columns} list={list} scroll={{ x: 'max-content' }} empty={t('efficiency.findings.empty')} data-testid="findings-table" />
      <ConfirmActionModal
        open={running}
        title={t('efficiency.findings.run.title')}
        okText={t('efficiency.findings.run.button')}
        testId="efficiency-run-dialog"
        action={runEfficiencyRules}
        onClose={() => setRunning(false)}
        onDone={(run) => {
          setRunning(false);
          feedback.succeeded(t('efficiency.findings.run.done', { judged: run.judged, opened: run.opened, cases: run.casesOpened, refreshed: run.refreshed, cleared: run.cleared }));
          list.reload();
          onRun();
        }}
      >
        <Alert type="info" showIcon title={t('efficiency.findings.run.note')} />
      </ConfirmActionModal>
    </Card>
  );
}
