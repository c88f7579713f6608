import { FileExcelOutlined, FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { getSettlement, settlementExportUrl, settlementPdfUrl } from '../../api/settlements-api.ts';
import type { SettlementDetail } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { AdjustmentModal } from './adjustment-modal.tsx';
import { SettlementActions } from './settlement-actions.tsx';
import { SettlementSteps } from './settlement-steps.tsx';
import { AdjustmentTable, OperatorCards, SettlementFigures, SystemTable, UnitTable } from './settlement-tables.tsx';
import { SettlementStatusTag } from './settlement-views.tsx';
import { SupervisionCard } from './supervision-card.tsx';
import { settlementName } from './settlement-period.ts';

/**
 * `/settlements/:id`: a settlement plan (SJ-15) — where it stands in its workflow, its totals per cloud
 * operator, unit and system, the auditor's adjustments and the supervision budget (SJ-16) — and what the
 * signed-in user may do with it; the Excel plan for the record.
 */
export function SettlementDetailPage() {
  const t = useT();
  const feedback = useFeedback();
  const { id = '' } = useParams();
  const loaded = useAsync(useCallback(() => getSettlement(id), [id]));
  // Every action answers with the settlement as it now is; it replaces what was loaded.
  const [updated, setUpdated] = useState<SettlementDetail | null>(null);
  const [adjusting, setAdjusting] = useState(false);
  const settlement = updated?.id === id ? updated : loaded.data;

  const back = <BackLink to="/settlements" label={t('settlements.back')} />;
  if (!settlement) return <DetailPending loading={loaded.loading} error={loaded.error} title={t('menu.settlementDetail')} back={back} />;

  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid="settlement-title">{settlementName(settlement, t)}</span>
          <SettlementStatusTag status={settlement.status} />
        </Flex>
      }
      subtitle={t('settlements.subtitle')}
      extra={
        <>
          {back}
          <Button icon={<FileExcelOutlined />} href={settlementExportUrl(settlement.id)} data-testid="settlement-export">
            {t('settlements.export')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={settlementPdfUrl(settlement.id)} data-testid="settlement-pdf">
            {t('settlements.exportPdf')}
          </Button>
          <SettlementActions settlement={settlement} onChanged={setUpdated} />
        </>
      }
    >
      {loaded.error ? <ApiErrorAlert error={loaded.error} /> : null}
      {settlement.status === 'approved' ? <Alert type="success" showIcon title={t('settlements.detail.frozen')} /> : null}
      <Card size="small">
        <SettlementSteps settlement={settlement} />
      </Card>
      <SettlementFigures settlement={settlement} />
      <Card size="small" title={t('settlements.detail.operators')}>
        <OperatorCards operators={settlement.byOperator} />
      </Card>
      <Card size="small" title={t('settlements.detail.byUnit')}>
        <UnitTable units={settlement.byUnit} />
      </Card>
      <Card size="small" title={t('settlements.detail.bySystem')}>
        <SystemTable systems={settlement.bySystem} />
      </Card>
      {/* Where the district engages no third-party auditor there is no stage for adjustments. */}
      {settlement.workflow.thirdPartyAudit || settlement.adjustments.length > 0 ? (
        <Card
          size="small"
          title={t('settlements.detail.adjustments')}
          extra={
            settlement.workflow.canAdjust ? (
              <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setAdjusting(true)} data-testid="adjustment-add">
                {t('settlements.adjustment.add')}
              </Button>
            ) : undefined
          }
        >
          <AdjustmentTable adjustments={settlement.adjustments} />
        </Card>
      ) : null}
      <SupervisionCard settlement={settlement} onChanged={setUpdated} />
      <AdjustmentModal
        open={adjusting}
        settlement={settlement}
        onClose={() => setAdjusting(false)}
        onDone={(next) => {
          setAdjusting(false);
          feedback.succeeded(t('settlements.adjustment.done'));
          setUpdated(next);
        }}
      />
    </PageContainer>
  );
}
