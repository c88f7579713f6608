import { Empty, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { type ReactNode, useCallback } from 'react';
import { Link } from 'react-router';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import type { ResourceKind } from '../../api/contract-types.ts';
import { listResources } from '../../api/resources-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { reconcilerBusy, resourceColumns, specText } from '../../components/resource-views.tsx';
import { useAsync } from '../../components/use-async.ts';
import { usePoll } from '../../components/use-poll.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

interface PlannedServer {
  name: string;
  vcpus: number;
  memoryGiB: number;
  dataDiskGiB: number | null;
}

/** `payload.provisioning` as desired-state.service.ts writes it at submission (ProvisioningPlan). */
export interface ProvisioningPlan {
  servers: PlannedServer[];
  looseVolumeGiB: number | null;
  resizes: { resourceId: string; name: string; from: { vcpus: number; memoryGiB: number }; to: { vcpus: number; memoryGiB: number } }[];
  reclaim: { resourceId: string; name: string; kind: ResourceKind }[];
}

/** The plan an application carries, recognised by its shape: the contract types the payload as a plain record. */
export function asProvisioningPlan(value: unknown): ProvisioningPlan | null {
  if (typeof value !== 'object' || value === null) return null;
  const { servers, resizes, reclaim } = value as Partial<ProvisioningPlan>;
  return Array.isArray(servers) && Array.isArray(resizes) && Array.isArray(reclaim) ? (value as ProvisioningPlan) : null;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>{title}</Typography.Text>
      {children}
    </Flex>
  );
}

/** 开通计划: the servers to create, the servers to resize and what to reclaim — what approval will set in motion. */
export function ProvisioningPlanView({ plan }: { plan: ProvisioningPlan }) {
  const t = useT();
  const columns: TableColumnsType<PlannedServer> = [
    { title: t('applications.fields.serverName'), dataIndex: 'name', render: (name: string) => <span style={{ fontFamily: 'monospace' }}>{name}</span> },
    { title: t('applications.fields.vcpus'), dataIndex: 'vcpus', align: 'right' },
    { title: t('applications.fields.memoryGiB'), dataIndex: 'memoryGiB', align: 'right' },
    { title: t('applications.fields.dataDiskGiB'), dataIndex: 'dataDiskGiB', align: 'right', render: (size: number | null) => size ?? t('common.none') },
  ];
  const empty = plan.servers.length === 0 && plan.looseVolumeGiB === null && plan.resizes.length === 0 && plan.reclaim.length === 0;
  if (empty) return <Typography.Text type="secondary">{t('applications.plan.empty')}</Typography.Text>;
  return (
    <Flex vertical gap={12} data-testid="provisioning-plan">
      {plan.servers.length > 0 ? (
        <Section title={t('applications.plan.servers')}>
          <Table<PlannedServer> rowKey="name" size="small" pagination={false} columns={columns} dataSource={plan.servers} />
        </Section>
      ) : null}
      {plan.looseVolumeGiB !== null ? <span>{t('applications.plan.looseVolume', { size: plan.looseVolumeGiB })}</span> : null}
      {plan.resizes.length > 0 ? (
        <Section title={t('applications.plan.resizes')}>
          {plan.resizes.map((resize) => (
            <span key={resize.resourceId}>
              <Link to={`/resources/${resize.resourceId}`}>{resize.name}</Link>{' '}
              {t('applications.plan.resize', { from: specText(t, resize.from), to: specText(t, resize.to) })}
            </span>
          ))}
        </Section>
      ) : null}
      {plan.reclaim.length > 0 ? (
        <Section title={t('applications.plan.reclaim')}>
          {plan.reclaim.map((item) => (
            <span key={item.resourceId}>
              <Link to={`/resources/${item.resourceId}`}>{item.name}</Link> · {t(`resources.kinds.${item.kind}`)}
            </span>
          ))}
        </Section>
      ) : null}
    </Flex>
  );
}

/** 开通的资源: what the platform made (or changed) for an approved application, refreshing while it works. */
export function ApplicationResources({ applicationId }: { applicationId: string }) {
  const t = useT();
  const load = useCallback(() => listResources({ applicationId, includeDeleted: 'true' }, 1, MAX_PAGE_SIZE), [applicationId]);
  const resources = useAsync(load);
  const items = resources.data?.items ?? [];
  usePoll(items.some(reconcilerBusy), resources.refresh);
  const common = resourceColumns(t);
  return (
    <>
      {resources.error ? <ApiErrorAlert error={resources.error} style={{ marginBottom: 12 }} /> : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={resources.loading && !resources.data}
        scroll={{ x: 'max-content' }}
        columns={[common.name, common.kind, common.status, common.spec, common.addresses]}
        dataSource={items}
        data-testid="application-resources"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.plan.resourcesEmpty')} /> }}
      />
    </>
  );
}
