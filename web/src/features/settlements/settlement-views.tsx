import { Tag } from 'antd';
import type { SettlementStatus } from '../../api/contract-types.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';

const STATUS_COLORS: Record<SettlementStatus, string> = {
  draft: 'default',
  in_audit: 'processing',
  audited: 'gold',
  approved: 'green',
};

/** 草稿, 第三方审价中, 待主管部门审定, 已审定（冻结）: where the settlement is in its workflow (SJ-15). */
export function SettlementStatusTag({ status }: { status: SettlementStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="settlement-status" data-status={status}>
      {t(`settlements.statuses.${status}`)}
    </Tag>
  );
}

type Sign = 'negative' | 'zero' | 'positive';

/** The sign of an amount as the server wrote it, read from its text. */
function signOf(amount: string): Sign {
  const text = amount.trim();
  if (/^-?0*(\.0*)?$/.test(text)) return 'zero';
  return text.startsWith('-') ? 'negative' : 'positive';
}

/** `+¥80.00`, `-¥120.50`, `¥0.00`: an adjustment with its sign written out. */
export function signedYuan(amount: string): string {
  return signOf(amount) === 'positive' ? `+${formatYuan(amount)}` : formatYuan(amount);
}

/** The colour of a signed amount: a deduction red, an addition green, nothing plain. */
export function signedColor(amount: string): string | undefined {
  const sign = signOf(amount);
  return sign === 'negative' ? '#cf1322' : sign === 'positive' ? '#389e0d' : undefined;
}

/** A signed amount in a table: a deduction in red, an addition in green. */
export function SignedYuan({ amount }: { amount: string }) {
  return <span style={{ whiteSpace: 'nowrap', color: signedColor(amount) }}>{signedYuan(amount)}</span>;
}
