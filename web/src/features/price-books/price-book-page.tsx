import { DownloadOutlined, EditOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tabs, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { can } from '../../access.ts';
import {
  getPriceBook,
  importPriceBook,
  priceBookExportUrl,
  priceBookTemplateUrl,
  XLSX_CONTENT_TYPE,
} from '../../api/price-books-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { FilePickerButton } from '../../components/file-picker-button.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime, formatMoment } from '../../i18n/shanghai-time.ts';
import { AddPriceModal } from './add-price-modal.tsx';
import { PriceBookFormModal } from './price-book-form-modal.tsx';
import { PriceChangesCard } from './price-changes-card.tsx';
import { type ImportOutcome, PriceImportOutcome } from './price-import-outcome.tsx';
import { PriceVersionsCard } from './price-versions-card.tsx';

/**
 * One price book: its record, the Excel template, export and import (a tender's price list arrives as a
 * workbook, SJ-10), a new price version by hand, and every version item by item.
 */
export function PriceBookPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const { id = '' } = useParams();
  const mayManage = can(me, 'catalog:manage');
  const book = useAsync(useCallback(() => getPriceBook(id), [id]));
  const [importing, setImporting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState<'versions' | 'changes'>('versions');
  // A new key loads the versions again (and clears their filters) after an import or a new version.
  const [generation, setGeneration] = useState(0);

  const back = <BackLink to="/price-books" label={t('priceBooks.back')} />;

  if (!book.data) return <DetailPending loading={book.loading} error={book.error} title={t('menu.priceBookDetail')} back={back} />;
  const info = book.data;

  const upload = async (file: File) => {
    setImporting(true);
    setOutcome(null);
    try {
      const result = await importPriceBook(info.id, file);
      setOutcome({ status: 'imported', filename: file.name, result });
      setGeneration((value) => value + 1);
      book.reload();
    } catch (error) {
      setOutcome({ status: 'failed', filename: file.name, error });
    } finally {
      setImporting(false);
    }
  };

  return (
    <PageContainer
      title={<span data-testid="price-book-title">{info.name}</span>}
      subtitle={info.description ?? undefined}
      extra={
        <>
          {back}
          <Button icon={<DownloadOutlined />} href={priceBookTemplateUrl(info.id)} data-testid="price-book-template">
            {t('priceBooks.template')}
          </Button>
          <Button icon={<DownloadOutlined />} href={priceBookExportUrl(info.id)} data-testid="price-book-export">
            {t('priceBooks.export')}
          </Button>
          {mayManage ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="price-book-edit">
                {t('common.edit')}
              </Button>
              <FilePickerButton
                accept={`.xlsx,${XLSX_CONTENT_TYPE}`}
                onPick={upload}
                loading={importing}
                icon={<FileExcelOutlined />}
                inputTestId="price-book-import-input"
              >
                {t('priceBooks.import.button')}
              </FilePickerButton>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="price-add">
                {t('priceBooks.add.button')}
              </Button>
            </>
          ) : null}
        </>
      }
    >
      {book.error ? <ApiErrorAlert error={book.error} /> : null}
      {outcome ? <PriceImportOutcome outcome={outcome} onClose={() => setOutcome(null)} /> : null}
      <Card size="small" data-testid="price-book-info">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'kind',
              label: t('priceBooks.fields.kind'),
              children: <Tag color={info.kind === 'district' ? 'blue' : 'purple'}>{t(`estate.priceBookKinds.${info.kind}`)}</Tag>,
            },
            { key: 'provider', label: t('priceBooks.fields.provider'), children: info.provider?.name ?? t('common.none') },
            {
              key: 'tenderReference',
              label: t('priceBooks.fields.tenderReference'),
              children: info.tenderReference ?? t('common.none'),
            },
            { key: 'versionCount', label: t('priceBooks.fields.versionCount'), children: info.versionCount },
            { key: 'updatedAt', label: t('priceBooks.fields.updatedAt'), children: formatDateTime(info.updatedAt) },
            { key: 'description', label: t('priceBooks.fields.description'), children: info.description ?? t('common.none') },
          ]}
        />
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key === 'changes' ? 'changes' : 'versions')}
        items={[
          {
            key: 'versions',
            label: <span data-testid="price-book-tab-versions">{t('priceBooks.tabs.versions')}</span>,
            children: (
              <PriceVersionsCard
                key={generation}
                bookId={info.id}
                mayManage={mayManage}
                onChanged={() => {
                  setGeneration((value) => value + 1);
                  book.reload();
                }}
              />
            ),
          },
          {
            key: 'changes',
            label: <span data-testid="price-book-tab-changes">{t('priceBooks.tabs.changes')}</span>,
            // Mounted only while shown, so the records are fetched afresh each time the tab opens.
            children: tab === 'changes' ? <PriceChangesCard key={generation} bookId={info.id} /> : null,
          },
        ]}
      />
      <PriceBookFormModal
        open={editing}
        book={info}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          feedback.succeeded(t('priceBooks.updated'));
          book.reload();
        }}
      />
      <AddPriceModal
        open={adding}
        bookId={info.id}
        onClose={() => setAdding(false)}
        onAdded={(added) => {
          setAdding(false);
          feedback.succeeded(
            added.closed
              ? t('priceBooks.add.doneClosed', { code: added.version.item.code, at: formatMoment(added.version.effectiveFrom) })
              : t('priceBooks.add.done', { code: added.version.item.code }),
          );
          setGeneration((value) => value + 1);
          book.reload();
        }}
      />
    </PageContainer>
  );
}
