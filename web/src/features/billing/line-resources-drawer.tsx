import { Descriptions, Drawer, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { getStatementLine } from '../../api/billing-api.ts';
import type { LineResource, StatementLine, UsageInterval } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { quantityHoursLabel, quantityUnitLabel, unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { Loading } from '../../components/loading.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type Translate, useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity, formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { priceVersionSpan } from './billing-views.tsx';
import { itemName } from '../../components/catalog-item-cell.tsx';

const SOURCES = ['lifecycle', 'work_order', 'correction'] as const;
type Source = (typeof SOURCES)[number];

function sourceLabel(t: Translate, source: string): string {
  return (SOURCES as readonly string[]).includes(source) ? t(`billing.drill.sources.${source as Source}`) : source;
}

function intervalColumns(t: Translate, unit: string): TableColumnsType<UsageInterval> {
  return [
    {
      title: t('billing.drill.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      render: (quantity: string) => `${formatQuantity(quantity)} ${quantityUnitLabel(t, unit)}`,
    },
    {
      title: t('billing.drill.power'),
      dataIndex: 'power',
      render: (power: UsageInterval['power']) => (
        <Tag color={power === 'running' ? 'green' : 'default'} data-testid="interval-power">
          {t(`billing.drill.powers.${power}`)}
        </Tag>
      ),
    },
    { title: t('billing.drill.startedAt'), dataIndex: 'startedAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('billing.drill.endedAt'),
      dataIndex: 'endedAt',
      render: (at: string | null) => (at ? formatDateTime(at) : <Typography.Text type="secondary">{t('billing.drill.ongoing')}</Typography.Text>),
    },
    { title: t('billing.drill.source'), dataIndex: 'source', render: (source: string) => sourceLabel(t, source) },
  ];
}

function ResourcesTable({ resources, unit }: { resources: LineResource[]; unit: string }) {
  const t = useT();
  const columns: TableColumnsType<LineResource> = [
    {
      title: t('billing.drill.resource'),
      key: 'resource',
      render: (_, resource) => (
        <Link to={`/resources/${resource.resourceId}`} data-testid="drill-resource">
          {resource.resourceName || resource.resourceId}
        </Link>
      ),
    },
    {
      title: t('billing.drill.quantityHours'),
      dataIndex: 'quantityHours',
      align: 'right',
      render: (hours: string) => `${formatQuantity(hours)} ${quantityHoursLabel(t, unit)}`,
    },
    {
      title: t('billing.drill.exact'),
      dataIndex: 'exact',
      align: 'right',
      render: (exact: string) => (
        <Typography.Text type="secondary" ellipsis={{ tooltip: t('billing.drill.exactHint') }} style={{ maxWidth: 180 }}>
          {formatYuan(exact)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<LineResource>
      rowKey="resourceId"
      size="small"
      columns={columns}
      dataSource={resources}
      pagination={false}
      data-testid="drill-resources"
      expandable={{
        defaultExpandAllRows: resources.length <= 3,
        expandedRowRender: (resource) => (
          <Table<UsageInterval>
            rowKey="id"
            size="small"
            columns={intervalColumns(t, unit)}
            dataSource={resource.intervals}
            pagination={false}
            data-testid="drill-intervals"
          />
        ),
      }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('billing.drill.empty')} /> }}
    />
  );
}

function LineResources({ statementId, line }: { statementId: string; line: StatementLine }) {
  const t = useT();
  const { lang } = useLang();
  const trace = useAsync(useCallback(() => getStatementLine(statementId, line.lineNo), [statementId, line.lineNo]));
  const unit = line.item.unitOfMeasure;
  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        bordered
        column={1}
        title={t('billing.drill.line')}
        items={[
          { key: 'item', label: t('billing.detail.item'), children: `${line.item.code} · ${itemName(line.item, lang)}` },
          { key: 'system', label: t('billing.detail.system'), children: line.systemName ?? t('billing.detail.noSystem') },
          { key: 'platform', label: t('billing.detail.platform'), children: `${line.platformName} · ${line.providerName}` },
          {
            key: 'price',
            label: t('billing.detail.unitPrice'),
            children: `${formatYuan(line.unitPrice)} / ${unitOfMeasureLabel(t, unit)} · ${priceVersionSpan(t, line.priceVersion)}`,
          },
          { key: 'hours', label: t('billing.detail.quantityHours'), children: `${formatQuantity(line.quantityHours)} ${quantityHoursLabel(t, unit)}` },
          { key: 'amount', label: t('billing.detail.amount'), children: <Typography.Text strong>{formatYuan(line.amount)}</Typography.Text> },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('billing.drill.resources')}
      </Typography.Title>
      {trace.error ? <ApiErrorAlert error={trace.error} /> : null}
      {trace.loading && !trace.data ? <Loading /> : null}
      {trace.data ? <ResourcesTable resources={trace.data.resources} unit={unit} /> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('billing.drill.intervalsNote')}
      </Typography.Text>
    </Flex>
  );
}

/** 追溯: a statement line down to the resources it charges for and their usage intervals (SJ-15 按实结算). */
export function LineResourcesDrawer({ statementId, line, onClose }: { statementId: string; line: StatementLine | null; onClose: () => void }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <Drawer
      open={line !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={line ? t('billing.drill.title', { lineNo: line.lineNo, item: itemName(line.item, lang) }) : undefined}
    >
      {line ? (
        <div data-testid="line-drawer">
          <LineResources statementId={statementId} line={line} />
        </div>
      ) : null}
    </Drawer>
  );
}
