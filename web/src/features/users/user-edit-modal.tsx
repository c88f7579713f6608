import type { User } from '@yunshu/shared/api';
import { Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import type { UpdateUserBody } from '../../api/contract-types.ts';
import { updateUser } from '../../api/users-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { userRules } from './user-rules.ts';

interface EditUserValues {
  displayName: string;
  phone?: string;
  email?: string;
}

const FIELDS = ['displayName', 'phone', 'email'] as const;

/** An emptied phone or email is sent as null, which clears it. */
function bodyOf(values: EditUserValues): UpdateUserBody {
  return {
    displayName: values.displayName.trim(),
    phone: values.phone?.trim() || null,
    email: values.email?.trim() || null,
  };
}

interface UserEditModalProps {
  user: User | null;
  onClose: () => void;
  onSaved: (user: User) => void;
}

export function UserEditModal({ user, onClose, onSaved }: UserEditModalProps) {
  const t = useT();
  const [form] = Form.useForm<EditUserValues>();
  const submit = useFormSubmit(form, FIELDS);
  const rules = userRules(t);
  const open = user !== null;
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: EditUserValues) => {
    if (!user) return;
    const result = await submit.run(() => updateUser(user.id, bodyOf(values)));
    if (result.ok) onSaved(result.value);
  };

  return (
    <Modal
      open={open}
      title={user ? t('users.editTitle', { name: user.displayName }) : null}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting }}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          clearOnDestroy
          initialValues={
            user
              ? { displayName: user.displayName, phone: user.phone ?? undefined, email: user.email ?? undefined }
              : undefined
          }
        >
          {dom}
        </Form>
      )}
    >
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      <Form.Item label={t('users.fields.username')}>
        <Input value={user?.username} disabled />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.fields.displayName')} rules={rules.displayName}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="phone" label={t('users.fields.phone')} rules={rules.phone}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item name="email" label={t('users.fields.email')} rules={rules.email}>
        <Input maxLength={120} />
      </Form.Item>
    </Modal>
  );
}
