import { Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n-provider.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { useFormSubmit } from './use-form-submit.ts';

interface FormModalProps<Values, Result> {
  title: ReactNode;
  /** Defaults to true: most forms are mounted only while they are open. */
  open?: boolean;
  width?: number;
  /** The confirm button's text; 保存 unless given. */
  okText?: ReactNode;
  /** `${testId}-submit` is the confirm button. */
  testId?: string;
  /** The form's field names, so the API's field errors land on them; the others are listed in the Alert. */
  fields: readonly string[];
  /** Pass one from `Form.useForm()` when the fields must be watched or set from outside; otherwise the modal makes its own. */
  form?: FormInstance<Values>;
  initialValues?: Partial<Values>;
  onValuesChange?: (changed: Partial<Values>, values: Values) => void;
  /** The API call with the validated values. */
  onSubmit: (values: Values) => Promise<Result>;
  onClose: () => void;
  /** Called with the API's answer; the caller closes the modal here (and says what happened). */
  onDone: (result: Result) => void;
  children: ReactNode;
}

/**
 * A form in a modal: the confirm button submits it (spinning while the API answers), the API's field errors
 * go onto their fields and its refusal into an Alert above them, and the modal's content goes when it closes.
 */
export function FormModal<Values extends object, Result>({
  title,
  open = true,
  width,
  okText,
  testId,
  fields,
  form: given,
  initialValues,
  onValuesChange,
  onSubmit,
  onClose,
  onDone,
  children,
}: FormModalProps<Values, Result>) {
  const t = useT();
  const [form] = Form.useForm<Values>(given);
  const submit = useFormSubmit(form, fields);
  const onFinish = async (values: Values) => {
    const result = await submit.run(() => onSubmit(values));
    if (result.ok) onDone(result.value);
  };
  return (
    <Modal
      open={open}
      width={width}
      title={title}
      onCancel={onClose}
      destroyOnHidden
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...(testId ? ({ 'data-testid': `${testId}-submit` } as object) : {}) }}
      modalRender={(dom) => (
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} clearOnDestroy initialValues={initialValues} onValuesChange={onValuesChange}>
          {dom}
        </Form>
      )}
    >
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      {children}
    </Modal>
  );
}
