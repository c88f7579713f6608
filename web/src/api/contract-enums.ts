import type {
  ActivityKind,
  ApplicationKind,
  BillingMonthStatus,
  EvaluationDimension,
  EvaluationGrade,
  EvaluationIndicator,
  EvaluationRectificationStatus,
  ApplicationStatus,
  Architecture,
  AssessmentResult,
  CityCloudReason,
  CatalogCategory,
  ConstructionType,
  FaultSeverity,
  FaultStatus,
  GoLiveCheckItem,
  IncidentLevel,
  InspectionResult,
  RectificationStatus,
  VulnerabilitySeverity,
  VulnerabilitySource,
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

// --- security record and operations (security-api.ts, operations-api.ts), in the contract's order ------

export const VULNERABILITY_SEVERITIES = membersOf<VulnerabilitySeverity>({ critical: true, high: true, medium: true, low: true });

export const VULNERABILITY_SOURCES = membersOf<VulnerabilitySource>({ scan: true, notice: true, assessment: true });

export const RECTIFICATION_STATUSES = membersOf<RectificationStatus>({ open: true, in_progress: true, done: true });

/** 特别重大 / 重大 / 较大 / 一般. */
export const INCIDENT_LEVELS = membersOf<IncidentLevel>({ especially_major: true, major: true, large: true, general: true });

export const ACTIVITY_KINDS = membersOf<ActivityKind>({ drill: true, training: true });

export const GO_LIVE_CHECK_ITEMS = membersOf<GoLiveCheckItem>({
  security_resources: true,
  self_check: true,
  testing_assessment: true,
  hardening: true,
  mlps: true,
  data_security: true,
  commitment_letter: true,
});

export const INSPECTION_RESULTS = membersOf<InspectionResult>({ normal: true, anomaly: true });

export const FAULT_SEVERITIES = membersOf<FaultSeverity>({ critical: true, major: true, minor: true });

export const FAULT_STATUSES = membersOf<FaultStatus>({ open: true, responded: true, resolved: true });

// --- yearly comprehensive evaluation (evaluation-api.ts), in the contract's order -----------------------

/** The indicators the platform can compute; the profile picks which apply and their points (QP-24). */
export const EVALUATION_INDICATORS = membersOf<EvaluationIndicator>({
  vulnerability_fix_rate: true,
  vulnerability_fix_timeliness: true,
  incident_notices: true,
  mlps_assessment: true,
  drills_training: true,
  allocation_utilization: true,
  idle_findings: true,
  rectification_compliance: true,
  stopped_compute_share: true,
});

export const EVALUATION_DIMENSIONS = membersOf<EvaluationDimension>({ security: true, efficiency: true });

/** Best first. */
export const EVALUATION_GRADES = membersOf<EvaluationGrade>({ excellent: true, good: true, pass: true, fail: true });

export const EVALUATION_RECTIFICATION_STATUSES = membersOf<EvaluationRectificationStatus>({ open: true, responded: true, closed: true });
