import { EFFICIENCY_RULE_LABELS, type EfficiencyRule, type Finding, type RectificationStage } from '@yunshu/shared/efficiency-cases-api';
import { Tag } from 'antd';
import { type MessageKey, type Translate, useLang, useT } from '../../i18n/i18n-provider.tsx';

const STAGE_COLORS: Record<RectificationStage, string> = {
  open: 'default',
  warning_proposed: 'gold',
  warning_issued: 'orange',
  responded: 'processing',
  escalated: 'red',
  stopped: 'volcano',
  reclaimed: 'volcano',
  rectified: 'green',
  dismissed: 'default',
};

export function StageTag({ stage }: { stage: RectificationStage }) {
  const t = useT();
  return (
    <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }} data-testid="case-stage" data-stage={stage}>
      {t(`efficiency.cases.stages.${stage}`)}
    </Tag>
  );
}

export function RuleLabel({ rule }: { rule: EfficiencyRule }) {
  const { pick } = useLang();
  return <span data-testid="finding-rule">{pick(EFFICIENCY_RULE_LABELS[rule])}</span>;
}

const EVIDENCE_KEYS = ['cpuP95Mean', 'memoryP95Mean', 'cpuP95Peak', 'recommendedVcpus', 'networkBytesPeakDay', 'window', 'since', 'leaseExpiresAt'] as const;
type EvidenceKey = (typeof EVIDENCE_KEYS)[number];
const isEvidenceKey = (key: string): key is EvidenceKey => (EVIDENCE_KEYS as readonly string[]).includes(key);

function valueText(value: unknown): string {
  if (value && typeof value === 'object' && 'from' in value && 'to' in value) {
    const w = value as { from: unknown; to: unknown };
    return `${String(w.from)} ~ ${String(w.to)}`;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The figures a rule judged, the known ones first and named; the rest as the server wrote them. */
export function evidenceText(evidence: Finding['evidence'], t: Translate): string {
  const known = EVIDENCE_KEYS.filter((key) => evidence[key] !== undefined && evidence[key] !== null);
  return known.map((key) => `${isEvidenceKey(key) ? t(`efficiency.findings.evidenceKeys.${key}` as MessageKey) : key} ${valueText(evidence[key])}`).join('；');
}

/**
 * What a finding's monthly saving is: a zombie or long-term low server's whole monthly cost (stop or
 * reclaim it), an over-provisioned one's freed vCPUs (right-size it).
 */
export function savingLabel(rule: EfficiencyRule, t: Translate): string {
  return rule === 'over_provisioned' ? t('efficiency.findings.savingResize') : t('efficiency.findings.savingStop');
}
