import { Button, Card, Flex, Form, type TableColumnsType, Tag, theme, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { can } from '../../access.ts';
import { EVALUATION_RECTIFICATION_STATUSES } from '../../api/contract-enums.ts';
import type { EvaluationRectification, EvaluationRectificationStatus } from '../../api/contract-types.ts';
import { closeRectification, listEvaluations, listRectifications, type RectificationFilters, respondToRectification } from '../../api/evaluation-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { overdueRow } from '../../components/due-date.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect } from '../../components/search-fields.tsx';
import { TextInputModal } from '../../components/text-input-modal.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

interface SearchValues {
  year?: number;
  status?: EvaluationRectificationStatus;
}

const STATUS_COLORS: Record<EvaluationRectificationStatus, string> = { open: 'orange', responded: 'processing', closed: 'green' };

function RectificationStatusTag({ status }: { status: EvaluationRectificationStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="rectification-status" data-status={status}>
      {t(`rectifications.statuses.${status}`)}
    </Tag>
  );
}

/** Who did it and when, under the text they wrote. */
function Signed({ text, by, at }: { text: string | null; by: string | null; at: string | null }) {
  const t = useT();
  if (!at) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex vertical style={{ maxWidth: 320 }}>
      {text ? <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[by, formatDateTime(at)].filter(Boolean).join(' · ')}
      </Typography.Text>
    </Flex>
  );
}

function yearFilterOf(value: string | null): number | undefined {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined;
}

/**
 * 整改要求 (QP-25): the requirements issued on the yearly evaluation, open ones first, overdue ones marked;
 * the unit responds to its own, the authority closes those answered.
 */
export function RectificationsPage() {
  const t = useT();
  const { me } = useMe();
  const { token } = theme.useToken();
  const feedback = useFeedback();
  const [params] = useSearchParams();
  const [searchForm] = Form.useForm<SearchValues>();
  const [initial] = useState<RectificationFilters>(() => ({ year: yearFilterOf(params.get('year')) }));
  const list = usePagedList(listRectifications, initial);
  const evaluations = useAsync(listEvaluations);
  const [responding, setResponding] = useState<EvaluationRectification | null>(null);
  const [closing, setClosing] = useState<EvaluationRectification | null>(null);
  const mayRespond = (requirement: EvaluationRectification) =>
    can(me, 'evaluation:respond') && requirement.unit.id === me.unit.id && requirement.status !== 'closed';
  const mayClose = (requirement: EvaluationRectification) => can(me, 'evaluation:publish') && requirement.status === 'responded';

  const columns: TableColumnsType<EvaluationRectification> = [
    { title: t('rectifications.year'), dataIndex: 'year', render: (year: number) => t('evaluation.yearOption', { year }) },
    { title: t('rectifications.unit'), key: 'unit', render: (_, r) => <span data-testid="rectification-unit">{r.unit.name}</span> },
    {
      title: t('rectifications.requirement'),
      dataIndex: 'requirement',
      render: (text: string) => (
        <span style={{ whiteSpace: 'pre-wrap', display: 'inline-block', maxWidth: 360 }} data-testid="rectification-requirement">
          {text}
        </span>
      ),
    },
    {
      title: t('rectifications.dueOn'),
      key: 'dueOn',
      render: (_, r) => (
        <Flex gap={4} align="center" wrap>
          <Typography.Text type={r.overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
            {r.dueOn}
          </Typography.Text>
          {r.overdue ? (
            <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="rectification-overdue">
              {t('rectifications.overdue')}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    { title: t('rectifications.status'), dataIndex: 'status', render: (status: EvaluationRectificationStatus) => <RectificationStatusTag status={status} /> },
    { title: t('rectifications.issued'), key: 'issued', render: (_, r) => <Signed text={null} by={r.issuedBy} at={r.issuedAt} /> },
    {
      title: t('rectifications.response'),
      key: 'response',
      render: (_, r) => (
        <span data-testid="rectification-response">
          <Signed text={r.response} by={r.respondedBy} at={r.respondedAt} />
        </span>
      ),
    },
    { title: t('rectifications.closing'), key: 'closing', render: (_, r) => <Signed text={r.closingNote} by={r.closedBy} at={r.closedAt} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Flex gap={4}>
          {mayRespond(r) ? (
            <Button size="small" type="link" onClick={() => setResponding(r)} data-testid="rectification-respond">
              {t('rectifications.respond.button')}
            </Button>
          ) : null}
          {mayClose(r) ? (
            <Button size="small" type="link" onClick={() => setClosing(r)} data-testid="rectification-close">
              {t('rectifications.close.button')}
            </Button>
          ) : null}
        </Flex>
      ),
    },
  ];

  const years = (evaluations.data ?? []).map((e) => ({ value: e.year, label: t('evaluation.yearOption', { year: e.year }) }));

  return (
    <PageContainer title={t('rectifications.title')} subtitle={t('rectifications.subtitle')}>
      <SearchBar form={searchForm} initialValues={{ year: initial.year }} onSearch={(values) => list.search({ year: values.year, status: values.status })}>
        <FilterSelect name="year" label={t('rectifications.year')} width={140} options={years} loading={evaluations.loading} testId="rectifications-year" />
        <FilterSelect
          name="status"
          label={t('rectifications.status')}
          width={140}
          options={EVALUATION_RECTIFICATION_STATUSES.map((value) => ({ value, label: t(`rectifications.statuses.${value}`) }))}
          testId="rectifications-status"
        />
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small">
        <PagedTable<EvaluationRectification>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          onRow={(r) => overdueRow(r.overdue, token.colorErrorBg)}
          empty={t('rectifications.empty')}
          data-testid="rectifications-table"
        />
      </Card>
      <TextInputModal
        open={responding !== null}
        title={t('rectifications.respond.title')}
        label={t('rectifications.respond.label')}
        max={2000}
        required
        placeholder={t('rectifications.respond.placeholder')}
        note={responding ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{responding.requirement}</Typography.Paragraph> : null}
        testId="rectification-respond-dialog"
        submit={(text) => respondToRectification(responding?.id ?? '', text ?? '')}
        onClose={() => setResponding(null)}
        onDone={() => {
          setResponding(null);
          feedback.succeeded(t('rectifications.respond.done'));
          list.reload();
        }}
      />
      <TextInputModal
        open={closing !== null}
        title={t('rectifications.close.title')}
        label={t('rectifications.close.label')}
        max={1000}
        required
        placeholder={t('rectifications.close.placeholder')}
        note={<Typography.Text type="secondary">{t('rectifications.close.note')}</Typography.Text>}
        testId="rectification-close-dialog"
        submit={(text) => closeRectification(closing?.id ?? '', text ?? '')}
        onClose={() => setClosing(null)}
        onDone={() => {
          setClosing(null);
          feedback.succeeded(t('rectifications.close.done'));
          list.reload();
        }}
      />
    </PageContainer>
  );
}
