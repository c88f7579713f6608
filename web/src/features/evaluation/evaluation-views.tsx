import { Descriptions, Flex, Tag, Tooltip, Typography } from 'antd';
import type { EvaluationDimension, EvaluationIndicator, EvaluationStatus, IndicatorScore } from '../../api/contract-types.ts';
import { type MessageKey, type Translate, useT } from '../../i18n/i18n-provider.tsx';

/** The dimension of each indicator, as the contract's labels set it (EVALUATION_INDICATOR_LABELS). */
export const INDICATOR_DIMENSIONS: Record<EvaluationIndicator, EvaluationDimension> = {
  vulnerability_fix_rate: 'security',
  vulnerability_fix_timeliness: 'security',
  incident_notices: 'security',
  mlps_assessment: 'security',
  drills_training: 'security',
  allocation_utilization: 'efficiency',
  idle_findings: 'efficiency',
  rectification_compliance: 'efficiency',
  stopped_compute_share: 'efficiency',
};

const STATUS_COLORS: Record<EvaluationStatus, string> = { draft: 'default', published: 'green' };

/** 草稿（可重算、可调整） / 已发布（冻结）. */
export function EvaluationStatusTag({ status }: { status: EvaluationStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="evaluation-status" data-status={status}>
      {t(`evaluation.statuses.${status}`)}
    </Tag>
  );
}

/** The evidence keys the server writes, in the order people read them (as in the Excel and PDF reports). */
const EVIDENCE_KEYS = [
  'found',
  'fixed',
  'rate',
  'due',
  'fixedOnTime',
  'openOverdue',
  'notices',
  'list',
  'required',
  'completed',
  'missing',
  'drills',
  'trainings',
  'vcpuHours',
  'stoppedVcpuHours',
  'stoppedShare',
  'serverDays',
  'vcpuDays',
  'meanCpu',
  'target',
  'idleFindings',
  'lowUtilization',
  'zombie',
  'warnings',
  'complied',
] as const;
type EvidenceKey = (typeof EVIDENCE_KEYS)[number];
const isEvidenceKey = (key: string): key is EvidenceKey => (EVIDENCE_KEYS as readonly string[]).includes(key);

/** “当年发现漏洞 4，已修复 3，比例 75.0%”: the figures a computed score comes from; empty figures are left out. */
export function evidenceText(evidence: IndicatorScore['evidence'], t: Translate): string {
  const keys = [...EVIDENCE_KEYS.filter((key) => key in evidence), ...Object.keys(evidence).filter((key) => !isEvidenceKey(key))];
  const parts = keys
    .filter((key) => evidence[key] !== null && evidence[key] !== '' && evidence[key] !== undefined)
    .map((key) => `${isEvidenceKey(key) ? t(`evaluation.evidence.${key}` as MessageKey) : key} ${evidence[key]}`);
  return parts.length > 0 ? parts.join(t('evaluation.score.separator')) : t('evaluation.score.noEvidence');
}

/** A signed number of points: `+3.00`, `-2.50`, `0.00`. */
export function signedPoints(points: string): string {
  return Number(points) > 0 ? `+${points}` : points;
}

/** How an indicator's score came about: computed from the records, adjusted by hand, and the evidence. */
export function ScoreBreakdown({ score }: { score: IndicatorScore }) {
  const t = useT();
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        { key: 'computed', label: t('evaluation.score.computed'), children: score.computed },
        { key: 'adjustment', label: t('evaluation.score.adjustment'), children: signedPoints(score.adjustment) },
        { key: 'evidence', label: t('evaluation.score.evidence'), children: evidenceText(score.evidence, t) },
      ]}
    />
  );
}

/** An indicator's score of its points in a results row; the breakdown in a tooltip, adjusted ones marked. */
export function ScoreCell({ score }: { score: IndicatorScore }) {
  const t = useT();
  const adjusted = Number(score.adjustment) !== 0;
  return (
    <Tooltip
      title={
        <Flex vertical gap={2}>
          <span>
            {t('evaluation.score.computed')} {score.computed} · {t('evaluation.score.adjustment')} {signedPoints(score.adjustment)}
          </span>
          <span>{evidenceText(score.evidence, t)}</span>
        </Flex>
      }
    >
      <span style={{ whiteSpace: 'nowrap' }} data-testid={`score-${score.indicator}`} data-adjusted={adjusted ? 'true' : undefined}>
        <Typography.Text strong={adjusted} type={Number(score.score) < Number(score.weight) ? undefined : 'success'}>
          {score.score}
        </Typography.Text>
        {adjusted ? (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {' '}
            ({signedPoints(score.adjustment)})
          </Typography.Text>
        ) : null}
      </span>
    </Tooltip>
  );
}
