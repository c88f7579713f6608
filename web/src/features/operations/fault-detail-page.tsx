import { CheckCircleOutlined, MessageOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { can } from '../../access.ts';
import { getFault, resolveFault, respondToFault } from '../../api/operations-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { TextInputModal } from '../../components/text-input-modal.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { FaultSeverityTag, FaultStatusTag, SlaDeadline } from './fault-views.tsx';

/** One fault ticket: its deadlines and whether they were met; the provider (or operator) responds and resolves. */
export function FaultDetailPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const { id = '' } = useParams();
  const ticket = useAsync(useCallback(() => getFault(id), [id]));
  const [acting, setActing] = useState<'respond' | 'resolve' | null>(null);
  const back = <BackLink to="/operations/faults" label={t('operations.faults.back')} />;
  if (!ticket.data) return <DetailPending loading={ticket.loading} error={ticket.error} title={t('operations.faults.detail')} back={back} />;
  const data = ticket.data;
  const mayHandle = can(me, 'ops:handle') && data.status !== 'resolved';
  const pre = (text: string | null) => <span style={{ whiteSpace: 'pre-wrap' }}>{text ?? t('common.none')}</span>;

  return (
    <PageContainer
      title={<span data-testid="fault-title">{`${data.number} · ${data.title}`}</span>}
      subtitle={data.platform.name}
      extra={
        <>
          {back}
          {mayHandle && data.status === 'open' ? (
            <Button icon={<MessageOutlined />} onClick={() => setActing('respond')} data-testid="fault-respond">
              {t('operations.faults.respond')}
            </Button>
          ) : null}
          {mayHandle ? (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setActing('resolve')} data-testid="fault-resolve">
              {t('operations.faults.resolve')}
            </Button>
          ) : null}
        </>
      }
    >
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'status', label: t('operations.faults.status'), children: <FaultStatusTag status={data.status} /> },
            { key: 'severity', label: t('operations.faults.severity'), children: <FaultSeverityTag severity={data.severity} /> },
            { key: 'article', label: t('common.article'), children: data.article ? <ArticleTag article={data.article} /> : t('common.none') },
            { key: 'platform', label: t('operations.faults.platform'), children: data.platform.name },
            { key: 'provider', label: t('operations.faults.provider'), children: data.provider.name ?? t('common.none') },
            { key: 'unit', label: t('operations.faults.unit'), children: data.unit ? data.unit.name : t('operations.faults.platformWide') },
            { key: 'system', label: t('operations.faults.system'), children: data.systemName ?? t('common.none') },
            { key: 'raisedBy', label: t('operations.faults.raisedBy'), children: [data.raisedBy, data.raisedByUnit].filter(Boolean).join(' · ') },
            { key: 'raisedAt', label: t('operations.faults.raisedAt'), children: formatDateTime(data.raisedAt) },
            {
              key: 'respondDue',
              label: t('operations.faults.respondDueAt'),
              children: <SlaDeadline dueAt={data.respondDueAt} doneAt={data.respondedAt} onTime={data.respondedOnTime} testId="fault-respond-sla" />,
            },
            {
              key: 'resolveDue',
              label: t('operations.faults.resolveDueAt'),
              children: <SlaDeadline dueAt={data.resolveDueAt} doneAt={data.resolvedAt} onTime={data.resolvedOnTime} testId="fault-resolve-sla" />,
            },
            { key: 'description', label: t('operations.faults.description'), span: 'filled', children: pre(data.description) },
          ]}
        />
      </Card>
      <Card size="small" title={t('operations.faults.responseNote')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'respondedAt', label: t('operations.faults.respondedAt'), children: data.respondedAt ? `${formatDateTime(data.respondedAt)} · ${data.respondedBy ?? ''}` : t('common.none') },
            { key: 'note', label: t('operations.faults.responseNote'), children: <span data-testid="fault-response-note">{pre(data.responseNote)}</span> },
            { key: 'resolvedAt', label: t('operations.faults.resolvedAt'), children: data.resolvedAt ? `${formatDateTime(data.resolvedAt)} · ${data.resolvedBy ?? ''}` : t('common.none') },
            {
              key: 'resolution',
              label: t('operations.faults.resolution'),
              children: (
                <Typography.Text data-testid="fault-resolution">{pre(data.resolution)}</Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      <TextInputModal
        open={acting !== null}
        title={t(acting === 'respond' ? 'operations.faults.respondTitle' : 'operations.faults.resolveTitle', { number: data.number })}
        label={t(acting === 'respond' ? 'operations.faults.responseNote' : 'operations.faults.resolution')}
        max={acting === 'respond' ? 2000 : 4000}
        required
        testId={`fault-${acting ?? 'respond'}-dialog`}
        submit={(text) => (acting === 'respond' ? respondToFault(data.id, text ?? '') : resolveFault(data.id, text ?? ''))}
        onClose={() => setActing(null)}
        onDone={() => {
          feedback.succeeded(t(acting === 'respond' ? 'operations.faults.responded' : 'operations.faults.resolved', { number: data.number }));
          setActing(null);
          ticket.reload();
        }}
      />
    </PageContainer>
  );
}
