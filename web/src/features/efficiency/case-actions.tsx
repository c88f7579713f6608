import { RESPONSE_KINDS, type RectificationCaseDetail } from '@yunshu/shared/efficiency-cases-api';
import { Alert, Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { type CaseResponse, caseTransitions } from '../../api/efficiency-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { TextInputModal } from '../../components/text-input-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

type TextAction = 'propose' | 'approve' | 'reject' | 'close' | 'escalate' | 'stop' | 'consent' | 'decline';

/** The buttons of each action name the server offers the caller (`actions` of the case). */
const BUTTONS: Record<string, { action: TextAction | 'respond'; danger?: boolean; primary?: boolean }[]> = {
  propose_warning: [{ action: 'propose', primary: true }],
  review_warning: [{ action: 'approve', primary: true }, { action: 'reject' }],
  respond: [{ action: 'respond', primary: true }],
  close: [{ action: 'close' }],
  escalate: [{ action: 'escalate', danger: true }],
  stop: [{ action: 'stop', danger: true, primary: true }],
  consent_stop: [{ action: 'consent', danger: true, primary: true }, { action: 'decline' }],
};

/** Which actions need a text: a warning and a refusal say what and why; the rest may go without. */
const REQUIRED: Record<TextAction, boolean> = { propose: true, approve: false, reject: false, close: false, escalate: true, stop: false, consent: false, decline: false };

function call(action: TextAction, id: string, text: string | undefined): Promise<RectificationCaseDetail> {
  switch (action) {
    case 'propose':
      return caseTransitions.proposeWarning(id, text ?? '');
    case 'approve':
      return caseTransitions.review(id, true, text);
    case 'reject':
      return caseTransitions.review(id, false, text);
    case 'close':
      return caseTransitions.close(id, text);
    case 'escalate':
      return caseTransitions.escalate(id, text ?? '');
    case 'stop':
      return caseTransitions.stop(id, text);
    case 'consent':
      return caseTransitions.consent(id, true, text);
    case 'decline':
      return caseTransitions.consent(id, false, text);
  }
}

const RESPONSE_FIELDS = ['kind', 'text', 'applicationNumber'] as const;

function RespondModal({ item, onClose, onDone }: { item: RectificationCaseDetail; onClose: () => void; onDone: (next: RectificationCaseDetail) => void }) {
  const t = useT();
  const [form] = Form.useForm<CaseResponse>();
  const submit = useFormSubmit(form, RESPONSE_FIELDS);
  const kind = Form.useWatch('kind', form);
  const onFinish = async (values: CaseResponse) => {
    const body: CaseResponse = { kind: values.kind, text: values.text.trim(), ...(values.applicationNumber?.trim() ? { applicationNumber: values.applicationNumber.trim() } : {}) };
    const result = await submit.run(() => caseTransitions.respond(item.id, body));
    if (result.ok) onDone(result.value);
  };
  return (
    <Modal
      open
      title={t('efficiency.cases.act.respond.title')}
      onCancel={onClose}
      okText={t('efficiency.cases.act.respond.button')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submit.submitting, ...({ 'data-testid': 'case-respond-dialog-submit' } as object) }}
      onOk={() => form.submit()}
    >
      {submit.error ? <ApiErrorAlert error={submit.error} style={{ marginBottom: 16 }} /> : null}
      {item.warningText ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.warningText}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" initialValues={{ kind: 'explanation' }} onFinish={onFinish}>
        <Form.Item name="kind" label={t('efficiency.cases.act.respond.kind')} rules={[{ required: true }]}>
          <Select options={RESPONSE_KINDS.map((value) => ({ value, label: t(`efficiency.cases.kinds.${value}`) }))} data-testid="case-respond-kind" />
        </Form.Item>
        <Form.Item name="text" label={t('efficiency.cases.act.respond.text')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('efficiency.cases.act.respond.text') }) }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="case-respond-text" />
        </Form.Item>
        {kind && kind !== 'explanation' ? (
          <Form.Item name="applicationNumber" label={t('efficiency.cases.applicationNumber')}>
            <Input maxLength={40} data-testid="case-respond-application" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** What the caller may do on the case now, each confirmed in a dialog that shows the server's refusal. */
export function CaseActions({ item, onChanged }: { item: RectificationCaseDetail; onChanged: (next: RectificationCaseDetail) => void }) {
  const t = useT();
  const feedback = useFeedback();
  const [open, setOpen] = useState<TextAction | 'respond' | null>(null);
  const buttons = item.actions.flatMap((name) => BUTTONS[name] ?? []);
  const done = (text: string) => (next: RectificationCaseDetail) => {
    setOpen(null);
    feedback.succeeded(text);
    onChanged(next);
  };
  if (buttons.length === 0) return <Typography.Text type="secondary">{t('efficiency.cases.noActions')}</Typography.Text>;
  const textAction = open && open !== 'respond' ? open : null;
  return (
    <>
      <Flex gap={8} wrap>
        {buttons.map((b) => (
          <Button key={b.action} type={b.primary ? 'primary' : 'default'} danger={b.danger} onClick={() => setOpen(b.action)} data-testid={`case-${b.action}`}>
            {t(`efficiency.cases.act.${b.action}.button`)}
          </Button>
        ))}
      </Flex>
      {open === 'respond' ? <RespondModal item={item} onClose={() => setOpen(null)} onDone={done(t('efficiency.cases.act.respond.done'))} /> : null}
      {textAction ? (
        <TextInputModal
          open
          title={t(`efficiency.cases.act.${textAction}.title`)}
          label={t(`efficiency.cases.act.${textAction}.label`)}
          max={2000}
          required={REQUIRED[textAction]}
          placeholder={textAction === 'propose' ? t('efficiency.cases.act.propose.placeholder') : undefined}
          note={NOTES[textAction] ? <Alert type="info" showIcon title={t(NOTES[textAction])} /> : null}
          danger={['escalate', 'stop', 'consent'].includes(textAction)}
          testId={`case-${textAction}-dialog`}
          submit={(text) => call(textAction, item.id, text)}
          onClose={() => setOpen(null)}
          onDone={done(t(`efficiency.cases.act.${textAction}.done`))}
        />
      ) : null}
    </>
  );
}

const NOTES = {
  propose: null,
  approve: null,
  reject: 'efficiency.cases.act.reject.note',
  close: 'efficiency.cases.act.close.note',
  escalate: 'efficiency.cases.act.escalate.note',
  stop: 'efficiency.cases.act.stop.note',
  consent: 'efficiency.cases.act.consent.note',
  decline: 'efficiency.cases.act.decline.note',
} as const satisfies Record<TextAction, string | null>;
