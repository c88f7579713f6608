import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { can } from '../../access.ts';
import type { SettlementSummary } from '../../api/contract-types.ts';
import { listSettlements } from '../../api/settlements-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { RunSettlementModal } from './run-settlement-modal.tsx';
import { SettlementStatusTag, SignedYuan } from './settlement-views.tsx';
import { settlementName } from './settlement-period.ts';

const yuan = (amount: string | null, t: Translate) => (amount === null ? t('common.none') : formatYuan(amount));

function byWhom(at: string | null, name: string | null, t: Translate) {
  if (!at) return t('common.none');
  return (
    <Flex vertical>
      <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span>
      {name ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {name}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/**
 * 年度结算: the settlements of the profile's periods (SJ-15) with their status and totals; those who run
 * them (settlement:run) generate one for a period whose months are all confirmed.
 */
export function SettlementsPage() {
  const t = useT();
  const { me } = useMe();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const mayRun = can(me, 'settlement:run');
  const settlements = useAsync(listSettlements);
  const [running, setRunning] = useState(false);

  const columns: TableColumnsType<SettlementSummary> = [
    {
      title: t('settlements.fields.period'),
      key: 'period',
      render: (_, settlement) => (
        <Link to={`/settlements/${settlement.id}`} data-testid="settlement-link">
          {settlementName(settlement, t)}
        </Link>
      ),
    },
    { title: t('settlements.fields.status'), dataIndex: 'status', render: (status: SettlementSummary['status']) => <SettlementStatusTag status={status} /> },
    { title: t('settlements.fields.statementsTotal'), dataIndex: 'statementsTotal', align: 'right', render: (amount: string) => formatYuan(amount) },
    { title: t('settlements.fields.adjustmentsTotal'), dataIndex: 'adjustmentsTotal', align: 'right', render: (amount: string) => <SignedYuan amount={amount} /> },
    {
      title: t('settlements.fields.total'),
      dataIndex: 'total',
      align: 'right',
      render: (amount: string) => <Typography.Text strong>{formatYuan(amount)}</Typography.Text>,
    },
    { title: t('settlements.fields.supervisionBudget'), dataIndex: 'supervisionBudget', align: 'right', render: (amount: string | null) => yuan(amount, t) },
    { title: t('settlements.fields.generated'), key: 'generated', render: (_, s) => byWhom(s.generatedAt, s.generatedBy, t) },
    { title: t('settlements.fields.approved'), key: 'approved', render: (_, s) => byWhom(s.approvedAt, s.approvedBy, t) },
  ];

  return (
    <PageContainer
      title={t('settlements.title')}
      subtitle={t('settlements.subtitle')}
      extra={
        mayRun ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRunning(true)} data-testid="settlement-run">
            {t('settlements.run.button')}
          </Button>
        ) : undefined
      }
    >
      {settlements.error ? <ApiErrorAlert error={settlements.error} /> : null}
      <Card size="small">
        <Table<SettlementSummary>
          rowKey="id"
          columns={columns}
          dataSource={settlements.data ?? []}
          loading={settlements.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="settlements-table"
          locale={{
            emptyText: (
              <Empty description={t('settlements.empty')}>
                <Typography.Text type="secondary">{mayRun ? t('settlements.emptyHint') : t('settlements.emptyHintReader')}</Typography.Text>
              </Empty>
            ),
          }}
        />
      </Card>
      <RunSettlementModal
        open={running}
        onClose={() => setRunning(false)}
        onDone={(settlement) => {
          setRunning(false);
          feedback.succeeded(t('settlements.run.done', { label: settlementName(settlement, t) }));
          void navigate(`/settlements/${settlement.id}`);
        }}
      />
    </PageContainer>
  );
}
