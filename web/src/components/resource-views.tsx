import { SyncOutlined } from '@ant-design/icons';
import { Flex, type TableColumnsType, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ResourceSpec, ResourceStatus, ResourceSummary } from '../api/contract-types.ts';
import { type Translate, useT } from '../i18n/i18n-provider.tsx';
import { dueDateOf } from '../i18n/shanghai-time.ts';

const STATUS_COLORS: Record<ResourceStatus, string> = {
  pending: 'default',
  creating: 'processing',
  running: 'success',
  stopped: 'default',
  resizing: 'processing',
  stopping: 'processing',
  starting: 'processing',
  deleting: 'processing',
  deleted: 'default',
  failed: 'error',
  awaiting_work_order: 'warning',
};

type StatusView = Pick<ResourceSummary, 'status' | 'converging' | 'overdue' | 'dueAt'>;

/**
 * The reconciler is still carrying out the desired state by itself: not failed (that waits for a person's
 * retry) and not waiting for a provider's work order. Pages showing such a resource refresh themselves.
 */
export function reconcilerBusy(resource: StatusView): boolean {
  return resource.converging && resource.status !== 'failed' && resource.status !== 'awaiting_work_order';
}

/** 运行中, 创建中 with a spinner while the platform works, and 已超期 with the deadline once it has passed (QP-9, QP-10). */
export function ResourceStatusTag({ resource }: { resource: StatusView }) {
  const t = useT();
  return (
    <Flex gap={4} align="center" wrap data-testid="resource-status" data-status={resource.status}>
      <Tag color={STATUS_COLORS[resource.status]} icon={reconcilerBusy(resource) ? <SyncOutlined spin /> : undefined} style={{ marginInlineEnd: 0 }}>
        {t(`resources.statuses.${resource.status}`)}
      </Tag>
      {resource.overdue ? (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="resource-overdue">
          {t('resources.overdue')} · {t('resources.overdueSince', { date: dueDateOf(resource.dueAt) })}
        </Tag>
      ) : null}
    </Flex>
  );
}

/** `4 vCPU / 8 GiB` for a server (with its system disk when asked), `100 GiB` for a volume; `—` when unknown. */
export function specText(t: Translate, spec: ResourceSpec | null, withDisk = false): string {
  if (!spec) return t('resources.none');
  if (spec.vcpus !== undefined || spec.memoryGiB !== undefined) {
    const server = t('resources.spec.server', { vcpus: spec.vcpus ?? '?', memory: spec.memoryGiB ?? '?' });
    return withDisk && spec.diskGiB !== undefined ? `${server} · ${t('resources.spec.systemDisk', { size: spec.diskGiB })}` : server;
  }
  return spec.sizeGiB !== undefined ? t('resources.spec.volume', { size: spec.sizeGiB }) : t('resources.none');
}

/** A resource's IP addresses, one a line. */
export function Addresses({ addresses }: { addresses: readonly string[] }) {
  const t = useT();
  if (addresses.length === 0) return <Typography.Text type="secondary">{t('resources.none')}</Typography.Text>;
  return (
    <Flex vertical data-testid="resource-addresses">
      {addresses.map((address) => (
        <Typography.Text key={address} style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
          {address}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** `350 毫秒`, `12.5 秒`, `3 分钟` … `2 天`: how long a driver call or an operation took. */
export function formatDuration(t: Translate, ms: number | null): string {
  if (ms === null) return t('resources.none');
  const round = (value: number) => (value < 10 ? Math.round(value * 10) / 10 : Math.round(value));
  if (ms < 1000) return t('resources.duration.ms', { value: ms });
  if (ms < 60_000) return t('resources.duration.s', { value: round(ms / 1000) });
  if (ms < 3_600_000) return t('resources.duration.min', { value: round(ms / 60_000) });
  if (ms < 172_800_000) return t('resources.duration.h', { value: round(ms / 3_600_000) });
  return t('resources.duration.d', { value: round(ms / 86_400_000) });
}

type ResourceColumn = TableColumnsType<ResourceSummary>[number];

/**
 * The columns every list of resources has — name (to its page), kind, status, shape, addresses — for the
 * resource list, a server's data disks and an application's resources, each placing them as it needs.
 */
export function resourceColumns(t: Translate): Record<'name' | 'kind' | 'status' | 'spec' | 'addresses', ResourceColumn> {
  return {
    name: {
      title: t('resources.fields.name'),
      key: 'name',
      render: (_, resource) => (
        <Flex vertical>
          <Flex gap={6} align="center">
            <Link to={`/resources/${resource.id}`} data-testid="resource-link" style={{ whiteSpace: 'nowrap' }}>
              {resource.name}
            </Link>
            {resource.temporary ? <Tag color="purple">{t('resources.temporary')}</Tag> : null}
          </Flex>
          {resource.providerId ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {resource.providerId}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    kind: { title: t('resources.fields.kind'), key: 'kind', render: (_, resource) => t(`resources.kinds.${resource.kind}`) },
    status: { title: t('resources.fields.status'), key: 'status', render: (_, resource) => <ResourceStatusTag resource={resource} /> },
    spec: {
      title: t('resources.fields.spec'),
      key: 'spec',
      render: (_, resource) => <span style={{ whiteSpace: 'nowrap' }}>{specText(t, resource.observedSpec ?? resource.spec)}</span>,
    },
    addresses: { title: t('resources.fields.addresses'), key: 'addresses', render: (_, resource) => <Addresses addresses={resource.addresses} /> },
  };
}
