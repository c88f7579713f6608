import { Flex, type StepsProps, Steps, Tag, Typography } from 'antd';
import type { ApplicationStep, ApplicationStepStatus } from '../../api/contract-types.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { DueDate } from '../../components/due-date.tsx';
import { RoleLabelTag } from './application-tags.tsx';

type StepStatus = NonNullable<NonNullable<StepsProps['items']>[number]['status']>;

function stepStatusOf(step: ApplicationStep): StepStatus {
  const statuses: Record<ApplicationStepStatus, StepStatus> = {
    waiting: 'wait',
    active: step.overdue ? 'error' : 'process',
    approved: 'finish',
    rejected: 'error',
    returned: 'error',
    skipped: 'wait',
  };
  return statuses[step.status];
}

const STEP_COLORS: Record<ApplicationStepStatus, string> = {
  waiting: 'default',
  active: 'processing',
  approved: 'green',
  rejected: 'red',
  returned: 'orange',
  skipped: 'default',
};

/** The SJ-12 assessment the operator recorded when deciding a migration: pass or fail, and its summary. */
function Assessment({ value }: { value: Record<string, unknown> }) {
  const t = useT();
  const result = value.result === 'pass' || value.result === 'fail' ? value.result : null;
  return (
    <Flex vertical gap={2} data-testid="step-assessment">
      <Flex gap={6} align="center">
        <Typography.Text type="secondary">{t('applications.decision.assessment')}</Typography.Text>
        {result ? <Tag color={result === 'pass' ? 'green' : 'red'}>{t(`applications.assessmentResults.${result}`)}</Tag> : null}
        <ArticleTag article="SJ-12" />
      </Flex>
      {typeof value.summary === 'string' ? <span style={{ whiteSpace: 'pre-wrap' }}>{value.summary}</span> : null}
    </Flex>
  );
}

/** 审批环节: each step with who holds it, its article, its deadline and how it was decided. */
export function ApplicationSteps({ steps }: { steps: ApplicationStep[] }) {
  const t = useT();
  const { pick } = useLang();
  const active = steps.findIndex((step) => step.status === 'active');
  return (
    <div data-testid="application-steps">
      <Steps
        orientation="vertical"
        size="small"
        current={active >= 0 ? active : steps.filter((step) => step.status === 'approved').length}
        items={steps.map((step) => ({
          key: step.id,
          status: stepStatusOf(step),
          title: (
            <Flex gap={6} align="center" wrap data-testid="application-step" data-status={step.status}>
              <Typography.Text strong>{pick(step.name)}</Typography.Text>
              <RoleLabelTag role={step.role} />
              {step.article ? <ArticleTag article={step.article} /> : null}
              <Tag color={STEP_COLORS[step.status]} style={{ marginInlineEnd: 0 }}>
                {t(`applications.stepStatuses.${step.status}`)}
              </Tag>
            </Flex>
          ),
          content: (
            <Flex vertical gap={2} style={{ paddingBottom: 8 }}>
              {step.status === 'active' || step.dueAt ? (
                <Flex gap={6} align="center" wrap>
                  <Typography.Text type="secondary">{t('applications.fields.stepDueDate')}</Typography.Text>
                  <DueDate dueAt={step.dueAt} provisional={step.dueProvisional} overdue={step.overdue} />
                </Flex>
              ) : null}
              {step.decidedAt ? (
                <Typography.Text type="secondary">
                  {t('applications.steps.decided', { by: step.decidedBy ?? t('common.none'), at: formatDateTime(step.decidedAt) })}
                </Typography.Text>
              ) : null}
              {step.comment ? (
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
                  {t('applications.steps.comment')}
                  {step.comment}
                </Typography.Text>
              ) : null}
              {step.assessment ? <Assessment value={step.assessment} /> : null}
            </Flex>
          ),
        }))}
      />
    </div>
  );
}
