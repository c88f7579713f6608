import { Descriptions, Flex, Typography } from 'antd';
import type { Estimate } from '../../api/contract-types.ts';
import { EstimatePriceBook, EstimateTable } from '../../components/estimate-table.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatMoment } from '../../i18n/shanghai-time.ts';

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
  return (
    <Flex vertical gap={8} data-testid={testId}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: 'book',
            label: t('applications.estimate.priceBook'),
            children: <EstimatePriceBook estimate={estimate} />,
          },
          { key: 'platform', label: t('applications.fields.platform'), children: estimate.platform.name },
          { key: 'at', label: t('applications.estimate.pricedAt'), children: formatMoment(estimate.at) },
        ]}
      />
      <EstimateTable estimate={estimate} variant="application" totalTestId="estimate-total" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('applications.estimate.note')}
      </Typography.Text>
    </Flex>
  );
}
