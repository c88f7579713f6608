/**
 * District policy profiles (政策配置): every number or choice a district's e-government cloud regulation
 * fixes, each with the article it comes from, read from `policies/<id>.yaml` and validated once at boot.
 *
 * The catalog below defines what each parameter means to the code (its group, label, unit, value type and
 * how people read it); a profile gives its value, article and basis. Adding a district is adding a file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { PolicyView } from '@yunshu/shared/api';
import { EVALUATION_INDICATOR_LABELS, EVALUATION_INDICATORS } from '@yunshu/shared/evaluation-api';
import { FAULT_SEVERITIES, FAULT_SEVERITY_LABELS, type FaultSeverity, type INSPECTION_SCHEDULES } from '@yunshu/shared/operations-api';
import { GO_LIVE_CHECK_ITEMS, GO_LIVE_CHECK_LABELS, type GoLiveCheckItem, VULNERABILITY_SEVERITIES, VULNERABILITY_SEVERITY_LABELS, type VulnerabilitySeverity } from '@yunshu/shared/security-api';
import { ROLE_DEFINITIONS, ROLES, SEPARATED_ADMIN_ROLES } from '@yunshu/shared/roles';
import { parseDocument } from 'yaml';
import { z } from 'zod';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
export const DEFAULT_POLICY_DIR = join(REPO_ROOT, 'policies');
/** A profile's id is its file name: `qingpu-2023` for `policies/qingpu-2023.yaml`. */
const PROFILE_ID = /^[a-z0-9-]+$/;

/** Thrown for a profile that is missing or malformed; one line per problem: `file: field: reason`. */
export class PolicyProfileError extends Error {
  override name = 'PolicyProfileError';
}

// --- value types ----------------------------------------------------------------------------------

/** Only for an input that is present: a missing field keeps the generic "missing" reason. */
function whenPresent(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message);
}

const BilingualSchema = z.strictObject({ zh: z.string().trim().min(1), en: z.string().trim().min(1) });
type Bilingual = z.output<typeof BilingualSchema>;

const ARTICLE = /^[A-Z][A-Z0-9]*-[1-9]\d{0,2}$/;
const ArticleSchema = z
  .string({ error: whenPresent('expected an article code such as "QP-9" or "QP-5, QP-7", or null') })
  .refine((text) => text.split(/,\s*/).every((code) => ARTICLE.test(code)), {
    error: 'expected an article code such as "QP-9" or "QP-5, QP-7", or null',
  });

const DECIMAL_MESSAGE = 'expected a decimal string such as "1.2" (in quotes)';
const DecimalSchema = z
  .string({ error: whenPresent(DECIMAL_MESSAGE) })
  .regex(/^(?:0|[1-9]\d*)(?:\.\d+)?$/, { error: DECIMAL_MESSAGE });
const RatioAtLeastOneSchema = DecimalSchema.regex(/^[1-9]/, { error: 'must be at least 1 (the quota itself)' });
const FractionSchema = DecimalSchema.regex(/^(?:0(?:\.\d+)?|1(?:\.0+)?)$/, { error: 'must be between 0 and 1' });

const CountSchema = z.int({ error: whenPresent('expected a whole number such as 7') }).min(1);
const FlagSchema = z.boolean({ error: whenPresent('expected true or false') });

/** Roles that may take an approval step: the authority's and the operator's, not the 三员 administrators. */
const APPROVER_ROLES = ROLES.filter(
  (role) =>
    !SEPARATED_ADMIN_ROLES.includes(role) &&
    ROLE_DEFINITIONS[role].unitTypes.some((type) => type === 'authority' || type === 'operator'),
);

const ApprovalStepSchema = z.strictObject({
  role: z
    .enum(ROLES, {
      error: (issue) =>
        issue.input === undefined
          ? undefined
          : `unknown role "${String(issue.input)}"; roles that can approve: ${APPROVER_ROLES.join(', ')}`,
    })
    .refine((role) => APPROVER_ROLES.includes(role), {
      error: (issue) => `"${String(issue.input)}" cannot approve; roles that can approve: ${APPROVER_ROLES.join(', ')}`,
    }),
  label: BilingualSchema,
});
export type ApprovalStep = z.output<typeof ApprovalStepSchema>;

const ApprovalStepsSchema = z
  .array(ApprovalStepSchema)
  .min(1, { error: 'expected at least one approval step' })
  .superRefine((steps, ctx) => {
    steps.forEach((step, index) => {
      if (steps.findIndex((other) => other.role === step.role) !== index) {
        ctx.addIssue({ code: 'custom', path: [index, 'role'], message: `${step.role} already takes an earlier step` });
      }
    });
  });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const SettlementPeriodSchema = z
  .strictObject({
    startMonth: z.int().min(1).max(12),
    startDay: z.int().min(1).max(31),
    lengthMonths: z.int().min(1).refine((months) => 12 % months === 0, {
      error: 'must divide the year: 1, 2, 3, 4, 6 or 12',
    }),
  })
  .refine((period) => period.startDay <= (DAYS_IN_MONTH[period.startMonth - 1] as number), {
    path: ['startDay'],
    error: 'the start month has no such day in every year',
  });
export type SettlementPeriod = z.output<typeof SettlementPeriodSchema>;

const REFUSAL_ACTIONS = { stop: '停止使用，直至整改完成', stop_and_reclaim: '停止发放并回收' } as const;
const SYNC_PERIODS = { none: '不同步', weekly: '每周', monthly: '每月', quarterly: '每季度' } as const;
const PRORATIONS = { hourly: '月单价按当月小时数折算，按实际使用小时计费' } as const;
const EVALUATION_PERIODS = { yearly: '每年', half_yearly: '每半年', quarterly: '每季度' } as const;
const INSPECTION_DAYS = { working_days: '每个工作日（法定节假日除外，调休上班日须巡检）', calendar_days: '每天（含周末和节假日）' } as const satisfies Record<(typeof INSPECTION_SCHEDULES)[number], string>;
const PRE_GO_LIVE_CHECKS = Object.fromEntries(GO_LIVE_CHECK_ITEMS.map((item) => [item, GO_LIVE_CHECK_LABELS[item].zh])) as Record<GoLiveCheckItem, string>;
const SECURITY_INDICATORS = {
  incident_notices: '安全事件通报次数',
  vulnerability_fix_rate: '安全漏洞修复率',
  vulnerability_fix_timeliness: '安全漏洞修复及时率',
  mlps_assessment: '等保测评完成情况',
} as const;

/**
 * The yearly evaluation's model (QP-24): the indicators the platform computes, each with its points
 * (summing to 100) and, for counted indicators, the points deducted per occurrence; and the lowest
 * total of each grade.
 */
const DEDUCTED: readonly string[] = ['incident_notices', 'idle_findings'];
const EvaluationModelSchema = z.strictObject({
  indicators: z
    .array(
      z.strictObject({
        indicator: z.enum(EVALUATION_INDICATORS),
        weight: z.number().positive().multipleOf(0.5),
        deductPer: z.number().positive().multipleOf(0.5).optional(),
        target: z.number().gt(0).lte(1).optional(),
      }),
    )
    .min(1)
    .refine((list) => new Set(list.map((i) => i.indicator)).size === list.length, { error: 'each indicator may appear once' })
    .refine((list) => list.reduce((sum, i) => sum + i.weight, 0) === 100, { error: 'the weights must add up to 100 points' })
    .refine((list) => list.every((i) => DEDUCTED.includes(i.indicator) === (i.deductPer !== undefined)), {
      error: 'incident_notices and idle_findings need deductPer (points per occurrence); other indicators take none',
    })
    .refine((list) => list.every((i) => (i.indicator === 'allocation_utilization') === (i.target !== undefined)), {
      error: 'allocation_utilization needs target (the utilisation, 0–1, that earns full points); other indicators take none',
    }),
  grades: z
    .strictObject({ excellent: z.number().max(100), good: z.number(), pass: z.number().min(0) })
    .refine((g) => g.excellent > g.good && g.good > g.pass, { error: 'grades must descend: excellent > good > pass' }),
});
export type EvaluationModel = z.output<typeof EvaluationModelSchema>;

function choiceOf<K extends string>(labels: Record<K, string>) {
  return z.enum(Object.keys(labels) as [K, ...K[]]);
}
function listOf<K extends string>(labels: Record<K, string>) {
  return z
    .array(choiceOf(labels))
    .min(1)
    .refine((items) => new Set(items).size === items.length, { error: 'lists an item twice' });
}

// --- how values read ------------------------------------------------------------------------------

const DIGITS = '零一二三四五六七八九';

/** 26 → 二十六, 110 → 一百一十 (article numbers). */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] as string;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    return `${tens === 1 ? '' : DIGITS[tens]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  }
  const rest = n % 100;
  const hundreds = `${DIGITS[Math.floor(n / 100)]}百`;
  if (rest === 0) return hundreds;
  if (rest < 10) return `${hundreds}零${DIGITS[rest]}`;
  return `${hundreds}${rest < 20 ? '一' : ''}${chineseNumber(rest)}`;
}

/** "1.2" → "120%", "0.10" → "10%": the decimal point moved on the digits, never through a float. */
function percent(decimal: string): string {
  const [whole = '', fraction = ''] = decimal.split('.');
  const digits = whole + fraction.padEnd(2, '0');
  const integer = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(whole.length + 2).replace(/0+$/, '');
  return rest ? `${integer}.${rest}%` : `${integer}%`;
}

const yesNo = (flag: boolean) => (flag ? '是' : '否');
const workingDays = (days: number) => `${days} 个工作日`;
const roleChain = (steps: readonly ApprovalStep[]) =>
  steps.map((step) => ROLE_DEFINITIONS[step.role].label.zh).join(' → ');

// --- the catalog ----------------------------------------------------------------------------------

export const POLICY_GROUPS = [
  'approval',
  'expansion',
  'change',
  'reclamation',
  'temporary',
  'migration',
  'cityCloud',
  'efficiency',
  'dataSync',
  'settlement',
  'security',
  'operations',
  'evaluation',
] as const;
export type PolicyGroup = (typeof POLICY_GROUPS)[number];

export type PolicyUnit = 'working_days' | 'days' | 'months' | 'ratio' | 'level';

interface ParameterDefinition<V extends z.ZodType> {
  label: Bilingual;
  unit?: PolicyUnit;
  value: V;
  display(value: z.output<V>): string;
}

function parameter<V extends z.ZodType>(definition: ParameterDefinition<V>): ParameterDefinition<V> {
  return definition;
}

// The recurring kinds of parameter.
const flag = (zh: string, en: string) => parameter({ label: { zh, en }, value: FlagSchema, display: yesNo });
const deadline = (zh: string, en: string) =>
  parameter({ label: { zh, en }, unit: 'working_days', value: CountSchema, display: workingDays });
const steps = (zh: string, en: string) =>
  parameter({ label: { zh, en }, value: ApprovalStepsSchema, display: roleChain });
const choice = <K extends string>(zh: string, en: string, labels: Record<K, string>) =>
  parameter({ label: { zh, en }, value: choiceOf(labels), display: (item) => labels[item] });
const checklist = <K extends string>(zh: string, en: string, labels: Record<K, string>) =>
  parameter({
    label: { zh, en },
    value: listOf(labels),
    display: (items) => items.map((item) => labels[item]).join('、'),
  });
const calendarDays = (zh: string, en: string, display: (days: number) => string) =>
  parameter({ label: { zh, en }, unit: 'days', value: CountSchema, display });
/** One whole number per severity, every severity given: `{ critical: 3, high: 7, … }`. */
const perSeverity = <K extends string>(zh: string, en: string, severities: readonly K[], labels: Record<K, { zh: string }>, unit: string) =>
  parameter({
    label: { zh, en },
    value: z.strictObject(Object.fromEntries(severities.map((severity) => [severity, CountSchema]))) as unknown as z.ZodType<Record<K, number>>,
    display: (values: Record<K, number>) => severities.map((severity) => `${labels[severity].zh} ${values[severity]} ${unit}`).join('、'),
  });
const MLPS_LEVELS = ['1', '2', '3', '4', '5'] as const;
const mlpsLevel = (zh: string, en: string, display: (level: string) => string) =>
  parameter({
    label: { zh, en },
    unit: 'level',
    value: z.int().min(1).max(5),
    display: (level) => display(chineseNumber(level)),
  });

/** Every parameter a profile must give. A key's first segment is its group. */
export const POLICY_PARAMETERS = {
  'approval.resourceApplication.requiresProject': flag(
    '资源申请须属已立项（备案）项目',
    'Resource applications need an approved project',
  ),
  'approval.newProjectFiling.required': flag(
    '新建项目须经运行管理单位确认并报主管部门备案',
    'New projects are confirmed by the operator and filed with the authority',
  ),
  'approval.resourceApplication.steps': steps('资源申请审批层级', 'Resource application approval levels'),
  'approval.resourceApplication.deadlineWorkingDays': deadline('资源申请审批时限', 'Resource application approval deadline'),

  'expansion.requiresBasis': flag('扩容申请须说明依据', 'Expansion requests state their basis'),
  'expansion.ceilingRatio': parameter({
    label: { zh: '扩容后资源总量上限', en: 'Ceiling of total resources after expansion' },
    unit: 'ratio',
    value: RatioAtLeastOneSchema,
    display: (ratio) => `配额 × ${percent(ratio)}`,
  }),
  'expansion.steps': steps('扩容审核', 'Expansion review'),
  'expansion.reviewWorkingDays': deadline('扩容审核时限', 'Expansion review deadline'),
  'expansion.executionWorkingDays': deadline('审核通过后完成扩容时限', 'Deadline to expand once approved'),

  'change.steps': steps('资源变更审核', 'Resource change review'),
  'change.reviewWorkingDays': deadline('资源变更审核时限', 'Resource change review deadline'),
  'change.providerAdjustment.planInAdvance': flag(
    '服务商优化调整须提前报送方案',
    'Providers submit adjustment plans in advance',
  ),
  'change.providerAdjustment.majorNeedsAuthorityReview': flag(
    '重大调整须经第三方或专家评估并报主管部门审核',
    'Major adjustments need expert evaluation and authority review',
  ),

  'reclamation.steps': steps('回收审核', 'Reclamation review'),
  'reclamation.workingDays': deadline('回收审核并完成回收时限', 'Deadline to review and reclaim'),
  'reclamation.requiresBackupConfirmation': flag(
    '回收前使用单位须确认已完成备份迁移',
    'Unit confirms backup and migration before reclamation',
  ),
  'reclamation.irreversible': flag('回收不可逆', 'Reclamation is irreversible'),

  'temporary.allowed': flag('开放临时资源申请', 'Temporary resources may be requested'),
  'temporary.requiresProject': flag('临时资源须已立项', 'Temporary resources need an approved project'),
  'temporary.steps': steps('临时资源（及延期）审核', 'Temporary resource (and extension) review'),
  'temporary.reviewWorkingDays': deadline('临时资源审核时限', 'Temporary resource review deadline'),
  'temporary.maxMonths': parameter({
    label: { zh: '临时资源使用期限（自配置之日起）', en: 'Longest use of temporary resources (from provisioning)' },
    unit: 'months',
    value: CountSchema,
    display: (months) => `${months} 个月`,
  }),
  'temporary.extensionLeadDays': calendarDays(
    '延期申请须提前',
    'Extension requested ahead of expiry',
    (days) => `提前 ${days} 天`,
  ),

  'approval.cyclicalWorkloadDeclared': flag(
    '周期性业务负载须在申请时明确',
    'A periodic workload is declared with the application',
  ),

  'migration.requiresPreCloudTesting': flag(
    '已建系统迁移上云前须测试测评和适配改造',
    'Existing systems are tested and adapted before migration',
  ),

  'cityCloud.allowed': parameter({
    label: { zh: '可申请使用市政务云资源', en: 'City-level cloud resources may be requested' },
    value: FlagSchema,
    display: (allowed) => (allowed ? '可申请（服务目录和单价按市云招标结果）' : '否'),
  }),

  'efficiency.monitoringAgentRequired': flag('须部署云资源使用监控软件', 'Units run the monitoring agent'),
  'efficiency.monitoringStaleMinutes': parameter({
    label: { zh: '监控缺失的认定：运行中资源的监控数据中断超过', en: 'Monitoring missing: a running server’s agent series silent for more than' },
    value: CountSchema,
    display: (minutes) => `${minutes} 分钟`,
  }),
  'efficiency.lowUtilization.belowRatio': parameter({
    label: { zh: '使用率较低的认定：平均使用率低于', en: 'Low utilization: average utilization below' },
    unit: 'ratio',
    value: FractionSchema,
    display: (ratio) => `低于 ${percent(ratio)}`,
  }),
  'efficiency.lowUtilization.days': calendarDays(
    '使用率“长期”较低的认定：持续天数',
    'Low utilization: for this many days',
    (days) => `连续 ${days} 天`,
  ),
  'efficiency.zombieIdleDays': calendarDays(
    '僵尸系统的认定：无业务访问天数',
    'Zombie system: days without business traffic',
    (days) => `连续 ${days} 天`,
  ),
  'efficiency.warningNeedsAuthorityReview': flag('警告须报主管部门审核', 'Warnings are reviewed by the authority first'),
  'efficiency.stopNeedsAuthorityConsent': flag('停止使用须经主管部门同意', 'Stopping use needs the authority’s consent'),
  'efficiency.refusalAction': choice('经警告拒不整改的处理', 'When a warned unit refuses to rectify', REFUSAL_ACTIONS),
  'efficiency.lowUtilization.memoryBelowRatio': parameter({
    label: { zh: '使用率较低的认定：内存平均使用率同时低于', en: 'Low utilization: average memory utilization also below' },
    unit: 'ratio',
    value: FractionSchema,
    display: (ratio) => `低于 ${percent(ratio)}`,
  }),
  'efficiency.minDataCoverage': parameter({
    label: { zh: '判定所需监测数据：观察期内有数据的天数不少于', en: 'Judged only with figures on at least this share of the window’s days' },
    unit: 'ratio',
    value: FractionSchema,
    display: (ratio) => `观察期的 ${percent(ratio)}`,
  }),
  'efficiency.zombie.cpuBelowRatio': parameter({
    label: { zh: '僵尸系统的认定：每日 CPU 峰值使用率低于', en: 'Zombie system: daily peak CPU utilization below' },
    unit: 'ratio',
    value: FractionSchema,
    display: (ratio) => `低于 ${percent(ratio)}`,
  }),
  'efficiency.zombie.networkBytesPerDay': parameter({
    label: { zh: '僵尸系统的认定：每日网络收发流量低于（字节）', en: 'Zombie system: daily network traffic in and out below (bytes)' },
    value: CountSchema,
    display: (bytes) => `低于 ${bytes} 字节/天`,
  }),
  'efficiency.rightSize.targetRatio': parameter({
    label: { zh: '规格优化建议：按峰值使用率折算后的目标使用率', en: 'Right-sizing: target utilization of the peak on the recommended size' },
    unit: 'ratio',
    value: FractionSchema,
    display: (ratio) => `峰值使用率 ${percent(ratio)}`,
  }),
  'efficiency.rectificationWorkingDays': deadline('警告提示后责令整改期限', 'Deadline to rectify after a warning'),
  'efficiency.rectificationReminderDays': calendarDays(
    '整改期限届满前提醒天数',
    'Remind the unit this many days before the rectification deadline',
    (days) => `届满前 ${days} 天`,
  ),

  'dataSync.period': choice(
    '上云项目和资源使用情况同步至大数据资源平台',
    'Sync of projects and usage to the big-data platform',
    SYNC_PERIODS,
  ),

  'settlement.period': parameter({
    label: { zh: '结算周期', en: 'Settlement period' },
    value: SettlementPeriodSchema,
    display: ({ startMonth, startDay, lengthMonths }) =>
      lengthMonths === 12
        ? `每年 ${startMonth} 月 ${startDay} 日起 12 个月`
        : `自 ${startMonth} 月 ${startDay} 日起每 ${lengthMonths} 个月`,
  }),
  'settlement.thirdPartyAudit': flag('委托第三方审价评估机构计量计费', 'A third-party auditor meters and prices usage'),
  'settlement.planNeedsAuthorityApproval': flag(
    '年度结算方案须报主管部门审核',
    'The yearly settlement plan needs authority approval',
  ),
  'settlement.supervisionFeeCap': parameter({
    label: { zh: '第三方服务监管专项费用上限', en: 'Cap on the third-party supervision fee' },
    unit: 'ratio',
    value: FractionSchema,
    display: (ratio) => `年度结算费用的 ${percent(ratio)}`,
  }),
  'settlement.proration': choice('不足整月的计费方式', 'Charging a part of a month', PRORATIONS),
  'settlement.stoppedServersBilled': flag('停机期间云主机计算资源（vCPU、内存）照常计费', 'Compute of a stopped server is still charged'),
  'settlement.nonBudgetUnitsAllowed': flag(
    '非区级财政预算单位经主管部门同意可使用（费用自理）',
    'Non-budget units may use the cloud with consent, paying their own way',
  ),

  'security.mlpsMaxLevel': mlpsLevel(
    '可上云系统的等保级别',
    'Highest MLPS level of hosted systems',
    (level) => `等保${level}级及以下（非涉密）`,
  ),
  'security.platformMlpsLevel': mlpsLevel('云平台安全防护等级', 'MLPS level of the cloud platform', (level) => `等保${level}级`),
  'security.preGoLiveChecks': checklist('系统上线前须完成', 'Required before a system goes live', PRE_GO_LIVE_CHECKS),
  'security.commercialCryptoRequired': flag('落实商用密码安全要求', 'Commercial cryptography requirements apply'),
  'security.reassessmentMonths': parameter({
    label: { zh: '运行期间等级保护复测周期（按等保级别）', en: 'MLPS re-assessment interval while in operation, by level' },
    unit: 'months',
    value: z
      .partialRecord(z.enum(MLPS_LEVELS), CountSchema)
      .refine((intervals) => Object.keys(intervals).length > 0, { error: 'give the interval of at least one level, e.g. { 3: 12 }' }),
    display: (intervals) =>
      MLPS_LEVELS.filter((level) => intervals[level] !== undefined)
        .map((level) => `等保${chineseNumber(Number(level))}级每 ${intervals[level]} 个月`)
        .join('、'),
  }),
  'security.reassessmentReminderDays': calendarDays(
    '等级保护复测到期提醒（到期前，自然日）',
    'MLPS re-assessment reminder ahead of its due date (calendar days)',
    (days) => `到期前 ${days} 天提醒，超期再提醒一次`,
  ),
  'security.vulnerabilityFixDays': perSeverity<VulnerabilitySeverity>(
    '安全漏洞修复时限（自发现之日起，自然日）',
    'Days to fix a vulnerability from the day it is found',
    VULNERABILITY_SEVERITIES,
    VULNERABILITY_SEVERITY_LABELS,
    '天',
  ),

  'operations.faultResponseMinutes': perSeverity<FaultSeverity>(
    '故障响应时限（自报告起，分钟）',
    'Minutes to respond to a fault from its report',
    FAULT_SEVERITIES,
    FAULT_SEVERITY_LABELS,
    '分钟',
  ),
  'operations.faultResolveHours': perSeverity<FaultSeverity>(
    '故障解决时限（自报告起，小时）',
    'Hours to resolve a fault from its report',
    FAULT_SEVERITIES,
    FAULT_SEVERITY_LABELS,
    '小时',
  ),
  'operations.inspectionEvery': choice('云平台日常巡检报告提交频次', 'Days on which a platform’s inspection report is due', INSPECTION_DAYS),

  'evaluation.period': choice('使用单位综合评价周期', 'Comprehensive evaluation of units', EVALUATION_PERIODS),
  'evaluation.securityIndicators': checklist(
    '安全状况评价指标',
    'Security indicators evaluated',
    SECURITY_INDICATORS,
  ),
  'evaluation.model': parameter({
    label: { zh: '综合评价指标、分值和等次', en: 'Evaluation indicators, points and grades' },
    value: EvaluationModelSchema,
    display: ({ indicators, grades }) =>
      `${indicators.map((i) => `${EVALUATION_INDICATOR_LABELS[i.indicator].zh} ${i.weight} 分${i.deductPer ? `（每次扣 ${i.deductPer} 分）` : ''}${i.target ? `（目标 ${percent(String(i.target))}）` : ''}`).join('、')}；` +
      `优秀 ≥ ${grades.excellent}、良好 ≥ ${grades.good}、合格 ≥ ${grades.pass}`,
  }),
  'evaluation.resultsInformApplications': flag(
    '评价结果公布并作为资源申请、调整的依据',
    'Results are published and weigh in later applications',
  ),
} satisfies Record<`${PolicyGroup}.${string}`, ParameterDefinition<z.ZodType>>;

type Catalog = typeof POLICY_PARAMETERS;
export type PolicyParameterKey = keyof Catalog;
export const POLICY_PARAMETER_KEYS = Object.keys(POLICY_PARAMETERS) as PolicyParameterKey[];

export interface PolicyParameter<K extends PolicyParameterKey> {
  value: z.output<Catalog[K]['value']>;
  /** QP-n / SJ-n (or a comma-separated list); null when the regulation does not fix the value. */
  article: string | null;
  /** The regulation's words, or where the value comes from when no article fixes it. */
  basis: string | null;
}
export type PolicyParameters = { [K in PolicyParameterKey]: PolicyParameter<K> };

function entrySchema(value: z.ZodType) {
  return z
    .strictObject({
      value,
      article: ArticleSchema.nullable(),
      basis: z.string().trim().min(1).nullable().default(null),
    })
    .refine((entry) => entry.article !== null || entry.basis !== null, {
      path: ['basis'],
      error: 'required when article is null: say where the value comes from',
    });
}

const ParametersSchema = z.strictObject(
  Object.fromEntries(POLICY_PARAMETER_KEYS.map((key) => [key, entrySchema(POLICY_PARAMETERS[key].value)])),
) as unknown as z.ZodType<PolicyParameters>;

const PartySchema = z.strictObject({ zh: z.string().trim().min(1), en: z.string().trim().min(1), article: ArticleSchema });

export const PolicyProfileSchema = z
  .strictObject({
    id: z.string().regex(PROFILE_ID, { error: 'lower-case letters, digits and dashes' }),
    district: BilingualSchema,
    regulation: z.strictObject({
      title: z.string().trim().min(1),
      /** How articles are cited in messages: 青浦办法第十条. */
      shortTitle: BilingualSchema,
      number: z.string().trim().min(1),
      issuedOn: z.iso.date({ error: 'expected a date such as 2023-11-09' }),
      /** Articles of this regulation are cited `<citePrefix>-<n>`. */
      citePrefix: z.string().regex(/^[A-Z][A-Z0-9]*$/, { error: 'expected capital letters such as QP' }),
    }),
    authority: PartySchema,
    operator: PartySchema,
    parameters: ParametersSchema,
  })
  .superRefine((profile, ctx) => {
    const prefix = `${profile.regulation.citePrefix}-`;
    const cited: [PropertyKey[], string | null][] = [
      [['authority', 'article'], profile.authority.article],
      [['operator', 'article'], profile.operator.article],
      ...POLICY_PARAMETER_KEYS.map((key): [PropertyKey[], string | null] => [
        ['parameters', key, 'article'],
        profile.parameters[key].article,
      ]),
    ];
    for (const [path, article] of cited) {
      if (article?.split(/,\s*/).some((code) => ARTICLE.test(code) && !code.startsWith(prefix))) {
        ctx.addIssue({ code: 'custom', path, message: `cites another regulation; this one is cited ${prefix}n` });
      }
    }
    const { 'security.mlpsMaxLevel': hosted, 'security.platformMlpsLevel': platform } = profile.parameters;
    if (platform.value < hosted.value) {
      ctx.addIssue({
        code: 'custom',
        path: ['parameters', 'security.platformMlpsLevel', 'value'],
        message: 'a cloud platform may not host systems of a higher MLPS level than its own',
      });
    }
  });
export type PolicyProfile = z.output<typeof PolicyProfileSchema>;

// --- loading --------------------------------------------------------------------------------------

/** Ids of the profiles in `dir`: the names of its `.yaml` files. */
export function listPolicyProfiles(dir: string = DEFAULT_POLICY_DIR): string[] {
  if (!existsSync(dir)) throw new PolicyProfileError(`${shown(dir)}: policy directory not found`);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

/** Reads and validates `<dir>/<id>.yaml`; throws a PolicyProfileError naming file, field and reason. */
export function loadPolicyProfile(id: string, dir: string = DEFAULT_POLICY_DIR): PolicyProfile {
  if (!PROFILE_ID.test(id)) {
    throw new PolicyProfileError(`invalid policy profile id "${id}": lower-case letters, digits and dashes`);
  }
  const file = join(dir, `${id}.yaml`);
  if (!existsSync(file)) {
    const available = listPolicyProfiles(dir);
    throw new PolicyProfileError(
      `no policy profile "${id}" in ${shown(dir)}; available: ${available.join(', ') || '(none)'}`,
    );
  }
  const name = shown(file);
  const document = parseDocument(readFileSync(file, 'utf8'));
  // Only the first syntax error: the ones after it mostly follow from it.
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const at = syntaxError.linePos?.[0];
    const reason = syntaxError.message.split(/ at line \d+|\n/)[0];
    throw new PolicyProfileError(`${name}: line ${at?.line ?? '?'}, column ${at?.col ?? '?'}: YAML syntax error: ${reason}`);
  }
  const data: unknown = document.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PolicyProfileError(`${name}: expected a mapping with id, district, regulation, authority, operator, parameters`);
  }
  const parsed = PolicyProfileSchema.safeParse(data, {
    error: (issue) => (issue.input === undefined ? 'missing (required)' : undefined),
  });
  if (!parsed.success) {
    throw new PolicyProfileError(parsed.error.issues.flatMap((issue) => describeIssue(name, issue)).join('\n'));
  }
  if (parsed.data.id !== id) {
    throw new PolicyProfileError(`${name}: id: "${parsed.data.id}" does not match the file name (expected "${id}")`);
  }
  return parsed.data;
}

function shown(path: string): string {
  const inRepo = relative(REPO_ROOT, path);
  return inRepo.startsWith('..') ? path : inRepo;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = issue.path.length === 1 && issue.path[0] === 'parameters' ? POLICY_PARAMETER_KEYS : [];
    return issue.keys.map((key) => {
      const near = closest(key, known);
      return `${file}: ${fieldPath([...issue.path, key])}: unknown key${near ? ` (did you mean "${near}"?)` : ''}`;
    });
  }
  return [`${file}: ${fieldPath(issue.path) || '(top level)'}: ${issue.message}`];
}

/** The known key within two edits of a misspelt one, if any. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

// --- reading --------------------------------------------------------------------------------------

/** The read-only view behind `GET /api/policy`, parameters in catalog order. */
export function policyView(profile: PolicyProfile): PolicyView {
  return {
    id: profile.id,
    district: profile.district,
    regulation: {
      title: profile.regulation.title,
      number: profile.regulation.number,
      issuedOn: profile.regulation.issuedOn,
    },
    parameters: POLICY_PARAMETER_KEYS.map((key) => {
      const { value, article, basis } = profile.parameters[key];
      const definition: ParameterDefinition<z.ZodType> = POLICY_PARAMETERS[key];
      return {
        key,
        group: key.split('.')[0] as PolicyGroup,
        label: definition.label,
        value,
        display: definition.display(value),
        article,
        basis,
      };
    }),
  };
}

/**
 * An article code as people cite it: `QP-10` → 青浦办法第十条 / Qingpu Measures Art. 10;
 * `QP-5, QP-7` → 青浦办法第五条、第七条 / Qingpu Measures Art. 5, 7.
 */
export function citeArticle(profile: PolicyProfile, article: string): Bilingual {
  const numbers = article.split(/,\s*/).map((code) => {
    const [prefix, n] = code.split('-');
    if (prefix !== profile.regulation.citePrefix || !ARTICLE.test(code)) {
      throw new Error(`${code} is not an article of ${profile.regulation.title} (${profile.regulation.citePrefix}-n)`);
    }
    return Number(n);
  });
  const { zh, en } = profile.regulation.shortTitle;
  return {
    zh: `${zh}${numbers.map((n) => `第${chineseNumber(n)}条`).join('、')}`,
    en: `${en} Art. ${numbers.join(', ')}`,
  };
}
