import { Steps, type StepsProps } from 'antd';
import type { SettlementDetail, SettlementStatus } from '../../api/contract-types.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

/** Which step is under way in each status; `approved` has finished them all. */
const CURRENT: Record<SettlementStatus, number> = { draft: 0, in_audit: 1, audited: 2, approved: 3 };

/**
 * 草稿 → 第三方审价 → 待审定 → 已审定（冻结）, with who did each step and when. Where the district engages no
 * third-party auditor (settlement.thirdPartyAudit) the audit step is passed over on submission.
 */
export function SettlementSteps({ settlement }: { settlement: SettlementDetail }) {
  const t = useT();
  const current = CURRENT[settlement.status];
  const by = (name: string | null, at: string | null) => ({ name: name ?? t('common.none'), at: formatDateTime(at) });
  const items: NonNullable<StepsProps['items']> = [
    { title: t('settlements.steps.draft'), content: t('settlements.steps.generated', by(settlement.generatedBy, settlement.generatedAt)) },
    {
      title: t('settlements.steps.audit'),
      content: !settlement.workflow.thirdPartyAudit
        ? t('settlements.steps.noAudit')
        : settlement.auditedAt
          ? t('settlements.steps.auditedBy', by(settlement.auditedBy, settlement.auditedAt))
          : settlement.status === 'in_audit'
            ? t('settlements.steps.auditing')
            : undefined,
      ...(settlement.workflow.thirdPartyAudit ? {} : { disabled: true }),
    },
    { title: t('settlements.steps.audited') },
    {
      title: t('settlements.steps.approved'),
      content: settlement.approvedAt ? t('settlements.steps.approvedBy', by(settlement.approvedBy, settlement.approvedAt)) : undefined,
    },
  ];
  return (
    <div data-testid="settlement-steps" data-status={settlement.status}>
      <Steps size="small" current={current} status={settlement.status === 'approved' ? 'finish' : 'process'} items={items} />
    </div>
  );
}
