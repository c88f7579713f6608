import { Alert, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { isApiError } from '../../api/client.ts';
import type { ImportError, PriceImportResult } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { describeError } from '../../components/describe-error.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';

export type ImportOutcome =
  | { status: 'imported'; filename: string; result: PriceImportResult }
  | { status: 'failed'; filename: string; error: unknown };

/** The per-row problems of a refused workbook (`import_rejected`: details.errors), if that is what it was. */
function rowErrorsOf(error: unknown): { errors: ImportError[]; count: number } | null {
  if (!isApiError(error, 'import_rejected')) return null;
  const details = error.detail.details ?? {};
  const errors = Array.isArray(details.errors) ? (details.errors as ImportError[]) : [];
  const count = typeof details.errorCount === 'number' ? details.errorCount : errors.length;
  return { errors, count };
}

/**
 * What became of an uploaded workbook: how many versions it added and the file's SM3 hash, or — when
 * any row was wrong and nothing was imported — every problem by row, column and reason.
 */
export function PriceImportOutcome({ outcome, onClose }: { outcome: ImportOutcome; onClose: () => void }) {
  const t = useT();
  const { lang } = useLang();

  if (outcome.status === 'imported') {
    const { result } = outcome;
    return (
      <Alert
        type="success"
        showIcon
        closable={{ onClose }}
        data-testid="price-import-result"
        title={t('priceBooks.import.done', { name: outcome.filename, imported: result.imported, closed: result.closed })}
        description={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('priceBooks.import.sm3')}: <Typography.Text code copyable={{ text: result.sm3 }}>{result.sm3}</Typography.Text>
          </Typography.Text>
        }
      />
    );
  }

  const rows = rowErrorsOf(outcome.error);
  if (!rows) return <ApiErrorAlert error={outcome.error} />;

  const columns: TableColumnsType<ImportError> = [
    { title: t('priceBooks.import.row'), dataIndex: 'row', width: 80, align: 'right' },
    {
      title: t('priceBooks.import.column'),
      key: 'column',
      width: 160,
      render: (_, problem) =>
        problem.column || problem.header ? (
          <Flex gap={6} align="center">
            {problem.column ? <Typography.Text code>{problem.column}</Typography.Text> : null}
            <span>{problem.header}</span>
          </Flex>
        ) : (
          t('priceBooks.import.wholeRow')
        ),
    },
    {
      title: t('priceBooks.import.reason'),
      key: 'reason',
      render: (_, problem) => (lang === 'zh-CN' ? problem.message : problem.messageEn) || problem.message,
    },
  ];

  return (
    <Alert
      type="error"
      showIcon
      closable={{ onClose }}
      data-testid="price-import-errors"
      title={describeError(outcome.error, lang, t).message}
      description={
        <Flex vertical gap={8}>
          <Typography.Text>
            {t('priceBooks.import.rejected', { name: outcome.filename, count: rows.count })}
            {rows.count > rows.errors.length ? ` ${t('priceBooks.import.firstShown', { shown: rows.errors.length })}` : ''}
          </Typography.Text>
          <Table<ImportError>
            rowKey={(problem) => `${problem.row}:${problem.column}:${problem.message}`}
            size="small"
            columns={columns}
            dataSource={rows.errors}
            pagination={rows.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          />
        </Flex>
      }
    />
  );
}
