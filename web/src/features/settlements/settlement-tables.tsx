import { Card, Col, Descriptions, Empty, Row, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import type { SettlementAdjustment, SettlementDetail, SettlementOperator, SettlementSystem, SettlementUnit } from '../../api/contract-types.ts';
import { BudgetTag } from '../../components/budget-tag.tsx';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { SignedYuan, signedColor, signedYuan } from './settlement-views.tsx';

type Figures = Pick<SettlementOperator, 'statements' | 'adjustments' | 'total'>;

/** 账单, 调整, 结算金额: the three figures every row of a settlement has. */
function figureColumns<T extends Figures>(t: Translate): TableColumnsType<T> {
  return [
    { title: t('settlements.fields.statements'), dataIndex: 'statements', align: 'right', render: (amount: string) => formatYuan(amount) },
    { title: t('settlements.fields.adjustments'), dataIndex: 'adjustments', align: 'right', render: (amount: string) => <SignedYuan amount={amount} /> },
    { title: t('settlements.fields.total'), dataIndex: 'total', align: 'right', render: (amount: string) => <Typography.Text strong>{formatYuan(amount)}</Typography.Text> },
  ];
}

function FiguresTable<T extends object>({ rows, columns, rowKey, empty, testId }: { rows: T[]; columns: TableColumnsType<T>; rowKey: (row: T) => string; empty: string; testId: string }) {
  return (
    <Table<T>
      rowKey={rowKey}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
    />
  );
}

/** The settlement's totals: statements, the auditor's adjustments, the settlement total and the supervision budget. */
export function SettlementFigures({ settlement }: { settlement: SettlementDetail }) {
  const t = useT();
  const figure = (title: string, value: string, testId: string, color?: string) => (
    <Col xs={12} lg={6}>
      <Card size="small" style={{ height: '100%' }} data-testid={testId}>
        <Statistic title={title} value={value} {...(color ? { styles: { content: { color } } } : {})} />
      </Card>
    </Col>
  );
  return (
    <Row gutter={[16, 16]}>
      {figure(t('settlements.fields.statementsTotal'), formatYuan(settlement.statementsTotal), 'settlement-statements-total')}
      {figure(t('settlements.fields.adjustmentsTotal'), signedYuan(settlement.adjustmentsTotal), 'settlement-adjustments-total', signedColor(settlement.adjustmentsTotal))}
      {figure(t('settlements.fields.total'), formatYuan(settlement.total), 'settlement-total')}
      {figure(
        t('settlements.fields.supervisionBudget'),
        settlement.supervisionBudget === null ? t('settlements.supervision.notSet') : formatYuan(settlement.supervisionBudget),
        'settlement-supervision-total',
      )}
    </Row>
  );
}

/** 按云服务商: one card per cloud operator with its settlement amount, split by who pays (SJ-15). */
export function OperatorCards({ operators }: { operators: SettlementOperator[] }) {
  const t = useT();
  if (operators.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settlements.detail.empty')} />;
  return (
    <Row gutter={[16, 16]}>
      {operators.map((operator) => (
        <Col key={operator.provider.id} xs={24} md={12} xl={8}>
          <Card size="small" title={operator.provider.name} data-testid="settlement-operator">
            <Statistic title={t('settlements.fields.total')} value={formatYuan(operator.total)} />
            <Descriptions
              size="small"
              column={1}
              style={{ marginTop: 12 }}
              items={[
                { key: 'statements', label: t('settlements.fields.statements'), children: formatYuan(operator.statements) },
                { key: 'adjustments', label: t('settlements.fields.adjustments'), children: <SignedYuan amount={operator.adjustments} /> },
                { key: 'budget', label: t('settlements.fields.districtBudget'), children: formatYuan(operator.districtBudget) },
                { key: 'nonBudget', label: t('settlements.fields.nonBudget'), children: formatYuan(operator.nonBudget) },
              ]}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function UnitTable({ units }: { units: SettlementUnit[] }) {
  const t = useT();
  const columns: TableColumnsType<SettlementUnit> = [
    { title: t('settlements.fields.unit'), key: 'unit', render: (_, row) => row.unit.name },
    { title: t('settlements.fields.budget'), dataIndex: 'districtBudget', render: (budget: boolean) => <BudgetTag districtBudget={budget} /> },
    ...figureColumns<SettlementUnit>(t),
  ];
  return <FiguresTable rows={units} columns={columns} rowKey={(row) => row.unit.id} empty={t('settlements.detail.empty')} testId="settlement-units" />;
}

export function SystemTable({ systems }: { systems: SettlementSystem[] }) {
  const t = useT();
  const columns: TableColumnsType<SettlementSystem> = [
    { title: t('settlements.fields.unit'), key: 'unit', render: (_, row) => row.unit.name },
    {
      title: t('settlements.fields.system'),
      key: 'system',
      render: (_, row) => row.system?.name ?? <Typography.Text type="secondary">{t('settlements.detail.noSystem')}</Typography.Text>,
    },
    { title: t('settlements.fields.provider'), key: 'provider', render: (_, row) => row.provider.name },
    ...figureColumns<SettlementSystem>(t),
  ];
  return (
    <FiguresTable
      rows={systems}
      columns={columns}
      rowKey={(row) => `${row.provider.id}:${row.unit.id}:${row.system?.id ?? ''}`}
      empty={t('settlements.detail.empty')}
      testId="settlement-systems"
    />
  );
}

export function AdjustmentTable({ adjustments }: { adjustments: SettlementAdjustment[] }) {
  const t = useT();
  const columns: TableColumnsType<SettlementAdjustment> = [
    { title: t('settlements.fields.createdAt'), dataIndex: 'createdAt', render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span> },
    { title: t('settlements.fields.provider'), key: 'provider', render: (_, row) => row.provider.name },
    { title: t('settlements.fields.unit'), key: 'unit', render: (_, row) => row.unit.name },
    { title: t('settlements.fields.system'), key: 'system', render: (_, row) => row.system?.name ?? t('common.none') },
    { title: t('settlements.fields.amount'), dataIndex: 'amount', align: 'right', render: (amount: string) => <SignedYuan amount={amount} /> },
    { title: t('settlements.fields.reason'), dataIndex: 'reason', render: (reason: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{reason}</span> },
    { title: t('settlements.fields.actor'), dataIndex: 'actorName' },
  ];
  return <FiguresTable rows={adjustments} columns={columns} rowKey={(row) => row.id} empty={t('settlements.detail.noAdjustments')} testId="settlement-adjustments" />;
}
