import { Form, Input, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n-provider.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { useFormSubmit } from './use-form-submit.ts';

const FIELDS = ['text'] as const;

interface TextInputModalProps<T> {
  open: boolean;
  title: ReactNode;
  /** The label of the one text, e.g. 原因 or 确认说明. */
  label: string;
  max: number;
  required?: boolean;
  placeholder?: string;
  /** What the action does, above the text. */
  note?: ReactNode;
  danger?: boolean;
  /** `${testId}-text` is the text area, `${testId}-submit` the confirm button. */
  testId: string;
  /** The API call with the trimmed text (undefined when left empty). */
  submit: (text: string | undefined) => Promise<T>;
  onClose: () => void;
  onDone: (value: T) => void;
}

/** An action that takes one free text — a reason, a note — confirmed in a modal, the API's refusal shown in it. */
export function TextInputModal<T>({ open, title, label, max, required = false, placeholder, note, danger, testId, submit, onClose, onDone }: TextInputModalProps<T>) {
  const t = useT();
  const [form] = Form.useForm<{ text?: string }>();
  const call = useFormSubmit(form, FIELDS);
  const onFinish = async (values: { text?: string }) => {
    const result = await call.run(() => submit(values.text?.trim() || undefined));
    if (result.ok) onDone(result.value);
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, loading: call.submitting, ...({ 'data-testid': `${testId}-submit` } as object) }}
      onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} clearOnDestroy preserve={false}>
        {call.error ? <ApiErrorAlert error={call.error} fields={call.unplacedFields} style={{ marginBottom: 16 }} /> : null}
        {note ? <div style={{ marginBottom: 16 }}>{note}</div> : null}
        <Form.Item
          name="text"
          label={label}
          rules={[
            ...(required ? [{ required: true, whitespace: true, message: t('common.required', { field: label }) }] : []),
            { max, message: t('applications.validation.tooLong', { field: label, max }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={max} showCount placeholder={placeholder} data-testid={`${testId}-text`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
