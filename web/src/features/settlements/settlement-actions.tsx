import { AuditOutlined, CheckCircleOutlined, RedoOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { type ReactNode, useState } from 'react';
import type { SettlementDetail } from '../../api/contract-types.ts';
import { approveSettlement, completeAudit, runSettlement, submitSettlement } from '../../api/settlements-api.ts';
import { ConfirmActionModal } from '../../components/confirm-action-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { type MessageKey, useT } from '../../i18n/i18n-provider.tsx';
import { settlementName } from './settlement-period.ts';

/** 提交 goes to the auditor where the district engages one (`submit`), else straight to approval (`submitDirect`). */
type Action = 'rerun' | 'submit' | 'submitDirect' | 'completeAudit' | 'approve';

interface ActionView {
  label: MessageKey;
  title: MessageKey;
  note: MessageKey;
  done: MessageKey;
  icon: ReactNode;
  primary?: boolean;
  danger?: boolean;
  call: (settlement: SettlementDetail) => Promise<SettlementDetail>;
}

const submit = (settlement: SettlementDetail) => submitSettlement(settlement.id);

/** Each step of the workflow with what its dialog says. */
const ACTIONS: Record<Action, ActionView> = {
  rerun: {
    label: 'settlements.actions.rerun',
    title: 'settlements.actions.rerunTitle',
    note: 'settlements.actions.rerunNote',
    done: 'settlements.actions.rerunDone',
    icon: <RedoOutlined />,
    call: (settlement) => runSettlement(settlement.firstMonth),
  },
  submit: {
    label: 'settlements.actions.submit',
    title: 'settlements.actions.submitTitle',
    note: 'settlements.actions.submitNote',
    done: 'settlements.actions.submitted',
    icon: <SendOutlined />,
    primary: true,
    call: submit,
  },
  submitDirect: {
    label: 'settlements.actions.submitDirect',
    title: 'settlements.actions.submitDirectTitle',
    note: 'settlements.actions.submitDirectNote',
    done: 'settlements.actions.submitted',
    icon: <SendOutlined />,
    primary: true,
    call: submit,
  },
  completeAudit: {
    label: 'settlements.actions.completeAudit',
    title: 'settlements.actions.completeAuditTitle',
    note: 'settlements.actions.completeAuditNote',
    done: 'settlements.actions.audited',
    icon: <AuditOutlined />,
    primary: true,
    call: (settlement) => completeAudit(settlement.id),
  },
  approve: {
    label: 'settlements.actions.approve',
    title: 'settlements.actions.approveTitle',
    note: 'settlements.actions.approveNote',
    done: 'settlements.actions.approved',
    icon: <CheckCircleOutlined />,
    primary: true,
    danger: true,
    call: (settlement) => approveSettlement(settlement.id),
  },
};

/**
 * What the signed-in user may do with the settlement now, as the server's workflow flags say: re-run and
 * submit it (the operator), complete the audit (the auditor), approve it (the authority), each confirmed
 * in a dialog stating what follows.
 */
export function SettlementActions({ settlement, onChanged }: { settlement: SettlementDetail; onChanged: (updated: SettlementDetail) => void }) {
  const t = useT();
  const feedback = useFeedback();
  const [open, setOpen] = useState<Action | null>(null);
  const { workflow } = settlement;
  const shown: Action[] = [
    ...(workflow.canRun ? (['rerun'] as const) : []),
    ...(workflow.canSubmit ? [workflow.thirdPartyAudit ? ('submit' as const) : ('submitDirect' as const)] : []),
    ...(workflow.canCompleteAudit ? (['completeAudit'] as const) : []),
    ...(workflow.canApprove ? (['approve'] as const) : []),
  ];
  const current = open ? ACTIONS[open] : null;
  return (
    <>
      {shown.map((action) => (
        <Button
          key={action}
          type={ACTIONS[action].primary ? 'primary' : 'default'}
          icon={ACTIONS[action].icon}
          onClick={() => setOpen(action)}
          data-testid={`settlement-${action}`}
        >
          {t(ACTIONS[action].label)}
        </Button>
      ))}
      <ConfirmActionModal
        open={current !== null}
        title={current ? t(current.title, { label: settlementName(settlement, t) }) : ''}
        okText={current ? t(current.label) : ''}
        danger={current?.danger ?? false}
        testId="settlement-action"
        action={() => (current ? current.call(settlement) : Promise.resolve(settlement))}
        onClose={() => setOpen(null)}
        onDone={(updated) => {
          if (current) feedback.succeeded(t(current.done));
          setOpen(null);
          onChanged(updated);
        }}
      >
        {current ? <Alert type={current.danger ? 'warning' : 'info'} showIcon title={t(current.note)} /> : null}
      </ConfirmActionModal>
    </>
  );
}
