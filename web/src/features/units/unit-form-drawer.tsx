import type { Unit } from '@yunshu/shared/api';
import {
  UNIT_TYPE_LABELS,
  UNIT_TYPES,
  type UnitType,
  USER_UNIT_CATEGORIES,
  USER_UNIT_CATEGORY_LABELS,
  type UserUnitCategory,
} from '@yunshu/shared/roles';
import { Alert, Button, Drawer, Flex, Form, Input, Select, Switch } from 'antd';
import { useEffect } from 'react';
import type { CreateUnitBody, UpdateUnitBody } from '../../api/contract-types.ts';
import { createUnit, updateUnit } from '../../api/units-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { unitRules } from './unit-rules.ts';

interface UnitFormValues {
  name: string;
  shortName?: string;
  type: UnitType;
  category?: UserUnitCategory;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  districtBudget: boolean;
}

const FIELDS = [
  'name',
  'shortName',
  'type',
  'category',
  'creditCode',
  'contactName',
  'contactPhone',
  'districtBudget',
  'disabled',
] as const;

function valuesOf(unit: Unit | null): Partial<UnitFormValues> {
  if (!unit) return { districtBudget: true };
  return {
    name: unit.name,
    ...(unit.shortName ? { shortName: unit.shortName } : {}),
    type: unit.type,
    ...(unit.category ? { category: unit.category } : {}),
    creditCode: unit.creditCode,
    contactName: unit.contactName,
    contactPhone: unit.contactPhone,
    districtBudget: unit.districtBudget,
  };
}

function createBodyOf(values: UnitFormValues): CreateUnitBody {
  const shortName = values.shortName?.trim();
  return {
    name: values.name.trim(),
    ...(shortName ? { shortName } : {}),
    type: values.type,
    ...(values.type === 'user_unit' && values.category ? { category: values.category } : {}),
    creditCode: values.creditCode.trim().toUpperCase(),
    contactName: values.contactName.trim(),
    contactPhone: values.contactPhone.trim(),
    districtBudget: values.districtBudget,
  };
}

function updateBodyOf(values: UnitFormValues, unit: Unit): UpdateUnitBody {
  return {
    name: values.name.trim(),
    // An emptied short name is sent as '' so the server clears it.
    shortName: values.shortName?.trim() ?? '',
    ...(unit.type === 'user_unit' && values.category ? { category: values.category } : {}),
    contactName: values.contactName.trim(),
    contactPhone: values.contactPhone.trim(),
    districtBudget: values.districtBudget,
  };
}

interface UnitFormDrawerProps {
  open: boolean;
  /** The unit to edit; null to create one. */
  unit: Unit | null;
  onClose: () => void;
  onSaved: (unit: Unit, created: boolean) => void;
}

export function UnitFormDrawer({ open, unit, onClose, onSaved }: UnitFormDrawerProps) {
  const t = useT();
  const { pick } = useLang();
  const [form] = Form.useForm<UnitFormValues>();
  const submit = useFormSubmit(form, FIELDS);
  const type = Form.useWatch('type', form);
  const rules = unitRules(t);
  const { clear } = submit;

  // The form is destroyed with the closed drawer (clearOnDestroy); only the last error needs forgetting.
  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: UnitFormValues) => {
    const result = await submit.run(() => (unit ? updateUnit(unit.id, updateBodyOf(values, unit)) : createUnit(createBodyOf(values))));
    if (result.ok) onSaved(result.value, unit === null);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      title={unit ? t('units.editTitle', { name: unit.name }) : t('units.createTitle')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submit.submitting} onClick={() => form.submit()} data-testid="unit-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        disabled={submit.submitting}
        initialValues={valuesOf(unit)}
        clearOnDestroy
      >
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
        {unit ? <Alert type="info" showIcon title={t('units.immutableHint')} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="name" label={t('units.fields.name')} rules={rules.name}>
          <Input maxLength={100} data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="shortName" label={t('units.fields.shortName')} rules={rules.shortName}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="type" label={t('units.fields.type')} rules={rules.type}>
          <Select
            disabled={unit !== null}
            data-testid="unit-type"
            options={UNIT_TYPES.map((value) => ({ value, label: pick(UNIT_TYPE_LABELS[value]) }))}
          />
        </Form.Item>
        {(unit?.type ?? type) === 'user_unit' ? (
          <Form.Item name="category" label={t('units.fields.category')}>
            <Select
              allowClear
              options={USER_UNIT_CATEGORIES.map((value) => ({ value, label: pick(USER_UNIT_CATEGORY_LABELS[value]) }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="creditCode"
          label={t('units.fields.creditCode')}
          rules={rules.creditCode}
          normalize={(value: string | undefined) => value?.toUpperCase()}
          validateFirst
        >
          <Input disabled={unit !== null} maxLength={18} style={{ fontFamily: 'monospace' }} data-testid="unit-credit-code" />
        </Form.Item>
        <Form.Item name="contactName" label={t('units.fields.contactName')} rules={rules.contactName}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('units.fields.contactPhone')} rules={rules.contactPhone}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="districtBudget" label={t('units.fields.districtBudget')} valuePropName="checked">
          <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
