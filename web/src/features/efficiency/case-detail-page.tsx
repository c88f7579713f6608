import type { RectificationCaseDetail } from '@yunshu/shared/efficiency-cases-api';
import { Card, Descriptions, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { getRectificationCase } from '../../api/efficiency-api.ts';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type MessageKey, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { CaseActions } from './case-actions.tsx';
import { evidenceText, RuleLabel, savingLabel, StageTag } from './efficiency-views.tsx';

const KNOWN_EVENTS = [
  'case.opened',
  'warning.proposed',
  'warning.approved',
  'warning.rejected',
  'warning.issued',
  'unit.responded',
  'case.escalated',
  'stop.declined',
  'resources.stopped',
  'resources.reclaimed',
  'case.rectified',
  'case.dismissed',
  'finding.cleared',
];

/** 整改案件详情: the finding, the warning and deadline, the unit's answer, the timeline and the caller's actions. */
export function CaseDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const loaded = useAsync(useCallback(() => getRectificationCase(id), [id]));
  // A transition answers with the case as it now stands: shown without another request.
  const [current, setCurrent] = useState<RectificationCaseDetail | null>(null);
  useEffect(() => setCurrent(loaded.data ?? null), [loaded.data]);
  const back = <BackLink to="/efficiency/cases" label={t('efficiency.cases.back')} />;
  const data = current ?? loaded.data;
  if (!data) return <DetailPending loading={loaded.loading} error={loaded.error} title={t('efficiency.cases.detail')} back={back} />;
  // Message keys cannot hold the actions' dots (a dot nests a key): case.opened → case_opened.
  const eventLabel = (action: string) => (KNOWN_EVENTS.includes(action) ? t(`efficiency.cases.events.${action.replace('.', '_')}` as MessageKey) : action);

  return (
    <PageContainer title={<span data-testid="case-title">{`${t('efficiency.cases.detail')} ${data.number}`}</span>} subtitle={<StageTag stage={data.stage} />} extra={back}>
      <Card size="small" title={t('efficiency.cases.actionsTitle')} data-testid="case-actions">
        <CaseActions item={data} onChanged={setCurrent} />
      </Card>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'number', label: t('efficiency.cases.number'), children: data.number },
            { key: 'stage', label: t('efficiency.cases.stage'), children: <StageTag stage={data.stage} /> },
            { key: 'rule', label: t('efficiency.cases.rule'), children: <RuleLabel rule={data.rule} /> },
            { key: 'resource', label: t('efficiency.cases.resource'), children: <Link to={`/resources/${data.finding.resource.id}`}>{data.finding.resource.name}</Link> },
            { key: 'unit', label: t('efficiency.cases.unit'), children: data.finding.unit.name },
            {
              key: 'deadline',
              label: t('efficiency.cases.deadline'),
              children: data.deadline ? (
                <span data-testid="case-deadline">
                  {data.deadline.date}
                  {data.deadline.provisional ? <Tag style={{ marginInlineStart: 8 }}>{t('efficiency.cases.provisional')}</Tag> : null}
                  {data.deadline.overdue ? <Tag color="red" style={{ marginInlineStart: 8 }}>{t('efficiency.cases.overdue')}</Tag> : null}
                </span>
              ) : (
                t('common.none')
              ),
            },
            { key: 'createdAt', label: t('efficiency.cases.createdAt'), children: formatDateTime(data.createdAt) },
            { key: 'closedAt', label: t('efficiency.cases.closedAt'), children: formatDateTime(data.closedAt) },
            {
              key: 'refusal',
              label: t('efficiency.cases.refusalAction'),
              children: data.refusalAction ? <span data-testid="case-refusal">{t(`efficiency.cases.refusalActions.${data.refusalAction}`)}</span> : t('common.none'),
            },
            { key: 'warning', label: t('efficiency.cases.warningText'), span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }} data-testid="case-warning">{data.warningText ?? t('common.none')}</span> },
            {
              key: 'response',
              label: t('efficiency.cases.response'),
              span: 'filled',
              children: data.response ? (
                <span data-testid="case-response">
                  <Tag>{t(`efficiency.cases.kinds.${data.response.kind}`)}</Tag>
                  {data.response.applicationNumber ? `${data.response.applicationNumber} · ` : ''}
                  {data.response.text}
                </span>
              ) : (
                t('common.none')
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('efficiency.cases.finding')}>
        <Typography.Paragraph style={{ margin: 0 }} data-testid="case-evidence">
          {evidenceText(data.finding.evidence, t) || t('common.none')}
          {data.finding.monthlySaving ? ` · ${savingLabel(data.finding.rule, t)} ${formatYuan(data.finding.monthlySaving)}` : ''}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('efficiency.cases.timeline')} data-testid="case-timeline">
        <Timeline
          items={data.timeline.map((event, index) => ({
            key: index,
            content: (
              <div data-testid="case-event" data-action={event.action}>
                <Typography.Text strong>{eventLabel(event.action)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                  {[event.actorName || t('efficiency.cases.system'), formatDateTime(event.at)].join(' · ')}
                </Typography.Text>
                {event.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{event.comment}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
    </PageContainer>
  );
}
