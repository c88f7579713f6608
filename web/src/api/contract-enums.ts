import type {
  ApplicationKind,
  BillingMonthStatus,
  ApplicationStatus,
  Architecture,
  AssessmentResult,
  CityCloudReason,
  CatalogCategory,
  ConstructionType,
  Driver,
  FindingKind,
  PlatformLevel,
  PriceBookKind,
  ProvisioningMode,
  ResourceKind,
  ResourceStatus,
  SettlementStatus,
  UnitOfMeasure,
  WorkOrderAction,
  WorkOrderStatus,
} from './contract-types.ts';

/**
 * The members of a union the contract defines, in the order written. The object must name every member
 * and no other, so the type check fails when the contract's enumeration changes; importing the contract's
 * own arrays would bring zod into the bundle (see contract-types.ts).
 */
function membersOf<T extends string>(members: Record<T, true>): readonly T[] {
  return Object.keys(members) as T[];
}

export const CONSTRUCTION_TYPES = membersOf<ConstructionType>({ new: true, migrate: true });

export const ARCHITECTURES = membersOf<Architecture>({ x86: true, arm: true });

export const PLATFORM_LEVELS = membersOf<PlatformLevel>({ city: true, district: true, district_industry: true });

export const PROVISIONING_MODES = membersOf<ProvisioningMode>({ driver: true, work_order: true });

export const DRIVERS = membersOf<Driver>({ simulated: true, openstack: true });

export const CATALOG_CATEGORIES = membersOf<CatalogCategory>({
  compute: true,
  block_storage: true,
  object_storage: true,
  bandwidth_eip: true,
  load_balancer: true,
  database: true,
  cache: true,
  middleware: true,
  security: true,
  saas: true,
});

export const UNITS_OF_MEASURE = membersOf<UnitOfMeasure>({
  vcpu_month: true,
  gib_month: true,
  instance_month: true,
  mbps_month: true,
});

export const PRICE_BOOK_KINDS = membersOf<PriceBookKind>({ district: true, city_tender: true });

/** In the contract's order (APPLICATION_KINDS): the order of the kind chooser. */
export const APPLICATION_KINDS = membersOf<ApplicationKind>({
  new_project_filing: true,
  resource: true,
  expansion: true,
  change: true,
  reclamation: true,
  temporary: true,
  temporary_extension: true,
  migration: true,
  city_cloud: true,
  provider_plan: true,
});

export const APPLICATION_STATUSES = membersOf<ApplicationStatus>({
  in_review: true,
  returned: true,
  approved: true,
  rejected: true,
  withdrawn: true,
});

/** The `category` of `POST /api/applications/:id/documents` (applications.routes.ts). */
export const APPLICATION_DOCUMENT_CATEGORIES = [
  'test_report',
  'assessment_report',
  'evidence',
  'expert_review',
  'other',
] as const;
export type ApplicationDocumentCategory = (typeof APPLICATION_DOCUMENT_CATEGORIES)[number];

export const CITY_CLOUD_REASONS = membersOf<CityCloudReason>({ city_line_requirement: true, district_insufficient: true });

export const ASSESSMENT_RESULTS = membersOf<AssessmentResult>({ pass: true, fail: true });

/** In the contract's order (RESOURCE_STATUSES): the lifecycle from pending to reclaimed. */
export const RESOURCE_STATUSES = membersOf<ResourceStatus>({
  pending: true,
  creating: true,
  running: true,
  stopped: true,
  resizing: true,
  stopping: true,
  starting: true,
  deleting: true,
  deleted: true,
  failed: true,
  awaiting_work_order: true,
});

export const RESOURCE_KINDS = membersOf<ResourceKind>({ server: true, volume: true });

export const WORK_ORDER_STATUSES = membersOf<WorkOrderStatus>({ open: true, done: true, cancelled: true });

export const WORK_ORDER_ACTIONS = membersOf<WorkOrderAction>({ create: true, resize: true, stop: true, start: true, delete: true });

export const FINDING_KINDS = membersOf<FindingKind>({ unknown: true, missing: true, drift: true });

/** Which units of measure make sense for a category (UNITS_BY_CATEGORY in the contract). */
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

export const BILLING_MONTH_STATUSES = membersOf<BillingMonthStatus>({ draft: true, confirmed: true });

/** In the contract's order (SETTLEMENT_STATUSES): the settlement's workflow (SJ-15). */
export const SETTLEMENT_STATUSES = membersOf<SettlementStatus>({ draft: true, in_audit: true, audited: true, approved: true });
