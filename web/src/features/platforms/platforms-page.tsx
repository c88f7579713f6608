import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { can } from '../../access.ts';
import { ARCHITECTURES, PLATFORM_LEVELS, PROVISIONING_MODES } from '../../api/contract-enums.ts';
import type { Architecture, ConnectionTest, Platform, PlatformLevel, ProvisioningMode } from '../../api/contract-types.ts';
import {
  disablePlatform,
  enablePlatform,
  listPlatforms,
  type PlatformFilters,
  testPlatformConnection,
} from '../../api/platforms-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { MlpsLevelTag } from '../../components/mlps-level-tag.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useHostableLevel } from '../../components/use-hostable-level.ts';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useUnitOptions } from '../../components/use-unit-options.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { PlatformCredentialsModal } from './platform-credentials-modal.tsx';
import { PlatformFormDrawer } from './platform-form-drawer.tsx';
import { PagedTable } from '../../components/paged-table.tsx';

interface SearchValues {
  q?: string;
  level?: PlatformLevel;
  architecture?: Architecture;
  provisioningMode?: ProvisioningMode;
  status?: 'active' | 'disabled';
}

const NO_FILTERS: PlatformFilters = {};

type Editing = { platform: Platform | null } | null;

/** Only OpenStack platforms authenticate with credentials; the simulated driver and work orders need none. */
const takesCredentials = (platform: Platform) => platform.provisioningMode === 'driver' && platform.driver === 'openstack';

export function PlatformsPage() {
  const t = useT();
  const { lang } = useLang();
  const { me } = useMe();
  const { message } = App.useApp();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listPlatforms, NO_FILTERS);
  const mayManage = can(me, 'platform:manage');
  const providers = useUnitOptions({ type: 'provider', enabled: mayManage });
  const hostable = useHostableLevel();
  const [editing, setEditing] = useState<Editing>(null);
  const [credentialsOf, setCredentialsOf] = useState<Platform | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const testMessage = (test: ConnectionTest) =>
    t('platforms.test.detail', { message: lang === 'zh-CN' ? test.message : test.messageEn, ms: test.durationMs });

  const testConnection = async (platform: Platform) => {
    setBusyId(platform.id);
    try {
      const test = await testPlatformConnection(platform.id);
      if (test.ok) void message.success(t('platforms.test.ok', { detail: testMessage(test) }), 6);
      else void message.error(t('platforms.test.failed', { detail: testMessage(test) }), 8);
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const setDisabled = async (platform: Platform, disabled: boolean) => {
    setBusyId(platform.id);
    try {
      await (disabled ? disablePlatform(platform.id) : enablePlatform(platform.id));
      feedback.succeeded(disabled ? t('platforms.disabledDone') : t('platforms.enabledDone'));
      list.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<Platform> = [
    {
      title: t('platforms.fields.name'),
      key: 'name',
      render: (_, platform) => (
        <Flex vertical>
          <Flex gap={6} align="center">
            <Typography.Text strong>{platform.name}</Typography.Text>
            {platform.disabled ? <Tag>{t('platforms.statusDisabled')}</Tag> : null}
          </Flex>
          {platform.description ? (
            <Typography.Text type="secondary" ellipsis={{ tooltip: platform.description }} style={{ maxWidth: 220, fontSize: 12 }}>
              {platform.description}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('platforms.fields.levelAndArchitecture'),
      key: 'level',
      render: (_, platform) => (
        <Flex vertical gap={4} align="flex-start">
          <Tag color={platform.level === 'city' ? 'purple' : 'blue'}>{t(`estate.levels.${platform.level}`)}</Tag>
          <Tag color={platform.architecture === 'arm' ? 'volcano' : 'geekblue'}>
            {t(`estate.architectures.${platform.architecture}`)}
          </Tag>
        </Flex>
      ),
    },
    {
      title: t('platforms.fields.provider'),
      key: 'provider',
      render: (_, platform) => (
        <Flex vertical>
          <span>{platform.provider.name ?? t('common.none')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {platform.region}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('platforms.fields.mlpsShort'), dataIndex: 'mlpsLevel', render: (level: number) => <MlpsLevelTag level={level} /> },
    {
      title: t('platforms.fields.provisioningMode'),
      key: 'mode',
      render: (_, platform) => (
        <Flex vertical gap={2} align="flex-start">
          <Tooltip title={t(`estate.modes.${platform.provisioningMode}`)}>
            <span>{t(`estate.modesShort.${platform.provisioningMode}`)}</span>
          </Tooltip>
          {platform.driver ? <Tag>{t(`estate.drivers.${platform.driver}`)}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('platforms.fields.credentials'),
      key: 'credentials',
      render: (_, platform) => {
        if (!takesCredentials(platform)) return <Typography.Text type="secondary">{t('platforms.credentials.notNeeded')}</Typography.Text>;
        return platform.hasCredentials ? (
          <Flex vertical gap={2} align="flex-start">
            <Tag color="green">{t('platforms.credentials.configured')}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(platform.credentialsUpdatedAt)}
            </Typography.Text>
          </Flex>
        ) : (
          <Tag color="orange">{t('platforms.credentials.notConfigured')}</Tag>
        );
      },
    },
    {
      title: t('platforms.fields.lastTest'),
      key: 'lastTest',
      render: (_, platform) => {
        const test = platform.lastConnectionTest;
        if (!test) return <Typography.Text type="secondary">{t('platforms.test.never')}</Typography.Text>;
        return (
          <Tooltip title={testMessage(test)}>
            <Flex vertical gap={2} align="flex-start" data-testid="platform-last-test">
              <Tag color={test.ok ? 'green' : 'red'}>{test.ok ? t('platforms.test.okTag') : t('platforms.test.failedTag')}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(test.at)}
              </Typography.Text>
            </Flex>
          </Tooltip>
        );
      },
    },
    ...(mayManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, platform: Platform) => (
              <Flex gap={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing({ platform })}>
                  {t('common.edit')}
                </Button>
                {takesCredentials(platform) ? (
                  <Button type="link" size="small" onClick={() => setCredentialsOf(platform)} data-testid="platform-credentials">
                    {t('platforms.credentials.button')}
                  </Button>
                ) : null}
                {platform.provisioningMode === 'driver' ? (
                  <Button
                    type="link"
                    size="small"
                    loading={busyId === platform.id}
                    onClick={() => testConnection(platform)}
                    data-testid="platform-test"
                  >
                    {t('platforms.test.button')}
                  </Button>
                ) : null}
                <Popconfirm
                  title={
                    platform.disabled
                      ? t('platforms.enableConfirm', { name: platform.name })
                      : t('platforms.disableConfirm', { name: platform.name })
                  }
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => setDisabled(platform, !platform.disabled)}
                >
                  <Button type="link" size="small" danger={!platform.disabled}>
                    {platform.disabled ? t('common.enable') : t('common.disable')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <PageContainer
      title={t('platforms.title')}
      subtitle={t('platforms.subtitle')}
      extra={
        mayManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ platform: null })} data-testid="platform-create">
            {t('platforms.create')}
          </Button>
        ) : null
      }
    >
      <SearchBar
        form={searchForm}
        onSearch={(values) =>
          list.search({
            q: values.q?.trim() || undefined,
            level: values.level,
            architecture: values.architecture,
            provisioningMode: values.provisioningMode,
            status: values.status,
          })
        }
      >
        <Form.Item name="q" label={t('platforms.keyword')}>
          <Input allowClear placeholder={t('platforms.keywordPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="level" label={t('platforms.fields.level')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 150 }}
            options={PLATFORM_LEVELS.map((value) => ({ value, label: t(`estate.levels.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="architecture" label={t('platforms.fields.architecture')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 150 }}
            options={ARCHITECTURES.map((value) => ({ value, label: t(`estate.architectures.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="provisioningMode" label={t('platforms.fields.provisioningMode')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 190 }}
            options={PROVISIONING_MODES.map((value) => ({ value, label: t(`estate.modes.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="status" label={t('platforms.fields.status')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 110 }}
            options={[
              { value: 'active', label: t('platforms.statusActive') },
              { value: 'disabled', label: t('platforms.statusDisabled') },
            ]}
          />
        </Form.Item>
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      {providers.error ? <ApiErrorAlert error={providers.error} /> : null}
      <Card size="small" data-testid="platforms-table">
        <PagedTable<Platform>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={t('platforms.empty')}
        />
      </Card>
      {mayManage ? (
        <>
          <PlatformFormDrawer
            open={editing !== null}
            platform={editing?.platform ?? null}
            providers={providers.options.filter((unit) => !unit.disabled)}
            providersLoading={providers.loading}
            hostable={hostable}
            onClose={() => setEditing(null)}
            onSaved={(_platform, created) => {
              setEditing(null);
              feedback.succeeded(created ? t('platforms.created') : t('common.saved'));
              list.reload();
            }}
          />
          <PlatformCredentialsModal
            platform={credentialsOf}
            onClose={() => setCredentialsOf(null)}
            onSaved={() => {
              setCredentialsOf(null);
              feedback.succeeded(t('platforms.credentials.saved'));
              list.reload();
            }}
          />
        </>
      ) : null}
    </PageContainer>
  );
}
