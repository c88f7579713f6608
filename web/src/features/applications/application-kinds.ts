import type { Me, PolicyView } from '@yunshu/shared/api';
import { kindArticle } from '@yunshu/shared/application-kinds';
import { APPLICATION_KINDS } from '../../api/contract-enums.ts';
import type { ApplicationKind, ApplicationStatus } from '../../api/contract-types.ts';

/** The article a kind is cited by in this district: that of the policy parameter governing it. */
export function kindArticleOf(kind: ApplicationKind, policy: PolicyView | undefined): string | null {
  return policy ? kindArticle(kind, policy.parameters) : null;
}

export const STATUS_COLORS: Record<ApplicationStatus, string> = {
  in_review: 'processing',
  returned: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export function isApplicationKind(value: string | undefined): value is ApplicationKind {
  return value !== undefined && (APPLICATION_KINDS as readonly string[]).includes(value);
}

type Parameter = PolicyView['parameters'][number];

export function parameterOf(policy: PolicyView | undefined, key: string): Parameter | undefined {
  return policy?.parameters.find((parameter) => parameter.key === key);
}

/** A yes/no parameter of the profile; `fallback` while the profile is loading or lacks it. */
export function flagOf(policy: PolicyView | undefined, key: string, fallback: boolean): boolean {
  const value = parameterOf(policy, key)?.value;
  return typeof value === 'boolean' ? value : fallback;
}

export function numberOf(policy: PolicyView | undefined, key: string): number | undefined {
  const value = parameterOf(policy, key)?.value;
  return typeof value === 'number' ? value : undefined;
}

/**
 * The kinds the signed-in user may submit: cloud providers their optimization plans (SJ-19), user units
 * every other kind the district's profile provides for (temporary resources QP-12, city cloud SJ-10).
 */
export function submittableKinds(me: Me, policy: PolicyView | undefined): ApplicationKind[] {
  if (me.unit.type === 'provider') return ['provider_plan'];
  if (me.unit.type !== 'user_unit') return [];
  return APPLICATION_KINDS.filter((kind) => {
    if (kind === 'provider_plan') return false;
    if (kind === 'city_cloud') return flagOf(policy, 'cityCloud.allowed', false);
    if (kind === 'temporary' || kind === 'temporary_extension') return flagOf(policy, 'temporary.allowed', true);
    return true;
  });
}

/**
 * The profile parameters that govern a kind, shown with their article beside its form. The review
 * deadline of each kind is the first `*WorkingDays` key listed (as approval-flow.ts plans it).
 */
export const KIND_PARAMETERS: Record<ApplicationKind, readonly string[]> = {
  new_project_filing: ['approval.resourceApplication.deadlineWorkingDays', 'approval.newProjectFiling.required'],
  resource: [
    'approval.resourceApplication.deadlineWorkingDays',
    'approval.resourceApplication.requiresProject',
    'approval.resourceApplication.steps',
  ],
  expansion: [
    'expansion.reviewWorkingDays',
    'expansion.requiresBasis',
    'expansion.ceilingRatio',
    'expansion.steps',
    'expansion.executionWorkingDays',
  ],
  change: ['change.reviewWorkingDays', 'change.steps'],
  reclamation: [
    'reclamation.workingDays',
    'reclamation.requiresBackupConfirmation',
    'reclamation.irreversible',
    'reclamation.steps',
  ],
  temporary: ['temporary.reviewWorkingDays', 'temporary.allowed', 'temporary.maxMonths', 'temporary.steps'],
  temporary_extension: ['temporary.reviewWorkingDays', 'temporary.extensionLeadDays', 'temporary.maxMonths', 'temporary.steps'],
  migration: ['approval.resourceApplication.deadlineWorkingDays', 'migration.requiresPreCloudTesting'],
  city_cloud: [
    'approval.resourceApplication.deadlineWorkingDays',
    'cityCloud.allowed',
    'approval.resourceApplication.requiresProject',
    'approval.resourceApplication.steps',
  ],
  provider_plan: [
    'change.reviewWorkingDays',
    'change.providerAdjustment.planInAdvance',
    'change.providerAdjustment.majorNeedsAuthorityReview',
  ],
};

/** The review deadline's parameter key of a kind (the first `…WorkingDays` of KIND_PARAMETERS). */
export function reviewDaysKeyOf(kind: ApplicationKind): string | undefined {
  return KIND_PARAMETERS[kind].find((key) => key.endsWith('WorkingDays') || key.endsWith('workingDays'));
}

/** How a kind's lines weigh on the system's quota (quota-ledger.ts): within it, within the ceiling, or taken back. */
export type QuotaMode = 'quota' | 'ceiling' | 'reclaim' | 'none';

export const KIND_QUOTA_MODES: Record<ApplicationKind, QuotaMode> = {
  new_project_filing: 'none',
  resource: 'quota',
  expansion: 'ceiling',
  change: 'none',
  reclamation: 'reclaim',
  temporary: 'none',
  temporary_extension: 'none',
  migration: 'none',
  city_cloud: 'quota',
  provider_plan: 'none',
};

/** Kinds whose lines are priced on a platform (a cost estimate is offered); temporary lines run by their months. */
export const PRICED_KINDS: readonly ApplicationKind[] = ['new_project_filing', 'resource', 'expansion', 'temporary', 'city_cloud'];

/** Kinds that name an information system of the unit (the quota of that system is shown). */
export const SYSTEM_KINDS: readonly ApplicationKind[] = [
  'new_project_filing',
  'resource',
  'expansion',
  'change',
  'reclamation',
  'temporary',
  'migration',
  'city_cloud',
];
