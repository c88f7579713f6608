/**
 * Roles of the platform and the unit types that may hold them.
 * The three MLPS level-3 platform administrators (三员) are mutually exclusive per person.
 */
export const UNIT_TYPES = ['authority', 'operator', 'user_unit', 'provider', 'auditor'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_TYPE_LABELS: Record<UnitType, { zh: string; en: string }> = {
  authority: { zh: '主管部门', en: 'Authority' },
  operator: { zh: '运行管理单位', en: 'Cloud operator' },
  user_unit: { zh: '使用单位', en: 'User unit' },
  provider: { zh: '政务云服务商', en: 'Cloud service provider' },
  auditor: { zh: '第三方审价评估机构', en: 'Third-party auditor' },
};

export const USER_UNIT_CATEGORIES = ['bureau', 'town', 'street', 'other'] as const;
export type UserUnitCategory = (typeof USER_UNIT_CATEGORIES)[number];
export const USER_UNIT_CATEGORY_LABELS: Record<UserUnitCategory, { zh: string; en: string }> = {
  bureau: { zh: '委办局', en: 'Bureau' },
  town: { zh: '镇', en: 'Town' },
  street: { zh: '街道', en: 'Street' },
  other: { zh: '其他', en: 'Other' },
};

export const ROLES = [
  'authority_reviewer',
  'operator_resource_admin',
  'operator_section_chief',
  'operator_leader',
  'unit_applicant',
  'unit_admin',
  'provider_engineer',
  'auditor',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** 三员: system, security and audit administrator — never two of them on one person (MLPS level 3). */
export const SEPARATED_ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/**
 * Data scope of a role: `all` sees every unit's rows, `unit` only its own unit's (QP-19).
 * A user's scope is `all` when any of their roles is.
 */
export type DataScope = 'all' | 'unit';

export interface RoleDefinition {
  label: { zh: string; en: string };
  unitTypes: readonly UnitType[];
  scope: DataScope;
  article?: string;
}

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  authority_reviewer: { label: { zh: '主管部门审核人', en: 'Authority reviewer' }, unitTypes: ['authority'], scope: 'all', article: 'QP-4, SJ-5' },
  operator_resource_admin: { label: { zh: '云资源管理员', en: 'Cloud resource administrator' }, unitTypes: ['operator'], scope: 'all', article: 'QP-9' },
  operator_section_chief: { label: { zh: '基础设施科科长', en: 'Infrastructure section chief' }, unitTypes: ['operator'], scope: 'all', article: 'QP-9' },
  operator_leader: { label: { zh: '分管领导', en: 'Leader in charge' }, unitTypes: ['operator'], scope: 'all', article: 'QP-9' },
  unit_applicant: { label: { zh: '使用单位申请人', en: 'Unit applicant' }, unitTypes: ['user_unit'], scope: 'unit', article: 'QP-9' },
  unit_admin: { label: { zh: '使用单位管理员', en: 'Unit administrator' }, unitTypes: ['user_unit'], scope: 'unit', article: 'QP-6' },
  provider_engineer: { label: { zh: '服务商工程师', en: 'Provider engineer' }, unitTypes: ['provider'], scope: 'unit', article: 'SJ-19' },
  auditor: { label: { zh: '第三方审价评估人员', en: 'Third-party auditor' }, unitTypes: ['auditor'], scope: 'all', article: 'SJ-15, SJ-16' },
  system_admin: { label: { zh: '系统管理员', en: 'System administrator' }, unitTypes: ['operator', 'authority'], scope: 'all' },
  security_admin: { label: { zh: '安全管理员', en: 'Security administrator' }, unitTypes: ['operator', 'authority'], scope: 'all' },
  audit_admin: { label: { zh: '审计管理员', en: 'Audit administrator' }, unitTypes: ['operator', 'authority'], scope: 'all' },
};

export function scopeOfRoles(roles: readonly Role[]): DataScope {
  return roles.some((role) => ROLE_DEFINITIONS[role].scope === 'all') ? 'all' : 'unit';
}
