import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { can } from '../../access.ts';
import { type CatalogItemFilters, listCatalogItems, updateCatalogItem } from '../../api/catalog-api.ts';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import { ARCHITECTURES, CATALOG_CATEGORIES } from '../../api/contract-enums.ts';
import type { Architecture, CatalogCategory, CatalogItem } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { useMe } from '../../auth/me-context.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePlatforms } from '../../components/use-platforms.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { CatalogItemDrawer } from './catalog-item-drawer.tsx';

interface SearchValues {
  q?: string;
  architecture?: Architecture;
  platformId?: string;
  enabled?: 'true' | 'false';
}

const ALL = 'all';
const NO_ITEMS: CatalogItem[] = [];

/** A specification value as text: option lists joined, anything else as JSON. */
function specText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(' / ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * 服务目录 (SJ-2, SJ-7): the district's catalog by category — IaaS, PaaS, security services and SaaS —
 * each item with its unit of measure, the architectures and platforms that offer it, and its specification.
 * The whole catalog is one page of the largest size; the category tabs count and filter it here.
 */
export function CatalogPage() {
  const t = useT();
  const { lang } = useLang();
  const [searchForm] = Form.useForm<SearchValues>();
  const [filters, setFilters] = useState<CatalogItemFilters>({});
  const [category, setCategory] = useState<CatalogCategory | typeof ALL>(ALL);
  const load = useCallback(() => listCatalogItems(filters, 1, MAX_PAGE_SIZE), [filters]);
  const items = useAsync(load);
  const { platforms } = usePlatforms();
  const { me } = useMe();
  const feedback = useFeedback();
  const mayManage = can(me, 'catalog:manage');
  /** The drawer: closed, a new item, or the item being edited. */
  const [drawer, setDrawer] = useState<{ item?: CatalogItem } | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);

  const setEnabled = async (item: CatalogItem, enabled: boolean) => {
    setSwitching(item.id);
    try {
      await updateCatalogItem(item.id, { enabled });
      feedback.succeeded(t(enabled ? 'catalog.enabledDone' : 'catalog.disabledDone', { code: item.code }));
      items.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setSwitching(null);
    }
  };

  const all = items.data?.items ?? NO_ITEMS;
  const counts = useMemo(() => {
    const byCategory = new Map<CatalogCategory, number>();
    for (const item of all) byCategory.set(item.category, (byCategory.get(item.category) ?? 0) + 1);
    return byCategory;
  }, [all]);
  // Category by category in the catalog's order (IaaS, PaaS, security, SaaS), then by code.
  const shown = useMemo(
    () =>
      all
        .filter((item) => category === ALL || item.category === category)
        .sort(
          (a, b) =>
            CATALOG_CATEGORIES.indexOf(a.category) - CATALOG_CATEGORIES.indexOf(b.category) || a.code.localeCompare(b.code),
        ),
    [all, category],
  );

  const columns: TableColumnsType<CatalogItem> = [
    {
      title: t('catalog.fields.code'),
      dataIndex: 'code',
      render: (code: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{code}</Typography.Text>,
    },
    {
      title: t('catalog.fields.name'),
      key: 'name',
      render: (_, item) => (
        <Flex vertical>
          <span>{lang === 'zh-CN' ? item.nameZh : item.nameEn}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'zh-CN' ? item.nameEn : item.nameZh}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('catalog.fields.category'),
      key: 'category',
      render: (_, item) => (
        <Flex vertical gap={2} align="flex-start">
          <span>{t(`estate.categories.${item.category}`)}</span>
          <Tag>{t(`estate.serviceModels.${item.serviceModel}`)}</Tag>
        </Flex>
      ),
    },
    {
      title: t('catalog.fields.unitOfMeasure'),
      dataIndex: 'unitOfMeasure',
      render: (unit: string) => <Tag color="cyan">{unitOfMeasureLabel(t, unit)}</Tag>,
    },
    {
      title: t('catalog.fields.architectures'),
      dataIndex: 'architectures',
      render: (architectures: Architecture[]) => (
        <Flex gap={4} wrap>
          {architectures.map((architecture) => (
            <Tag key={architecture} color={architecture === 'arm' ? 'volcano' : 'geekblue'}>
              {t(`estate.architectures.${architecture}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('catalog.fields.platforms'),
      dataIndex: 'platforms',
      render: (offered: CatalogItem['platforms']) =>
        offered.length > 0 ? (
          <Flex gap={4} wrap style={{ maxWidth: 320 }}>
            {offered.map((platform) => (
              <Tag key={platform.id}>{platform.name}</Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('catalog.noPlatforms')}</Typography.Text>
        ),
    },
    {
      title: t('catalog.fields.status'),
      dataIndex: 'enabled',
      render: (enabled: boolean) =>
        enabled ? <Tag color="green">{t('catalog.enabled')}</Tag> : <Tag>{t('catalog.disabled')}</Tag>,
    },
    ...(mayManage
      ? ([
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, item) => (
              <Flex gap={4}>
                <Button type="link" size="small" onClick={() => setDrawer({ item })} data-testid="catalog-item-edit">
                  {t('common.edit')}
                </Button>
                {item.enabled ? (
                  <Popconfirm
                    title={t('catalog.disableConfirm', { code: item.code })}
                    description={t('catalog.disableHint')}
                    okText={t('common.disable')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => setEnabled(item, false)}
                  >
                    <Button type="link" size="small" danger loading={switching === item.id} data-testid="catalog-item-disable">
                      {t('common.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    loading={switching === item.id}
                    onClick={() => setEnabled(item, true)}
                    data-testid="catalog-item-enable"
                  >
                    {t('common.enable')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ] satisfies TableColumnsType<CatalogItem>)
      : []),
  ];

  const tabs = [
    { key: ALL, label: `${t('common.all')} (${all.length})` },
    ...CATALOG_CATEGORIES.filter((value) => counts.has(value)).map((value) => ({
      key: value,
      label: `${t(`estate.categories.${value}`)} (${counts.get(value) ?? 0})`,
    })),
  ];

  return (
    <PageContainer
      title={t('catalog.title')}
      subtitle={t('catalog.subtitle')}
      extra={
        mayManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({})} data-testid="catalog-item-create">
            {t('catalog.create')}
          </Button>
        ) : undefined
      }
    >
      <SearchBar
        form={searchForm}
        onSearch={(values) =>
          setFilters({
            q: values.q?.trim() || undefined,
            architecture: values.architecture,
            platformId: values.platformId,
            enabled: values.enabled,
          })
        }
      >
        <Form.Item name="q" label={t('catalog.keyword')}>
          <Input allowClear placeholder={t('catalog.keywordPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="architecture" label={t('catalog.fields.architectures')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 150 }}
            options={ARCHITECTURES.map((value) => ({ value, label: t(`estate.architectures.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="platformId" label={t('catalog.fields.platforms')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 220 }}
            options={platforms.map((platform) => ({ value: platform.id, label: platform.name }))}
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('catalog.fields.status')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 110 }}
            options={[
              { value: 'true', label: t('catalog.enabled') },
              { value: 'false', label: t('catalog.disabled') },
            ]}
          />
        </Form.Item>
      </SearchBar>
      {items.error ? <ApiErrorAlert error={items.error} /> : null}
      <Card size="small" data-testid="catalog-items">
        <Tabs activeKey={category} onChange={(key) => setCategory(key as CatalogCategory | typeof ALL)} items={tabs} />
        <Table<CatalogItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={shown}
          loading={items.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (item) => Object.keys(item.spec).length > 0 || item.description !== null,
            expandedRowRender: (item) => (
              <Flex vertical gap={8}>
                {item.description ? <Typography.Text>{item.description}</Typography.Text> : null}
                {Object.keys(item.spec).length > 0 ? (
                  <Descriptions
                    size="small"
                    column={{ xs: 1, md: 2 }}
                    title={t('catalog.spec')}
                    items={Object.entries(item.spec).map(([key, value]) => ({
                      key,
                      label: <Typography.Text code>{key}</Typography.Text>,
                      children: specText(value),
                    }))}
                  />
                ) : null}
              </Flex>
            ),
          }}
          locale={{ emptyText: <Empty description={t('catalog.empty')} /> }}
        />
      </Card>
      {mayManage ? (
        <CatalogItemDrawer
          open={drawer !== null}
          item={drawer?.item}
          platforms={platforms}
          onClose={() => setDrawer(null)}
          onSaved={(saved) => {
            feedback.succeeded(t(drawer?.item ? 'catalog.updated' : 'catalog.created', { code: saved.code }));
            setDrawer(null);
            items.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
