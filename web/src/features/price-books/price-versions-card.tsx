import { Button, Card, Checkbox, Empty, Flex, Form, Input, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import type { PriceStatus, PriceVersion } from '../../api/contract-types.ts';
import { listPriceVersions, type PriceVersionFilters } from '../../api/price-books-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { SearchBar } from '../../components/search-bar.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime, formatMoment } from '../../i18n/shanghai-time.ts';
import { CorrectPriceModal, WithdrawPriceModal } from './price-version-modals.tsx';
import { CatalogItemCell } from '../../components/catalog-item-cell.tsx';

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
interface PriceVersionsCardProps {
  bookId: string;
  /** May correct or withdraw versions not yet in effect (catalog:manage). */
  mayManage: boolean;
  /** A version was corrected or withdrawn: the book's record (its counts) may have changed. */
  onChanged: () => void;
}

export function PriceVersionsCard({ bookId, mayManage, onChanged }: PriceVersionsCardProps) {
  const t = useT();
  const feedback = useFeedback();
  const [acting, setActing] = useState<{ action: 'correct' | 'withdraw'; version: PriceVersion } | null>(null);
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
      render: (_, version) => <CatalogItemCell item={version.item} codeFirst />,
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
    ...(mayManage
      ? ([
          {
            title: t('priceBooks.versions.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, version) => {
              // Only a version not yet in effect may be corrected or withdrawn (prices are never edited once in effect).
              const open = version.status === 'scheduled';
              const buttons = (
                <Flex gap={4}>
                  <Button
                    type="link"
                    size="small"
                    disabled={!open}
                    onClick={() => setActing({ action: 'correct', version })}
                    data-testid="price-correct"
                  >
                    {t('priceBooks.correct.button')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    disabled={!open}
                    onClick={() => setActing({ action: 'withdraw', version })}
                    data-testid="price-withdraw"
                  >
                    {t('priceBooks.withdraw.button')}
                  </Button>
                </Flex>
              );
              if (open) return buttons;
              return (
                <Tooltip title={version.status === 'withdrawn' ? t('priceBooks.lockedWithdrawn') : t('priceBooks.locked')}>
                  <span data-testid="price-locked">{buttons}</span>
                </Tooltip>
              );
            },
          },
        ] satisfies TableColumnsType<PriceVersion>)
      : []),
  ];

  const done = (text: string) => {
    setActing(null);
    feedback.succeeded(text);
    list.reload();
    onChanged();
  };

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
      {acting?.action === 'correct' ? (
        <CorrectPriceModal
          version={acting.version}
          onClose={() => setActing(null)}
          onDone={(version) => done(t('priceBooks.correct.done', { code: version.item.code }))}
        />
      ) : null}
      {acting?.action === 'withdraw' ? (
        <WithdrawPriceModal
          version={acting.version}
          onClose={() => setActing(null)}
          onDone={(version) => done(t('priceBooks.withdraw.done', { code: version.item.code }))}
        />
      ) : null}
    </Card>
  );
}
