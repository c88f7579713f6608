import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { FaultSeverity, FaultStatus } from '../../api/contract-types.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

const SEVERITY_COLORS: Record<FaultSeverity, string> = { critical: 'magenta', major: 'red', minor: 'blue' };
const STATUS_COLORS: Record<FaultStatus, string> = { open: 'orange', responded: 'blue', resolved: 'green' };

export function FaultSeverityTag({ severity }: { severity: FaultSeverity }) {
  const t = useT();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`operations.faults.severities.${severity}`)}</Tag>;
}

export function FaultStatusTag({ status }: { status: FaultStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="fault-status" data-status={status}>
      {t(`operations.faults.statuses.${status}`)}
    </Tag>
  );
}

interface SlaDeadlineProps {
  /** The instant the deadline passes. */
  dueAt: string;
  /** When it was met, if it was. */
  doneAt: string | null;
  /** Whether on time: null while neither met nor late. */
  onTime: boolean | null;
  testId: string;
}

/** A response or resolution deadline with its SLA state: 按时, 超时, or 未到期 while still open. */
export function SlaDeadline({ dueAt, doneAt, onTime, testId }: SlaDeadlineProps) {
  const t = useT();
  const state = onTime === null ? 'pending' : onTime ? 'onTime' : 'late';
  const colors = { pending: 'default', onTime: 'green', late: 'red' } as const;
  return (
    <Flex gap={4} align="center" wrap>
      <Tooltip title={doneAt ? formatDateTime(doneAt) : undefined}>
        <Typography.Text type={state === 'late' ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(dueAt)}
        </Typography.Text>
      </Tooltip>
      <Tag color={colors[state]} data-testid={testId} data-sla={state}>
        {t(`operations.faults.${state}`)}
      </Tag>
    </Flex>
  );
}
