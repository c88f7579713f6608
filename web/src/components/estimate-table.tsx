import { Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Estimate } from '../api/contract-types.ts';
import { useT } from '../i18n/i18n-provider.tsx';
import { formatQuantity, formatYuan } from '../i18n/number-format.ts';
import { formatMoment } from '../i18n/shanghai-time.ts';
import { unitOfMeasureLabel } from './estate-labels.ts';
import { CatalogItemCell } from './catalog-item-cell.tsx';
import { TotalSummaryRow } from './total-summary-row.tsx';

type EstimateLine = Estimate['lines'][number];
type Translate = ReturnType<typeof useT>;

/**
 * The two places an estimate is shown: `application` is the compact view an application carries
 * (quantity × months, the price version under the unit price); `calculator` is the calculator's full
 * breakdown (line numbers, months and the price version in columns of their own).
 */
export type EstimateTableVariant = 'application' | 'calculator';

interface EstimateTableProps {
  estimate: Estimate;
  variant: EstimateTableVariant;
  /** The test id of the total in the summary row. */
  totalTestId: string;
}

/** The price book an estimate was priced by, with its kind (district prices or the city provider's tender prices). */
export function EstimatePriceBook({ estimate }: { estimate: Estimate }) {
  const t = useT();
  return (
    <Flex gap={6} wrap>
      <span>{estimate.priceBook.name}</span>
      <Tag color={estimate.priceBook.kind === 'district' ? 'blue' : 'purple'}>{t(`estate.priceBookKinds.${estimate.priceBook.kind}`)}</Tag>
    </Flex>
  );
}

function versionSpan(t: Translate, line: EstimateLine, prefix: 'applications.estimate' | 'calculator'): string {
  return t(`${prefix}.versionSpan`, {
    from: formatMoment(line.priceVersion.effectiveFrom),
    to: line.priceVersion.effectiveTo ? formatMoment(line.priceVersion.effectiveTo) : t(`${prefix}.openEnded`),
  });
}

function middleColumns(t: Translate, variant: EstimateTableVariant): TableColumnsType<EstimateLine> {
  if (variant === 'application') {
    return [
      {
        title: t('applications.estimate.quantityMonths'),
        key: 'quantity',
        align: 'right',
        render: (_, line) => (
          <span style={{ whiteSpace: 'nowrap' }}>
            {t('applications.estimate.quantityTimesMonths', {
              quantity: formatQuantity(line.quantity),
              unit: unitOfMeasureLabel(t, line.item.unitOfMeasure),
              months: line.months,
            })}
          </span>
        ),
      },
      {
        title: t('applications.estimate.unitPriceVersion'),
        key: 'unitPrice',
        align: 'right',
        render: (_, line) => (
          <Flex vertical align="flex-end">
            <span>{formatYuan(line.unitPrice)}</span>
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, whiteSpace: 'nowrap' }}
              copyable={{ text: line.priceVersion.id }}
              title={line.priceVersion.id}
            >
              {versionSpan(t, line, 'applications.estimate')}
            </Typography.Text>
          </Flex>
        ),
      },
    ];
  }
  return [
    {
      title: t('calculator.columns.quantity'),
      key: 'quantity',
      align: 'right',
      render: (_, line) => `${formatQuantity(line.quantity)} ${unitOfMeasureLabel(t, line.item.unitOfMeasure)}`,
    },
    { title: t('calculator.columns.months'), dataIndex: 'months', align: 'right' },
    {
      title: t('calculator.columns.unitPrice'),
      dataIndex: 'unitPrice',
      align: 'right',
      render: (price: string) => formatYuan(price),
    },
  ];
}

/** The calculator's price version column, after the amount: the span in effect and the version's id, shortened. */
function priceVersionColumn(t: Translate): TableColumnsType<EstimateLine>[number] {
  return {
    title: t('calculator.columns.priceVersion'),
    key: 'priceVersion',
    render: (_, line) => (
      <Flex vertical>
        <span style={{ whiteSpace: 'nowrap' }}>{versionSpan(t, line, 'calculator')}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }} copyable={{ text: line.priceVersion.id }}>
          {line.priceVersion.id.slice(0, 8)}
        </Typography.Text>
      </Flex>
    ),
  };
}

/**
 * The lines of a cost estimate — item, quantity, months, unit price with its price version, amount — and
 * the total in a summary row under the amounts. Every figure is the server's.
 */
export function EstimateTable({ estimate, variant, totalTestId }: EstimateTableProps) {
  const t = useT();
  const calculator = variant === 'calculator';
  const columns: TableColumnsType<EstimateLine> = [
    ...(calculator ? [{ title: '#', dataIndex: 'line', width: 48, align: 'right' as const }] : []),
    {
      title: calculator ? t('calculator.columns.item') : t('applications.fields.item'),
      key: 'item',
      render: (_, line) => <CatalogItemCell item={line.item} />,
    },
    ...middleColumns(t, variant),
    {
      title: calculator ? t('calculator.columns.amount') : t('applications.estimate.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (amount: string) => <Typography.Text strong>{formatYuan(amount)}</Typography.Text>,
    },
    ...(calculator ? [priceVersionColumn(t)] : []),
  ];
  return (
    <Table<EstimateLine>
      rowKey="line"
      size="small"
      columns={columns}
      dataSource={estimate.lines}
      pagination={false}
      scroll={{ x: 'max-content' }}
      summary={() => (
        <TotalSummaryRow
          columns={columns}
          label={calculator ? t('calculator.total') : t('applications.estimate.total')}
          total={estimate.total}
          testId={totalTestId}
        />
      )}
    />
  );
}
