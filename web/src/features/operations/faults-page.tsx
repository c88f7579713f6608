import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, type TableColumnsType, theme } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { can } from '../../access.ts';
import { FAULT_SEVERITIES, FAULT_STATUSES } from '../../api/contract-enums.ts';
import type { FaultSeverity, FaultStatus, FaultTicket } from '../../api/contract-types.ts';
import { type FaultFilters, listFaults } from '../../api/operations-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { overdueRow } from '../../components/due-date.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect, PlatformFilter, SwitchFilter } from '../../components/search-fields.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { FaultFormModal } from './fault-form-modal.tsx';
import { FaultSeverityTag, FaultStatusTag, SlaDeadline } from './fault-views.tsx';

interface SearchValues {
  status?: FaultStatus;
  severity?: FaultSeverity;
  platformId?: string;
  overdue?: boolean;
}

const NO_FILTERS: FaultFilters = {};

/** Late on either deadline: what the operator chases. */
const isLate = (ticket: FaultTicket) => ticket.respondedOnTime === false || ticket.resolvedOnTime === false;

/** 故障单 (QP-16, SJ-19): units' and providers' fault tickets with their response and resolution SLA state. */
export function FaultsPage() {
  const t = useT();
  const { me } = useMe();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listFaults, NO_FILTERS);
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<FaultTicket> = [
    {
      title: t('operations.faults.number'),
      dataIndex: 'number',
      render: (number: string, ticket) => (
        <Link to={`/operations/faults/${ticket.id}`} data-testid="fault-link">
          {number}
        </Link>
      ),
    },
    { title: t('operations.faults.name'), dataIndex: 'title' },
    { title: t('operations.faults.severity'), dataIndex: 'severity', render: (severity: FaultSeverity) => <FaultSeverityTag severity={severity} /> },
    { title: t('operations.faults.status'), dataIndex: 'status', render: (status: FaultStatus) => <FaultStatusTag status={status} /> },
    { title: t('operations.faults.platform'), key: 'platform', render: (_, ticket) => ticket.platform.name },
    {
      title: t('operations.faults.unit'),
      key: 'unit',
      render: (_, ticket) => (ticket.unit ? [ticket.unit.name, ticket.systemName].filter(Boolean).join(' · ') : t('operations.faults.platformWide')),
    },
    { title: t('operations.faults.raisedAt'), dataIndex: 'raisedAt', render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span> },
    {
      title: t('operations.faults.respondDueAt'),
      key: 'respond',
      render: (_, ticket) => <SlaDeadline dueAt={ticket.respondDueAt} doneAt={ticket.respondedAt} onTime={ticket.respondedOnTime} testId="fault-respond-sla" />,
    },
    {
      title: t('operations.faults.resolveDueAt'),
      key: 'resolve',
      render: (_, ticket) => <SlaDeadline dueAt={ticket.resolveDueAt} doneAt={ticket.resolvedAt} onTime={ticket.resolvedOnTime} testId="fault-resolve-sla" />,
    },
  ];

  return (
    <PageContainer
      title={t('operations.faults.title')}
      subtitle={t('operations.faults.subtitle')}
      extra={
        can(me, 'ops:report') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="fault-create">
            {t('operations.faults.create')}
          </Button>
        ) : null
      }
    >
      <SearchBar
        form={searchForm}
        onSearch={(values) => list.search({ status: values.status, severity: values.severity, platformId: values.platformId, overdue: values.overdue || undefined })}
      >
        <FilterSelect name="status" label={t('operations.faults.status')} width={140} testId="faults-status" options={FAULT_STATUSES.map((value) => ({ value, label: t(`operations.faults.statuses.${value}`) }))} />
        <FilterSelect name="severity" label={t('operations.faults.severity')} width={120} options={FAULT_SEVERITIES.map((value) => ({ value, label: t(`operations.faults.severities.${value}`) }))} />
        <PlatformFilter label={t('operations.faults.platform')} />
        <SwitchFilter name="overdue" label={t('operations.faults.overdueOnly')} />
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="faults-table">
        <PagedTable<FaultTicket>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          onRow={(ticket) => overdueRow(isLate(ticket) && ticket.status !== 'resolved', token.colorErrorBg)}
          empty={t('operations.faults.empty')}
        />
      </Card>
      <FaultFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(ticket) => {
          setCreating(false);
          feedback.succeeded(t('operations.faults.created', { number: ticket.number }));
          void navigate(`/operations/faults/${ticket.id}`);
        }}
      />
    </PageContainer>
  );
}
