/**
 * Contract of efficiency findings and rectification cases (QP-14, SJ-14): what the daily rules found
 * (long-term low utilisation, zombie systems, over-provisioning, missing monitoring, expired temporary
 * resources) and the case each finding opens — warning, the authority's review where the profile asks
 * for it, the unit's response, closing, or a stop-use decision.
 */
import { z } from 'zod';
import { PageQuerySchema } from './api.ts';
import { AMOUNT_PATTERN } from './money.ts';

export const EFFICIENCY_RULES = ['low_utilization', 'zombie', 'over_provisioned', 'monitoring_missing', 'temporary_expired'] as const;
export const EfficiencyRuleSchema = z.enum(EFFICIENCY_RULES);
export type EfficiencyRule = z.infer<typeof EfficiencyRuleSchema>;

export const EFFICIENCY_RULE_LABELS: Record<EfficiencyRule, { zh: string; en: string }> = {
  low_utilization: { zh: '使用率长期较低', en: 'Long-term low utilisation' },
  zombie: { zh: '僵尸系统', en: 'Zombie system' },
  over_provisioned: { zh: '配置过高（规格优化建议）', en: 'Over-provisioned (right-size)' },
  monitoring_missing: { zh: '监控缺失', en: 'Monitoring missing' },
  temporary_expired: { zh: '临时资源到期未回收', en: 'Temporary resource expired, not reclaimed' },
};

/**
 * open → (warning_proposed, where the authority reviews warnings) → warning_issued → responded →
 * rectified, or escalated → stopped (QP-14) or reclaimed (SJ-14). Dismissed: the authority did not
 * approve the warning, or the finding cleared before any warning.
 */
export const RECTIFICATION_STAGES = ['open', 'warning_proposed', 'warning_issued', 'responded', 'escalated', 'stopped', 'rectified', 'reclaimed', 'dismissed'] as const;
export const RectificationStageSchema = z.enum(RECTIFICATION_STAGES);
export type RectificationStage = z.infer<typeof RectificationStageSchema>;
export const CLOSED_STAGES: readonly RectificationStage[] = ['rectified', 'reclaimed', 'dismissed'];

export const FindingSchema = z.object({
  id: z.uuid(),
  rule: EfficiencyRuleSchema,
  resource: z.object({ id: z.uuid(), name: z.string(), desiredState: z.string() }),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  systemId: z.uuid().nullable(),
  status: z.enum(['open', 'cleared']),
  evidence: z.record(z.string(), z.unknown()).describe('the figures the rule judged, with the thresholds and the window'),
  monthlySaving: z
    .string()
    .regex(AMOUNT_PATTERN)
    .nullable()
    .describe('CNY per month at the prices in force: right-sizing saves the freed vCPUs; stopping or reclaiming a zombie or low server saves its whole monthly cost; null: none or a price unknown'),
  detectedAt: z.string(),
  lastSeenAt: z.string(),
  clearedAt: z.string().nullable(),
  caseId: z.uuid().nullable(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const FindingListQuerySchema = PageQuerySchema.extend({
  rule: EfficiencyRuleSchema.optional(),
  status: z.enum(['open', 'cleared', 'all']).default('open'),
  unitId: z.uuid().optional(),
  resourceId: z.uuid().optional(),
});

/**
 * 各单位闲置资源月度费用: a unit's idle spend is the sum of the monthly savings of its open findings —
 * the whole monthly cost of its zombie and long-term low servers and the freed vCPUs of its
 * over-provisioned ones, at the prices in force when the rules last ran. Missing monitoring and
 * expired temporary resources count as findings but carry no saving.
 */
export const UnitIdleSpendSchema = z.object({
  unit: z.object({ id: z.uuid(), name: z.string() }),
  openFindings: z.number().int().describe('open findings of every rule'),
  idleMonthlySpend: z.string().regex(AMOUNT_PATTERN).describe('CNY per month: the sum of the open findings’ monthly savings'),
});
export type UnitIdleSpend = z.infer<typeof UnitIdleSpendSchema>;

export const IdleSpendRankingSchema = z.object({
  items: z.array(UnitIdleSpendSchema).describe('units with open findings, by idle spend then open findings, most first'),
  openFindings: z.number().int().describe('all open findings the caller sees'),
  idleMonthlySpend: z.string().regex(AMOUNT_PATTERN).describe('the sum over the units'),
});
export type IdleSpendRanking = z.infer<typeof IdleSpendRankingSchema>;

export const RuleRunSchema = z.object({
  judged: z.number().int().describe('resources judged'),
  opened: z.number().int(),
  refreshed: z.number().int(),
  cleared: z.number().int(),
  casesOpened: z.number().int(),
});
export type RuleRun = z.infer<typeof RuleRunSchema>;

export const CaseEventSchema = z.object({
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  stageFrom: RectificationStageSchema.nullable(),
  stageTo: RectificationStageSchema,
  comment: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const RESPONSE_KINDS = ['explanation', 'downsizing', 'reclamation'] as const;
export const CaseResponseSchema = z.object({
  kind: z.enum(RESPONSE_KINDS).describe('an explanation, or the downsizing (change) or reclamation application that rectifies'),
  text: z.string().trim().min(1).max(2000),
  applicationNumber: z.string().trim().min(1).max(40).optional().describe('the change or reclamation application, for downsizing and reclamation'),
});

export const RectificationCaseSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  stage: RectificationStageSchema,
  rule: EfficiencyRuleSchema,
  finding: FindingSchema,
  warningText: z.string().nullable(),
  deadline: z.object({ date: z.string(), provisional: z.boolean(), overdue: z.boolean() }).nullable(),
  response: CaseResponseSchema.nullable(),
  refusalAction: z.enum(['stop', 'stop_and_reclaim']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  /** What the caller may do next: the action names of the transitions below. */
  actions: z.array(z.string()),
});
export type RectificationCase = z.infer<typeof RectificationCaseSchema>;

export const RectificationCaseDetailSchema = RectificationCaseSchema.extend({ timeline: z.array(CaseEventSchema) });
export type RectificationCaseDetail = z.infer<typeof RectificationCaseDetailSchema>;

export const CaseListQuerySchema = PageQuerySchema.extend({
  stage: RectificationStageSchema.optional(),
  state: z.enum(['active', 'closed', 'all']).default('active'),
  unitId: z.uuid().optional(),
});

const comment = z.string().trim().min(1).max(2000);
export const ProposeWarningBodySchema = z.object({ text: comment.describe('the warning and what the unit must rectify') });
export const DecisionBodySchema = z.object({ approve: z.boolean(), comment: comment.optional() });
export const CommentBodySchema = z.object({ comment: comment.optional() });
export const EscalateBodySchema = z.object({ comment: comment.describe('why the unit is judged to refuse rectification') });
