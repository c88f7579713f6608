import { Alert, Button, Checkbox, Drawer, Flex, Form, Input, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { createCatalogItem, updateCatalogItem } from '../../api/catalog-api.ts';
import { ARCHITECTURES, CATALOG_CATEGORIES, UNITS_BY_CATEGORY } from '../../api/contract-enums.ts';
import type {
  Architecture,
  CatalogCategory,
  CatalogItem,
  CreateCatalogItemBody,
  Platform,
  UnitOfMeasure,
  UpdateCatalogItemBody,
} from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { SPEC_FIELDS, specOf, specTextValid, specValueText } from './catalog-spec-fields.ts';

interface CatalogItemValues {
  code: string;
  nameZh: string;
  nameEn: string;
  category: CatalogCategory;
  unitOfMeasure: UnitOfMeasure;
  architectures: Architecture[];
  platformIds?: string[];
  spec?: Partial<Record<string, string>>;
  description?: string;
  enabled: boolean;
}

const FIELDS = [
  'code',
  'nameZh',
  'nameEn',
  'category',
  'unitOfMeasure',
  'architectures',
  'platformIds',
  'spec',
  'description',
  'enabled',
] as const;

/** ItemCodeSchema: capitals, digits and dashes, e.g. ECS-X86-VCPU. */
const CODE_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;

function valuesOf(item: CatalogItem): CatalogItemValues {
  return {
    code: item.code,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
    category: item.category,
    unitOfMeasure: item.unitOfMeasure,
    architectures: item.architectures,
    platformIds: item.platforms.map((platform) => platform.id),
    spec: Object.fromEntries(Object.entries(item.spec).map(([key, value]) => [key, specValueText(value)])),
    ...(item.description ? { description: item.description } : {}),
    enabled: item.enabled,
  };
}

function updateBodyOf(values: CatalogItemValues, item: CatalogItem): UpdateCatalogItemBody {
  const description = values.description?.trim();
  return {
    nameZh: values.nameZh.trim(),
    nameEn: values.nameEn.trim(),
    category: values.category,
    unitOfMeasure: values.unitOfMeasure,
    architectures: values.architectures,
    platformIds: values.platformIds ?? [],
    spec: specOf(values.category, values.spec ?? {}, item.spec),
    description: description || null,
    enabled: values.enabled,
  };
}

function createBodyOf(values: CatalogItemValues): CreateCatalogItemBody {
  const description = values.description?.trim();
  return {
    code: values.code.trim().toUpperCase(),
    nameZh: values.nameZh.trim(),
    nameEn: values.nameEn.trim(),
    category: values.category,
    unitOfMeasure: values.unitOfMeasure,
    architectures: values.architectures,
    platformIds: values.platformIds ?? [],
    spec: specOf(values.category, values.spec ?? {}),
    ...(description ? { description } : {}),
    enabled: values.enabled,
  };
}

interface CatalogItemDrawerProps {
  open: boolean;
  /** The item to edit; without it a new one is created. Its code is never changed. */
  item?: CatalogItem | undefined;
  platforms: readonly Platform[];
  onClose: () => void;
  onSaved: (item: CatalogItem) => void;
}

/**
 * Creates or edits a catalog item (SJ-2, SJ-7): its code, names, category and unit of measure, the
 * architectures and platforms offering it, and the specification parameters its category defines.
 * The server fixes the category and unit once the item has prices, and says so when refusing.
 */
export function CatalogItemDrawer({ open, item, platforms, onClose, onSaved }: CatalogItemDrawerProps) {
  const t = useT();
  const [form] = Form.useForm<CatalogItemValues>();
  const submit = useFormSubmit(form, FIELDS);
  const { clear } = submit;
  const category = Form.useWatch('category', form);
  const architectures = Form.useWatch('architectures', form);

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: CatalogItemValues) => {
    const result = await submit.run(() =>
      item ? updateCatalogItem(item.id, updateBodyOf(values, item)) : createCatalogItem(createBodyOf(values)),
    );
    if (result.ok) onSaved(result.value);
  };

  const onValuesChange = (changed: Partial<CatalogItemValues>) => {
    // A new category keeps the unit of measure only where it still makes sense.
    if (changed.category) {
      const units = UNITS_BY_CATEGORY[changed.category];
      const unit: UnitOfMeasure | undefined = form.getFieldValue('unitOfMeasure');
      if (!unit || !units.includes(unit)) form.setFieldValue('unitOfMeasure', units[0]);
    }
  };

  const unitOptions = (category ? UNITS_BY_CATEGORY[category] : []).map((value) => ({
    value,
    label: unitOfMeasureLabel(t, value),
  }));
  const platformOptions = platforms
    .filter((platform) => !architectures || architectures.includes(platform.architecture))
    .map((platform) => ({ value: platform.id, label: platform.name, disabled: platform.disabled }));
  const specFields = category ? SPEC_FIELDS[category] : [];
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={640}
      destroyOnHidden
      title={item ? `${t('catalog.editTitle')} · ${item.code}` : t('catalog.createTitle')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submit.submitting} onClick={() => form.submit()} data-testid="catalog-item-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={onValuesChange}
        disabled={submit.submitting}
        initialValues={item ? valuesOf(item) : { architectures: ['x86'], platformIds: [], enabled: true, spec: {} }}
        clearOnDestroy
      >
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
        {item ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('catalog.form.fixedHint')} /> : null}
        <Form.Item
          name="code"
          label={t('catalog.fields.code')}
          extra={item ? undefined : t('catalog.form.codeHint')}
          rules={[
            required(t('catalog.fields.code')),
            {
              validator: async (_rule, value: string | undefined) => {
                const text = (value ?? '').trim().toUpperCase();
                if (text && (!CODE_PATTERN.test(text) || text.length > 40)) throw new Error(t('catalog.form.codeFormat'));
              },
            },
          ]}
        >
          <Input maxLength={40} disabled={item !== undefined} style={{ fontFamily: 'monospace' }} data-testid="catalog-item-code" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="nameZh"
            label={t('catalog.fields.nameZh')}
            rules={[required(t('catalog.fields.nameZh')), { max: 100, message: t('catalog.form.nameZhLength') }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Input maxLength={100} data-testid="catalog-item-name-zh" />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('catalog.fields.nameEn')}
            rules={[required(t('catalog.fields.nameEn')), { max: 200, message: t('catalog.form.nameEnLength') }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Input maxLength={200} data-testid="catalog-item-name-en" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item
            name="category"
            label={t('catalog.fields.category')}
            rules={[{ required: true, message: t('common.requiredSelect', { field: t('catalog.fields.category') }) }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Select
              options={CATALOG_CATEGORIES.map((value) => ({ value, label: t(`estate.categories.${value}`) }))}
              data-testid="catalog-item-category"
            />
          </Form.Item>
          <Form.Item
            name="unitOfMeasure"
            label={t('catalog.fields.unitOfMeasure')}
            rules={[{ required: true, message: t('common.requiredSelect', { field: t('catalog.fields.unitOfMeasure') }) }]}
            style={{ flex: 1, minWidth: 180 }}
          >
            <Select options={unitOptions} data-testid="catalog-item-unit" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="architectures"
          label={t('catalog.fields.architectures')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.requiredSelect', { field: t('catalog.fields.architectures') }) }]}
        >
          <Checkbox.Group
            options={ARCHITECTURES.map((value) => ({ value, label: t(`estate.architectures.${value}`) }))}
            data-testid="catalog-item-architectures"
          />
        </Form.Item>
        <Form.Item name="platformIds" label={t('catalog.fields.platforms')} extra={t('catalog.form.platformsHint')}>
          <Select mode="multiple" allowClear options={platformOptions} data-testid="catalog-item-platforms" />
        </Form.Item>
        {specFields.length > 0 ? (
          <>
            <Flex gap={8} align="baseline" style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t('catalog.spec')}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('catalog.form.listHint')}
              </Typography.Text>
            </Flex>
            <Flex gap={16} wrap>
              {specFields.map((spec) => (
                <Form.Item
                  key={`${category}:${spec.key}`}
                  name={['spec', spec.key]}
                  label={
                    <Flex gap={6} align="center">
                      <span>{t(`catalog.specFields.${spec.key}`)}</span>
                      <Typography.Text code style={{ fontSize: 11 }}>
                        {spec.key}
                      </Typography.Text>
                    </Flex>
                  }
                  rules={[
                    ...(spec.required ? [required(t(`catalog.specFields.${spec.key}`))] : []),
                    {
                      validator: async (_rule, value: string | undefined) => {
                        const text = (value ?? '').trim();
                        if (text && !specTextValid(spec.kind, text)) throw new Error(t(`catalog.form.specFormats.${spec.kind}`));
                      },
                    },
                  ]}
                  style={{ flex: 1, minWidth: 240 }}
                >
                  <Input
                    inputMode={spec.kind === 'int' || spec.kind === 'sizes' ? 'numeric' : undefined}
                    placeholder={t(`catalog.form.specPlaceholders.${spec.kind}`)}
                    data-testid={`catalog-item-spec-${spec.key}`}
                  />
                </Form.Item>
              ))}
            </Flex>
          </>
        ) : null}
        <Form.Item name="description" label={t('catalog.fields.description')} rules={[{ max: 1000, message: t('catalog.form.descriptionLength') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="catalog-item-description" />
        </Form.Item>
        <Form.Item name="enabled" label={t('catalog.fields.status')} valuePropName="checked" extra={t('catalog.form.enabledHint')}>
          <Switch checkedChildren={t('catalog.enabled')} unCheckedChildren={t('catalog.disabled')} data-testid="catalog-item-enabled" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
