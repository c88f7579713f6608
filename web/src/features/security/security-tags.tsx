import { Tag } from 'antd';
import type { IncidentLevel, Vulnerability, VulnerabilitySeverity } from '../../api/contract-types.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

const SEVERITY_COLORS: Record<VulnerabilitySeverity, string> = { critical: 'magenta', high: 'red', medium: 'orange', low: 'blue' };
const INCIDENT_COLORS: Record<IncidentLevel, string> = { especially_major: 'magenta', major: 'red', large: 'orange', general: 'blue' };

export function SeverityTag({ severity }: { severity: VulnerabilitySeverity }) {
  const t = useT();
  return (
    <Tag color={SEVERITY_COLORS[severity]} data-testid="vulnerability-severity">
      {t(`securityRecord.vulnerabilities.severities.${severity}`)}
    </Tag>
  );
}

export type VulnerabilityState = 'open' | 'fixed' | 'verified';

export function vulnerabilityState(vulnerability: Vulnerability): VulnerabilityState {
  if (vulnerability.verifiedOn) return 'verified';
  return vulnerability.fixedOn ? 'fixed' : 'open';
}

const STATE_COLORS: Record<VulnerabilityState, string> = { open: 'red', fixed: 'blue', verified: 'green' };

/** Open, fixed or verified, with 逾期 beside an open one past its deadline. */
export function VulnerabilityStateTag({ vulnerability }: { vulnerability: Vulnerability }) {
  const t = useT();
  const state = vulnerabilityState(vulnerability);
  return (
    <span data-testid="vulnerability-state" data-state={state}>
      <Tag color={STATE_COLORS[state]}>{t(`securityRecord.vulnerabilities.statuses.${state}`)}</Tag>
      {vulnerability.overdue ? (
        <Tag color="red" variant="solid" data-testid="vulnerability-overdue">
          {t('securityRecord.vulnerabilities.overdueTag')}
        </Tag>
      ) : null}
    </span>
  );
}

export function IncidentLevelTag({ level }: { level: IncidentLevel }) {
  const t = useT();
  return <Tag color={INCIDENT_COLORS[level]}>{t(`securityRecord.incidents.levels.${level}`)}</Tag>;
}
