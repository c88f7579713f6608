import type { Me } from '@yunshu/shared/api';
import type { Permission } from '@yunshu/shared/permissions';

/**
 * The console's one permission check. It only decides what to show: the server checks every call again
 * against the same permission table (shared/src/permissions.ts).
 */
export function can(me: Me | null | undefined, permission: Permission): boolean {
  return me ? me.permissions.includes(permission) : false;
}

/** Who may see a page: holders of `permission`, except holders of `withoutPermission`. */
export interface AccessRule {
  permission?: Permission;
  /** Hides the page from those who have this permission, e.g. “My unit” for unit managers. */
  withoutPermission?: Permission;
}

export function allows(me: Me | null | undefined, rule: AccessRule): boolean {
  if (!me) return false;
  if (rule.permission && !can(me, rule.permission)) return false;
  if (rule.withoutPermission && can(me, rule.withoutPermission)) return false;
  return true;
}
