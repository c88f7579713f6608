import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Select, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { can } from '../../access.ts';
import { CONSTRUCTION_TYPES } from '../../api/contract-enums.ts';
import type { ConstructionType, InformationSystem } from '../../api/contract-types.ts';
import { listSystems, type SystemFilters } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { MlpsLevelTag, mlpsLevelLabel } from '../../components/mlps-level-tag.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useHostableLevel } from '../../components/use-hostable-level.ts';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useUnitOptions } from '../../components/use-unit-options.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { SystemFormDrawer } from './system-form-drawer.tsx';
import { PagedTable } from '../../components/paged-table.tsx';

interface SearchValues {
  q?: string;
  unitId?: string;
  mlpsLevel?: number;
  constructionType?: ConstructionType;
}

const NO_FILTERS: SystemFilters = {};

export function SystemsPage() {
  const t = useT();
  const { me } = useMe();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listSystems, NO_FILTERS);
  // Only those who see every unit's systems filter by unit or register for another unit.
  const allUnits = me.scope === 'all';
  const units = useUnitOptions({ type: 'user_unit', enabled: allUnits });
  const hostable = useHostableLevel();
  const [creating, setCreating] = useState(false);
  const mayManage = can(me, 'system:manage');

  const columns: TableColumnsType<InformationSystem> = [
    {
      title: t('systems.fields.name'),
      key: 'name',
      render: (_, system) => (
        <Flex vertical>
          <Link to={`/systems/${system.id}`} data-testid="system-link">
            {system.name}
          </Link>
          <Typography.Text type="secondary" ellipsis={{ tooltip: system.purpose }} style={{ maxWidth: 320, fontSize: 12 }}>
            {system.purpose}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(allUnits
      ? [{ title: t('systems.fields.unit'), key: 'unit', render: (_: unknown, system: InformationSystem) => system.unit.name }]
      : []),
    {
      title: t('systems.fields.mlpsLevel'),
      key: 'mlps',
      render: (_, system) => (
        <Flex vertical gap={2} align="flex-start">
          <MlpsLevelTag level={system.mlpsLevel} />
          {system.mlpsFilingNumber ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {system.mlpsFilingNumber}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('systems.fields.constructionType'),
      dataIndex: 'constructionType',
      render: (type: ConstructionType) => (
        <Tag color={type === 'new' ? 'cyan' : 'purple'}>{t(`systems.constructionTypes.${type}`)}</Tag>
      ),
    },
    {
      title: t('systems.fields.owner'),
      key: 'owner',
      render: (_, system) => (
        <Flex vertical>
          <span>{system.ownerName}</span>
          <Typography.Text type="secondary">{system.ownerPhone}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('systems.fields.projectCount'), dataIndex: 'projectCount', align: 'right' },
    { title: t('systems.fields.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, system) => (
        <Button type="link" size="small" onClick={() => navigate(`/systems/${system.id}`)}>
          {t('systems.view')}
        </Button>
      ),
    },
  ];

  const levels = Array.from({ length: hostable.maxLevel }, (_, index) => index + 1);

  return (
    <PageContainer
      title={t('systems.title')}
      subtitle={t('systems.subtitle')}
      extra={
        mayManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="system-create">
            {t('systems.create')}
          </Button>
        ) : null
      }
    >
      <SearchBar
        form={searchForm}
        onSearch={(values) =>
          list.search({
            q: values.q?.trim() || undefined,
            unitId: values.unitId,
            mlpsLevel: values.mlpsLevel,
            constructionType: values.constructionType,
          })
        }
      >
        <Form.Item name="q" label={t('systems.keyword')}>
          <Input allowClear placeholder={t('systems.keywordPlaceholder')} style={{ width: 200 }} data-testid="systems-keyword" />
        </Form.Item>
        {allUnits ? (
          <Form.Item name="unitId" label={t('systems.unit')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('common.all')}
              loading={units.loading}
              options={units.options}
              style={{ width: 220 }}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="mlpsLevel" label={t('systems.fields.mlpsLevel')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 130 }}
            options={levels.map((level) => ({ value: level, label: mlpsLevelLabel(t, level) }))}
          />
        </Form.Item>
        <Form.Item name="constructionType" label={t('systems.fields.constructionType')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 180 }}
            options={CONSTRUCTION_TYPES.map((value) => ({ value, label: t(`systems.constructionTypes.${value}`) }))}
          />
        </Form.Item>
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      {units.error ? <ApiErrorAlert error={units.error} /> : null}
      <Card size="small" data-testid="systems-table">
        <PagedTable<InformationSystem>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={t('systems.empty')}
        />
      </Card>
      {mayManage ? (
        <SystemFormDrawer
          open={creating}
          units={units.options.filter((unit) => !unit.disabled)}
          unitsLoading={units.loading}
          hostable={hostable}
          onClose={() => setCreating(false)}
          onSaved={(system) => {
            setCreating(false);
            feedback.succeeded(t('systems.created'));
            void navigate(`/systems/${system.id}`);
          }}
        />
      ) : null}
    </PageContainer>
  );
}
