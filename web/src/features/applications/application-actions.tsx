import { CheckOutlined, CloseOutlined, RedoOutlined, RollbackOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import {
  approveApplication,
  rejectApplication,
  resubmitApplication,
  returnApplication,
  withdrawApplication,
} from '../../api/applications-api.ts';
import { ASSESSMENT_RESULTS } from '../../api/contract-enums.ts';
import type { ApplicationDetail, AssessmentResult } from '../../api/contract-types.ts';
import { announceInboxChanged } from '../../api/notifications-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { type MessageKey, useLang, useT } from '../../i18n/i18n-provider.tsx';
import { applicationRules } from './application-rules.ts';

type Decision = 'approve' | 'reject' | 'return' | 'withdraw' | 'resubmit';

interface DecisionValues {
  comment?: string;
  reason?: string;
  to?: 'applicant' | number;
  assessment?: { result?: AssessmentResult; summary?: string };
}

const FIELDS = ['comment', 'reason', 'to', 'assessment'] as const;

const TITLES: Record<Decision, MessageKey> = {
  approve: 'applications.decision.approveTitle',
  reject: 'applications.decision.rejectTitle',
  return: 'applications.decision.returnTitle',
  withdraw: 'applications.decision.withdrawTitle',
  resubmit: 'applications.decision.resubmitTitle',
};

const DONE: Record<Decision, MessageKey> = {
  approve: 'applications.decision.approved',
  reject: 'applications.decision.rejected',
  return: 'applications.decision.returned',
  withdraw: 'applications.decision.withdrawn',
  resubmit: 'applications.decision.resubmitted',
};

const trimmed = (value: string | undefined) => {
  const text = (value ?? '').trim();
  return text ? text : undefined;
};

function callOf(decision: Decision, detail: ApplicationDetail, values: DecisionValues): Promise<ApplicationDetail> {
  switch (decision) {
    case 'approve': {
      const comment = trimmed(values.comment);
      const assessment = values.assessment;
      return approveApplication(detail.id, {
        ...(comment ? { comment } : {}),
        ...(detail.kind === 'migration' && assessment?.result
          ? { assessment: { result: assessment.result, summary: (assessment.summary ?? '').trim() } }
          : {}),
      });
    }
    case 'reject':
      return rejectApplication(detail.id, (values.reason ?? '').trim());
    case 'return':
      return returnApplication(detail.id, { to: values.to ?? 'applicant', comment: (values.comment ?? '').trim() });
    case 'withdraw':
      return withdrawApplication(detail.id, trimmed(values.reason));
    case 'resubmit':
      return resubmitApplication(detail.id, trimmed(values.comment));
  }
}

interface DecisionModalProps {
  decision: Decision | null;
  detail: ApplicationDetail;
  onClose: () => void;
  onDone: (updated: ApplicationDetail, message: string) => void;
}

function DecisionModal({ decision, detail, onClose, onDone }: DecisionModalProps) {
  const t = useT();
  const { pick } = useLang();
  const rules = applicationRules(t);
  const [form] = Form.useForm<DecisionValues>();
  const submit = useFormSubmit(form, FIELDS);
  const active = detail.steps.find((step) => step.status === 'active');
  const earlier = detail.steps.filter((step) => active !== undefined && step.idx < active.idx);

  const onFinish = async (values: DecisionValues) => {
    if (!decision) return;
    const result = await submit.run(() => callOf(decision, detail, values));
    if (!result.ok) return;
    announceInboxChanged();
    onDone(result.value, t(DONE[decision], { number: detail.number }));
  };

  return (
    <Modal
      open={decision !== null}
      title={decision ? `${t(TITLES[decision])} · ${detail.number}` : undefined}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger: decision === 'reject' || decision === 'withdraw',
        loading: submit.submitting,
        ...({ 'data-testid': 'application-decision-submit' } as object),
      }}
      onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ to: 'applicant' }} clearOnDestroy preserve={false}>
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
        {decision === 'approve' && active ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={active.idx === detail.steps.length - 1 ? t('applications.decision.finalStep', { step: pick(active.name) }) : t('applications.decision.nextStep', { step: pick(active.name) })}
          />
        ) : null}
        {decision === 'approve' && detail.kind === 'migration' ? (
          <>
            <Form.Item
              name={['assessment', 'result']}
              label={
                <span>
                  {t('applications.decision.assessment')} <ArticleTag article="SJ-12" />
                </span>
              }
              rules={[{ required: true, message: t('common.requiredSelect', { field: t('applications.decision.assessment') }) }]}
              extra={t('applications.decision.assessmentHint')}
            >
              <Radio.Group
                data-testid="application-assessment-result"
                options={ASSESSMENT_RESULTS.map((value) => ({ value, label: t(`applications.assessmentResults.${value}`) }))}
              />
            </Form.Item>
            <Form.Item name={['assessment', 'summary']} label={t('applications.decision.assessmentSummary')} rules={rules.text(t('applications.decision.assessmentSummary'), 1000)}>
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid="application-assessment-summary" />
            </Form.Item>
          </>
        ) : null}
        {decision === 'return' ? (
          <Form.Item name="to" label={t('applications.decision.returnTo')}>
            <Select
              data-testid="application-return-to"
              options={[
                { value: 'applicant', label: t('applications.decision.toApplicant') },
                ...earlier.map((step) => ({ value: step.idx, label: t('applications.decision.toStep', { step: pick(step.name) }) })),
              ]}
            />
          </Form.Item>
        ) : null}
        {decision === 'withdraw' ? (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('applications.decision.withdrawConfirm')} />
        ) : null}
        {decision === 'reject' || decision === 'withdraw' ? (
          <Form.Item
            name="reason"
            label={decision === 'reject' ? t('applications.decision.rejectReason') : t('applications.decision.withdrawReason')}
            rules={rules.text(t('applications.decision.rejectReason'), 1000, decision === 'reject')}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="application-decision-reason" />
          </Form.Item>
        ) : null}
        {decision === 'approve' || decision === 'return' || decision === 'resubmit' ? (
          <Form.Item
            name="comment"
            label={decision === 'return' ? t('applications.decision.returnComment') : t('applications.decision.comment')}
            rules={rules.text(t('applications.decision.returnComment'), 1000, decision === 'return')}
          >
            <Input.TextArea
              rows={3}
              maxLength={1000}
              showCount
              placeholder={decision === 'return' ? undefined : t('applications.decision.optional')}
              data-testid="application-decision-comment"
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

interface ApplicationActionsProps {
  detail: ApplicationDetail;
  onDone: (updated: ApplicationDetail, message: string) => void;
}

/**
 * What the user may do with the application now, as the server says (`canAct`, `canWithdraw`,
 * `canResubmit`): the holder of the active step approves, rejects or returns; the applicant withdraws
 * or resubmits. The server checks each again.
 */
export function ApplicationActions({ detail, onDone }: ApplicationActionsProps) {
  const t = useT();
  const [decision, setDecision] = useState<Decision | null>(null);
  if (!detail.canAct && !detail.canWithdraw && !detail.canResubmit) return null;
  return (
    <>
      <Flex gap={8} wrap>
        {detail.canAct ? (
          <>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setDecision('approve')} data-testid="application-approve">
              {t('applications.decision.approve')}
            </Button>
            <Button icon={<RollbackOutlined />} onClick={() => setDecision('return')} data-testid="application-return">
              {t('applications.decision.return')}
            </Button>
            <Button danger icon={<CloseOutlined />} onClick={() => setDecision('reject')} data-testid="application-reject">
              {t('applications.decision.reject')}
            </Button>
          </>
        ) : null}
        {detail.canResubmit ? (
          <Button type="primary" icon={<RedoOutlined />} onClick={() => setDecision('resubmit')} data-testid="application-resubmit">
            {t('applications.decision.resubmit')}
          </Button>
        ) : null}
        {detail.canWithdraw ? (
          <Button icon={<UndoOutlined />} onClick={() => setDecision('withdraw')} data-testid="application-withdraw">
            {t('applications.decision.withdraw')}
          </Button>
        ) : null}
      </Flex>
      <DecisionModal
        decision={decision}
        detail={detail}
        onClose={() => setDecision(null)}
        onDone={(updated, message) => {
          setDecision(null);
          onDone(updated, message);
        }}
      />
    </>
  );
}
