/**
 * Contract of the yearly comprehensive evaluation of user units (QP-24, QP-25): the model's indicators
 * and grades (from the district's policy profile), a year's run with each unit's scores, rank, grade and
 * the evidence behind every indicator, the operator's manual adjustments with reasons, publication by
 * the authority (frozen from then on) and the rectification requirements issued to units.
 */
import { z } from 'zod';
import { PageQuerySchema, UnitRefSchema } from './api.ts';
import { DateSchema } from './systems-api.ts';

type Labels<K extends string> = Record<K, { zh: string; en: string }>;

/**
 * The indicators the platform computes from its records. Each has a fixed scoring rule (documented in
 * the labels' `rule`); the profile chooses which apply and their weights (points).
 */
export const EVALUATION_INDICATORS = [
  'vulnerability_fix_rate',
  'vulnerability_fix_timeliness',
  'incident_notices',
  'mlps_assessment',
  'drills_training',
  'allocation_utilization',
  'idle_findings',
  'rectification_compliance',
  'stopped_compute_share',
] as const;
export type EvaluationIndicator = (typeof EVALUATION_INDICATORS)[number];
export const EVALUATION_DIMENSIONS = ['security', 'efficiency'] as const;
export type EvaluationDimension = (typeof EVALUATION_DIMENSIONS)[number];

export const EVALUATION_INDICATOR_LABELS: Labels<EvaluationIndicator> & Record<EvaluationIndicator, { dimension: EvaluationDimension; rule: { zh: string; en: string } }> = {
  vulnerability_fix_rate: {
    zh: '安全漏洞修复率',
    en: 'Vulnerability fix rate',
    dimension: 'security',
    rule: { zh: '当年发现的漏洞中年底前已修复的比例 × 分值；当年无漏洞记录得满分', en: 'share of the year’s vulnerabilities fixed by year end × points; full points when none were found' },
  },
  vulnerability_fix_timeliness: {
    zh: '安全漏洞修复及时率',
    en: 'Vulnerability fix timeliness',
    dimension: 'security',
    rule: { zh: '已到期（或已修复）漏洞中在时限内修复的比例 × 分值；无到期漏洞得满分', en: 'share of due (or fixed) vulnerabilities fixed within their deadline × points; full points when none were due' },
  },
  incident_notices: {
    zh: '安全事件通报次数',
    en: 'Security notices received',
    dimension: 'security',
    rule: { zh: '每被通报一次扣除规定分数，扣完为止', en: 'the set deduction per notice received, down to zero' },
  },
  mlps_assessment: {
    zh: '等保测评完成情况',
    en: 'MLPS assessments completed',
    dimension: 'security',
    rule: {
      zh: '须年度测评的系统（等保级别有复测周期）中当年完成测评的比例 × 分值；无须测评系统得满分',
      en: 'share of the systems due a yearly assessment (their MLPS level has a re-assessment interval) assessed in the year × points; full points when none is due',
    },
  },
  drills_training: {
    zh: '应急演练和安全培训',
    en: 'Emergency drills and security training',
    dimension: 'security',
    rule: { zh: '当年组织应急演练、开展安全培训各得一半分值', en: 'half the points for a drill held in the year, half for training' },
  },
  allocation_utilization: {
    zh: '资源利用率',
    en: 'Utilisation of the allocation',
    dimension: 'efficiency',
    rule: {
      zh: '当年云主机按分配 vCPU 加权的日均 CPU 使用率 ÷ 目标使用率（封顶 1）× 分值；当年无监测数据得满分',
      en: 'the year’s daily mean CPU utilisation weighted by allocated vCPUs ÷ the target utilisation (at most 1) × points; full points without monitoring data',
    },
  },
  idle_findings: {
    zh: '闲置和僵尸资源',
    en: 'Idle and zombie findings',
    dimension: 'efficiency',
    rule: { zh: '当年每发现一项使用率长期较低或僵尸系统扣除规定分数，扣完为止', en: 'the set deduction per low-utilisation or zombie finding of the year, down to zero' },
  },
  rectification_compliance: {
    zh: '整改配合情况',
    en: 'Rectification compliance',
    dimension: 'efficiency',
    rule: {
      zh: '整改期限在当年的警告中，在期限内反馈或完成整改的比例 × 分值；当年无整改警告得满分',
      en: 'share of the warnings due in the year answered or rectified by their deadline × points; full points without warnings',
    },
  },
  stopped_compute_share: {
    zh: '资源闲置（停机占用）',
    en: 'Idle allocation (stopped servers)',
    dimension: 'efficiency',
    rule: {
      zh: '(1 − 当年云主机 vCPU 停机时长占比) × 分值：停机仍占用已分配资源；当年无云主机得满分',
      en: '(1 − the share of the year’s vCPU-hours spent stopped) × points: a stopped server still holds its allocation; full points without servers',
    },
  },
};

export const EVALUATION_GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];
export const EVALUATION_GRADE_LABELS: Labels<EvaluationGrade> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};

export const EVALUATION_STATUSES = ['draft', 'published'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_STATUS_LABELS: Labels<EvaluationStatus> = {
  draft: { zh: '草稿（可重算、可调整）', en: 'Draft (can be re-run and adjusted)' },
  published: { zh: '已发布（冻结）', en: 'Published (frozen)' },
};

export const RECTIFICATION_STATUSES = ['open', 'responded', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS: Labels<RectificationStatus> = {
  open: { zh: '待整改', en: 'Open' },
  responded: { zh: '已反馈', en: 'Responded' },
  closed: { zh: '已销号', en: 'Closed' },
};

const points = z.string().regex(/^-?\d+(\.\d{1,2})?$/);

export const YearParamsSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const IndicatorScoreSchema = z.object({
  indicator: z.enum(EVALUATION_INDICATORS),
  dimension: z.enum(EVALUATION_DIMENSIONS),
  weight: points,
  computed: points,
  adjustment: points,
  score: points,
  /** The figures the computed score comes from, e.g. { found: 4, fixed: 3 }. */
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type IndicatorScore = z.infer<typeof IndicatorScoreSchema>;

export const UnitResultSchema = z.object({
  unit: UnitRefSchema,
  total: points,
  rank: z.number().int(),
  grade: z.enum(EVALUATION_GRADES),
  scores: z.array(IndicatorScoreSchema),
});
export type UnitResult = z.infer<typeof UnitResultSchema>;

export const EvaluationSummarySchema = z.object({
  id: z.string(),
  year: z.number().int(),
  status: z.enum(EVALUATION_STATUSES),
  units: z.number().int(),
  runAt: z.string(),
  runBy: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

export const ModelIndicatorSchema = z.object({
  indicator: z.enum(EVALUATION_INDICATORS),
  weight: z.number(),
  deductPer: z.number().nullable(),
  /** allocation_utilization: the utilisation (0–1) that earns full points. */
  target: z.number().nullable(),
});

export const AdjustmentSchema = z.object({
  id: z.string(),
  unit: UnitRefSchema,
  indicator: z.enum(EVALUATION_INDICATORS),
  points,
  reason: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
});
export type EvaluationAdjustment = z.infer<typeof AdjustmentSchema>;

export const EvaluationDetailSchema = EvaluationSummarySchema.extend({
  model: z.object({
    indicators: z.array(ModelIndicatorSchema),
    grades: z.array(z.object({ grade: z.enum(EVALUATION_GRADES), min: z.number() })),
    article: z.string().nullable(),
  }),
  results: z.array(UnitResultSchema),
  adjustments: z.array(AdjustmentSchema),
});
export type EvaluationDetail = z.infer<typeof EvaluationDetailSchema>;

export const AdjustBodySchema = z.object({
  unitId: z.uuid(),
  indicator: z.enum(EVALUATION_INDICATORS),
  points: points.refine((value) => Number(value) !== 0, { error: 'an adjustment of zero points changes nothing' }),
  reason: z.string().trim().min(4).max(500),
});

export const RectificationSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  unit: UnitRefSchema,
  requirement: z.string(),
  dueOn: DateSchema,
  status: z.enum(RECTIFICATION_STATUSES),
  overdue: z.boolean(),
  issuedBy: z.string(),
  issuedAt: z.string(),
  response: z.string().nullable(),
  respondedBy: z.string().nullable(),
  respondedAt: z.string().nullable(),
  closingNote: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type Rectification = z.infer<typeof RectificationSchema>;

export const IssueRectificationBodySchema = z.object({
  unitId: z.uuid(),
  requirement: z.string().trim().min(4).max(2000),
  dueOn: DateSchema,
});
export const RespondRectificationBodySchema = z.object({ response: z.string().trim().min(4).max(2000) });
export const CloseRectificationBodySchema = z.object({ note: z.string().trim().min(2).max(1000) });
export const RectificationListQuerySchema = PageQuerySchema.extend({
  year: z.coerce.number().int().optional(),
  status: z.enum(RECTIFICATION_STATUSES).optional(),
});

/** A unit's latest published grade, shown beside its applications (QP-25). */
export const UnitGradeSchema = z.object({ year: z.number().int(), grade: z.enum(EVALUATION_GRADES), total: points, rank: z.number().int(), units: z.number().int() });
export type UnitGrade = z.infer<typeof UnitGradeSchema>;
