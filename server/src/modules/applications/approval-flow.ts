/**
 * Which steps an application goes through and within how many working days — read from the district
 * policy profile, each chain citing its article. Pure: unit-tested without a database.
 */
import { type ApplicationKind, kindArticle } from '@yunshu/shared/application-kinds';
import type { Role } from '@yunshu/shared/roles';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';

export interface StepPlan {
  role: Role;
  name: { zh: string; en: string };
  article: string | null;
}

export interface FlowPlan {
  steps: StepPlan[];
  /** Working days for the whole review, counted from submission. */
  reviewWorkingDays: number;
  reviewArticle: string | null;
  /** Working days to carry out an approved change (QP-10 expansion), counted from approval. */
  executionWorkingDays: number | null;
}

type StepsKey = 'approval.resourceApplication.steps' | 'expansion.steps' | 'change.steps' | 'reclamation.steps' | 'temporary.steps';

function stepsFrom(profile: PolicyProfile, key: StepsKey): StepPlan[] {
  const parameter = profile.parameters[key];
  return parameter.value.map((step) => ({ role: step.role as Role, name: step.label, article: parameter.article }));
}

type DaysKey =
  | 'approval.resourceApplication.deadlineWorkingDays'
  | 'expansion.reviewWorkingDays'
  | 'expansion.executionWorkingDays'
  | 'change.reviewWorkingDays'
  | 'reclamation.workingDays'
  | 'temporary.reviewWorkingDays';

function days(profile: PolicyProfile, key: DaysKey): { n: number; article: string | null } {
  const parameter = profile.parameters[key];
  return { n: parameter.value, article: parameter.article };
}

/** The article a kind is cited by: that of the policy parameter governing it, in this district's profile. */
export function articleOf(profile: PolicyProfile, kind: ApplicationKind): string | null {
  return kindArticle(kind, Object.entries(profile.parameters).map(([key, p]) => ({ key, article: p.article })));
}

/** The approval chain of a kind. Chains the profiles do not fix are fixed here, citing the governing parameter's article. */
export function planFlow(profile: PolicyProfile, kind: ApplicationKind, options: { major?: boolean } = {}): FlowPlan {
  const resourceDeadline = days(profile, 'approval.resourceApplication.deadlineWorkingDays');
  switch (kind) {
    case 'resource':
    case 'city_cloud':
      return { steps: stepsFrom(profile, 'approval.resourceApplication.steps'), reviewWorkingDays: resourceDeadline.n, reviewArticle: resourceDeadline.article, executionWorkingDays: null };
    case 'expansion': {
      const review = days(profile, 'expansion.reviewWorkingDays');
      return { steps: stepsFrom(profile, 'expansion.steps'), reviewWorkingDays: review.n, reviewArticle: review.article, executionWorkingDays: days(profile, 'expansion.executionWorkingDays').n };
    }
    case 'change': {
      const review = days(profile, 'change.reviewWorkingDays');
      return { steps: stepsFrom(profile, 'change.steps'), reviewWorkingDays: review.n, reviewArticle: review.article, executionWorkingDays: null };
    }
    case 'reclamation': {
      const review = days(profile, 'reclamation.workingDays');
      return { steps: stepsFrom(profile, 'reclamation.steps'), reviewWorkingDays: review.n, reviewArticle: review.article, executionWorkingDays: null };
    }
    case 'temporary':
    case 'temporary_extension': {
      const review = days(profile, 'temporary.reviewWorkingDays');
      return { steps: stepsFrom(profile, 'temporary.steps'), reviewWorkingDays: review.n, reviewArticle: review.article, executionWorkingDays: null };
    }
    case 'migration':
      // The operator assesses the pre-cloud tests; non-compliant systems are refused (SJ-12 in Songjiang).
      return {
        steps: [{ role: 'operator_resource_admin', name: { zh: '上云前测试评估审核', en: 'Pre-cloud test and assessment review' }, article: articleOf(profile, kind) }],
        reviewWorkingDays: resourceDeadline.n,
        reviewArticle: resourceDeadline.article,
        executionWorkingDays: null,
      };
    case 'new_project_filing':
      // SJ-11: the operator confirms provider, architecture, services and go-live; then it is filed with the authority.
      return {
        steps: [
          { role: 'operator_resource_admin', name: { zh: '运行管理单位审核确认', en: 'Operator confirmation' }, article: articleOf(profile, kind) },
          { role: 'authority_reviewer', name: { zh: '主管部门备案', en: 'Filing with the authority' }, article: articleOf(profile, kind) },
        ],
        reviewWorkingDays: resourceDeadline.n,
        reviewArticle: resourceDeadline.article,
        executionWorkingDays: null,
      };
    case 'provider_plan': {
      const review = days(profile, 'change.reviewWorkingDays');
      const steps: StepPlan[] = [{ role: 'operator_resource_admin', name: { zh: '运行管理单位审核方案', en: 'Operator review of the plan' }, article: articleOf(profile, kind) }];
      if (options.major && profile.parameters['change.providerAdjustment.majorNeedsAuthorityReview'].value) {
        steps.push({
          role: 'authority_reviewer',
          name: { zh: '主管部门审核（重大调整）', en: 'Authority review (major adjustment)' },
          article: profile.parameters['change.providerAdjustment.majorNeedsAuthorityReview'].article,
        });
      }
      return { steps, reviewWorkingDays: review.n, reviewArticle: review.article, executionWorkingDays: null };
    }
  }
}

/** Kinds whose approved lines add to (or, for reclamation, take from) a system's allocated resources. */
export const QUOTA_ADDING_KINDS: readonly ApplicationKind[] = ['resource', 'expansion', 'city_cloud'];
export const QUOTA_RELEASING_KINDS: readonly ApplicationKind[] = ['reclamation'];

/** Who submits which kind: user units apply for their systems; providers submit their plans (SJ-19). */
export function submitterUnitTypeOf(kind: ApplicationKind): 'user_unit' | 'provider' {
  return kind === 'provider_plan' ? 'provider' : 'user_unit';
}
