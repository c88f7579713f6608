import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Flex,
  Form,
  type FormInstance,
  Input,
  Radio,
  Select,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useMemo } from 'react';
import { ARCHITECTURES } from '../../api/contract-enums.ts';
import type { Architecture, CreateProjectBody, Platform, Project } from '../../api/contract-types.ts';
import { createProject, updateProject } from '../../api/systems-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import type { FieldErrorView } from '../../components/describe-error.ts';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useCatalogItems } from '../../components/use-catalog-items.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { calendarDateOf, dayOfPicked, formatDate, type PickedDate } from '../../i18n/shanghai-time.ts';
import { projectRules } from './system-rules.ts';

interface QuotaLineValues {
  itemId?: string;
  quantity?: string;
  basis?: string;
}

interface ProjectFormValues {
  documentNumber: string;
  /** Picked on a new approval; the written date (`YYYY-MM-DD`) when an existing one is edited. */
  approvedOn: PickedDate | string;
  approvingBody: string;
  budget: string;
  architecture: Architecture;
  platformIds?: string[];
  cyclical: boolean;
  cyclicalPattern?: string;
  quotas: QuotaLineValues[];
}

const FIELDS = [
  'documentNumber',
  'approvedOn',
  'approvingBody',
  'budget',
  'architecture',
  'platformIds',
  'cyclical',
  'cyclicalPattern',
  'quotas',
] as const;

/** The article of the quota basis and of the periodic-load declaration (青浦办法第八条). */
const QUOTA_ARTICLE = 'QP-8';

function bodyOf(values: ProjectFormValues): CreateProjectBody {
  const pattern = values.cyclicalPattern?.trim();
  return {
    documentNumber: values.documentNumber.trim(),
    approvedOn: typeof values.approvedOn === 'string' ? values.approvedOn : calendarDateOf(dayOfPicked(values.approvedOn)),
    approvingBody: values.approvingBody.trim(),
    budget: values.budget.trim(),
    architecture: values.architecture,
    platformIds: values.platformIds ?? [],
    cyclical: values.cyclical,
    ...(values.cyclical && pattern ? { cyclicalPattern: pattern } : {}),
    quotas: values.quotas.map((line) => ({
      itemId: line.itemId ?? '',
      quantity: (line.quantity ?? '').trim(),
      basis: (line.basis ?? '').trim(),
    })),
  };
}

/** The form's values of a recorded approval: its fields and its quota lines, to be replaced as a whole. */
function valuesOf(project: Project): ProjectFormValues {
  return {
    documentNumber: project.documentNumber,
    approvedOn: formatDate(project.approvedOn, ''),
    approvingBody: project.approvingBody,
    budget: project.budget,
    architecture: project.architecture,
    platformIds: project.platformIds,
    cyclical: project.cyclical,
    ...(project.cyclicalPattern ? { cyclicalPattern: project.cyclicalPattern } : {}),
    quotas: project.quotas.map((quota) => ({ itemId: quota.itemId, quantity: quota.quantity, basis: quota.basis })),
  };
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const fitsArchitecture = (architectures: readonly Architecture[], architecture: Architecture | undefined) =>
  architecture === undefined || architectures.includes(architecture);

interface ProjectFormProps {
  form: FormInstance<ProjectFormValues>;
  project: Project | undefined;
  platforms: readonly Platform[];
  submitting: boolean;
  error: unknown;
  unplacedFields: FieldErrorView[];
  onFinish: (values: ProjectFormValues) => void;
}

/** The form itself, mounted only while the drawer is open, so the catalog is loaded only then. */
function ProjectForm({ form, project, platforms, submitting, error, unplacedFields, onFinish }: ProjectFormProps) {
  const t = useT();
  const { lang } = useLang();
  const rules = projectRules(t);
  const catalog = useCatalogItems();
  const architecture = Form.useWatch('architecture', form);
  const cyclical = Form.useWatch('cyclical', form);
  const lines = Form.useWatch('quotas', form);

  const itemsById = useMemo(() => new Map(catalog.items.map((item) => [item.id, item])), [catalog.items]);
  const itemOptions = useMemo(
    () =>
      catalog.items
        .filter((item) => fitsArchitecture(item.architectures, architecture))
        .map((item) => ({ value: item.id, label: `${item.code} · ${lang === 'zh-CN' ? item.nameZh : item.nameEn}` })),
    [catalog.items, architecture, lang],
  );
  const platformOptions = platforms
    .filter((platform) => !platform.disabled && fitsArchitecture([platform.architecture], architecture))
    .map((platform) => ({ value: platform.id, label: platform.name }));

  const onValuesChange = (changed: Partial<ProjectFormValues>) => {
    // A new architecture keeps only the platforms and catalog items that support it (SJ-11).
    if (!changed.architecture) return;
    const next = changed.architecture;
    const platformIds: string[] = form.getFieldValue('platformIds') ?? [];
    form.setFieldValue(
      'platformIds',
      platformIds.filter((id) => platforms.find((platform) => platform.id === id)?.architecture === next),
    );
    const quotas: QuotaLineValues[] = form.getFieldValue('quotas') ?? [];
    form.setFieldValue(
      'quotas',
      quotas.map((line) => {
        const item = line.itemId ? itemsById.get(line.itemId) : undefined;
        return item && !item.architectures.includes(next) ? { ...line, itemId: undefined } : line;
      }),
    );
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      onValuesChange={onValuesChange}
      disabled={submitting}
      initialValues={project ? valuesOf(project) : { architecture: 'x86', cyclical: false, platformIds: [], quotas: [{}] }}
      clearOnDestroy
    >
      {error ? <ApiErrorAlert error={error} fields={unplacedFields} style={{ marginBottom: 16 }} /> : null}
      {catalog.error ? <ApiErrorAlert error={catalog.error} style={{ marginBottom: 16 }} /> : null}
      <Flex gap={16} wrap>
        <Form.Item name="documentNumber" label={t('projects.fields.documentNumber')} rules={rules.documentNumber} style={{ flex: 2, minWidth: 240 }}>
          <Input maxLength={80} placeholder={t('projects.documentNumberPlaceholder')} data-testid="project-document-number" />
        </Form.Item>
        {project ? (
          <Form.Item
            name="approvedOn"
            label={t('projects.fields.approvedOn')}
            rules={[
              ...rules.approvedOn,
              {
                validator: async (_rule, value: string | undefined) => {
                  if (value && !DATE_PATTERN.test(value)) throw new Error(t('projects.validation.dateFormat'));
                },
              },
            ]}
            style={{ flex: 1, minWidth: 160 }}
          >
            <Input type="date" data-testid="project-approved-on" />
          </Form.Item>
        ) : (
          <Form.Item name="approvedOn" label={t('projects.fields.approvedOn')} rules={rules.approvedOn} style={{ flex: 1, minWidth: 160 }}>
            <DatePicker style={{ width: '100%' }} data-testid="project-approved-on" />
          </Form.Item>
        )}
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="approvingBody" label={t('projects.fields.approvingBody')} rules={rules.approvingBody} style={{ flex: 2, minWidth: 240 }}>
          <Input maxLength={100} data-testid="project-approving-body" />
        </Form.Item>
        <Form.Item name="budget" label={t('projects.fields.budget')} rules={rules.budget} style={{ flex: 1, minWidth: 160 }}>
          <Input inputMode="decimal" prefix="¥" placeholder={t('projects.budgetPlaceholder')} data-testid="project-budget" />
        </Form.Item>
      </Flex>
      <Form.Item name="architecture" label={t('projects.fields.architecture')} rules={rules.architecture}>
        <Radio.Group
          optionType="button"
          options={ARCHITECTURES.map((value) => ({ value, label: t(`estate.architectures.${value}`) }))}
        />
      </Form.Item>
      <Form.Item name="platformIds" label={t('projects.fields.platforms')} extra={t('projects.platformsHint')}>
        <Select mode="multiple" allowClear options={platformOptions} data-testid="project-platforms" />
      </Form.Item>
      <Form.Item
        label={
          <Flex gap={6} align="center">
            <span>{t('projects.fields.cyclical')}</span>
            <ArticleTag article={QUOTA_ARTICLE} />
          </Flex>
        }
        extra={t('projects.cyclicalHint')}
      >
        <Form.Item name="cyclical" valuePropName="checked" noStyle>
          <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="project-cyclical" />
        </Form.Item>
      </Form.Item>
      {cyclical ? (
        <Form.Item
          name="cyclicalPattern"
          label={t('projects.fields.cyclicalPattern')}
          rules={[
            { required: true, whitespace: true, message: t('projects.validation.cyclicalPatternRequired') },
            ...rules.cyclicalPattern,
          ]}
        >
          <Input.TextArea rows={2} maxLength={300} showCount placeholder={t('projects.cyclicalPatternPlaceholder')} data-testid="project-cyclical-pattern" />
        </Form.Item>
      ) : null}
      <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('projects.quotasTitle')}</Typography.Text>
        <ArticleTag article={QUOTA_ARTICLE} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('projects.quota.itemsHint')}
        </Typography.Text>
      </Flex>
      <Form.List
        name="quotas"
        rules={[
          {
            validator: async (_rule, value: QuotaLineValues[] | undefined) => {
              if (!value || value.length === 0) throw new Error(t('projects.validation.quotasRequired'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={12}>
            {fields.map((field, index) => {
              const chosen = lines?.[index]?.itemId;
              const item = chosen ? itemsById.get(chosen) : undefined;
              const takenElsewhere = new Set(
                (lines ?? []).flatMap((line, other) => (other !== index && line?.itemId ? [line.itemId] : [])),
              );
              return (
                <Card
                  key={field.key}
                  size="small"
                  title={t('projects.quota.line', { n: index + 1 })}
                  extra={
                    fields.length > 1 ? (
                      <Button
                        type="text"
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={t('projects.quota.removeLine')}
                        onClick={() => remove(field.name)}
                        data-testid={`quota-remove-${index}`}
                      />
                    ) : null
                  }
                >
                  <Flex gap={12} wrap>
                    <Form.Item
                      name={[field.name, 'itemId']}
                      label={t('projects.quota.item')}
                      rules={[
                        ...rules.item,
                        {
                          validator: async (_rule, value: string | undefined) => {
                            if (value && takenElsewhere.has(value)) throw new Error(t('projects.validation.duplicateItem'));
                          },
                        },
                      ]}
                      style={{ flex: 2, minWidth: 260, marginBottom: 12 }}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        loading={catalog.loading}
                        options={itemOptions.map((option) => ({ ...option, disabled: takenElsewhere.has(option.value) }))}
                        data-testid={`quota-item-${index}`}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'quantity']}
                      label={t('projects.quota.quantity')}
                      rules={rules.quantity}
                      style={{ flex: 1, minWidth: 160, marginBottom: 12 }}
                    >
                      <Input
                        inputMode="decimal"
                        suffix={item ? unitOfMeasureLabel(t, item.unitOfMeasure) : undefined}
                        data-testid={`quota-quantity-${index}`}
                      />
                    </Form.Item>
                  </Flex>
                  <Form.Item
                    name={[field.name, 'basis']}
                    label={t('projects.quota.basis')}
                    rules={rules.basis}
                    style={{ marginBottom: 0 }}
                  >
                    <Input.TextArea
                      rows={2}
                      maxLength={500}
                      placeholder={t('projects.quota.basisPlaceholder')}
                      data-testid={`quota-basis-${index}`}
                    />
                  </Form.Item>
                  {item?.description ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {item.description}
                    </Typography.Text>
                  ) : null}
                </Card>
              );
            })}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="quota-add">
              {t('projects.quota.addLine')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form>
  );
}

interface ProjectFormDrawerProps {
  open: boolean;
  /** The approval to edit; without it a new one is recorded. Its quota lines are replaced as a whole. */
  project?: Project | undefined;
  systemId: string;
  systemName: string;
  platforms: readonly Platform[];
  onClose: () => void;
  onSaved: (project: Project) => void;
}

/**
 * Records a project approval (立项) of a system with its quota: each line a catalog item, a quantity in
 * the item's unit and the basis of that quantity (QP-8); a periodic workload states its cycle (QP-8).
 */
export function ProjectFormDrawer({ open, project, systemId, systemName, platforms, onClose, onSaved }: ProjectFormDrawerProps) {
  const t = useT();
  const [form] = Form.useForm<ProjectFormValues>();
  const submit = useFormSubmit(form, FIELDS);
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: ProjectFormValues) => {
    const body = bodyOf(values);
    const result = await submit.run(() => (project ? updateProject(project.id, body) : createProject(systemId, body)));
    if (result.ok) onSaved(result.value);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={`${project ? t('projects.editTitle') : t('projects.createTitle')} · ${systemName}`}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submit.submitting} onClick={() => form.submit()} data-testid="project-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ProjectForm
        form={form}
        project={project}
        platforms={platforms}
        submitting={submit.submitting}
        error={submit.error}
        unplacedFields={submit.unplacedFields}
        onFinish={onFinish}
      />
    </Drawer>
  );
}
