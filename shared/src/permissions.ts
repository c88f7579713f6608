import type { Role } from './roles.ts';

/**
 * The one permission table. Every API route names one permission (or is public / any signed-in user);
 * the web console's menu reads the same table, so what a role sees is what it may call.
 */
export const PERMISSIONS = {
  'unit:read': 'read units (own unit only for unit-scoped roles, QP-19)',
  'unit:manage': 'create, edit and disable units',
  'user:read': 'read user accounts (own unit only for unit-scoped roles)',
  'user:manage': 'create, edit, disable users, assign roles, reset passwords',
  'user:unlock': 'unlock accounts locked after failed logins',
  'session:manage': 'list and end sign-in sessions',
  'audit:read': 'read, export and verify the audit log',
  'policy:read': 'read the district policy profile',
  'platform:read': 'read cloud platforms (never their credentials)',
  'platform:manage': 'create and edit cloud platforms, set and test driver credentials',
  'catalog:read': 'read the service catalog, price books and use the cost calculator',
  'catalog:manage': 'edit the service catalog and price books, import tender price lists',
  'system:read': 'read information systems, project approvals, quotas and their documents (own unit only for unit-scoped roles)',
  'system:manage': 'register and edit information systems, project approvals, quotas and documents (own unit only for unit-scoped roles)',
  'calendar:read': 'read the working-day calendar and compute deadlines',
  'calendar:manage': 'edit the working-day calendar, import a year’s holiday arrangement',
  'application:read': 'read applications and their timelines (own unit only for unit-scoped roles)',
  'application:submit': 'submit, resubmit and withdraw applications (user units; providers for their plans)',
  'application:decide': 'approve, reject or return the approval steps assigned to one’s role',
  'application:report': 'read the approval SLA report: steps on time and overdue per step and approver, open overdue steps',
  'resource:read': 'read provisioned resources, their lifecycle history and driver calls, and work orders (own unit only for unit-scoped roles; a provider sees its platforms’)',
  'resource:operate': 'stop and start resources (own unit only for unit-scoped roles)',
  'resource:manage': 'retry a failed provisioning operation, run the reconciler now',
  'work_order:fulfil': 'record a work order as fulfilled with the resource’s identifier and shape (the provider running the platform)',
  'billing:read': 'read billing months and statements with their drill-down and exports (own unit only for unit-scoped roles)',
  'billing:manage': 'rate a month into statements and confirm them',
  'settlement:read': 'read yearly settlements: totals per cloud operator, unit and system, adjustments, the supervision budget',
  'settlement:run': 'run a settlement over the profile’s period, submit it for audit, record the supervision budget',
  'settlement:audit': 'record the third-party auditor’s adjustments (with reasons) and complete the audit (SJ-15)',
  'settlement:approve': 'approve a settlement plan, freezing it (SJ-15)',
  'inventory:read': 'read inventory findings (unknown, missing and drifted resources) and sync runs',
  'inventory:manage': 'run an inventory sync and acknowledge findings',
  'security:read': 'read the security record of information systems: MLPS, assessments, vulnerabilities, incidents and notices, drills and training, the go-live checklist and commitment letters (own unit only for unit-scoped roles)',
  'security:manage': 'keep the security record of systems: MLPS grading and filing, assessments and rectification, vulnerabilities and their fixes, incidents, drills and training, go-live checks with evidence, the commitment letter and its scan, and declare a system live (own unit only for unit-scoped roles; SJ-18, QP-22, QP-23)',
  'security:verify': 'the operator’s security supervision: verify vulnerability fixes and issue security notices (通报) to units (QP-21, QP-24)',
  'security:sign': 'register one’s SM2 public key and sign the unit’s security commitment letters (the unit administrator, SJ-18)',
  'ops:read': 'read daily inspection reports (the operator; a provider its platforms’), fault tickets (a unit its own, a provider its platforms’) and the fault SLA report',
  'ops:inspect': 'file the daily inspection report of a platform one’s provider runs (SJ-19)',
  'ops:report': 'raise a fault ticket (units QP-16, SJ-19; providers; the operator for a unit)',
  'ops:handle': 'respond to and resolve fault tickets (the provider running the platform, the operator; SJ-19)',
  'ops:supervise': 'read the days a platform’s daily inspection report is missing, and be told of them (the operator; a provider its platforms’; SJ-19)',
  'evaluation:read': 'read the yearly comprehensive evaluation: every unit’s scores, ranks and grades with their evidence (a unit-scoped role: its own, once published), and rectification requirements (a unit its own)',
  'evaluation:run': 'run a year’s evaluation from the records, re-run it while a draft, record manual adjustments with reasons, and export it (the operator, QP-24)',
  'evaluation:publish': 'publish a year’s evaluation, freezing it, and issue and close rectification requirements (the authority, QP-25)',
  'evaluation:respond': 'respond to a rectification requirement issued to one’s unit (QP-25)',
  'datasync:read': 'read the monthly deliveries of projects and usage to the big-data platform, their attempts, and download their JSON and CSV (the operator and the authority, QP-15)',
  'datasync:manage': 'prepare or refresh a month’s delivery to the big-data platform and re-send it (the operator, QP-15)',
  'efficiency:read': 'read daily utilisation of servers, the utilisation trend weighted by allocation, and the servers whose monitoring agent is missing (own unit only for unit-scoped roles; a provider its platforms’; QP-13, QP-14, SJ-14)',
  'efficiency:manage': 'run the efficiency rules, propose rectification warnings, close or escalate cases and decide to stop (the operator, QP-14, SJ-14); findings and cases: own unit only for unit-scoped roles under efficiency:read',
  'efficiency:decide': 'review the operator’s rectification warnings and consent to stopping a unit’s resources (the authority, QP-14)',
  'efficiency:respond': 'respond to a rectification warning issued to one’s unit: an explanation, or the downsizing or reclamation applied for (QP-14, SJ-14)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const EVERYONE: Permission[] = ['policy:read', 'unit:read', 'platform:read', 'catalog:read', 'system:read', 'calendar:read', 'application:read', 'resource:read', 'billing:read', 'security:read', 'ops:read', 'evaluation:read', 'efficiency:read'];
const APPROVER: Permission[] = ['application:decide'];
/** Who answers for approval deadlines: the operator's approvers and the authority supervising them. */
const SLA_REPORT: Permission[] = ['application:report'];
const ESTATE_MANAGER: Permission[] = ['platform:manage', 'catalog:manage', 'system:manage'];
/** The operator runs the resources it provisions (SJ-9) and watches for unauthorized ones. */
const RESOURCE_OPERATOR: Permission[] = ['resource:operate', 'resource:manage', 'inventory:read', 'inventory:manage', 'billing:manage', 'settlement:read', 'settlement:run', 'datasync:read', 'datasync:manage'];
/** The operator answers for the cloud's security and operation (QP-21, QP-23, SJ-18, SJ-19): it keeps units' records with them, supervises, and handles faults. */
const SECURITY_OPERATOR: Permission[] = ['security:manage', 'security:verify', 'ops:report', 'ops:handle', 'ops:supervise'];
/** A user unit answers for its own systems' security (QP-22, SJ-18) and reports problems (QP-16, SJ-19). */
const UNIT_SECURITY: Permission[] = ['security:manage', 'ops:report'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  authority_reviewer: [...EVERYONE, ...APPROVER, ...SLA_REPORT, 'inventory:read', 'settlement:read', 'settlement:approve', 'evaluation:publish', 'datasync:read', 'efficiency:decide'],
  operator_resource_admin: [...EVERYONE, ...ESTATE_MANAGER, ...APPROVER, ...SLA_REPORT, ...RESOURCE_OPERATOR, ...SECURITY_OPERATOR, 'evaluation:run', 'efficiency:manage'],
  operator_section_chief: [...EVERYONE, ...ESTATE_MANAGER, ...APPROVER, ...SLA_REPORT, ...RESOURCE_OPERATOR, ...SECURITY_OPERATOR, 'evaluation:run', 'efficiency:manage'],
  operator_leader: [...EVERYONE, ...APPROVER, ...SLA_REPORT, 'inventory:read', 'settlement:read', 'datasync:read'],
  unit_applicant: [...EVERYONE, 'system:manage', 'application:submit', ...UNIT_SECURITY],
  unit_admin: [...EVERYONE, 'user:read', 'system:manage', 'application:submit', 'resource:operate', ...UNIT_SECURITY, 'security:sign', 'evaluation:respond', 'efficiency:respond'],
  provider_engineer: [...EVERYONE, 'application:submit', 'work_order:fulfil', 'ops:inspect', 'ops:report', 'ops:handle', 'ops:supervise'],
  auditor: [...EVERYONE, 'settlement:read', 'settlement:audit'],
  system_admin: [...EVERYONE, 'unit:manage', 'user:read', 'user:manage', 'calendar:manage'],
  security_admin: [...EVERYONE, 'user:read', 'user:unlock', 'session:manage'],
  audit_admin: [...EVERYONE, 'audit:read'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return [...new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]))].sort();
}

/** The roles holding a permission, e.g. whom to tell about what that permission supervises. */
export function rolesWith(permission: Permission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
