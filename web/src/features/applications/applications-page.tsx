import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, type TableColumnsType, theme, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../access.ts';
import { type ApplicationFilters, listApplications } from '../../api/applications-api.ts';
import { APPLICATION_KINDS, APPLICATION_STATUSES } from '../../api/contract-enums.ts';
import type { ApplicationKind, ApplicationStatus, ApplicationSummary } from '../../api/contract-types.ts';
import { fetchPolicy } from '../../api/policy-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect, KeywordField, SwitchFilter } from '../../components/search-fields.tsx';
import { useAsync } from '../../components/use-async.ts';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { submittableKinds } from './application-kinds.ts';
import { DueDate, overdueRow } from '../../components/due-date.tsx';
import { ApplicationStatusTag, CurrentStep, KindLabel } from './application-tags.tsx';
import { KindChooserModal } from './kind-chooser-modal.tsx';
import { PagedTable } from '../../components/paged-table.tsx';

interface SearchValues {
  q?: string;
  status?: ApplicationStatus;
  kind?: ApplicationKind;
  mine?: boolean;
}

const NO_FILTERS: ApplicationFilters = {};

/**
 * 我的申请: the applications the user may read — a unit's staff their unit's (QP-19), with a switch for
 * those they submitted themselves; the operator and the authority every unit's.
 */
export function ApplicationsPage() {
  const t = useT();
  const { me } = useMe();
  const { token } = theme.useToken();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listApplications, NO_FILTERS);
  const { data: policy } = useAsync(fetchPolicy);
  const [choosing, setChoosing] = useState(false);
  const maySubmit = can(me, 'application:submit');
  const allUnits = me.scope === 'all';
  const kinds = submittableKinds(me, policy);

  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: t('applications.fields.number'),
      key: 'number',
      render: (_, application) => (
        <Link to={`/applications/${application.id}`} data-testid="application-link" style={{ fontFamily: 'monospace' }}>
          {application.number}
        </Link>
      ),
    },
    { title: t('applications.fields.kind'), key: 'kind', render: (_, application) => <KindLabel kind={application.kind} /> },
    {
      title: t('applications.fields.title'),
      dataIndex: 'title',
      render: (title: string) => (
        <Typography.Text ellipsis={{ tooltip: title }} style={{ maxWidth: 260 }}>
          {title}
        </Typography.Text>
      ),
    },
    ...(allUnits
      ? [{ title: t('applications.fields.unit'), key: 'unit', render: (_: unknown, a: ApplicationSummary) => a.unit.name }]
      : []),
    {
      title: t('applications.fields.system'),
      key: 'system',
      render: (_, application) => application.systemName ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      title: t('applications.fields.status'),
      key: 'status',
      render: (_, application) => <ApplicationStatusTag status={application.status} testId="application-row-status" />,
    },
    {
      title: t('applications.fields.submittedAt'),
      dataIndex: 'submittedAt',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    {
      title: t('applications.fields.dueDate'),
      key: 'due',
      render: (_, application) => (
        <DueDate
          dueAt={application.dueAt}
          provisional={application.dueProvisional}
          overdue={application.status === 'in_review' && (application.currentStep?.overdue ?? false)}
        />
      ),
    },
    { title: t('applications.fields.currentStep'), key: 'step', render: (_, application) => <CurrentStep step={application.currentStep} /> },
  ];

  return (
    <PageContainer
      title={t('applications.title')}
      subtitle={t('applications.subtitle')}
      extra={
        maySubmit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setChoosing(true)} data-testid="application-create">
            {t('applications.create')}
          </Button>
        ) : null
      }
    >
      <SearchBar
        form={searchForm}
        onSearch={(values) =>
          list.search({
            q: values.q?.trim() || undefined,
            status: values.status,
            kind: values.kind,
            mine: values.mine ? 'true' : undefined,
          })
        }
      >
        <KeywordField label={t('applications.keyword')} placeholder={t('applications.keywordPlaceholder')} testId="applications-keyword" />
        <FilterSelect
          name="status"
          label={t('applications.fields.status')}
          width={150}
          testId="applications-status"
          options={APPLICATION_STATUSES.map((value) => ({ value, label: t(`applications.statuses.${value}`) }))}
        />
        <FilterSelect
          name="kind"
          label={t('applications.fields.kind')}
          width={190}
          options={APPLICATION_KINDS.map((value) => ({ value, label: t(`applications.kinds.${value}`) }))}
        />
        {maySubmit ? <SwitchFilter name="mine" label={t('applications.mine')} testId="applications-mine" /> : null}
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="applications-table">
        <PagedTable<ApplicationSummary>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          onRow={(application) =>
            overdueRow(application.status === 'in_review' && (application.currentStep?.overdue ?? false), token.colorErrorBg)
          }
          locale={{
            emptyText: (
              <Empty description={maySubmit ? t('applications.emptySubmitter') : t('applications.empty')}>
                {maySubmit && kinds.length > 0 ? (
                  <Flex justify="center">
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setChoosing(true)}>
                      {t('applications.create')}
                    </Button>
                  </Flex>
                ) : null}
              </Empty>
            ),
          }}
        />
      </Card>
      {maySubmit ? <KindChooserModal open={choosing} kinds={kinds} onClose={() => setChoosing(false)} /> : null}
    </PageContainer>
  );
}
