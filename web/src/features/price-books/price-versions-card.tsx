import { Card, Checkbox, Empty, Flex, Form, Input, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useCallback } from 'react';
import type { PriceStatus, PriceVersion } from '../../api/contract-types.ts';
import { listPriceVersions, type PriceVersionFilters } from '../../api/price-books-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { SearchBar } from '../../components/search-bar.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime, formatMoment } from '../../i18n/shanghai-time.ts';

interface SearchValues {
  q?: string;
  includeWithdrawn?: boolean;
}

const NO_FILTERS: PriceVersionFilters = {};

const STATUS_COLORS: Record<PriceStatus, string> = { scheduled: 'blue', effective: 'green', expired: 'default', withdrawn: 'red' };

/** How many rows the item cell of row `index` spans: the versions of one item stand together (sorted by the server). */
function itemRowSpan(rows: readonly PriceVersion[], index: number): number {
  const row = rows[index];
  if (!row) return 1;
  if (index > 0 && rows[index - 1]?.item.id === row.item.id) return 0;
  let span = 1;
  while (rows[index + span]?.item.id === row.item.id) span++;
  return span;
}


/**
 * The versions of a book, item by item and in time order: the unit price, from when (inclusive) until
 * when (exclusive), and whether it is scheduled, in effect, expired or withdrawn, with the reason.
 */
export function PriceVersionsCard({ bookId }: { bookId: string }) {
  const t = useT();
  const { lang } = useLang();
  const [searchForm] = Form.useForm<SearchValues>();
  const fetchVersions = useCallback(
    (filters: PriceVersionFilters, page: number, pageSize: number) => listPriceVersions(bookId, filters, page, pageSize),
    [bookId],
  );
  const list = usePagedList(fetchVersions, NO_FILTERS);
  const rows = list.items;

  const columns: TableColumnsType<PriceVersion> = [
    {
      title: t('priceBooks.versions.item'),
      key: 'item',
      onCell: (_, index) => ({ rowSpan: index === undefined ? 1 : itemRowSpan(rows, index) }),
      render: (_, version) => (
        <Flex vertical>
          <Typography.Text style={{ fontFamily: 'monospace' }}>{version.item.code}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'zh-CN' ? version.item.nameZh : version.item.nameEn}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('priceBooks.versions.unitPrice'),
      key: 'unitPrice',
      align: 'right',
      render: (_, version) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text strong delete={version.status === 'withdrawn'}>
            {formatYuan(version.unitPrice)}
          </Typography.Text>
          <Typography.Text type="secondary"> / {unitOfMeasureLabel(t, version.item.unitOfMeasure)}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('priceBooks.versions.effectiveFrom'),
      dataIndex: 'effectiveFrom',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatMoment(at)}</span>,
    },
    {
      title: (
        <Tooltip title={t('priceBooks.versions.effectiveToHint')}>
          <span>{t('priceBooks.versions.effectiveTo')}</span>
        </Tooltip>
      ),
      dataIndex: 'effectiveTo',
      render: (at: string | null) => (
        <span style={{ whiteSpace: 'nowrap' }}>{at ? formatMoment(at) : t('priceBooks.versions.openEnded')}</span>
      ),
    },
    {
      title: t('priceBooks.versions.status'),
      dataIndex: 'status',
      render: (status: PriceStatus) => <Tag color={STATUS_COLORS[status]}>{t(`estate.priceStatuses.${status}`)}</Tag>,
    },
    {
      title: t('priceBooks.versions.reason'),
      key: 'reason',
      render: (_, version) => (
        <Flex vertical style={{ maxWidth: 360 }}>
          <Typography.Text ellipsis={{ tooltip: version.reason }}>{version.reason}</Typography.Text>
          {version.withdrawReason ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('priceBooks.versions.withdrawn', { reason: version.withdrawReason })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('priceBooks.versions.createdBy'),
      key: 'createdBy',
      render: (_, version) => (
        <Flex vertical>
          <span>{version.createdBy?.name ?? t('common.none')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(version.createdAt)}
          </Typography.Text>
        </Flex>
      ),
    },
  ];

  return (
    <Card size="small" title={t('priceBooks.versions.title')} data-testid="price-versions">
      <Flex vertical gap={12}>
        <SearchBar
          form={searchForm}
          onSearch={(values) =>
            list.search({ q: values.q?.trim() || undefined, includeWithdrawn: values.includeWithdrawn ? 'true' : undefined })
          }
        >
          <Form.Item name="q" label={t('priceBooks.versions.keyword')}>
            <Input allowClear placeholder={t('priceBooks.versions.keywordPlaceholder')} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="includeWithdrawn" valuePropName="checked">
            <Checkbox>{t('priceBooks.versions.includeWithdrawn')}</Checkbox>
          </Form.Item>
        </SearchBar>
        {list.error ? <ApiErrorAlert error={list.error} /> : null}
        <Table<PriceVersion>
          rowKey="id"
          size="small"
          bordered
          columns={columns}
          dataSource={rows}
          loading={list.loading}
          pagination={list.pagination}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('priceBooks.versions.empty')} /> }}
        />
      </Flex>
    </Card>
  );
}
