/**
 * Contract of the security record of information systems (QP-20..QP-23, SJ-17, SJ-18): MLPS (等保)
 * grading, filing and assessments (测评) with rectification items and the re-assessment due date,
 * vulnerabilities with their fix deadlines, incidents and notices (通报), drills and training, the
 * go-live checklist (上线前检查) and the security commitment letter (上云安全承诺书) signed with SM2.
 */
import { z } from 'zod';
import { BilingualSchema, PageQuerySchema, UnitRefSchema } from './api.ts';
import { DateSchema, DocumentSchema } from './systems-api.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const note = (max: number) => z.string().trim().max(max);
type Labels<K extends string> = Record<K, { zh: string; en: string }>;

// --- go-live checklist ----------------------------------------------------------------------------

/** What a system must have done before it goes live (SJ-18, QP-22); the profile lists which apply. */
export const GO_LIVE_CHECK_ITEMS = [
  'security_resources',
  'self_check',
  'testing_assessment',
  'hardening',
  'mlps',
  'data_security',
  'commitment_letter',
] as const;
export type GoLiveCheckItem = (typeof GO_LIVE_CHECK_ITEMS)[number];
export const GO_LIVE_CHECK_LABELS: Labels<GoLiveCheckItem> = {
  security_resources: { zh: '申请安全资源', en: 'Security resources applied for' },
  self_check: { zh: '安全自查', en: 'Security self-check' },
  testing_assessment: { zh: '检测评估', en: 'Testing and assessment' },
  hardening: { zh: '安全加固', en: 'Security hardening' },
  mlps: { zh: '等级保护', en: 'MLPS grading and filing' },
  data_security: { zh: '数据安全保护', en: 'Data security measures' },
  commitment_letter: { zh: '签订上云安全承诺书', en: 'Signed security commitment letter' },
};

/** Why a checklist item is not met yet. */
export const GO_LIVE_GAPS = [
  'not_recorded',
  'no_evidence',
  'mlps_not_graded',
  'mlps_not_filed',
  'letter_not_generated',
  'letter_scan_missing',
  'letter_not_signed',
  'letter_signature_invalid',
] as const;
export type GoLiveGap = (typeof GO_LIVE_GAPS)[number];
export const GO_LIVE_GAP_LABELS: Labels<GoLiveGap> = {
  not_recorded: { zh: '未登记', en: 'not recorded' },
  no_evidence: { zh: '未上传佐证材料', en: 'no evidence document' },
  mlps_not_graded: { zh: '未登记定级', en: 'grading not recorded' },
  mlps_not_filed: { zh: '未登记备案编号和备案日期', en: 'filing number and date not recorded' },
  letter_not_generated: { zh: '未生成承诺书', en: 'letter not generated' },
  letter_scan_missing: { zh: '未上传签字盖章扫描件', en: 'signed scan not uploaded' },
  letter_not_signed: { zh: '单位管理员未以 SM2 数字签名', en: 'not signed with SM2 by the unit administrator' },
  letter_signature_invalid: { zh: 'SM2 签名验证未通过', en: 'the SM2 signature does not verify' },
};

export const GoLiveCheckSchema = z.object({
  item: z.enum(GO_LIVE_CHECK_ITEMS),
  label: BilingualSchema,
  met: z.boolean(),
  gaps: z.array(z.enum(GO_LIVE_GAPS)).describe('empty when met'),
  checkId: z.uuid().nullable().describe('the recorded item, where the item is recorded with evidence (all but the letter)'),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string().nullable(),
  documents: z.array(DocumentSchema),
});
export type GoLiveCheck = z.infer<typeof GoLiveCheckSchema>;

export const GoLiveStatusSchema = z.object({
  systemId: z.uuid(),
  article: z.string().nullable().describe('the article behind the checklist (SJ-18, QP-22)'),
  checks: z.array(GoLiveCheckSchema).describe('the items the district profile requires, in its order'),
  complete: z.boolean(),
  liveAt: z.string().nullable(),
  liveBy: z.string().nullable(),
});
export type GoLiveStatus = z.infer<typeof GoLiveStatusSchema>;

export const RecordGoLiveCheckBodySchema = z.object({
  item: z.enum(GO_LIVE_CHECK_ITEMS).describe('commitment_letter is met through the letter’s own flow, not here'),
  note: note(1000).optional(),
});

// --- MLPS record ---------------------------------------------------------------------------------

export const ASSESSMENT_RESULTS = ['pass', 'fail'] as const;
export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'done'] as const;

export const RectificationItemSchema = z.object({
  id: z.uuid(),
  assessmentId: z.uuid(),
  description: z.string(),
  status: z.enum(RECTIFICATION_STATUSES),
  dueOn: z.string().nullable(),
  doneOn: z.string().nullable(),
  note: z.string().nullable(),
});

export const AssessmentSchema = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  assessedOn: z.string(),
  assessor: z.string().describe('测评机构'),
  level: z.number().int().describe('the MLPS level assessed against'),
  result: z.enum(ASSESSMENT_RESULTS),
  score: z.string().nullable().describe('0–100, two decimals'),
  findings: z.string().nullable(),
  rectifications: z.array(RectificationItemSchema),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Assessment = z.infer<typeof AssessmentSchema>;

export const CreateAssessmentBodySchema = z.object({
  assessedOn: DateSchema,
  assessor: text(100),
  result: z.enum(ASSESSMENT_RESULTS),
  score: z
    .string()
    .trim()
    .regex(/^(100(\.0{1,2})?|[1-9]?\d(\.\d{1,2})?)$/, { message: 'score_invalid' })
    .optional()
    .describe('0–100, up to two decimals'),
  findings: note(4000).optional(),
  rectifications: z.array(z.object({ description: text(1000), dueOn: DateSchema.optional() })).max(200).default([]),
});

export const UpdateRectificationBodySchema = z.object({
  status: z.enum(RECTIFICATION_STATUSES),
  doneOn: DateSchema.optional().describe('required when status is done'),
  note: note(1000).optional(),
});

export const RecordMlpsBodySchema = z.object({
  mlpsLevel: z.number().int().min(1).max(5).describe('定级; above the profile maximum is refused (QP-5, QP-7)'),
  gradedOn: DateSchema.describe('定级日期'),
  filingNumber: z.string().trim().min(1).max(60).nullable().default(null).describe('备案编号 (level 2 and above file with the public security organ)'),
  filedOn: DateSchema.nullable().default(null),
  filingAuthority: z.string().trim().min(1).max(100).nullable().default(null).describe('受理备案的公安机关'),
});

export const ReassessmentSchema = z.object({
  intervalMonths: z.number().int().nullable().describe('from the profile for the system’s level; null: no periodic re-assessment'),
  article: z.string().nullable(),
  basis: z.enum(['assessment', 'filing', 'grading']).nullable().describe('what the due date counts from: the latest assessment, else filing, else grading'),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
});

export const MlpsStatusSchema = z.object({
  systemId: z.uuid(),
  systemName: z.string(),
  unit: UnitRefSchema,
  mlpsLevel: z.number().int(),
  gradedOn: z.string().nullable(),
  filingNumber: z.string().nullable(),
  filedOn: z.string().nullable(),
  filingAuthority: z.string().nullable(),
  lastAssessedOn: z.string().nullable(),
  lastResult: z.enum(ASSESSMENT_RESULTS).nullable(),
  openRectifications: z.number().int(),
  reassessment: ReassessmentSchema,
  liveAt: z.string().nullable(),
});
export type MlpsStatus = z.infer<typeof MlpsStatusSchema>;

export const MlpsStatusQuerySchema = PageQuerySchema.extend({
  unitId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('only systems whose re-assessment is overdue'),
});

// --- vulnerabilities -------------------------------------------------------------------------------

export const VULNERABILITY_SOURCES = ['scan', 'notice', 'assessment'] as const;
export const VULNERABILITY_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type VulnerabilitySeverity = (typeof VULNERABILITY_SEVERITIES)[number];
export const VULNERABILITY_SEVERITY_LABELS: Labels<VulnerabilitySeverity> = {
  critical: { zh: '超危', en: 'Critical' },
  high: { zh: '高危', en: 'High' },
  medium: { zh: '中危', en: 'Medium' },
  low: { zh: '低危', en: 'Low' },
};

export const VulnerabilitySchema = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  systemName: z.string(),
  unit: UnitRefSchema,
  title: z.string(),
  description: z.string().nullable(),
  foundOn: z.string(),
  source: z.enum(VULNERABILITY_SOURCES),
  severity: z.enum(VULNERABILITY_SEVERITIES),
  deadlineOn: z.string().describe('foundOn + the profile’s days for the severity'),
  fixedOn: z.string().nullable(),
  fixNote: z.string().nullable(),
  verifiedOn: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  assessmentId: z.uuid().nullable(),
  overdue: z.boolean().describe('open after its deadline, today'),
  createdAt: z.string(),
});
export type Vulnerability = z.infer<typeof VulnerabilitySchema>;

export const CreateVulnerabilityBodySchema = z.object({
  title: text(200),
  description: note(4000).optional(),
  foundOn: DateSchema,
  source: z.enum(VULNERABILITY_SOURCES),
  severity: z.enum(VULNERABILITY_SEVERITIES),
  assessmentId: z.uuid().optional().describe('the assessment that found it (source assessment)'),
});
export const FixVulnerabilityBodySchema = z.object({ fixedOn: DateSchema, note: note(1000).optional() });
export const VerifyVulnerabilityBodySchema = z.object({ verifiedOn: DateSchema });

const rate = z.string().nullable().describe('decimal 0..1, four places; null when the denominator is 0');
export const VulnerabilityStatsRowSchema = z.object({
  unit: UnitRefSchema,
  systemId: z.uuid().nullable().describe('null on the unit’s total row'),
  systemName: z.string().nullable(),
  found: z.number().int().describe('found in the period (found on or before asOf)'),
  fixed: z.number().int().describe('fixed on or before asOf'),
  verified: z.number().int().describe('fix verified on or before asOf'),
  due: z.number().int().describe('judgeable for timeliness: fixed, or past their deadline at asOf'),
  fixedOnTime: z.number().int().describe('fixed no later than their deadline'),
  openOverdue: z.number().int().describe('open at asOf and past their deadline'),
  fixRate: rate.describe('fixed / found (安全漏洞修复率, QP-24)'),
  onTimeRate: rate.describe('fixedOnTime / due (安全漏洞修复及时率, QP-24)'),
});
export const VulnerabilityStatsSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  asOf: z.string(),
  units: z.array(VulnerabilityStatsRowSchema),
  systems: z.array(VulnerabilityStatsRowSchema),
});
export type VulnerabilityStats = z.infer<typeof VulnerabilityStatsSchema>;
export const VulnerabilityStatsQuerySchema = z.object({
  from: DateSchema.optional().describe('first day found, inclusive'),
  to: DateSchema.optional().describe('last day found, inclusive'),
  asOf: DateSchema.optional().describe('the day the rates are judged at; default today (Asia/Shanghai)'),
  unitId: z.uuid().optional(),
});

// --- incidents, notices, drills and training -----------------------------------------------------------

export const INCIDENT_KINDS = ['incident', 'notice'] as const;
/** 特别重大 / 重大 / 较大 / 一般 — the national grading of cyber-security incidents. */
export const INCIDENT_LEVELS = ['especially_major', 'major', 'large', 'general'] as const;

export const IncidentSchema = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  systemName: z.string(),
  unit: UnitRefSchema,
  kind: z.enum(INCIDENT_KINDS).describe('incident 安全事件 (recorded by the unit) | notice 通报 (issued to the unit)'),
  occurredOn: z.string(),
  level: z.enum(INCIDENT_LEVELS),
  title: z.string(),
  description: z.string(),
  issuedBy: z.string().nullable().describe('notices: the issuing body'),
  handling: z.string().nullable(),
  closedOn: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const CreateIncidentBodySchema = z.object({
  occurredOn: DateSchema,
  level: z.enum(INCIDENT_LEVELS),
  title: text(200),
  description: text(4000),
  handling: note(4000).optional(),
});
export const CreateNoticeBodySchema = CreateIncidentBodySchema.extend({ issuedBy: text(100).describe('通报单位') });
export const UpdateIncidentBodySchema = z.object({
  handling: note(4000).optional(),
  closedOn: DateSchema.nullable().optional().describe('closing needs the handling recorded'),
});

export const ACTIVITY_KINDS = ['drill', 'training'] as const;
export const SecurityActivitySchema = z.object({
  id: z.uuid(),
  unit: UnitRefSchema,
  systemId: z.uuid().nullable(),
  systemName: z.string().nullable(),
  kind: z.enum(ACTIVITY_KINDS).describe('drill 应急演练 | training 培训 (QP-23)'),
  heldOn: z.string(),
  title: z.string(),
  content: z.string(),
  participants: z.number().int().nullable(),
  summary: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const CreateActivityBodySchema = z.object({
  unitId: z.uuid().optional().describe('the operator may record for a unit; default: the caller’s own unit'),
  systemId: z.uuid().optional(),
  kind: z.enum(ACTIVITY_KINDS),
  heldOn: DateSchema,
  title: text(200),
  content: text(4000),
  participants: z.number().int().min(1).max(100000).optional(),
  summary: note(4000).optional(),
});
export const ActivityListQuerySchema = PageQuerySchema.extend({
  unitId: z.uuid().optional(),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
});

// --- overview of one system --------------------------------------------------------------------------

export const SystemSecuritySchema = z.object({
  mlps: MlpsStatusSchema,
  latestAssessment: AssessmentSchema.nullable(),
  vulnerabilities: VulnerabilityStatsRowSchema.nullable().describe('all-time, judged today'),
  openIncidents: z.number().int(),
  notices: z.number().int(),
});

// --- SM2 signing keys and the commitment letter ---------------------------------------------------------

export const SigningKeySchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  unit: UnitRefSchema,
  publicKey: z.string().describe('uncompressed SM2 point, 04‖X‖Y, 130 hex digits'),
  fingerprint: z.string().describe('SM3 of the public key bytes'),
  registeredAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const RegisterSigningKeyBodySchema = z.object({
  publicKey: z
    .string()
    .trim()
    .regex(/^04[0-9a-fA-F]{128}$/, { message: 'sm2_public_key_invalid' })
    .describe('uncompressed SM2 public key (04‖X‖Y hex); the private key never leaves the signer'),
});

export const CommitmentLetterSchema = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  unit: UnitRefSchema,
  document: DocumentSchema.describe('the generated letter (PDF)'),
  digest: z.string().describe('SM3 of the letter PDF (hex): the message signed is these 32 bytes'),
  generatedAt: z.string(),
  generatedBy: z.string(),
  scan: DocumentSchema.nullable().describe('the signed and sealed paper letter, scanned'),
  signature: z
    .object({
      value: z.string().describe('DER-encoded SM2 signature (hex)'),
      signer: z.string(),
      keyId: z.uuid(),
      keyFingerprint: z.string(),
      signedAt: z.string(),
      verifiedWith: z.array(z.string()).describe('implementations that verified it at submission'),
    })
    .nullable(),
});
export type CommitmentLetter = z.infer<typeof CommitmentLetterSchema>;

export const SignLetterBodySchema = z.object({
  signature: z
    .string()
    .trim()
    .regex(/^(?:[0-9a-fA-F]{2}){64,80}$/, { message: 'sm2_signature_invalid' })
    .describe(
      'SM2 signature (GB/T 32918.2, SM3, default ID 1234567812345678) over the 32 bytes of the letter’s SM3 digest: DER (GM/T 0009) or r‖s, hex',
    ),
});

export const LetterVerificationSchema = z.object({
  ok: z.boolean().describe('the letter is signed, its PDF is unchanged, and every available implementation verifies the signature'),
  signed: z.boolean(),
  digest: z.object({ recorded: z.string(), recomputed: z.string().nullable(), matches: z.boolean() }),
  smCrypto: z.boolean().nullable().describe('sm-crypto-v2 over the recomputed digest; null when unsigned'),
  openssl: z
    .boolean()
    .nullable()
    .describe('`openssl pkeyutl` (independent implementation) over the recomputed digest; null when unsigned or when this server’s OpenSSL cannot do GB/T 32918 SM2'),
  opensslNote: z.string().nullable(),
  signer: z.string().nullable(),
  keyFingerprint: z.string().nullable(),
  signedAt: z.string().nullable(),
});
export type LetterVerification = z.infer<typeof LetterVerificationSchema>;
