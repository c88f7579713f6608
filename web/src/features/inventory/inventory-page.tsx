import { CheckOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../access.ts';
import { FINDING_KINDS } from '../../api/contract-enums.ts';
import type { FindingKind, InventoryFinding, InventorySync } from '../../api/contract-types.ts';
import { acknowledgeFinding, type FindingFilters, listFindings, listInventorySyncs } from '../../api/resources-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect, PlatformFilter, SwitchFilter } from '../../components/search-fields.tsx';
import { TextInputModal } from '../../components/text-input-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { FindingDetail } from './finding-detail.tsx';
import { InventorySyncCard } from './inventory-sync-card.tsx';

interface SearchValues {
  platformId?: string;
  kind?: FindingKind;
  showResolved?: boolean;
}

const KIND_COLORS: Record<FindingKind, string> = { unknown: 'red', missing: 'orange', drift: 'gold' };

const NO_FILTERS: FindingFilters = {};
const ALL_SYNCS = {};

const secondary = (text: string) => (
  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
    {text}
  </Typography.Text>
);

/** 处理情况: resolved by a later sync, acknowledged by the operator with a note, or still open. */
function Handling({ finding, onAcknowledge }: { finding: InventoryFinding; onAcknowledge: (() => void) | undefined }) {
  const t = useT();
  if (finding.resolvedAt) {
    return (
      <Flex vertical>
        <Tag color="green">{t('inventory.findings.resolved')}</Tag>
        {secondary(formatDateTime(finding.resolvedAt))}
      </Flex>
    );
  }
  if (finding.acknowledgedAt) {
    return (
      <Flex vertical gap={2}>
        <Tag color="blue">{t('inventory.findings.acknowledged')}</Tag>
        {secondary(`${finding.acknowledgedBy ?? ''} · ${formatDateTime(finding.acknowledgedAt)}`)}
        {finding.note ? <span>{finding.note}</span> : null}
      </Flex>
    );
  }
  return (
    <Flex gap={4} align="center">
      <Tag color="red">{t('inventory.findings.open')}</Tag>
      {onAcknowledge ? (
        <Button type="link" size="small" icon={<CheckOutlined />} onClick={onAcknowledge} data-testid="finding-acknowledge">
          {t('inventory.findings.acknowledge')}
        </Button>
      ) : null}
    </Flex>
  );
}

/**
 * 资源清点: what the driver platforms really run against what Yunshu provisioned — servers created behind
 * the platform's back, resources gone missing, drifted shape or power state. Findings are acknowledged
 * with a note; nothing is deleted automatically.
 */
export function InventoryPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const [searchForm] = Form.useForm<SearchValues>();
  const findings = usePagedList(listFindings, NO_FILTERS);
  const syncs = usePagedList(listInventorySyncs, ALL_SYNCS);
  const [acknowledging, setAcknowledging] = useState<InventoryFinding | null>(null);
  const mayManage = can(me, 'inventory:manage');

  const findingColumns: TableColumnsType<InventoryFinding> = [
    {
      title: t('inventory.fields.kind'),
      key: 'kind',
      render: (_, finding) => (
        <Tag color={KIND_COLORS[finding.kind]} data-testid="finding-kind">
          {t(`inventory.kinds.${finding.kind}`)}
        </Tag>
      ),
    },
    {
      title: t('inventory.fields.name'),
      key: 'name',
      render: (_, finding) => (
        <Flex vertical>
          <span style={{ whiteSpace: 'nowrap' }}>
            {finding.resourceId ? <Link to={`/resources/${finding.resourceId}`}>{finding.name}</Link> : finding.name}
            {' · '}
            {t(`resources.kinds.${finding.resourceType}`)}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {finding.providerId}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('inventory.fields.platform'), key: 'platform', render: (_, finding) => finding.platform.name },
    { title: t('inventory.fields.detail'), key: 'detail', render: (_, finding) => <FindingDetail detail={finding.detail} /> },
    {
      title: t('inventory.fields.lastSeenAt'),
      key: 'seen',
      render: (_, finding) => (
        <Flex vertical style={{ whiteSpace: 'nowrap' }}>
          <span>{formatDateTime(finding.lastSeenAt)}</span>
          {secondary(`${t('inventory.fields.firstSeenAt')} ${formatDateTime(finding.firstSeenAt)}`)}
        </Flex>
      ),
    },
    {
      title: t('inventory.fields.handling'),
      key: 'handling',
      render: (_, finding) => <Handling finding={finding} onAcknowledge={mayManage ? () => setAcknowledging(finding) : undefined} />,
    },
  ];

  const syncColumns: TableColumnsType<InventorySync> = [
    { title: t('inventory.syncs.startedAt'), dataIndex: 'startedAt', render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span> },
    { title: t('inventory.fields.platform'), key: 'platform', render: (_, sync) => sync.platform.name },
    {
      title: t('inventory.syncs.result'),
      key: 'result',
      render: (_, sync) => (
        <Flex vertical gap={2}>
          <Tag color={sync.ok ? 'green' : 'red'} style={{ width: 'fit-content' }}>
            {t(sync.ok ? 'inventory.syncs.ok' : 'inventory.syncs.failed')}
          </Tag>
          {sync.message ? secondary(sync.message) : null}
        </Flex>
      ),
    },
    { title: t('resources.title'), key: 'counts', render: (_, sync) => t('inventory.syncs.counts', { servers: sync.servers, volumes: sync.volumes }) },
    {
      title: t('inventory.syncs.findings'),
      key: 'findings',
      render: (_, sync) => (
        <Flex gap={4} wrap>
          {FINDING_KINDS.filter((kind) => (sync.findings[kind] ?? 0) > 0).map((kind) => (
            <Tag key={kind} color={KIND_COLORS[kind]}>
              {t(`inventory.kinds.${kind}`)} {sync.findings[kind]}
            </Tag>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <PageContainer title={t('inventory.title')} subtitle={t('inventory.subtitle')}>
      {mayManage ? (
        <InventorySyncCard
          onSynced={() => {
            findings.reload();
            syncs.reload();
          }}
        />
      ) : null}
      <SearchBar
        form={searchForm}
        onSearch={(values) => findings.search({ platformId: values.platformId, kind: values.kind, open: values.showResolved ? 'false' : undefined })}
      >
        <PlatformFilter label={t('inventory.fields.platform')} offered={(platform) => platform.provisioningMode === 'driver'} />
        <FilterSelect
          name="kind"
          label={t('inventory.fields.kind')}
          width={220}
          options={FINDING_KINDS.map((value) => ({ value, label: t(`inventory.kinds.${value}`) }))}
        />
        <SwitchFilter name="showResolved" label={t('inventory.findings.showResolved')} />
      </SearchBar>
      {findings.error ? <ApiErrorAlert error={findings.error} /> : null}
      <Card size="small" title={t('inventory.findings.title')} data-testid="inventory-findings">
        <PagedTable<InventoryFinding> rowKey="id" columns={findingColumns} list={findings} scroll={{ x: 'max-content' }} empty={t('inventory.findings.empty')} />
      </Card>
      {syncs.error ? <ApiErrorAlert error={syncs.error} /> : null}
      <Card size="small" title={t('inventory.syncs.title')} data-testid="inventory-syncs">
        <PagedTable<InventorySync> rowKey="id" size="small" columns={syncColumns} list={syncs} scroll={{ x: 'max-content' }} empty={t('inventory.syncs.empty')} />
      </Card>
      {mayManage ? (
        <TextInputModal
          open={acknowledging !== null}
          title={t('inventory.acknowledgeModal.title', { name: acknowledging?.name ?? '' })}
          label={t('inventory.acknowledgeModal.note')}
          max={1000}
          required
          placeholder={t('inventory.acknowledgeModal.notePlaceholder')}
          testId="finding-acknowledge"
          submit={(note) => acknowledgeFinding(acknowledging?.id ?? '', note ?? '')}
          onClose={() => setAcknowledging(null)}
          onDone={() => {
            setAcknowledging(null);
            feedback.succeeded(t('inventory.acknowledgeModal.done'));
            findings.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
