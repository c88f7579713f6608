import { Card, Form, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router';
import { RESOURCE_KINDS, RESOURCE_STATUSES } from '../../api/contract-enums.ts';
import type { ResourceKind, ResourceStatus, ResourceSummary } from '../../api/contract-types.ts';
import { listResources, type ResourceFilters } from '../../api/resources-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { reconcilerBusy, resourceColumns } from '../../components/resource-views.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect, KeywordField, PlatformFilter, SwitchFilter } from '../../components/search-fields.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { usePoll } from '../../components/use-poll.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDate, formatDateTime } from '../../i18n/shanghai-time.ts';

interface SearchValues {
  q?: string;
  status?: ResourceStatus;
  kind?: ResourceKind;
  platformId?: string;
  includeDeleted?: boolean;
}

const NO_FILTERS: ResourceFilters = {};

const secondary = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;

/**
 * 云资源: the servers and volumes the caller may see — a unit its own (QP-19), a provider those on its
 * platforms, the operator and the authority every unit's — refreshing itself while the platform works.
 */
export function ResourcesPage() {
  const t = useT();
  const { me } = useMe();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listResources, NO_FILTERS);
  usePoll(list.items.some(reconcilerBusy), list.refresh);
  const ownUnitOnly = me.unit.type === 'user_unit';

  const common = resourceColumns(t);
  const columns: TableColumnsType<ResourceSummary> = [
    common.name,
    common.kind,
    ...(ownUnitOnly ? [] : [{ title: t('resources.fields.unit'), key: 'unit', render: (_: unknown, r: ResourceSummary) => r.unit.name }]),
    {
      title: t('resources.fields.system'),
      key: 'system',
      render: (_, resource) =>
        resource.systemId && resource.systemName ? <Link to={`/systems/${resource.systemId}`}>{resource.systemName}</Link> : secondary(t('common.none')),
    },
    { title: t('resources.fields.platform'), key: 'platform', render: (_, resource) => resource.platform.name },
    common.status,
    common.spec,
    common.addresses,
    {
      title: t('resources.fields.provisionedAt'),
      key: 'provisionedAt',
      render: (_, resource) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(resource.provisionedAt)}</span>,
    },
    {
      title: t('resources.fields.leaseExpiresAt'),
      key: 'lease',
      render: (_, resource) => (resource.temporary ? formatDate(resource.leaseExpiresAt) : secondary(t('common.none'))),
    },
    {
      title: t('resources.fields.application'),
      key: 'application',
      render: (_, resource) =>
        resource.applicationNumber ? (
          <Link to={`/applications/${resource.applicationId}`} style={{ fontFamily: 'monospace' }}>
            {resource.applicationNumber}
          </Link>
        ) : (
          secondary(t('common.none'))
        ),
    },
  ];

  return (
    <PageContainer title={t('resources.title')} subtitle={t('resources.subtitle')}>
      <SearchBar
        form={searchForm}
        onSearch={(values) =>
          list.search({
            q: values.q?.trim() || undefined,
            status: values.status,
            kind: values.kind,
            platformId: values.platformId,
            includeDeleted: values.includeDeleted ? 'true' : undefined,
          })
        }
      >
        <KeywordField label={t('resources.keyword')} placeholder={t('resources.keywordPlaceholder')} testId="resources-keyword" />
        <FilterSelect
          name="status"
          label={t('resources.fields.status')}
          width={170}
          testId="resources-status"
          options={RESOURCE_STATUSES.map((value) => ({ value, label: t(`resources.statuses.${value}`) }))}
        />
        <FilterSelect
          name="kind"
          label={t('resources.fields.kind')}
          width={120}
          options={RESOURCE_KINDS.map((value) => ({ value, label: t(`resources.kinds.${value}`) }))}
        />
        <PlatformFilter label={t('resources.fields.platform')} />
        <SwitchFilter name="includeDeleted" label={t('resources.includeDeleted')} testId="resources-include-deleted" />
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="resources-table">
        <PagedTable<ResourceSummary>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={
            <>
              <div>{t('resources.empty')}</div>
              <Typography.Text type="secondary">{t('resources.emptyHint')}</Typography.Text>
            </>
          }
        />
      </Card>
    </PageContainer>
  );
}
