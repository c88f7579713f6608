import { Button, Card, Flex, type TableColumnsType, Tag, Typography, theme } from 'antd';
import { useCallback } from 'react';
import { Link, useNavigate } from 'react-router';
import { listPendingApplications } from '../../api/applications-api.ts';
import type { ApplicationSummary } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { DueDate, overdueRow } from '../../components/due-date.tsx';
import { CurrentStep, KindLabel } from './application-tags.tsx';
import { type Remaining, useWorkingDays } from './use-working-days.ts';
import { PagedTable } from '../../components/paged-table.tsx';

const NO_FILTERS = {};

function RemainingTag({ remaining }: { remaining: Remaining | null }) {
  const t = useT();
  if (!remaining) return null;
  if (remaining.kind === 'overdue') return null;
  if (remaining.kind === 'today') return <Tag color="volcano">{t('applications.pending.dueToday')}</Tag>;
  return (
    <Tag color={remaining.days <= 1 ? 'orange' : 'default'} data-testid="remaining-working-days">
      {t('applications.pending.remaining', { days: remaining.days })}
    </Tag>
  );
}

/**
 * 待办: applications whose current step belongs to one of my roles, the soonest deadline first; a step
 * past its deadline is shown in red (the deadlines are working days: QP-9, QP-10, QP-11).
 */
export function PendingPage() {
  const t = useT();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const fetchPage = useCallback((_filters: object, page: number, pageSize: number) => listPendingApplications(page, pageSize), []);
  const list = usePagedList(fetchPage, NO_FILTERS);
  const { remaining } = useWorkingDays();

  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: t('applications.fields.number'),
      key: 'number',
      render: (_, application) => (
        <Link to={`/applications/${application.id}`} data-testid="pending-link" style={{ fontFamily: 'monospace' }}>
          {application.number}
        </Link>
      ),
    },
    { title: t('applications.fields.kind'), key: 'kind', render: (_, application) => <KindLabel kind={application.kind} /> },
    {
      title: t('applications.fields.title'),
      dataIndex: 'title',
      render: (title: string) => (
        <Typography.Text ellipsis={{ tooltip: title }} style={{ maxWidth: 240 }}>
          {title}
        </Typography.Text>
      ),
    },
    {
      title: t('applications.fields.unit'),
      key: 'unit',
      render: (_, application) => (
        <Flex vertical>
          <span>{application.unit.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {application.applicantName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('applications.fields.system'),
      key: 'system',
      render: (_, application) => application.systemName ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      title: t('applications.fields.submittedAt'),
      dataIndex: 'submittedAt',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    { title: t('applications.fields.currentStep'), key: 'step', render: (_, application) => <CurrentStep step={application.currentStep} /> },
    {
      title: t('applications.fields.stepDueDate'),
      key: 'due',
      render: (_, application) => {
        const dueAt = application.currentStep?.dueAt ?? application.dueAt;
        return (
          <Flex gap={4} align="center" wrap>
            <DueDate dueAt={dueAt} provisional={application.dueProvisional} overdue={application.currentStep?.overdue ?? false} />
            <RemainingTag remaining={remaining(dueAt)} />
          </Flex>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, application) => (
        <Button type="link" size="small" onClick={() => navigate(`/applications/${application.id}`)} data-testid="pending-open">
          {t('applications.pending.handle')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer title={t('applications.pending.title')} subtitle={t('applications.pending.subtitle')}>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="pending-table">
        <PagedTable<ApplicationSummary>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          onRow={(application) => overdueRow(application.currentStep?.overdue ?? false, token.colorErrorBg)}
          empty={t('applications.pending.empty')}
        />
      </Card>
    </PageContainer>
  );
}
