import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Me, PolicyView } from '@yunshu/shared/api';
import { Button, Flex, Form, Input, InputNumber, Select, type SelectProps, Typography } from 'antd';
import { type ReactNode, useCallback, useMemo } from 'react';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import type {
  Architecture,
  CatalogItem,
  InformationSystem,
  Platform,
  Project,
  QuotaUsage,
} from '../../api/contract-types.ts';
import { listProjects, listSystems } from '../../api/systems-api.ts';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useAsync } from '../../components/use-async.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import type { PickedDate } from '../../i18n/shanghai-time.ts';
import { applicationRules } from './application-rules.ts';

export interface LineValues {
  itemId?: string;
  quantity?: string;
  months?: number;
}

/** A server to create (ServerRequestSchema): how the approved compute is cut. */
export interface ServerValues {
  name?: string;
  vcpus?: number;
  memoryGiB?: number;
  dataDiskGiB?: number;
}

/** A new shape for one of the system's servers (ResizeRequestSchema). */
export interface ResizeValues {
  resourceId?: string;
  vcpus?: number;
  memoryGiB?: number;
}

/** Every field any kind's form may have; each kind's body takes its own (application-body.ts). */
export interface ApplicationFormValues {
  title?: string;
  systemId?: string;
  projectId?: string;
  platformId?: string;
  lines?: LineValues[];
  basis?: string;
  description?: string;
  backupConfirmed?: boolean;
  irreversibleAcknowledged?: boolean;
  purpose?: string;
  relatedApplicationId?: string;
  months?: number;
  /** city_cloud: the SJ-10 reason; temporary_extension: why the term is extended. */
  reason?: string;
  explanation?: string;
  architecture?: Architecture;
  plannedGoLive?: PickedDate;
  plannedStart?: PickedDate;
  major?: boolean;
  expertReview?: { reviewer?: string; reviewedOn?: PickedDate; conclusion?: string };
  servers?: ServerValues[];
  resizes?: ResizeValues[];
  /** reclamation: the servers and volumes to reclaim. */
  resourceIds?: string[];
}

/** The form's field names, where the server's field errors (`lines.0.quantity`, `expertReview.reviewer`) land. */
export const FORM_FIELDS = [
  'title',
  'systemId',
  'projectId',
  'platformId',
  'lines',
  'basis',
  'description',
  'backupConfirmed',
  'irreversibleAcknowledged',
  'purpose',
  'relatedApplicationId',
  'months',
  'reason',
  'explanation',
  'architecture',
  'plannedGoLive',
  'plannedStart',
  'major',
  'expertReview',
  'servers',
  'resizes',
  'resourceIds',
] as const;

/** What every kind's fields draw on, loaded once by the form page. */
export interface FormContext {
  me: Me;
  policy: PolicyView | undefined;
  /** Enabled platforms only. */
  platforms: readonly Platform[];
  platformsLoading: boolean;
  items: readonly CatalogItem[];
  itemsLoading: boolean;
  systems: readonly InformationSystem[];
  systemsLoading: boolean;
  /** The quota usage of the chosen system, when the kind names one. */
  usage: QuotaUsage | undefined;
}

const NO_SYSTEMS: readonly InformationSystem[] = [];
const NO_PROJECTS: readonly Project[] = [];

/** The unit's information systems (one page of the largest size: a unit has far fewer). */
export function useOwnSystems(enabled: boolean) {
  const load = useCallback(
    () => (enabled ? listSystems({}, 1, MAX_PAGE_SIZE) : Promise.resolve({ items: [], total: 0, page: 1, pageSize: MAX_PAGE_SIZE })),
    [enabled],
  );
  const { data, loading, error } = useAsync(load);
  return { systems: data?.items ?? NO_SYSTEMS, loading, error };
}

/** The project approvals of a system, none until one is chosen. */
export function useSystemProjects(systemId: string | undefined) {
  const load = useCallback(() => (systemId ? listProjects(systemId) : Promise.resolve([])), [systemId]);
  const { data, loading, error } = useAsync<Project[]>(load);
  return { projects: data ?? NO_PROJECTS, loading, error };
}

export function platformLabel(platform: Platform, t: ReturnType<typeof useT>): string {
  return `${platform.name} · ${t(`estate.levels.${platform.level}`)} · ${t(`estate.architectures.${platform.architecture}`)}`;
}

/** Whether a catalog item is offered on a platform (no platform chosen yet: every item). */
export function offeredOn(item: CatalogItem, platformId: string | undefined): boolean {
  return !platformId || item.platforms.some((platform) => platform.id === platformId);
}

interface SystemFieldProps {
  context: FormContext;
  /** Only these systems may be chosen (e.g. those registered for migration, SJ-12). */
  filter?: (system: InformationSystem) => boolean;
  required?: boolean;
  extra?: ReactNode;
  onChange?: (systemId: string | undefined) => void;
}

export function SystemField({ context, filter, required = true, extra, onChange }: SystemFieldProps) {
  const t = useT();
  const rules = applicationRules(t);
  const systems = filter ? context.systems.filter(filter) : context.systems;
  return (
    <Form.Item name="systemId" label={t('applications.fields.system')} rules={required ? rules.systemId : []} extra={extra}>
      <Select
        allowClear={!required}
        showSearch={{ optionFilterProp: 'label' }}
        loading={context.systemsLoading}
        data-testid="application-system"
        placeholder={t('applications.form.systemPlaceholder')}
        notFoundContent={t('applications.form.noSystems')}
        options={systems.map((system) => ({ value: system.id, label: system.name }))}
        onChange={(value: string | undefined) => onChange?.(value)}
      />
    </Form.Item>
  );
}

interface PlatformFieldProps {
  platforms: readonly Platform[];
  loading: boolean;
  extra?: ReactNode;
  disabled?: boolean;
  placeholder?: string;
  onChange?: (platformId: string | undefined) => void;
}

export function PlatformField({ platforms, loading, extra, disabled, placeholder, onChange }: PlatformFieldProps) {
  const t = useT();
  const rules = applicationRules(t);
  return (
    <Form.Item name="platformId" label={t('applications.fields.platform')} rules={rules.platformId} extra={extra}>
      <Select
        loading={loading}
        disabled={disabled}
        placeholder={placeholder ?? t('applications.form.platformPlaceholder')}
        data-testid="application-platform"
        notFoundContent={t('applications.form.noPlatforms')}
        options={platforms.map((platform) => ({ value: platform.id, label: platformLabel(platform, t) }))}
        onChange={(value: string | undefined) => onChange?.(value)}
      />
    </Form.Item>
  );
}

interface TextFieldProps {
  name: string | string[];
  label: string;
  max: number;
  testId: string;
  required?: boolean;
  rows?: number;
  placeholder?: string;
  extra?: ReactNode;
}

export function TextAreaField({ name, label, max, testId, required = true, rows = 3, placeholder, extra }: TextFieldProps) {
  const t = useT();
  const rules = applicationRules(t);
  return (
    <Form.Item name={name} label={label} rules={rules.text(label, max, required)} extra={extra}>
      <Input.TextArea rows={rows} maxLength={max} showCount placeholder={placeholder} data-testid={testId} />
    </Form.Item>
  );
}

interface LinesFieldProps {
  /** The items a line may name. */
  items: readonly CatalogItem[];
  loading: boolean;
  /** Temporary resources: each line has its term in months, at most `maxMonths` (QP-12). */
  months?: { max: number } | undefined;
  /** A hint under a line's item, e.g. its quota or what is allocated. */
  hintOf?: (itemId: string) => ReactNode;
  disabled?: boolean;
  disabledHint?: string;
  label?: string;
}

/** 申请明细: catalog item, quantity (text, in the item's unit) and, for temporary resources, months. */
export function LinesField({ items, loading, months, hintOf, disabled = false, disabledHint, label }: LinesFieldProps) {
  const t = useT();
  const { lang } = useLang();
  const rules = applicationRules(t);
  const lines = Form.useWatch<LineValues[] | undefined>('lines');
  const byId = useMemo(() => new Map(items.map((item) => [item.id, item])), [items]);
  const options: SelectProps['options'] = items.map((item) => ({
    value: item.id,
    label: `${item.code} · ${lang === 'zh-CN' ? item.nameZh : item.nameEn}`,
  }));

  return (
    <Form.Item label={label ?? t('applications.fields.lines')} required>
      <Form.List name="lines" rules={[{ validator: async (_rule, value: LineValues[] | undefined) => rules.linesPresent(value) }]}>
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={0}>
            {fields.map((field, index) => {
              const chosen = lines?.[index]?.itemId;
              const item = chosen ? byId.get(chosen) : undefined;
              const taken = new Set((lines ?? []).flatMap((line, other) => (other !== index && line?.itemId ? [line.itemId] : [])));
              const hint = chosen ? hintOf?.(chosen) : undefined;
              return (
                <Flex key={field.key} gap={12} align="flex-start" wrap>
                  <Form.Item
                    name={[field.name, 'itemId']}
                    rules={rules.lineItem(taken)}
                    extra={hint}
                    style={{ flex: 3, minWidth: 200, marginBottom: 12 }}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={loading}
                      disabled={disabled}
                      placeholder={disabled ? disabledHint : t('applications.form.itemPlaceholder')}
                      options={options?.map((option) => ({ ...option, disabled: taken.has(option.value as string) }))}
                      data-testid={`application-line-item-${index}`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} rules={rules.quantity} style={{ flex: 1, minWidth: 110, marginBottom: 12 }}>
                    <Input
                      inputMode="decimal"
                      placeholder={t('applications.form.quantityPlaceholder')}
                      // Always a suffix, so that choosing the item does not rebuild the focused input.
                      suffix={<span>{item ? unitOfMeasureLabel(t, item.unitOfMeasure) : ''}</span>}
                      data-testid={`application-line-quantity-${index}`}
                    />
                  </Form.Item>
                  {months ? (
                    <Form.Item name={[field.name, 'months']} rules={rules.months(months.max)} style={{ width: 130, marginBottom: 12 }}>
                      <InputNumber
                        min={1}
                        max={months.max}
                        precision={0}
                        suffix={t('applications.form.monthsSuffix')}
                        placeholder={t('applications.form.monthsPlaceholder')}
                        style={{ width: '100%' }}
                        data-testid={`application-line-months-${index}`}
                      />
                    </Form.Item>
                  ) : null}
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={fields.length === 1}
                    aria-label={t('applications.form.removeLine')}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              );
            })}
            <Form.ErrorList errors={errors} />
            <div>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(months ? { months: months.max } : {})} data-testid="application-line-add">
                {t('applications.form.addLine')}
              </Button>
            </div>
          </Flex>
        )}
      </Form.List>
      {items.length === 0 && !loading && !disabled ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('applications.form.noItems')}
        </Typography.Text>
      ) : null}
    </Form.Item>
  );
}
