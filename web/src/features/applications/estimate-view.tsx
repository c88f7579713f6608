import { Descriptions, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Estimate } from '../../api/contract-types.ts';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity, formatYuan } from '../../i18n/number-format.ts';
import { formatMoment } from '../../i18n/shanghai-time.ts';

type EstimateLine = Estimate['lines'][number];

/**
 * The estimate an application carries is stored as the calculator answered it; the contract types it as a
 * plain record, so it is recognised by its shape before it is shown.
 */
export function asEstimate(value: Record<string, unknown> | null): Estimate | null {
  if (!value) return null;
  const { lines, total, priceBook, platform } = value as Partial<Estimate>;
  return Array.isArray(lines) && typeof total === 'string' && priceBook && platform ? (value as unknown as Estimate) : null;
}

/** A cost estimate: the price book and moment, each line with its price version, the total — all the server's figures. */
export function EstimateView({ estimate, testId }: { estimate: Estimate; testId?: string }) {
  const t = useT();
  const { lang } = useLang();
  const columns: TableColumnsType<EstimateLine> = [
    {
      title: t('applications.fields.item'),
      key: 'item',
      render: (_, line) => (
        <Flex vertical>
          <span>{lang === 'zh-CN' ? line.item.nameZh : line.item.nameEn}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {line.item.code}
          </Typography.Text>
        </Flex>
      ),
    },
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
            {t('applications.estimate.versionSpan', {
              from: formatMoment(line.priceVersion.effectiveFrom),
              to: line.priceVersion.effectiveTo ? formatMoment(line.priceVersion.effectiveTo) : t('applications.estimate.openEnded'),
            })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('applications.estimate.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (amount: string) => <Typography.Text strong>{formatYuan(amount)}</Typography.Text>,
    },
  ];
  return (
    <Flex vertical gap={8} data-testid={testId}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: 'book',
            label: t('applications.estimate.priceBook'),
            children: (
              <Flex gap={6} wrap>
                <span>{estimate.priceBook.name}</span>
                <Tag color={estimate.priceBook.kind === 'district' ? 'blue' : 'purple'}>
                  {t(`estate.priceBookKinds.${estimate.priceBook.kind}`)}
                </Tag>
              </Flex>
            ),
          },
          { key: 'platform', label: t('applications.fields.platform'), children: estimate.platform.name },
          { key: 'at', label: t('applications.estimate.pricedAt'), children: formatMoment(estimate.at) },
        ]}
      />
      <Table<EstimateLine>
        rowKey="line"
        size="small"
        columns={columns}
        dataSource={estimate.lines}
        pagination={false}
        scroll={{ x: 'max-content' }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3} align="right">
              <Typography.Text strong>{t('applications.estimate.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="estimate-total">
                {formatYuan(estimate.total)}
              </Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('applications.estimate.note')}
      </Typography.Text>
    </Flex>
  );
}
