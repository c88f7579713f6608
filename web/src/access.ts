import type { Me } from '@yunshu/shared/api';
import type { Permission } from '@yunshu/shared/permissions';

/**
 * The console's one permission check. It only decides what to show: the server checks every call again
 * against the same permission table (shared/src/permissions.ts).
 */
export function can(me: Me | null | undefined, permission: Permission): boolean {
  return me ? me.permissions.includes(permission) : false;
}

/** Who may see a page: holders of `permission` (and of one of `anyPermission`), except holders of `withoutPermission`. */
export interface AccessRule {
  permission?: Permission;
  /** And at least one of these, e.g. work orders for those who fulfil or oversee them. */
  anyPermission?: readonly Permission[];
  /** Hides the page from those who have this permission, e.g. “My unit” for unit managers. */
  withoutPermission?: Permission;
}

export function allows(me: Me | null | undefined, rule: AccessRule): boolean {
  if (!me) return false;
  if (rule.permission && !can(me, rule.permission)) return false;
  if (rule.anyPermission && !rule.anyPermission.some((permission) => can(me, permission))) return false;
  if (rule.withoutPermission && can(me, rule.withoutPermission)) return false;
  return true;
}
