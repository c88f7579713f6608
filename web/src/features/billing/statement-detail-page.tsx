import { DownloadOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { focusCsvUrl, getStatement } from '../../api/billing-api.ts';
import type { StatementDetail, StatementLine } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BudgetTag } from '../../components/budget-tag.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { quantityHoursLabel, unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity, formatYuan } from '../../i18n/number-format.ts';
import { MonthStatusTag, priceVersionSpan } from './billing-views.tsx';
import { LineResourcesDrawer } from './line-resources-drawer.tsx';
import { CatalogItemCell } from '../../components/catalog-item-cell.tsx';
import { TotalSummaryRow } from '../../components/total-summary-row.tsx';

const secondary = (text: string) => (
  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
    {text}
  </Typography.Text>
);

function lineColumns(t: Translate, onTrace: (line: StatementLine) => void): TableColumnsType<StatementLine> {
  return [
    { title: t('billing.detail.lineNo'), dataIndex: 'lineNo', width: 56, align: 'right' },
    {
      title: t('billing.detail.system'),
      key: 'system',
      render: (_, line) =>
        line.systemId && line.systemName ? <Link to={`/systems/${line.systemId}`}>{line.systemName}</Link> : secondary(t('billing.detail.noSystem')),
    },
    {
      title: t('billing.detail.platform'),
      key: 'platform',
      render: (_, line) => (
        <Flex vertical>
          <span style={{ whiteSpace: 'nowrap' }}>{line.platformName}</span>
          {secondary(line.providerName)}
        </Flex>
      ),
    },
    {
      title: t('billing.detail.item'),
      key: 'item',
      render: (_, line) => <CatalogItemCell item={line.item} />,
    },
    {
      title: t('billing.detail.unitPrice'),
      key: 'unitPrice',
      align: 'right',
      render: (_, line) => (
        <Flex vertical align="flex-end">
          <span style={{ whiteSpace: 'nowrap' }}>
            {formatYuan(line.unitPrice)} / {unitOfMeasureLabel(t, line.item.unitOfMeasure)}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }} copyable={{ text: line.priceVersion.id }} title={line.priceVersion.id}>
            {priceVersionSpan(t, line.priceVersion)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('billing.detail.quantityHours'),
      key: 'quantityHours',
      align: 'right',
      render: (_, line) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="line-quantity-hours">
          {formatQuantity(line.quantityHours)} {quantityHoursLabel(t, line.item.unitOfMeasure)}
        </span>
      ),
    },
    { title: t('billing.detail.resources'), dataIndex: 'resources', align: 'right' },
    {
      title: t('billing.detail.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (amount: string) => (
        <Typography.Text strong data-testid="line-amount">
          {formatYuan(amount)}
        </Typography.Text>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, line) => (
        <Button size="small" type="link" icon={<NodeIndexOutlined />} onClick={() => onTrace(line)} data-testid="line-trace">
          {t('billing.detail.trace')}
        </Button>
      ),
    },
  ];
}

/** The lines with the statement's total in a summary row under the amounts. */
function LinesTable({ statement, onTrace }: { statement: StatementDetail; onTrace: (line: StatementLine) => void }) {
  const t = useT();
  const columns = lineColumns(t, onTrace);
  return (
    <Table<StatementLine>
      rowKey="lineNo"
      size="small"
      columns={columns}
      dataSource={statement.lines}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="statement-lines"
      summary={() => <TotalSummaryRow columns={columns} label={t('billing.detail.total')} total={statement.total} testId="statement-detail-total" />}
    />
  );
}

/**
 * `/billing/statements/:id`: a unit's statement of a month — system, platform and provider, item, the price
 * version used, unit price, quantity-hours, resources and amount per line — and each line traced down to
 * its resources and their usage intervals.
 */
export function StatementDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const statement = useAsync(useCallback(() => getStatement(id), [id]));
  const [tracing, setTracing] = useState<StatementLine | null>(null);
  const detail = statement.data;

  const back = <BackLink to={detail ? `/billing/statements?month=${encodeURIComponent(detail.month)}` : '/billing/statements'} label={t('billing.detail.back')} />;
  if (!detail) return <DetailPending loading={statement.loading} error={statement.error} title={t('menu.statementDetail')} back={back} />;

  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid="statement-title">{t('billing.detail.title', { unit: detail.unit.name, month: detail.month })}</span>
          <MonthStatusTag status={detail.status} />
          <BudgetTag districtBudget={detail.districtBudget} />
        </Flex>
      }
      extra={
        <>
          {back}
          <Button icon={<DownloadOutlined />} href={focusCsvUrl(detail.month)} data-testid="statement-focus-csv">
            {t('billing.months.focusCsv')}
          </Button>
        </>
      }
    >
      {statement.error ? <ApiErrorAlert error={statement.error} /> : null}
      {detail.status === 'draft' ? <Alert type="info" showIcon title={t('billing.detail.draftNote')} /> : null}
      <Card size="small" title={t('billing.detail.info')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'unit', label: t('billing.statements.unit'), children: detail.unit.name },
            { key: 'month', label: t('billing.statements.month'), children: detail.month },
            { key: 'budget', label: t('billing.statements.budget'), children: <BudgetTag districtBudget={detail.districtBudget} /> },
            { key: 'status', label: t('billing.statements.status'), children: <MonthStatusTag status={detail.status} /> },
            { key: 'lines', label: t('billing.statements.lines'), children: detail.lineCount },
            { key: 'total', label: t('billing.statements.total'), children: <Typography.Text strong>{formatYuan(detail.total)}</Typography.Text> },
          ]}
        />
      </Card>
      <Card size="small" title={t('billing.detail.lines')}>
        <LinesTable statement={detail} onTrace={setTracing} />
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
          {t('billing.detail.roundingNote')}
        </Typography.Paragraph>
      </Card>
      <LineResourcesDrawer statementId={detail.id} line={tracing} onClose={() => setTracing(null)} />
    </PageContainer>
  );
}
