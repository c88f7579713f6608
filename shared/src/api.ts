/**
 * The HTTP contract between the server and the web console: every request and response body as a zod
 * schema. The server validates with these and builds its OpenAPI document from them; the console uses
 * the inferred types. Money and ids travel as strings.
 */
import { z } from 'zod';
import { isValidCreditCode } from './credit-code.ts';
import { PERMISSIONS, type Permission } from './permissions.ts';
import { ROLES, UNIT_TYPES, USER_UNIT_CATEGORIES } from './roles.ts';

const permissionNames = Object.keys(PERMISSIONS) as [Permission, ...Permission[]];

export const BilingualSchema = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof BilingualSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('stable machine code, e.g. validation_failed, not_found, account_locked'),
    message: z.string().describe('中文说明'),
    messageEn: z.string().describe('English message'),
    article: z.string().optional().describe('the regulation article behind the rule, e.g. QP-10'),
    fields: z
      .array(z.object({ path: z.string(), message: z.string(), messageEn: z.string() }))
      .optional(),
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

// --- identity -------------------------------------------------------------------------------------

export const RoleSchema = z.enum(ROLES);
export const UnitTypeSchema = z.enum(UNIT_TYPES);

export const UnitRefSchema = z.object({ id: z.uuid(), name: z.string(), type: UnitTypeSchema });

export const MeSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  unit: UnitRefSchema,
  roles: z.array(RoleSchema),
  permissions: z.array(z.enum(permissionNames)),
  scope: z.enum(['all', 'unit']),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  lastLoginIp: z.string().nullable(),
});
export type Me = z.infer<typeof MeSchema>;

export const LoginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const CreditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidCreditCode, { message: 'credit_code_invalid' });

export const UnitSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: UnitTypeSchema,
  category: z.enum(USER_UNIT_CATEGORIES).nullable(),
  creditCode: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  districtBudget: z.boolean().describe('纳入区级财政预算 (SJ-15)'),
  disabled: z.boolean(),
  createdAt: z.string(),
  userCount: z.number().int(),
});
export type Unit = z.infer<typeof UnitSchema>;

const phone = z.string().trim().regex(/^[0-9+\-() ]{5,32}$/, { message: 'phone_invalid' });

export const CreateUnitBodySchema = z.object({
  name: z.string().trim().min(2).max(100),
  shortName: z.string().trim().max(40).optional(),
  type: UnitTypeSchema,
  category: z.enum(USER_UNIT_CATEGORIES).optional(),
  creditCode: CreditCodeSchema,
  contactName: z.string().trim().min(1).max(40),
  contactPhone: phone,
  districtBudget: z.boolean(),
});
export const UpdateUnitBodySchema = CreateUnitBodySchema.omit({ type: true, creditCode: true })
  .partial()
  .extend({ disabled: z.boolean().optional() });

export const UnitListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  type: UnitTypeSchema.optional(),
});

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  unit: UnitRefSchema,
  roles: z.array(RoleSchema),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(['active', 'disabled', 'locked']),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const UsernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, { message: 'username_invalid' });

export const CreateUserBodySchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(40),
  unitId: z.uuid(),
  roles: z.array(RoleSchema).max(ROLES.length),
  phone: phone.optional(),
  email: z.email().optional(),
});
export const UpdateUserBodySchema = z.object({
  displayName: z.string().trim().min(1).max(40).optional(),
  phone: phone.nullable().optional(),
  email: z.email().nullable().optional(),
});
export const SetRolesBodySchema = z.object({ roles: z.array(RoleSchema).max(ROLES.length) });
export const UserListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  unitId: z.uuid().optional(),
  role: RoleSchema.optional(),
  status: z.enum(['active', 'disabled', 'locked']).optional(),
});
export const CreatedUserSchema = z.object({
  user: UserSchema,
  initialPassword: z.string().describe('one-time password, shown once; must be changed at first login'),
});
export const TemporaryPasswordSchema = z.object({ temporaryPassword: z.string() });

export const SessionInfoSchema = z.object({
  id: z.uuid(),
  user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  current: z.boolean(),
});

// --- audit ----------------------------------------------------------------------------------------

export const AuditRecordSchema = z.object({
  seq: z.string(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorUsername: z.string().nullable(),
  actorRoles: z.array(z.string()),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  sourceIp: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  result: z.enum(['success', 'failure']),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const AuditQuerySchema = PageQuerySchema.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  result: z.enum(['success', 'failure']).optional(),
  q: z.string().trim().max(100).optional(),
});
export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.string().nullable(),
  reason: z.string().nullable(),
});

// --- policy ---------------------------------------------------------------------------------------

export const PolicyParameterViewSchema = z.object({
  key: z.string(),
  group: z.string(),
  label: BilingualSchema,
  value: z.unknown(),
  display: z.string().describe('the value as people read it, e.g. "7 个工作日"'),
  article: z.string().nullable().describe('QP-n / SJ-n; null when the district fixed it itself'),
  basis: z.string().nullable(),
});
export const PolicyViewSchema = z.object({
  id: z.string(),
  district: BilingualSchema,
  regulation: z.object({ title: z.string(), number: z.string(), issuedOn: z.string() }),
  parameters: z.array(PolicyParameterViewSchema),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const RoleCatalogSchema = z.array(
  z.object({
    role: RoleSchema,
    label: BilingualSchema,
    unitTypes: z.array(UnitTypeSchema),
    scope: z.enum(['all', 'unit']),
    article: z.string().nullable(),
    permissions: z.array(z.string()),
    separatedAdmin: z.boolean(),
  }),
);

export type CreatedUser = z.infer<typeof CreatedUserSchema>;
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
