import { DownloadOutlined, FileExcelOutlined, FileSearchOutlined, RedoOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { can } from '../../access.ts';
import { confirmBillingMonth, focusCsvUrl, statementsXlsxUrl } from '../../api/billing-api.ts';
import type { BillingMonth, MonthResult } from '../../api/contract-types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ConfirmActionModal } from '../../components/confirm-action-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { shanghaiMonth } from '../../i18n/shanghai-time.ts';
import { doneBy, MonthStatusTag } from './billing-views.tsx';

interface BillingMonthsCardProps {
  months: BillingMonth[] | undefined;
  loading: boolean;
  error: unknown;
  /** Shows the month's statements below. */
  onView: (month: string) => void;
  /** 重新计费 of a draft month (opens the rating dialog). */
  onRerate: (month: string) => void;
  /** After a month was confirmed. */
  onChanged: (result: MonthResult) => void;
}

/**
 * 计费月份: each rated month with its status; for those who bill (billing:manage) 重新计费 of a draft and 确认
 * of an ended one, which freezes it. A unit sees every month's status but not the district's total.
 */
export function BillingMonthsCard({ months, loading, error, onView, onRerate, onChanged }: BillingMonthsCardProps) {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const mayManage = can(me, 'billing:manage');
  const [confirming, setConfirming] = useState<string | null>(null);
  const current = shanghaiMonth();

  const columns: TableColumnsType<BillingMonth> = [
    { title: t('billing.months.month'), dataIndex: 'month', render: (month: string) => <Typography.Text strong>{month}</Typography.Text> },
    { title: t('billing.months.status'), dataIndex: 'status', render: (status: BillingMonth['status']) => <MonthStatusTag status={status} /> },
    ...(me.scope === 'all'
      ? [{ title: t('billing.months.districtTotal'), dataIndex: 'total', align: 'right' as const, render: (total: string) => <span data-testid="month-total">{formatYuan(total)}</span> }]
      : []),
    { title: t('billing.months.ratedAt'), key: 'rated', render: (_, month) => doneBy(t, month.ratedAt, month.ratedBy) },
    { title: t('billing.months.confirmedAt'), key: 'confirmed', render: (_, month) => doneBy(t, month.confirmedAt, month.confirmedBy) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, month) => {
        const over = month.month < current;
        return (
          <Flex gap={4} wrap>
            <Button size="small" type="link" icon={<FileSearchOutlined />} onClick={() => onView(month.month)} data-testid="month-view">
              {t('billing.months.viewStatements')}
            </Button>
            <Tooltip title={t('billing.months.focusCsvHint')}>
              <Button size="small" type="link" icon={<DownloadOutlined />} href={focusCsvUrl(month.month)} data-testid="month-focus-csv">
                {t('billing.months.focusCsv')}
              </Button>
            </Tooltip>
            <Tooltip title={t('billing.months.excelHint')}>
              <Button size="small" type="link" icon={<FileExcelOutlined />} href={statementsXlsxUrl(month.month)} data-testid="month-excel">
                {t('billing.months.excel')}
              </Button>
            </Tooltip>
            {mayManage && month.status === 'draft' ? (
              <>
                <Button size="small" icon={<RedoOutlined />} onClick={() => onRerate(month.month)} data-testid="month-rerate">
                  {t('billing.months.rerate')}
                </Button>
                <Tooltip title={over ? undefined : t('billing.months.notOver', { month: month.month })}>
                  <Button
                    size="small"
                    type="primary"
                    icon={<SafetyCertificateOutlined />}
                    disabled={!over}
                    onClick={() => setConfirming(month.month)}
                    data-testid="month-confirm"
                  >
                    {t('billing.months.confirm')}
                  </Button>
                </Tooltip>
              </>
            ) : null}
          </Flex>
        );
      },
    },
  ];

  return (
    <Card size="small" title={t('billing.months.listTitle')}>
      {error ? <ApiErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <Table<BillingMonth>
        rowKey="month"
        size="small"
        columns={columns}
        dataSource={months ?? []}
        loading={loading}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="billing-months"
        locale={{
          emptyText: (
            <Empty description={t('billing.months.empty')}>
              <Typography.Text type="secondary">{mayManage ? t('billing.months.emptyHint') : t('billing.months.emptyHintReader')}</Typography.Text>
            </Empty>
          ),
        }}
      />
      <ConfirmActionModal
        open={confirming !== null}
        title={t('billing.confirm.title', { month: confirming ?? '' })}
        okText={t('billing.confirm.submit')}
        danger
        testId="month-confirm-dialog"
        action={() => confirmBillingMonth(confirming ?? '')}
        onClose={() => setConfirming(null)}
        onDone={(result) => {
          setConfirming(null);
          feedback.succeeded(t('billing.confirm.done', { month: result.month }));
          onChanged(result);
        }}
      >
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t('billing.confirm.note')} />
          <Typography.Text>{t('billing.confirm.check')}</Typography.Text>
        </Flex>
      </ConfirmActionModal>
    </Card>
  );
}
