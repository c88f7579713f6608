/**
 * Contract of the cloud platforms (云平台, QP-5, SJ-2), the service catalog (服务目录, SJ-2, SJ-7), the
 * versioned price books (区级价格、市云招标价格, SJ-10) and the cost calculator. Money travels as decimal
 * strings; instants as ISO 8601 text. A date without a time means 00:00 Asia/Shanghai that day.
 */
import { z } from 'zod';
import { PageQuerySchema } from './api.ts';
import { decimalPattern, UNIT_PRICE_PATTERN } from './money.ts';

type Labels<K extends string> = Record<K, { zh: string; en: string }>;

// --- instants -------------------------------------------------------------------------------------

/** China Standard Time has been UTC+8 all year since 1991: a calendar date starts at 16:00 UTC the day before. */
export const SHANGHAI_OFFSET = '+08:00';

/** '2026-07-01' → '2026-06-30T16:00:00.000Z'; an ISO date-time with an offset is normalised to UTC. */
export function toInstant(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00${SHANGHAI_OFFSET}` : value;
  return new Date(text).toISOString();
}

/** An instant as a date (00:00 Asia/Shanghai) or an ISO date-time with offset; normalised to UTC ISO text. */
export const InstantSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { message: 'instant_invalid' })
  .transform(toInstant)
  .describe('YYYY-MM-DD (00:00 Asia/Shanghai) or an ISO 8601 date-time with offset');

// --- cloud platforms ------------------------------------------------------------------------------

export const PLATFORM_LEVELS = ['city', 'district', 'district_industry'] as const;
export const PLATFORM_LEVEL_LABELS: Labels<(typeof PLATFORM_LEVELS)[number]> = {
  city: { zh: '市级政务云', en: 'City-level cloud' },
  district: { zh: '区级政务云', en: 'District cloud' },
  district_industry: { zh: '区级行业云', en: 'District industry cloud' },
};
export const ARCHITECTURES = ['x86', 'arm'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
export const ARCHITECTURE_LABELS: Labels<Architecture> = {
  x86: { zh: 'X86', en: 'x86' },
  arm: { zh: 'ARM（信创）', en: 'ARM (domestic IT, 信创)' },
};
export const PROVISIONING_MODES = ['driver', 'work_order'] as const;
export const PROVISIONING_MODE_LABELS: Labels<(typeof PROVISIONING_MODES)[number]> = {
  driver: { zh: '平台驱动自动开通', en: 'Provisioned through a driver' },
  work_order: { zh: '服务商工单人工开通', en: 'Fulfilled by provider engineers on a work order' },
};
export const DRIVERS = ['simulated', 'openstack'] as const;
export const OPENSTACK_INTERFACES = ['public', 'internal', 'admin'] as const;
export const CREDENTIAL_KINDS = ['password', 'application_credential'] as const;

export const PlatformLevelSchema = z.enum(PLATFORM_LEVELS);
export const ArchitectureSchema = z.enum(ARCHITECTURES).describe('x86 | arm 信创');
export const ProvisioningModeSchema = z.enum(PROVISIONING_MODES);
export const DriverSchema = z.enum(DRIVERS);

const name = (max: number) => z.string().trim().min(1).max(max);
const setting = name(255);

/**
 * Driver connection settings — never a secret: a password or application-credential secret goes to the
 * credentials route and is stored sealed (SM4). Unknown keys are refused so a secret cannot slip in here.
 */
export const ConnectionSettingsSchema = z.strictObject({
  authUrl: z.url({ protocol: /^https?$/ }).max(500).optional().describe('Keystone URL, e.g. https://keystone.example:5000/v3'),
  region: setting.optional(),
  projectName: setting.optional(),
  projectDomain: setting.optional().describe('default "Default"'),
  userDomain: setting.optional().describe('default "Default"'),
  username: setting.optional(),
  applicationCredentialId: setting.optional(),
  interface: z.enum(OPENSTACK_INTERFACES).optional().describe('endpoint interface, default public'),
  network: setting.optional().describe('the Neutron network servers go on, by name or id'),
  image: setting.optional().describe('the Glance image of new servers, by name or id; default the only public image'),
  createMissingFlavors: z.boolean().optional().describe('create a flavor of exactly the approved size when none exists (needs admin rights)'),
});
export type ConnectionSettings = z.infer<typeof ConnectionSettingsSchema>;

export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  messageEn: z.string(),
  at: z.string(),
  durationMs: z.number().int(),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

const ProviderRefSchema = z.object({ id: z.uuid(), name: z.string().nullable() });

export const PlatformSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  level: PlatformLevelSchema,
  provider: ProviderRefSchema,
  architecture: ArchitectureSchema,
  region: z.string(),
  mlpsLevel: z.number().int().describe('highest MLPS level of systems it may host'),
  provisioningMode: ProvisioningModeSchema,
  driver: DriverSchema.nullable(),
  connection: ConnectionSettingsSchema,
  hasCredentials: z.boolean(),
  credentialsKind: z.enum(CREDENTIAL_KINDS).nullable(),
  credentialsUpdatedAt: z.string().nullable(),
  lastConnectionTest: ConnectionTestSchema.nullable(),
  description: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Platform = z.infer<typeof PlatformSchema>;

export const CreatePlatformBodySchema = z.object({
  name: name(100),
  level: PlatformLevelSchema,
  providerUnitId: z.uuid().describe('a unit of type provider'),
  architecture: ArchitectureSchema,
  region: name(100),
  mlpsLevel: z.number().int().min(1).max(5).describe('at most the profile’s security.mlpsMaxLevel'),
  provisioningMode: ProvisioningModeSchema,
  driver: DriverSchema.optional().describe('required when provisioningMode is driver'),
  connection: ConnectionSettingsSchema.default({}),
  description: z.string().trim().max(500).optional(),
});
export const UpdatePlatformBodySchema = z.object({
  name: name(100).optional(),
  level: PlatformLevelSchema.optional(),
  providerUnitId: z.uuid().optional(),
  architecture: ArchitectureSchema.optional(),
  region: name(100).optional(),
  mlpsLevel: z.number().int().min(1).max(5).optional(),
  provisioningMode: ProvisioningModeSchema.optional(),
  driver: DriverSchema.nullable().optional(),
  connection: ConnectionSettingsSchema.optional().describe('replaces the settings as a whole'),
  description: z.string().trim().max(500).nullable().optional(),
});
export const SetCredentialsBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('password'), password: z.string().min(1).max(1024) }),
  z.strictObject({ kind: z.literal('application_credential'), secret: z.string().min(1).max(1024) }),
]);
export type SetCredentialsBody = z.infer<typeof SetCredentialsBodySchema>;

export const PlatformListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  level: PlatformLevelSchema.optional(),
  architecture: ArchitectureSchema.optional(),
  provisioningMode: ProvisioningModeSchema.optional(),
  providerUnitId: z.uuid().optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

// --- service catalog ------------------------------------------------------------------------------

export const CATALOG_CATEGORIES = [
  'compute',
  'block_storage',
  'object_storage',
  'bandwidth_eip',
  'load_balancer',
  'database',
  'cache',
  'middleware',
  'security',
  'saas',
] as const;
export type CatalogCategory = (typeof CATALOG_CATEGORIES)[number];
export const CATEGORY_LABELS: Labels<CatalogCategory> = {
  compute: { zh: '计算（云主机）', en: 'Compute' },
  block_storage: { zh: '块存储（云硬盘）', en: 'Block storage' },
  object_storage: { zh: '对象存储', en: 'Object storage' },
  bandwidth_eip: { zh: '带宽/弹性公网 IP', en: 'Bandwidth / EIP' },
  load_balancer: { zh: '负载均衡', en: 'Load balancer' },
  database: { zh: '数据库', en: 'Database' },
  cache: { zh: '缓存', en: 'Cache' },
  middleware: { zh: '中间件', en: 'Middleware' },
  security: { zh: '安全服务', en: 'Security service' },
  saas: { zh: '软件服务（SaaS）', en: 'Software as a service' },
};

/** SJ-7: IaaS, PaaS, security services and SaaS on demand. */
export const SERVICE_MODELS = ['iaas', 'paas', 'security', 'saas'] as const;
export const SERVICE_MODEL_OF: Record<CatalogCategory, (typeof SERVICE_MODELS)[number]> = {
  compute: 'iaas',
  block_storage: 'iaas',
  object_storage: 'iaas',
  bandwidth_eip: 'iaas',
  load_balancer: 'iaas',
  database: 'paas',
  cache: 'paas',
  middleware: 'paas',
  security: 'security',
  saas: 'saas',
};

export const UNITS_OF_MEASURE = ['vcpu_month', 'gib_month', 'instance_month', 'mbps_month'] as const;
export type UnitOfMeasure = (typeof UNITS_OF_MEASURE)[number];
export const UNIT_OF_MEASURE_LABELS: Labels<UnitOfMeasure> = {
  vcpu_month: { zh: 'vCPU·月', en: 'vCPU·month' },
  gib_month: { zh: 'GiB·月', en: 'GiB·month' },
  instance_month: { zh: '实例·月', en: 'instance·month' },
  mbps_month: { zh: 'Mbps·月', en: 'Mbps·month' },
};
/** Which units of measure make sense for a category (compute is sold by vCPU and by GiB of memory). */
export const UNITS_BY_CATEGORY: Record<CatalogCategory, readonly UnitOfMeasure[]> = {
  compute: ['vcpu_month', 'gib_month'],
  block_storage: ['gib_month'],
  object_storage: ['gib_month'],
  bandwidth_eip: ['mbps_month'],
  load_balancer: ['instance_month', 'mbps_month'],
  database: ['instance_month', 'vcpu_month', 'gib_month'],
  cache: ['instance_month', 'gib_month'],
  middleware: ['instance_month', 'vcpu_month'],
  security: ['instance_month', 'mbps_month'],
  saas: ['instance_month'],
};

const sizes = z.array(z.number().int().positive()).min(1);
const words = z.array(z.string().trim().min(1).max(60)).min(1);
/** Specification parameters per category, checked loosely: known keys are typed, others are kept. */
export const SPEC_SCHEMAS: Record<CatalogCategory, z.ZodType<Record<string, unknown>>> = {
  compute: z.looseObject({ vcpuOptions: sizes, memoryGibOptions: sizes }),
  block_storage: z.looseObject({ diskType: z.string().trim().min(1).optional(), minGib: z.number().int().positive(), maxGib: z.number().int().positive() }),
  object_storage: z.looseObject({ storageClass: z.string().trim().min(1).optional(), redundancy: z.string().optional() }),
  bandwidth_eip: z.looseObject({ minMbps: z.number().int().positive(), maxMbps: z.number().int().positive() }),
  load_balancer: z.looseObject({ maxConnections: z.number().int().positive().optional(), protocols: words.optional() }),
  database: z.looseObject({ engine: z.string().trim().min(1), versions: words.optional(), vcpuOptions: sizes.optional(), memoryGibOptions: sizes.optional() }),
  cache: z.looseObject({ engine: z.string().trim().min(1), memoryGibOptions: sizes.optional() }),
  middleware: z.looseObject({ product: z.string().trim().min(1), versions: words.optional() }),
  security: z.looseObject({ service: z.string().trim().min(1) }),
  saas: z.looseObject({ vendor: z.string().trim().min(1).optional() }),
};

export const CatalogCategorySchema = z.enum(CATALOG_CATEGORIES);
export const UnitOfMeasureSchema = z.enum(UNITS_OF_MEASURE);
export const ItemCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/, { message: 'item_code_invalid' })
  .max(40)
  .describe('e.g. ECS-X86-VCPU: capitals, digits and dashes');

export const PlatformRefSchema = z.object({ id: z.uuid(), name: z.string(), level: PlatformLevelSchema, architecture: ArchitectureSchema });

export const CatalogItemSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  category: CatalogCategorySchema,
  serviceModel: z.enum(SERVICE_MODELS),
  unitOfMeasure: UnitOfMeasureSchema,
  architectures: z.array(ArchitectureSchema),
  platforms: z.array(PlatformRefSchema),
  spec: z.record(z.string(), z.unknown()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CatalogItem = z.infer<typeof CatalogItemSchema>;

const architectures = z.array(ArchitectureSchema).min(1).max(ARCHITECTURES.length);
export const CreateCatalogItemBodySchema = z.object({
  code: ItemCodeSchema,
  nameZh: name(100),
  nameEn: name(200),
  category: CatalogCategorySchema,
  unitOfMeasure: UnitOfMeasureSchema,
  architectures,
  platformIds: z.array(z.uuid()).max(100).default([]),
  spec: z.record(z.string(), z.unknown()).default({}),
  description: z.string().trim().max(1000).optional(),
  enabled: z.boolean().default(true),
});
export const UpdateCatalogItemBodySchema = z.object({
  nameZh: name(100).optional(),
  nameEn: name(200).optional(),
  category: CatalogCategorySchema.optional(),
  unitOfMeasure: UnitOfMeasureSchema.optional(),
  architectures: architectures.optional(),
  platformIds: z.array(z.uuid()).max(100).optional(),
  spec: z.record(z.string(), z.unknown()).optional(),
  description: z.string().trim().max(1000).nullable().optional(),
  enabled: z.boolean().optional(),
});
export const CatalogItemListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  category: CatalogCategorySchema.optional(),
  serviceModel: z.enum(SERVICE_MODELS).optional(),
  architecture: ArchitectureSchema.optional(),
  platformId: z.uuid().optional(),
  enabled: z.enum(['true', 'false']).optional(),
});

// --- price books ----------------------------------------------------------------------------------

export const PRICE_BOOK_KINDS = ['district', 'city_tender'] as const;
export const PRICE_BOOK_KIND_LABELS: Labels<(typeof PRICE_BOOK_KINDS)[number]> = {
  district: { zh: '区级价格表', en: 'District price list' },
  city_tender: { zh: '市云招标价格表', en: 'City cloud tender price list' },
};
export const PriceBookKindSchema = z.enum(PRICE_BOOK_KINDS);

export const PriceBookSchema = z.object({
  id: z.uuid(),
  kind: PriceBookKindSchema,
  name: z.string(),
  provider: ProviderRefSchema.nullable().describe('the city provider whose tender result this is'),
  tenderReference: z.string().nullable().describe('招标编号 / 中标通知书'),
  description: z.string().nullable(),
  versionCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PriceBook = z.infer<typeof PriceBookSchema>;

export const CreatePriceBookBodySchema = z.object({
  kind: PriceBookKindSchema,
  name: name(100),
  providerUnitId: z.uuid().optional().describe('required for city_tender'),
  tenderReference: name(200).optional().describe('required for city_tender'),
  description: z.string().trim().max(1000).optional(),
});
export const UpdatePriceBookBodySchema = z.object({
  name: name(100).optional(),
  tenderReference: name(200).optional(),
  description: z.string().trim().max(1000).nullable().optional(),
});
export const PriceBookListQuerySchema = PageQuerySchema.extend({
  kind: PriceBookKindSchema.optional(),
  providerUnitId: z.uuid().optional(),
  platformId: z.uuid().optional().describe('only the book that prices this platform (SJ-10)'),
});

export const UnitPriceSchema = z
  .string()
  .trim()
  .regex(UNIT_PRICE_PATTERN, { message: 'unit_price_invalid' })
  .describe('CNY, a decimal string with up to 6 places, e.g. "0.35"');

export const PRICE_STATUSES = ['scheduled', 'effective', 'expired', 'withdrawn'] as const;
export const ItemRefSchema = z.object({ id: z.uuid(), code: z.string(), nameZh: z.string(), nameEn: z.string(), unitOfMeasure: UnitOfMeasureSchema });
const PersonRefSchema = z.object({ id: z.uuid().nullable(), name: z.string() });

export const PriceVersionSchema = z.object({
  id: z.uuid(),
  bookId: z.uuid(),
  item: ItemRefSchema,
  unitPrice: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable().describe('exclusive; null: until a later version'),
  status: z.enum(PRICE_STATUSES).describe('now: scheduled (not yet effective), effective, expired, withdrawn'),
  reason: z.string(),
  createdAt: z.string(),
  createdBy: PersonRefSchema.nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
});
export type PriceVersion = z.infer<typeof PriceVersionSchema>;

const reason = z.string().trim().min(2).max(500);
export const AddPriceBodySchema = z.object({
  itemId: z.uuid(),
  unitPrice: UnitPriceSchema,
  effectiveFrom: InstantSchema,
  effectiveTo: InstantSchema.optional(),
  reason: reason.describe('调价原因'),
});
export const AddedPriceSchema = z.object({
  version: PriceVersionSchema,
  closed: PriceVersionSchema.nullable().describe('the open-ended version this one ended at its start'),
});
export const CorrectPriceBodySchema = z.object({
  unitPrice: UnitPriceSchema.optional(),
  effectiveFrom: InstantSchema.optional(),
  effectiveTo: InstantSchema.nullable().optional(),
  reason: reason.describe('更正原因'),
});
export const WithdrawPriceBodySchema = z.object({ reason: reason.describe('撤销原因') });
export const PriceListQuerySchema = PageQuerySchema.extend({
  itemId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  at: InstantSchema.optional().describe('only the versions in effect at this instant'),
  includeWithdrawn: z.enum(['true', 'false']).optional(),
});

export const PRICE_CHANGE_KINDS = ['added', 'closed', 'corrected', 'withdrawn', 'reopened'] as const;
export const PriceChangeSchema = z.object({
  id: z.string(),
  priceId: z.uuid(),
  item: ItemRefSchema,
  change: z.enum(PRICE_CHANGE_KINDS),
  causedByPriceId: z.uuid().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()),
  reason: z.string(),
  source: z.enum(['manual', 'import', 'seed']),
  importSm3: z.string().nullable(),
  actor: PersonRefSchema.nullable(),
  at: z.string(),
});
export const PriceChangeListQuerySchema = PageQuerySchema.extend({ itemId: z.uuid().optional() });

export const ImportErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().describe('A, B, … (empty for a whole-row problem)'),
  header: z.string(),
  message: z.string(),
  messageEn: z.string(),
});
export type ImportError = z.infer<typeof ImportErrorSchema>;
export const ImportResultSchema = z.object({
  imported: z.number().int(),
  closed: z.number().int(),
  sm3: z.string(),
  versions: z.array(PriceVersionSchema),
});

// --- calculator -----------------------------------------------------------------------------------

export const EstimateQuantitySchema = z
  .string()
  .trim()
  .regex(decimalPattern(6), { message: 'estimate_quantity_invalid' })
  .refine((text) => /[1-9]/.test(text), { message: 'estimate_quantity_invalid' });

export const EstimateBodySchema = z.object({
  platformId: z.uuid(),
  at: InstantSchema.optional().describe('price date; default now'),
  lines: z
    .array(
      z.object({
        itemId: z.uuid(),
        quantity: EstimateQuantitySchema.describe('in the item’s unit of measure, as text'),
        months: z.number().int().min(1).max(120),
      }),
    )
    .min(1)
    .max(200),
});
export type EstimateBody = z.infer<typeof EstimateBodySchema>;

export const EstimateSchema = z.object({
  platform: PlatformRefSchema,
  priceBook: z.object({ id: z.uuid(), name: z.string(), kind: PriceBookKindSchema }),
  at: z.string(),
  currency: z.literal('CNY'),
  lines: z.array(
    z.object({
      line: z.number().int().describe('1-based'),
      item: ItemRefSchema,
      quantity: z.string(),
      months: z.number().int(),
      unitPrice: z.string(),
      amount: z.string().describe('unitPrice × quantity × months, rounded half-up to the fen once'),
      priceVersion: z.object({ id: z.uuid(), bookId: z.uuid(), effectiveFrom: z.string(), effectiveTo: z.string().nullable() }),
    }),
  ),
  total: z.string().describe('sum of the rounded line amounts'),
});
export type Estimate = z.infer<typeof EstimateSchema>;
