import { Alert, Button, Checkbox, Drawer, Flex, Form, Input, Radio, Select } from 'antd';
import { useEffect } from 'react';
import { CONSTRUCTION_TYPES } from '../../api/contract-enums.ts';
import type { ConstructionType, CreateSystemBody, InformationSystem } from '../../api/contract-types.ts';
import { createSystem, updateSystem } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { mlpsLevelLabel, mlpsNumeral } from '../../components/mlps-level-tag.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import type { HostableLevel } from '../../components/use-hostable-level.ts';
import type { UnitOption } from '../../components/use-unit-options.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { systemRules } from './system-rules.ts';

interface SystemFormValues {
  unitId?: string;
  name: string;
  purpose: string;
  mlpsLevel: number;
  classified: boolean;
  mlpsFilingNumber?: string;
  constructionType: ConstructionType;
  ownerName: string;
  ownerPhone: string;
  ownerEmail?: string;
}

const FIELDS = [
  'unitId',
  'name',
  'purpose',
  'mlpsLevel',
  'classified',
  'mlpsFilingNumber',
  'constructionType',
  'ownerName',
  'ownerPhone',
  'ownerEmail',
] as const;

function bodyOf(values: SystemFormValues, chooseUnit: boolean): CreateSystemBody {
  const filing = values.mlpsFilingNumber?.trim();
  const email = values.ownerEmail?.trim();
  return {
    ...(chooseUnit && values.unitId ? { unitId: values.unitId } : {}),
    name: values.name.trim(),
    purpose: values.purpose.trim(),
    mlpsLevel: values.mlpsLevel,
    classified: values.classified,
    ...(filing ? { mlpsFilingNumber: filing } : {}),
    constructionType: values.constructionType,
    ownerName: values.ownerName.trim(),
    ownerPhone: values.ownerPhone.trim(),
    ...(email ? { ownerEmail: email } : {}),
  };
}

/** The form's values of an existing system (its classified flag is always false: the server refuses those). */
function valuesOf(system: InformationSystem): SystemFormValues {
  return {
    name: system.name,
    purpose: system.purpose,
    mlpsLevel: system.mlpsLevel,
    classified: false,
    ...(system.mlpsFilingNumber ? { mlpsFilingNumber: system.mlpsFilingNumber } : {}),
    constructionType: system.constructionType,
    ownerName: system.ownerName,
    ownerPhone: system.ownerPhone,
    ...(system.ownerEmail ? { ownerEmail: system.ownerEmail } : {}),
  };
}

interface SystemFormDrawerProps {
  open: boolean;
  /** The system to edit; without it a new one is registered. Its owning unit is never changed. */
  system?: InformationSystem | undefined;
  /** The user units to register for; shown only to those who act for every unit (the operator). */
  units?: UnitOption[];
  unitsLoading?: boolean;
  hostable: HostableLevel;
  onClose: () => void;
  onSaved: (system: InformationSystem) => void;
}

/**
 * Registers an information system. Unit staff register for their own unit (the server takes it from the
 * session); the operator picks the owning user unit. Systems above the district's MLPS ceiling or
 * classified ones are refused by the server, citing the article (QP-5, QP-7 / SJ-2).
 */
export function SystemFormDrawer({
  open,
  system,
  units = [],
  unitsLoading = false,
  hostable,
  onClose,
  onSaved,
}: SystemFormDrawerProps) {
  const t = useT();
  const { me } = useMe();
  const [form] = Form.useForm<SystemFormValues>();
  const submit = useFormSubmit(form, FIELDS);
  const rules = systemRules(t);
  const editing = system !== undefined;
  const chooseUnit = me.scope === 'all' && !editing;
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: SystemFormValues) => {
    const body = bodyOf(values, chooseUnit);
    const result = await submit.run(() => (system ? updateSystem(system.id, body) : createSystem(body)));
    if (result.ok) onSaved(result.value);
  };

  // An existing system above today's ceiling keeps its level on offer; the server decides whether it stands.
  const levels = Array.from({ length: Math.max(hostable.maxLevel, system?.mlpsLevel ?? 0) }, (_, index) => index + 1);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={600}
      destroyOnHidden
      title={system ? `${t('systems.editTitle')} · ${system.name}` : t('systems.createTitle')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submit.submitting} onClick={() => form.submit()} data-testid="system-form-submit">
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
        initialValues={system ? valuesOf(system) : { classified: false, constructionType: 'new' }}
        clearOnDestroy
      >
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <Flex gap={8} align="center" wrap>
              <span>{t('systems.hostable', { level: mlpsNumeral(t, hostable.maxLevel) })}</span>
              {hostable.article ? <ArticleTag article={hostable.article} /> : null}
            </Flex>
          }
          description={
            editing ? t('systems.unitFixed', { unit: system.unit.name }) : chooseUnit ? undefined : t('systems.ownUnit', { unit: me.unit.name })
          }
        />
        {chooseUnit ? (
          <Form.Item name="unitId" label={t('systems.fields.unit')} rules={rules.unitId}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={unitsLoading}
              options={units}
              data-testid="system-unit"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t('systems.fields.name')} rules={rules.name}>
          <Input maxLength={100} data-testid="system-name" />
        </Form.Item>
        <Form.Item name="purpose" label={t('systems.fields.purpose')} rules={rules.purpose}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="system-purpose" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="mlpsLevel" label={t('systems.fields.mlpsLevel')} rules={rules.mlpsLevel} style={{ minWidth: 180 }}>
            <Select
              data-testid="system-mlps-level"
              options={levels.map((level) => ({ value: level, label: mlpsLevelLabel(t, level) }))}
            />
          </Form.Item>
          <Form.Item name="mlpsFilingNumber" label={t('systems.fields.mlpsFilingNumber')} rules={rules.mlpsFilingNumber} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={60} />
          </Form.Item>
        </Flex>
        <Form.Item name="classified" valuePropName="checked" extra={t('systems.classifiedHint')}>
          <Checkbox data-testid="system-classified">{t('systems.classified')}</Checkbox>
        </Form.Item>
        <Form.Item name="constructionType" label={t('systems.fields.constructionType')} rules={rules.constructionType}>
          <Radio.Group
            options={CONSTRUCTION_TYPES.map((value) => ({ value, label: t(`systems.constructionTypes.${value}`) }))}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="ownerName" label={t('systems.fields.ownerName')} rules={rules.ownerName} style={{ flex: 1, minWidth: 160 }}>
            <Input maxLength={40} data-testid="system-owner-name" />
          </Form.Item>
          <Form.Item name="ownerPhone" label={t('systems.fields.ownerPhone')} rules={rules.ownerPhone} style={{ flex: 1, minWidth: 160 }}>
            <Input maxLength={32} data-testid="system-owner-phone" />
          </Form.Item>
        </Flex>
        <Form.Item name="ownerEmail" label={t('systems.fields.ownerEmail')} rules={rules.ownerEmail}>
          <Input maxLength={120} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
