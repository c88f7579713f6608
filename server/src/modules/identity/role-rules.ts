/** Who may hold which role: pure rules, unit-tested without a database. */
import { ROLE_DEFINITIONS, type Role, SEPARATED_ADMIN_ROLES, type UnitType, UNIT_TYPE_LABELS } from '@yunshu/shared/roles';
import { AppError } from '../../platform/errors.ts';

/**
 * 三员分立 (MLPS level 3, GB/T 22239-2019 8.1.4.2): the system, security and audit administrator are
 * three different people, so one account holds at most one of them.
 */
export function assertSeparationOfDuties(roles: readonly Role[]): void {
  const held = roles.filter((role) => SEPARATED_ADMIN_ROLES.includes(role));
  if (held.length <= 1) return;
  const zh = held.map((role) => ROLE_DEFINITIONS[role].label.zh).join('、');
  const en = held.map((role) => ROLE_DEFINITIONS[role].label.en).join(', ');
  throw new AppError({
    status: 409,
    code: 'separation_of_duties',
    zh: `三员分立：系统管理员、安全管理员、审计管理员不得由同一人兼任（当前同时包含：${zh}）`,
    en: `Separation of duties: the system, security and audit administrators must be three different people (requested: ${en})`,
    fields: [{ path: 'roles', message: `不得同时担任：${zh}`, messageEn: `cannot hold together: ${en}` }],
  });
}

/** A role belongs to the staff of certain kinds of unit (e.g. 云资源管理员 only in the operator, QP-9). */
export function assertRolesFitUnit(roles: readonly Role[], unitType: UnitType): void {
  const misfits = roles.filter((role) => !ROLE_DEFINITIONS[role].unitTypes.includes(unitType));
  if (misfits.length === 0) return;
  const unitLabel = UNIT_TYPE_LABELS[unitType];
  throw new AppError({
    status: 400,
    code: 'role_not_allowed_for_unit',
    zh: `角色与所属单位类型不符：${misfits.map((r) => ROLE_DEFINITIONS[r].label.zh).join('、')} 不能授予${unitLabel.zh}的用户`,
    en: `Role does not fit the unit: ${misfits.map((r) => ROLE_DEFINITIONS[r].label.en).join(', ')} cannot be granted to a user of a ${unitLabel.en}`,
    fields: [{ path: 'roles', message: '角色与单位类型不符', messageEn: 'role does not fit the unit type' }],
  });
}

export function assertRolesAssignable(roles: readonly Role[], unitType: UnitType): void {
  assertRolesFitUnit(roles, unitType);
  assertSeparationOfDuties(roles);
}
