/**
 * Pure rules of the security record, each citing its article and taking its numbers from the profile:
 * the fix deadline of a vulnerability, the go-live checklist (SJ-18, QP-22) and its refusal.
 */
import {
  GO_LIVE_CHECK_LABELS,
  GO_LIVE_GAP_LABELS,
  type GoLiveCheckItem,
  type GoLiveGap,
  type VulnerabilitySeverity,
} from '@yunshu/shared/security-api';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { shiftDate } from '../calendar/working-days.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';


/**
 * The last day to fix a vulnerability: found on + the profile's days for its severity (calendar days:
 * attackers keep no holidays). Judges 安全漏洞修复及时率 (QP-24).
 */
export function vulnerabilityDeadline(profile: PolicyProfile, severity: VulnerabilitySeverity, foundOn: string): string {
  return shiftDate(foundOn, profile.parameters['security.vulnerabilityFixDays'].value[severity]);
}

export type ReassessmentStage = 'due_soon' | 'overdue';

/**
 * Which reminder a re-assessment due on `dueOn` calls for on `today` (QP-22, SJ-18 运行期间…等级保护复测):
 * overdue once the due date is past — as the MLPS status judges it — and due soon from the profile's lead
 * time (calendar days) before the due date up to that day; none before.
 */
export function reassessmentReminderStage(profile: PolicyProfile, dueOn: string, today: string): ReassessmentStage | null {
  if (dueOn < today) return 'overdue';
  const leadDays = profile.parameters['security.reassessmentReminderDays'].value;
  return today >= shiftDate(dueOn, -leadDays) ? 'due_soon' : null;
}

/**
 * Systems of MLPS level 2 and above are filed (备案) with the public security organ; a level-1 system
 * is graded only (《信息安全等级保护管理办法》公通字〔2007〕43号 第十五条 — national, not a district choice).
 */
export const MLPS_FILING_FROM_LEVEL = 2;

/** What the checklist is judged on, gathered by the go-live service. */
export interface GoLiveFacts {
  /** Items recorded through the checklist, with how many evidence documents each has. */
  recorded: ReadonlyMap<GoLiveCheckItem, { evidence: number }>;
  mlps: { level: number; gradedOn: string | null; filingNumber: string | null; filedOn: string | null };
  /** The commitment letter: null when none was generated; `signatureValid` re-verified just now. */
  letter: { scan: boolean; signed: boolean; signatureValid: boolean } | null;
}

/** Why `item` is not met yet; empty when it is. */
export function goLiveGaps(item: GoLiveCheckItem, facts: GoLiveFacts): GoLiveGap[] {
  if (item === 'commitment_letter') {
    // SJ-18 签订上云安全承诺书: generated from the template, the signed paper scanned, and signed with SM2.
    if (!facts.letter) return ['letter_not_generated'];
    const gaps: GoLiveGap[] = [];
    if (!facts.letter.scan) gaps.push('letter_scan_missing');
    if (!facts.letter.signed) gaps.push('letter_not_signed');
    else if (!facts.letter.signatureValid) gaps.push('letter_signature_invalid');
    return gaps;
  }
  const recorded = facts.recorded.get(item);
  const gaps: GoLiveGap[] = [];
  if (!recorded) gaps.push('not_recorded');
  else if (recorded.evidence === 0) gaps.push('no_evidence');
  if (item === 'mlps') {
    if (!facts.mlps.gradedOn) gaps.push('mlps_not_graded');
    else if (facts.mlps.level >= MLPS_FILING_FROM_LEVEL && !(facts.mlps.filingNumber && facts.mlps.filedOn)) gaps.push('mlps_not_filed');
  }
  return gaps;
}

/**
 * A system goes live only when every item the profile lists is met (SJ-18 在信息系统上线前…; QP-22
 * 在信息系统正式上线前…). The refusal names each missing item with what it lacks, and the article.
 */
export function assertGoLiveChecklistComplete(profile: PolicyProfile, checks: readonly { item: GoLiveCheckItem; gaps: readonly GoLiveGap[] }[]): void {
  const missing = checks.filter((check) => check.gaps.length > 0);
  if (missing.length === 0) return;
  const zh = missing.map((m) => `${GO_LIVE_CHECK_LABELS[m.item].zh}（${m.gaps.map((g) => GO_LIVE_GAP_LABELS[g].zh).join('、')}）`).join('；');
  const en = missing.map((m) => `${GO_LIVE_CHECK_LABELS[m.item].en} (${m.gaps.map((g) => GO_LIVE_GAP_LABELS[g].en).join(', ')})`).join('; ');
  throw policyViolation(profile, 'security.preGoLiveChecks', {
    status: 409,
    code: 'go_live_checks_incomplete',
    zh: `信息系统上线前须完成的事项尚未完成：${zh}`,
    en: `The system cannot go live before these are done: ${en}`,
    details: { missing: missing.map((m) => ({ item: m.item, gaps: m.gaps })) },
  });
}
