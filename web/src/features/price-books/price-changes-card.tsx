import { Card, Flex, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useCallback } from 'react';
import type { PriceChange, PriceChangeKind } from '../../api/contract-types.ts';
import { listPriceChanges } from '../../api/price-books-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime, formatMoment } from '../../i18n/shanghai-time.ts';
import { PagedTable } from '../../components/paged-table.tsx';
import { CatalogItemCell } from '../../components/catalog-item-cell.tsx';

const NO_FILTERS: { itemId?: string } = {};

const KIND_COLORS: Record<PriceChangeKind, string> = {
  added: 'green',
  closed: 'default',
  corrected: 'orange',
  withdrawn: 'red',
  reopened: 'blue',
};

/** A recorded value as text: instants in Beijing time, the unit price in yuan as the server wrote it. */
function valueText(key: string, value: unknown, openEnded: string): string {
  if (value === null) return key === 'effectiveTo' ? openEnded : '—';
  if (key === 'unitPrice' && typeof value === 'string') return formatYuan(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatMoment(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The fields of a record before or after the change; with `other`, those that differ are marked. */
function RecordView({ record, other }: { record: Record<string, unknown> | null; other?: Record<string, unknown> | null }) {
  const t = useT();
  if (!record) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {Object.entries(record).map(([key, value]) => {
        const changed = other !== undefined && other !== null && JSON.stringify(other[key]) !== JSON.stringify(value);
        return (
          <span key={key} style={{ whiteSpace: 'nowrap' }}>
            <Typography.Text code style={{ fontSize: 11 }}>
              {key}
            </Typography.Text>{' '}
            <Typography.Text strong={changed} type={changed ? 'warning' : undefined}>
              {valueText(key, value, t('priceBooks.versions.openEnded'))}
            </Typography.Text>
          </span>
        );
      })}
    </Flex>
  );
}

/** The change records: every change to the book's prices — who, when, why, and the version before and after. */
export function PriceChangesCard({ bookId }: { bookId: string }) {
  const t = useT();
  const fetchChanges = useCallback(
    (filters: { itemId?: string }, page: number, pageSize: number) => listPriceChanges(bookId, filters, page, pageSize),
    [bookId],
  );
  const list = usePagedList(fetchChanges, NO_FILTERS);

  const columns: TableColumnsType<PriceChange> = [
    {
      title: t('priceBooks.changes.at'),
      dataIndex: 'at',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>,
    },
    {
      title: t('priceBooks.changes.actor'),
      key: 'actor',
      render: (_, change) => (
        <Flex vertical>
          <span>{change.actor?.name ?? t('priceBooks.changes.system')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`priceBooks.changes.sources.${change.source}`)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('priceBooks.changes.item'),
      key: 'item',
      render: (_, change) => <CatalogItemCell item={change.item} codeFirst />,
    },
    {
      title: t('priceBooks.changes.change'),
      key: 'change',
      render: (_, change) => (
        <Flex vertical gap={2} align="flex-start">
          <Tag color={KIND_COLORS[change.change]}>{t(`priceBooks.changes.kinds.${change.change}`)}</Tag>
          {change.causedByPriceId ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('priceBooks.changes.causedBy')}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('priceBooks.changes.reason'),
      key: 'reason',
      render: (_, change) => (
        <Flex vertical style={{ maxWidth: 320 }}>
          <Typography.Text ellipsis={{ tooltip: change.reason }}>{change.reason}</Typography.Text>
          {change.importSm3 ? (
            <Tooltip title={change.importSm3}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {t('priceBooks.changes.importSm3', { sm3: change.importSm3.slice(0, 12) })}
              </Typography.Text>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('priceBooks.changes.before'),
      key: 'before',
      render: (_, change) => <RecordView record={change.before} />,
    },
    {
      title: t('priceBooks.changes.after'),
      key: 'after',
      render: (_, change) => <RecordView record={change.after} other={change.before} />,
    },
  ];

  return (
    <Card size="small" data-testid="price-changes">
      <Flex vertical gap={12}>
        {list.error ? <ApiErrorAlert error={list.error} /> : null}
        <PagedTable<PriceChange>
          rowKey="id"
          size="small"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={t('priceBooks.changes.empty')}
        />
      </Flex>
    </Card>
  );
}
