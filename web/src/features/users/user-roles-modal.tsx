import type { User } from '@yunshu/shared/api';
import type { Role } from '@yunshu/shared/roles';
import { Form, Modal } from 'antd';
import { useEffect } from 'react';
import { setUserRoles } from '../../api/users-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { RolePicker } from './role-picker.tsx';

interface RolesValues {
  roles: Role[];
}

const FIELDS = ['roles'] as const;

interface UserRolesModalProps {
  user: User | null;
  onClose: () => void;
  onSaved: (user: User) => void;
}

/** Replaces a user's roles; a refusal such as separation_of_duties (三员) is shown with its article. */
export function UserRolesModal({ user, onClose, onSaved }: UserRolesModalProps) {
  const t = useT();
  const [form] = Form.useForm<RolesValues>();
  const submit = useFormSubmit(form, FIELDS);
  const open = user !== null;
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: RolesValues) => {
    if (!user) return;
    const result = await submit.run(() => setUserRoles(user.id, values.roles ?? []));
    if (result.ok) onSaved(result.value);
  };

  return (
    <Modal
      open={open}
      title={user ? t('users.rolesTitle', { name: user.displayName }) : null}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} clearOnDestroy initialValues={{ roles: user?.roles ?? [] }}>
          {dom}
        </Form>
      )}
    >
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="roles" label={t('users.fields.roles')}>
        <RolePicker unitType={user?.unit.type} />
      </Form.Item>
    </Modal>
  );
}
