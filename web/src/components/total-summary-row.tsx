import { Table, type TableColumnsType, Typography } from 'antd';
import { formatYuan } from '../i18n/number-format.ts';

interface TotalSummaryRowProps<T> {
  columns: TableColumnsType<T>;
  /** 合计 */
  label: string;
  /** The total as the server sent it. */
  total: string;
  testId: string;
}

/**
 * The total of a table of priced lines, under their amounts (the column whose `dataIndex` is `amount`):
 * the label spans the columns before it, any columns after stay empty. The total is the server's.
 */
export function TotalSummaryRow<T>({ columns, label, total, testId }: TotalSummaryRowProps<T>) {
  const amountIndex = columns.findIndex((column) => 'dataIndex' in column && column.dataIndex === 'amount');
  const trailing = columns.slice(amountIndex + 1).map((_, offset) => amountIndex + 1 + offset);
  return (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0} colSpan={amountIndex} align="right">
        <Typography.Text strong>{label}</Typography.Text>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={amountIndex} align="right">
        <Typography.Text strong style={{ fontSize: 16 }} data-testid={testId}>
          {formatYuan(total)}
        </Typography.Text>
      </Table.Summary.Cell>
      {trailing.map((index) => (
        <Table.Summary.Cell key={index} index={index} />
      ))}
    </Table.Summary.Row>
  );
}
