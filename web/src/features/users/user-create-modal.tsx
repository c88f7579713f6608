import type { Role } from '@yunshu/shared/roles';
import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import type { CreatedUser, CreateUserBody } from '../../api/contract-types.ts';
import { createUser } from '../../api/users-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { RolePicker, rolesForUnitType } from './role-picker.tsx';
import type { UnitOption } from '../../components/use-unit-options.ts';
import { userRules } from './user-rules.ts';

interface CreateUserValues {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  phone?: string;
  email?: string;
}

const FIELDS = ['username', 'displayName', 'unitId', 'roles', 'phone', 'email'] as const;

function bodyOf(values: CreateUserValues): CreateUserBody {
  const phone = values.phone?.trim();
  const email = values.email?.trim();
  return {
    username: values.username.trim(),
    displayName: values.displayName.trim(),
    unitId: values.unitId,
    roles: values.roles ?? [],
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
  };
}

interface UserCreateModalProps {
  open: boolean;
  units: UnitOption[];
  unitsLoading: boolean;
  onClose: () => void;
  onCreated: (created: CreatedUser) => void;
}

export function UserCreateModal({ open, units, unitsLoading, onClose, onCreated }: UserCreateModalProps) {
  const t = useT();
  const [form] = Form.useForm<CreateUserValues>();
  const submit = useFormSubmit(form, FIELDS);
  const rules = userRules(t);
  const unitId = Form.useWatch('unitId', form);
  const unitType = units.find((unit) => unit.value === unitId)?.type;
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: CreateUserValues) => {
    const result = await submit.run(() => createUser(bodyOf(values)));
    if (result.ok) onCreated(result.value);
  };

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting }}
      width={600}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          clearOnDestroy
          initialValues={{ roles: [] }}
          onValuesChange={(changed: Partial<CreateUserValues>) => {
            // Roles the newly chosen unit's type cannot hold are dropped.
            if (!changed.unitId) return;
            const type = units.find((unit) => unit.value === changed.unitId)?.type;
            const allowed = type ? rolesForUnitType(type) : [];
            const roles: Role[] = form.getFieldValue('roles') ?? [];
            form.setFieldValue(
              'roles',
              roles.filter((role) => allowed.includes(role)),
            );
          }}
        >
          {dom}
        </Form>
      )}
    >
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="username" label={t('users.fields.username')} rules={rules.username}>
        <Input autoComplete="off" maxLength={32} data-testid="user-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.fields.displayName')} rules={rules.displayName}>
        <Input maxLength={40} data-testid="user-display-name" />
      </Form.Item>
      <Form.Item name="unitId" label={t('users.fields.unit')} rules={rules.unitId}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={unitsLoading}
          options={units}
          data-testid="user-unit"
        />
      </Form.Item>
      <Form.Item name="roles" label={t('users.fields.roles')}>
        <RolePicker unitType={unitType} />
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
