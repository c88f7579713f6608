import { Tag } from 'antd';
import type { BillingMonthStatus, StatementLine } from '../../api/contract-types.ts';
import type { Translate } from '../../i18n/i18n-provider.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime, formatMoment } from '../../i18n/shanghai-time.ts';

/** 草稿 or 已确认 (frozen) of a month and its statements. */
export function MonthStatusTag({ status }: { status: BillingMonthStatus }) {
  const t = useT();
  return (
    <Tag color={status === 'confirmed' ? 'green' : 'gold'} style={{ marginInlineEnd: 0 }} data-testid="month-status" data-status={status}>
      {t(`billing.monthStatuses.${status}`)}
    </Tag>
  );
}

/** `2026-03-05 14:07:09 · 张三`: when and by whom; the empty mark when it has not happened. */
export function doneBy(t: Translate, at: string | null, name: string | null): string {
  if (!at) return t('common.none');
  return name ? t('billing.months.by', { at: formatDateTime(at), name }) : formatDateTime(at);
}

/** The span a price version was in force: `2026-07-01 至 长期`. */
export function priceVersionSpan(t: Translate, version: StatementLine['priceVersion']): string {
  return t('billing.detail.versionSpan', {
    from: formatMoment(version.effectiveFrom),
    to: version.effectiveTo ? formatMoment(version.effectiveTo) : t('billing.detail.openEnded'),
  });
}
