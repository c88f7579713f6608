import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { APPLICATION_DOCUMENT_CATEGORIES } from '../../api/contract-enums.ts';
import type { ApplicationEvent, ApplicationStep } from '../../api/contract-types.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { type MessageKey, useLang, useT } from '../../i18n/i18n-provider.tsx';
import { dueDateOf, formatDateTime } from '../../i18n/shanghai-time.ts';
import { roleLabel } from './application-tags.tsx';

/** The actions the server records (applications.service.ts, sla/overdue-steps.service.ts), with their colors. */
const ACTIONS: Record<string, { key: MessageKey; color: string }> = {
  submitted: { key: 'applications.events.submitted', color: 'blue' },
  approved: { key: 'applications.events.approved', color: 'green' },
  rejected: { key: 'applications.events.rejected', color: 'red' },
  returned: { key: 'applications.events.returned', color: 'orange' },
  resubmitted: { key: 'applications.events.resubmitted', color: 'blue' },
  withdrawn: { key: 'applications.events.withdrawn', color: 'gray' },
  document_attached: { key: 'applications.events.document_attached', color: 'gray' },
  awaiting_provisioning: { key: 'applications.events.awaiting_provisioning', color: 'green' },
  completed: { key: 'applications.events.completed', color: 'green' },
  provisioned: { key: 'applications.events.provisioned', color: 'green' },
  reclaimed: { key: 'applications.events.reclaimed', color: 'gray' },
  reminded: { key: 'applications.events.reminded', color: 'orange' },
  escalated: { key: 'applications.events.escalated', color: 'red' },
};

const isCategory = (value: unknown): value is (typeof APPLICATION_DOCUMENT_CATEGORIES)[number] =>
  typeof value === 'string' && (APPLICATION_DOCUMENT_CATEGORIES as readonly string[]).includes(value);

function Detail({ event, steps }: { event: ApplicationEvent; steps: ApplicationStep[] }) {
  const t = useT();
  const { pick } = useLang();
  const { detail } = event;
  const parts: ReactNode[] = [];
  if ((event.action === 'submitted' || event.action === 'resubmitted') && typeof detail.dueAt === 'string') {
    parts.push(
      <Flex key="due" gap={4} align="center" wrap>
        <span>
          {typeof detail.workingDays === 'number'
            ? t('applications.events.dueWithin', { days: detail.workingDays, date: dueDateOf(detail.dueAt) })
            : t('applications.events.due', { date: dueDateOf(detail.dueAt) })}
        </span>
        {typeof detail.article === 'string' ? <ArticleTag article={detail.article} /> : null}
        {detail.provisional === true ? <Tag color="orange">{t('applications.provisional')}</Tag> : null}
      </Flex>,
    );
  }
  if (event.action === 'returned' && detail.to !== undefined) {
    const to = typeof detail.to === 'number' ? steps.find((step) => step.idx === detail.to) : undefined;
    parts.push(
      <span key="to">
        {to ? t('applications.events.returnedTo', { step: pick(to.name) }) : t('applications.events.returnedToApplicant')}
      </span>,
    );
  }
  if (event.action === 'document_attached' && typeof detail.filename === 'string') {
    parts.push(
      <span key="file">
        {detail.filename}
        {isCategory(detail.category) ? ` · ${t(`applications.documentCategories.${detail.category}`)}` : ''}
      </span>,
    );
  }
  if ((event.action === 'reminded' || event.action === 'escalated') && typeof detail.role === 'string') {
    parts.push(<span key="role">{t('applications.events.notifiedRole', { role: roleLabel(detail.role, pick) })}</span>);
  }
  const assessment = detail.assessment as { result?: unknown; summary?: unknown } | undefined;
  if (assessment && (assessment.result === 'pass' || assessment.result === 'fail')) {
    parts.push(
      <Flex key="assessment" gap={4} align="center">
        <span>{t('applications.decision.assessment')}</span>
        <Tag color={assessment.result === 'pass' ? 'green' : 'red'}>{t(`applications.assessmentResults.${assessment.result}`)}</Tag>
      </Flex>,
    );
  }
  return parts.length > 0 ? parts : null;
}

/** 办理过程: who did what and when, with their comments — the application's own record of its handling. */
export function ApplicationTimeline({ events, steps }: { events: ApplicationEvent[]; steps: ApplicationStep[] }) {
  const t = useT();
  const { pick } = useLang();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.events.empty')} />;
  return (
    <div data-testid="application-timeline">
      <Timeline
        items={events.map((event, index) => {
          const action = ACTIONS[event.action];
          const step = event.stepIdx === null ? undefined : steps.find((candidate) => candidate.idx === event.stepIdx);
          return {
            // Events have no id; their order is their identity.
            key: index,
            color: action?.color ?? 'gray',
            content: (
              <Flex vertical gap={2} data-testid="timeline-event" data-action={event.action}>
                <Flex gap={6} align="center" wrap>
                  <Typography.Text strong>{event.actorName ?? t('applications.events.system')}</Typography.Text>
                  <span>{action ? t(action.key) : event.action}</span>
                  {step ? <Tag style={{ marginInlineEnd: 0 }}>{pick(step.name)}</Tag> : null}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(event.at)}
                </Typography.Text>
                <Detail event={event} steps={steps} />
                {event.comment ? (
                  <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="timeline-comment">
                    {t('applications.events.quoted', { comment: event.comment })}
                  </Typography.Paragraph>
                ) : null}
              </Flex>
            ),
          };
        })}
      />
    </div>
  );
}
