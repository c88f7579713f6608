import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Select, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { can } from '../../access.ts';
import { PRICE_BOOK_KINDS } from '../../api/contract-enums.ts';
import type { PriceBook, PriceBookKind } from '../../api/contract-types.ts';
import { listPriceBooks, type PriceBookFilters } from '../../api/price-books-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { PriceBookFormModal } from './price-book-form-modal.tsx';
import { PagedTable } from '../../components/paged-table.tsx';

interface SearchValues {
  kind?: PriceBookKind;
}

const NO_FILTERS: PriceBookFilters = {};

/** 价格库: the district price list and the city tender price lists (SJ-10), each with its versioned prices. */
export function PriceBooksPage() {
  const t = useT();
  const navigate = useNavigate();
  const [searchForm] = Form.useForm<SearchValues>();
  const list = usePagedList(listPriceBooks, NO_FILTERS);
  const { me } = useMe();
  const feedback = useFeedback();
  const mayManage = can(me, 'catalog:manage');
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<PriceBook> = [
    {
      title: t('priceBooks.fields.name'),
      key: 'name',
      render: (_, book) => (
        <Flex vertical>
          <Link to={`/price-books/${book.id}`} data-testid="price-book-link">
            {book.name}
          </Link>
          {book.description ? (
            <Typography.Text type="secondary" ellipsis={{ tooltip: book.description }} style={{ maxWidth: 360, fontSize: 12 }}>
              {book.description}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('priceBooks.fields.kind'),
      dataIndex: 'kind',
      render: (kind: PriceBookKind) => (
        <Tag color={kind === 'district' ? 'blue' : 'purple'}>{t(`estate.priceBookKinds.${kind}`)}</Tag>
      ),
    },
    {
      title: t('priceBooks.fields.provider'),
      key: 'provider',
      render: (_, book) => book.provider?.name ?? t('common.none'),
    },
    {
      title: t('priceBooks.fields.tenderReference'),
      dataIndex: 'tenderReference',
      render: (reference: string | null) => reference ?? t('common.none'),
    },
    { title: t('priceBooks.fields.versionCount'), dataIndex: 'versionCount', align: 'right' },
    { title: t('priceBooks.fields.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, book) => (
        <Button type="link" size="small" onClick={() => navigate(`/price-books/${book.id}`)}>
          {t('priceBooks.view')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('priceBooks.title')}
      subtitle={t('priceBooks.subtitle')}
      extra={
        mayManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="price-book-create">
            {t('priceBooks.create')}
          </Button>
        ) : undefined
      }
    >
      <SearchBar form={searchForm} onSearch={(values) => list.search({ kind: values.kind })}>
        <Form.Item name="kind" label={t('priceBooks.fields.kind')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 200 }}
            options={PRICE_BOOK_KINDS.map((value) => ({ value, label: t(`estate.priceBookKinds.${value}`) }))}
          />
        </Form.Item>
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="price-books-table">
        <PagedTable<PriceBook>
          rowKey="id"
          columns={columns}
          list={list}
          scroll={{ x: 'max-content' }}
          empty={t('priceBooks.empty')}
        />
      </Card>
      <PriceBookFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(book) => {
          setCreating(false);
          feedback.succeeded(t('priceBooks.created', { name: book.name }));
          void navigate(`/price-books/${book.id}`);
        }}
      />
    </PageContainer>
  );
}
