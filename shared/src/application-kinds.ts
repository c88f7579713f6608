/**
 * The kinds of application and, for each, the policy parameter that governs it — the article a kind is
 * cited by is that parameter's article in the district's profile (QP-9 in Qingpu, SJ-11 in Songjiang, …),
 * never a fixed table. Free of zod, so the console imports it at run time.
 */
export const APPLICATION_KINDS = [
  'new_project_filing',
  'resource',
  'expansion',
  'change',
  'reclamation',
  'temporary',
  'temporary_extension',
  'migration',
  'city_cloud',
  'provider_plan',
] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const APPLICATION_KIND_LABELS: Record<ApplicationKind, { zh: string; en: string }> = {
  new_project_filing: { zh: '新建项目备案', en: 'New-project filing' },
  resource: { zh: '资源申请', en: 'Resource application' },
  expansion: { zh: '扩容申请', en: 'Expansion' },
  change: { zh: '变更申请', en: 'Change' },
  reclamation: { zh: '回收申请', en: 'Reclamation' },
  temporary: { zh: '临时资源申请', en: 'Temporary resources' },
  temporary_extension: { zh: '临时资源延期', en: 'Temporary resources extension' },
  migration: { zh: '迁移上云申请', en: 'Migration of an existing system' },
  city_cloud: { zh: '市政务云资源申请', en: 'City-cloud resources' },
  provider_plan: { zh: '服务商优化调整方案', en: 'Provider optimization/adjustment plan' },
};

export const KIND_POLICY_PARAMETER: Record<ApplicationKind, string> = {
  new_project_filing: 'approval.newProjectFiling.required',
  resource: 'approval.resourceApplication.steps',
  expansion: 'expansion.steps',
  change: 'change.steps',
  reclamation: 'reclamation.steps',
  temporary: 'temporary.steps',
  temporary_extension: 'temporary.extensionLeadDays',
  migration: 'migration.requiresPreCloudTesting',
  city_cloud: 'cityCloud.allowed',
  provider_plan: 'change.providerAdjustment.planInAdvance',
};

/** The article a kind is cited by under a profile's parameters (null where the district fixed it itself). */
export function kindArticle(kind: ApplicationKind, parameters: readonly { key: string; article: string | null }[]): string | null {
  return parameters.find((p) => p.key === KIND_POLICY_PARAMETER[kind])?.article ?? null;
}
