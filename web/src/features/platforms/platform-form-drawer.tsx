import { Alert, Button, Divider, Drawer, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { ARCHITECTURES, DRIVERS, PLATFORM_LEVELS, PROVISIONING_MODES } from '../../api/contract-enums.ts';
import type {
  Architecture,
  ConnectionSettings,
  CreatePlatformBody,
  Driver,
  Platform,
  PlatformLevel,
  ProvisioningMode,
  UpdatePlatformBody,
} from '../../api/contract-types.ts';
import { createPlatform, updatePlatform } from '../../api/platforms-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { mlpsLevelLabel } from '../../components/mlps-level-tag.tsx';
import type { HostableLevel } from '../../components/use-hostable-level.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import type { UnitOption } from '../../components/use-unit-options.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

/** The connection settings the OpenStack driver takes; never a secret (those go to the credentials modal). */
const CONNECTION_KEYS = [
  'authUrl',
  'region',
  'projectName',
  'projectDomain',
  'userDomain',
  'username',
  'applicationCredentialId',
] as const satisfies readonly (keyof ConnectionSettings)[];
type ConnectionKey = (typeof CONNECTION_KEYS)[number];
const INTERFACES = ['public', 'internal', 'admin'] as const satisfies readonly NonNullable<ConnectionSettings['interface']>[];

interface PlatformFormValues {
  name: string;
  level: PlatformLevel;
  providerUnitId: string;
  architecture: Architecture;
  region: string;
  mlpsLevel: number;
  provisioningMode: ProvisioningMode;
  driver?: Driver;
  connection?: Partial<Record<ConnectionKey, string>> & { interface?: ConnectionSettings['interface'] };
  description?: string;
}

const FIELDS = [
  'name',
  'level',
  'providerUnitId',
  'architecture',
  'region',
  'mlpsLevel',
  'provisioningMode',
  'driver',
  'connection',
  'description',
] as const;

function valuesOf(platform: Platform | null): Partial<PlatformFormValues> {
  if (!platform) return { level: 'district', architecture: 'x86', provisioningMode: 'driver', driver: 'simulated' };
  return {
    name: platform.name,
    level: platform.level,
    providerUnitId: platform.provider.id,
    architecture: platform.architecture,
    region: platform.region,
    mlpsLevel: platform.mlpsLevel,
    provisioningMode: platform.provisioningMode,
    ...(platform.driver ? { driver: platform.driver } : {}),
    connection: { ...platform.connection },
    ...(platform.description ? { description: platform.description } : {}),
  };
}

/** Only the OpenStack driver takes settings; empty fields are left out so the server applies its defaults. */
function connectionOf(values: PlatformFormValues): ConnectionSettings {
  if (values.provisioningMode !== 'driver' || values.driver !== 'openstack') return {};
  const settings: ConnectionSettings = {};
  for (const key of CONNECTION_KEYS) {
    const text = values.connection?.[key]?.trim();
    if (text) settings[key] = text;
  }
  if (values.connection?.interface) settings.interface = values.connection.interface;
  return settings;
}

function createBodyOf(values: PlatformFormValues): CreatePlatformBody {
  const description = values.description?.trim();
  return {
    name: values.name.trim(),
    level: values.level,
    providerUnitId: values.providerUnitId,
    architecture: values.architecture,
    region: values.region.trim(),
    mlpsLevel: values.mlpsLevel,
    provisioningMode: values.provisioningMode,
    ...(values.provisioningMode === 'driver' && values.driver ? { driver: values.driver } : {}),
    connection: connectionOf(values),
    ...(description ? { description } : {}),
  };
}

function updateBodyOf(values: PlatformFormValues): UpdatePlatformBody {
  const description = values.description?.trim();
  return {
    name: values.name.trim(),
    level: values.level,
    providerUnitId: values.providerUnitId,
    architecture: values.architecture,
    region: values.region.trim(),
    mlpsLevel: values.mlpsLevel,
    provisioningMode: values.provisioningMode,
    // A work-order platform has no driver; the settings are replaced as a whole.
    driver: values.provisioningMode === 'driver' ? (values.driver ?? null) : null,
    connection: connectionOf(values),
    description: description || null,
  };
}

interface PlatformFormDrawerProps {
  open: boolean;
  /** The platform to edit; null to register one. */
  platform: Platform | null;
  providers: UnitOption[];
  providersLoading: boolean;
  hostable: HostableLevel;
  onClose: () => void;
  onSaved: (platform: Platform, created: boolean) => void;
}

/** Registers or edits a cloud platform (QP-5, SJ-2). Credentials are never part of this form. */
export function PlatformFormDrawer({ open, platform, providers, providersLoading, hostable, onClose, onSaved }: PlatformFormDrawerProps) {
  const t = useT();
  const [form] = Form.useForm<PlatformFormValues>();
  const submit = useFormSubmit(form, FIELDS);
  const mode = Form.useWatch('provisioningMode', form);
  const driver = Form.useWatch('driver', form);
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: PlatformFormValues) => {
    const result = await submit.run(() =>
      platform ? updatePlatform(platform.id, updateBodyOf(values)) : createPlatform(createBodyOf(values)),
    );
    if (result.ok) onSaved(result.value, platform === null);
  };

  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const requiredSelect = (field: string) => [{ required: true, message: t('common.requiredSelect', { field }) }];
  const levels = Array.from({ length: hostable.maxLevel }, (_, index) => index + 1);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={640}
      destroyOnHidden
      title={platform ? t('platforms.editTitle', { name: platform.name }) : t('platforms.createTitle')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submit.submitting} onClick={() => form.submit()} data-testid="platform-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" onFinish={onFinish} disabled={submit.submitting} initialValues={valuesOf(platform)} clearOnDestroy>
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
        <Form.Item name="name" label={t('platforms.fields.name')} rules={required(t('platforms.fields.name'))}>
          <Input maxLength={100} data-testid="platform-name" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="level" label={t('platforms.fields.level')} rules={requiredSelect(t('platforms.fields.level'))} style={{ flex: 1, minWidth: 180 }}>
            <Select options={PLATFORM_LEVELS.map((value) => ({ value, label: t(`estate.levels.${value}`) }))} />
          </Form.Item>
          <Form.Item
            name="providerUnitId"
            label={t('platforms.fields.provider')}
            rules={requiredSelect(t('platforms.fields.provider'))}
            style={{ flex: 1, minWidth: 220 }}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} loading={providersLoading} options={providers} data-testid="platform-provider" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="architecture" label={t('platforms.fields.architecture')} rules={requiredSelect(t('platforms.fields.architecture'))}>
            <Radio.Group
              optionType="button"
              options={ARCHITECTURES.map((value) => ({ value, label: t(`estate.architectures.${value}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="mlpsLevel"
            label={
              <Flex gap={6} align="center">
                <span>{t('platforms.fields.mlpsLevel')}</span>
                {hostable.article ? <ArticleTag article={hostable.article} /> : null}
              </Flex>
            }
            rules={requiredSelect(t('platforms.fields.mlpsLevel'))}
            style={{ minWidth: 180 }}
          >
            <Select options={levels.map((level) => ({ value: level, label: mlpsLevelLabel(t, level) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="region" label={t('platforms.fields.region')} rules={required(t('platforms.fields.region'))}>
          <Input maxLength={100} placeholder={t('platforms.regionPlaceholder')} />
        </Form.Item>
        <Form.Item name="provisioningMode" label={t('platforms.fields.provisioningMode')} rules={requiredSelect(t('platforms.fields.provisioningMode'))}>
          <Radio.Group options={PROVISIONING_MODES.map((value) => ({ value, label: t(`estate.modes.${value}`) }))} />
        </Form.Item>
        {mode === 'driver' ? (
          <Form.Item name="driver" label={t('platforms.fields.driver')} rules={requiredSelect(t('platforms.fields.driver'))}>
            <Radio.Group optionType="button" options={DRIVERS.map((value) => ({ value, label: t(`estate.drivers.${value}`) }))} />
          </Form.Item>
        ) : null}
        {mode === 'driver' && driver === 'openstack' ? (
          <>
            <Divider titlePlacement="start" plain style={{ margin: '8px 0 16px' }}>
              {t('platforms.connection.title')}
            </Divider>
            <Alert type="info" showIcon title={t('platforms.connection.noSecrets')} style={{ marginBottom: 16 }} />
            <Form.Item name={['connection', 'authUrl']} label={t('platforms.connection.authUrl')}>
              <Input placeholder="https://keystone.example:5000/v3" />
            </Form.Item>
            <Flex gap={16} wrap>
              <Form.Item name={['connection', 'region']} label={t('platforms.connection.region')} style={{ flex: 1, minWidth: 180 }}>
                <Input />
              </Form.Item>
              <Form.Item name={['connection', 'interface']} label={t('platforms.connection.interface')} style={{ flex: 1, minWidth: 180 }}>
                <Select allowClear placeholder="public" options={INTERFACES.map((value) => ({ value, label: value }))} />
              </Form.Item>
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
              {t('platforms.connection.passwordAuth')}
            </Typography.Text>
            <Flex gap={16} wrap>
              <Form.Item name={['connection', 'username']} label={t('platforms.connection.username')} style={{ flex: 1, minWidth: 180 }}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item name={['connection', 'projectName']} label={t('platforms.connection.projectName')} style={{ flex: 1, minWidth: 180 }}>
                <Input />
              </Form.Item>
            </Flex>
            <Flex gap={16} wrap>
              <Form.Item name={['connection', 'userDomain']} label={t('platforms.connection.userDomain')} style={{ flex: 1, minWidth: 180 }}>
                <Input placeholder="Default" />
              </Form.Item>
              <Form.Item name={['connection', 'projectDomain']} label={t('platforms.connection.projectDomain')} style={{ flex: 1, minWidth: 180 }}>
                <Input placeholder="Default" />
              </Form.Item>
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
              {t('platforms.connection.applicationCredentialAuth')}
            </Typography.Text>
            <Form.Item name={['connection', 'applicationCredentialId']} label={t('platforms.connection.applicationCredentialId')}>
              <Input autoComplete="off" />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="description" label={t('platforms.fields.description')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
