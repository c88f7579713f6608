import { CalculatorOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Typography } from 'antd';
import { useState } from 'react';
import { estimateCost } from '../../api/catalog-api.ts';
import type { Estimate, EstimateBody } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { EstimateView } from './estimate-view.tsx';
import type { LineValues } from './form-controls.tsx';

/** Non-temporary resources are estimated for a year, as the server estimates them at submission. */
const YEAR_MONTHS = 12;

interface EstimateCardProps {
  platformId: string | undefined;
  lines: LineValues[] | undefined;
  /** Temporary resources: each line for its own months (QP-12); otherwise twelve months. */
  ownMonths: boolean;
}

/** The body for the lines filled in so far, or null when nothing can be priced yet. */
function estimateBodyOf({ platformId, lines, ownMonths }: EstimateCardProps): EstimateBody | null {
  const filled = (lines ?? []).filter((line) => line?.itemId && line.quantity?.trim());
  if (!platformId || filled.length === 0) return null;
  return {
    platformId,
    lines: filled.map((line) => ({
      itemId: line.itemId ?? '',
      quantity: (line.quantity ?? '').trim(),
      months: ownMonths ? (line.months ?? 1) : YEAR_MONTHS,
    })),
  };
}

/**
 * 费用测算 on demand (`POST /api/catalog/estimate`): the platform's price book applies — district prices
 * or the city provider's tender prices (SJ-10). Every amount is the server's; nothing is summed here.
 */
export function EstimateCard(props: EstimateCardProps) {
  const t = useT();
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [estimatedFor, setEstimatedFor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const body = estimateBodyOf(props);
  const key = body ? JSON.stringify(body) : null;

  const run = async () => {
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      setEstimate(await estimateCost(body));
      setEstimatedFor(key);
    } catch (caught) {
      setError(caught);
      setEstimate(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('applications.estimate.title')}
      data-testid="application-estimate-card"
      extra={
        <Button icon={<CalculatorOutlined />} onClick={() => void run()} loading={busy} disabled={!body} data-testid="application-estimate">
          {t('applications.estimate.compute')}
        </Button>
      }
    >
      {error ? <ApiErrorAlert error={error} style={{ marginBottom: 12 }} /> : null}
      {estimate ? (
        <>
          {estimatedFor !== key ? (
            <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('applications.estimate.stale')} />
          ) : null}
          <EstimateView estimate={estimate} testId="application-estimate-result" />
        </>
      ) : (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <Typography.Text type="secondary">
              {body ? t('applications.estimate.ready', { months: props.ownMonths ? t('applications.estimate.ownMonths') : YEAR_MONTHS }) : t('applications.estimate.empty')}
            </Typography.Text>
          }
        />
      )}
    </Card>
  );
}
