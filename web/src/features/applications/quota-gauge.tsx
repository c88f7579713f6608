import { Card, Empty, Flex, Tag, Tooltip, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import type { QuotaUsage, QuotaUsageLine } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { Loading } from '../../components/loading.tsx';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity, ratioToPercent } from '../../i18n/number-format.ts';
import type { QuotaMode } from './application-kinds.ts';
import type { LineValues } from './form-controls.tsx';

const COLORS = { allocated: '#52c41a', pending: '#faad14', requested: '#1677ff', reclaimed: '#ff4d4f', approved: '#262626', ceiling: '#cf1322' };
const QUANTITY = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,3})?$/;

/** A quantity as a number for drawing only; what is written beside a bar is always the server's or the form's text. */
const toNumber = (text: string | undefined) => (text && QUANTITY.test(text.trim()) ? Number(text.trim()) : 0);

interface Segment {
  key: string;
  value: number;
  color: string;
  striped?: boolean;
}

function Bar({ segments, markers, scale }: { segments: Segment[]; markers: { key: string; at: number; color: string; label: string }[]; scale: number }) {
  const { token } = theme.useToken();
  const percent = (value: number) => `${Math.min(100, (value / scale) * 100)}%`;
  return (
    <div style={{ position: 'relative', height: 14, borderRadius: 4, background: token.colorFillSecondary, overflow: 'visible' }}>
      <div style={{ display: 'flex', height: '100%', borderRadius: 4, overflow: 'hidden' }}>
        {segments.map((segment) => (
          <div
            key={segment.key}
            style={{
              width: percent(segment.value),
              background: segment.striped
                ? `repeating-linear-gradient(45deg, ${segment.color}, ${segment.color} 4px, ${segment.color}99 4px, ${segment.color}99 8px)`
                : segment.color,
            }}
          />
        ))}
      </div>
      {markers.map((marker) => (
        <Tooltip key={marker.key} title={marker.label}>
          <div style={{ position: 'absolute', top: -3, bottom: -3, left: percent(marker.at), width: 2, background: marker.color }} />
        </Tooltip>
      ))}
    </div>
  );
}

interface GaugeLineProps {
  line: QuotaUsageLine;
  requested: string | undefined;
  mode: QuotaMode;
}

function GaugeLine({ line, requested, mode }: GaugeLineProps) {
  const t = useT();
  const { lang } = useLang();
  const unit = unitOfMeasureLabel(t, line.unitOfMeasure);
  const approved = toNumber(line.approved);
  const ceiling = toNumber(line.ceiling);
  const allocated = toNumber(line.allocated);
  const pending = toNumber(line.pending);
  const asked = toNumber(requested);
  let segments: Segment[];
  let over: ReactNode = null;
  if (mode === 'reclaim') {
    segments = [
      { key: 'kept', value: Math.max(0, allocated - asked), color: COLORS.allocated },
      { key: 'reclaimed', value: Math.min(asked, allocated), color: COLORS.reclaimed, striped: true },
    ];
    if (asked > allocated) over = <Tag color="red">{t('applications.gauge.overAllocated')}</Tag>;
  } else {
    segments = [
      { key: 'allocated', value: allocated, color: COLORS.allocated },
      { key: 'pending', value: pending, color: COLORS.pending },
      { key: 'requested', value: asked, color: COLORS.requested, striped: true },
    ];
    const limit = mode === 'ceiling' ? ceiling : approved;
    if (asked > 0 && allocated + pending + asked > limit) {
      over = <Tag color="red">{mode === 'ceiling' ? t('applications.gauge.overCeiling') : t('applications.gauge.overQuota')}</Tag>;
    }
  }
  const scale = Math.max(approved, mode === 'ceiling' ? ceiling : 0, allocated + pending + (mode === 'reclaim' ? 0 : asked), 1e-9) * 1.05;
  const markers = [
    { key: 'approved', at: approved, color: COLORS.approved, label: `${t('quotaUsage.approved')} ${formatQuantity(line.approved)} ${unit}` },
    ...(mode === 'ceiling'
      ? [{ key: 'ceiling', at: ceiling, color: COLORS.ceiling, label: `${t('quotaUsage.ceiling')} ${formatQuantity(line.ceiling)} ${unit}` }]
      : []),
  ];
  return (
    <Flex vertical gap={4} data-testid={`quota-gauge-${line.itemCode}`}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text ellipsis style={{ maxWidth: 260 }}>
          <Typography.Text code>{line.itemCode}</Typography.Text> {lang === 'zh-CN' ? line.itemName : line.itemNameEn}
        </Typography.Text>
        {over}
      </Flex>
      <Bar segments={segments} markers={markers} scale={scale} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {mode === 'reclaim'
          ? t('applications.gauge.reclaimFigures', {
              allocated: formatQuantity(line.allocated),
              requested: requested?.trim() ? formatQuantity(requested.trim()) : '0',
              unit,
            })
          : t(mode === 'ceiling' ? 'applications.gauge.ceilingFigures' : 'applications.gauge.quotaFigures', {
              allocated: formatQuantity(line.allocated),
              pending: formatQuantity(line.pending),
              requested: requested?.trim() ? formatQuantity(requested.trim()) : '0',
              approved: formatQuantity(line.approved),
              ceiling: formatQuantity(line.ceiling),
              unit,
            })}
      </Typography.Text>
    </Flex>
  );
}

function Legend({ mode }: { mode: QuotaMode }) {
  const t = useT();
  const entries =
    mode === 'reclaim'
      ? [
          { color: COLORS.allocated, label: t('applications.gauge.kept') },
          { color: COLORS.reclaimed, label: t('applications.gauge.reclaimed') },
        ]
      : [
          { color: COLORS.allocated, label: t('quotaUsage.allocated') },
          { color: COLORS.pending, label: t('quotaUsage.pending') },
          { color: COLORS.requested, label: t('applications.gauge.requested') },
          { color: COLORS.approved, label: t('applications.gauge.approvedMarker') },
          ...(mode === 'ceiling' ? [{ color: COLORS.ceiling, label: t('applications.gauge.ceilingMarker') }] : []),
        ];
  return (
    <Flex gap={12} wrap>
      {entries.map((entry) => (
        <Flex key={entry.label} gap={4} align="center">
          <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: entry.color }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {entry.label}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

interface QuotaGaugeProps {
  systemId: string | undefined;
  usage: QuotaUsage | undefined;
  loading: boolean;
  error: unknown;
  mode: QuotaMode;
  lines: LineValues[] | undefined;
}

/**
 * 配额 per catalog item of the chosen system: allocated, pending and this application's quantity against
 * the approved quota (QP-9), against the ceiling for an expansion (QP-10), or what a reclamation takes
 * back (QP-11). The bars are a preview; the server decides with the same figures at submission.
 */
export function QuotaGauge({ systemId, usage, loading, error, mode, lines }: QuotaGaugeProps) {
  const t = useT();
  const requestedOf = (itemId: string) => (mode === 'none' ? undefined : lines?.find((line) => line?.itemId === itemId)?.quantity);

  let body: ReactNode;
  if (!systemId) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.gauge.chooseSystem')} />;
  else if (error) body = <ApiErrorAlert error={error} />;
  else if (loading && !usage) body = <Loading />;
  else if (!usage || usage.lines.length === 0) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.gauge.noQuota')} />;
  else
    body = (
      <Flex vertical gap={14}>
        <Legend mode={mode} />
        {usage.lines.map((line) => (
          <GaugeLine key={line.itemId} line={line} requested={requestedOf(line.itemId)} mode={mode} />
        ))}
      </Flex>
    );

  return (
    <Card
      size="small"
      data-testid="application-quota-gauge"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('applications.gauge.title')}</span>
          {usage && mode === 'ceiling' ? (
            <>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('quotaUsage.ceilingTitle', { percent: ratioToPercent(usage.ceilingRatio) })}
              </Typography.Text>
              {usage.article ? <ArticleTag article={usage.article} /> : null}
            </>
          ) : null}
        </Flex>
      }
    >
      {body}
    </Card>
  );
}
