import type {
  AuditVerifySchema,
  CreatedUserSchema,
  CreateUnitBodySchema,
  CreateUserBodySchema,
  HealthSchema,
  SessionInfoSchema,
  TemporaryPasswordSchema,
  UpdateUnitBodySchema,
  UpdateUserBodySchema,
} from '@yunshu/shared/api';
import type {
  CalendarDaySchema,
  CalendarYearSchema,
  CalendarYearsSchema,
  DeadlineSchema,
  ImportYearBodySchema,
  SetDayBodySchema,
  SetYearBodySchema,
} from '@yunshu/shared/calendar-api';
import type {
  ApplicationDetailSchema,
  ApplicationEventSchema,
  ApplicationLineSchema,
  ApplicationStepSchema,
  ApplicationSummarySchema,
  ApproveBodySchema,
  ReturnBodySchema,
  SubmitApplicationBodySchema,
} from '@yunshu/shared/applications-api';
import type {
  AddedPriceSchema,
  AddPriceBodySchema,
  CorrectPriceBodySchema,
  CreateCatalogItemBodySchema,
  CreatePlatformBodySchema,
  CreatePriceBookBodySchema,
  DriverSchema,
  ImportResultSchema,
  PlatformLevelSchema,
  PriceBookKindSchema,
  PriceChangeSchema,
  PriceVersionSchema,
  ProvisioningModeSchema,
  UpdateCatalogItemBodySchema,
  UpdatePlatformBodySchema,
  UpdatePriceBookBodySchema,
  WithdrawPriceBodySchema,
} from '@yunshu/shared/catalog-api';
import type {
  ConstructionTypeSchema,
  CreateProjectBodySchema,
  CreateSystemBodySchema,
  DocumentSchema,
  QuotaUsageSchema,
  UpdateProjectBodySchema,
  UpdateSystemBodySchema,
} from '@yunshu/shared/systems-api';
import type { NotificationSchema, ReadAllResultSchema, UnreadCountSchema } from '@yunshu/shared/notifications-api';
import type { SlaApproverRowSchema, SlaReportSchema, SlaStepRowSchema } from '@yunshu/shared/sla-api';
import type { InventoryFinding, ResourceSummary, WorkOrder } from '@yunshu/shared/resources-api';
import type {
  AdjustmentBodySchema,
  BillingMonth,
  BillingSummary,
  LineResourcesSchema,
  MonthResultSchema,
  SettlementDetail,
  SettlementSummary,
} from '@yunshu/shared/billing-api';
import type {
  AssessmentSchema,
  CommitmentLetterSchema,
  CreateActivityBodySchema,
  CreateAssessmentBodySchema,
  CreateIncidentBodySchema,
  CreateNoticeBodySchema,
  CreateVulnerabilityBodySchema,
  GoLiveStatusSchema,
  IncidentSchema,
  LetterVerificationSchema,
  MlpsStatusSchema,
  RecordMlpsBodySchema,
  RectificationItemSchema,
  SecurityActivitySchema,
  SigningKeySchema,
  SystemSecuritySchema,
  UpdateIncidentBodySchema,
  UpdateRectificationBodySchema,
  VulnerabilitySchema,
  VulnerabilityStatsRowSchema,
  VulnerabilityStatsSchema,
} from '@yunshu/shared/security-api';
import type {
  AdjustBodySchema,
  EvaluationDetailSchema,
  EvaluationSummarySchema,
  IssueRectificationBodySchema,
  RectificationSchema,
  UnitGradeSchema,
} from '@yunshu/shared/evaluation-api';
import type {
  CreateFaultBodySchema,
  CreateInspectionBodySchema,
  FaultSlaRowSchema,
  FaultSlaSchema,
  FaultTicketSchema,
  InspectionItemSchema,
  InspectionReportSchema,
} from '@yunshu/shared/operations-api';

/**
 * Types the shared contract defines only as schemas. Taken from the schemas' `parse` signature so the
 * console never bundles zod: every import from `@yunshu/shared/*` here is type-only. The contract modules
 * build zod schemas at load time, so even their label tables are not imported at run time; the console
 * lists the enumerations in contract-enums.ts and labels them in the locale files.
 */
type Parsed<S extends { parse: (value: unknown) => unknown }> = ReturnType<S['parse']>;

export type Health = Parsed<typeof HealthSchema>;
export type SessionInfo = Parsed<typeof SessionInfoSchema>;
export type AuditVerification = Parsed<typeof AuditVerifySchema>;
export type CreatedUser = Parsed<typeof CreatedUserSchema>;
export type TemporaryPassword = Parsed<typeof TemporaryPasswordSchema>;
export type CreateUnitBody = Parsed<typeof CreateUnitBodySchema>;
export type UpdateUnitBody = Parsed<typeof UpdateUnitBodySchema>;
export type CreateUserBody = Parsed<typeof CreateUserBodySchema>;
export type UpdateUserBody = Parsed<typeof UpdateUserBodySchema>;

// --- information systems, project approvals, quotas, documents (shared/src/systems-api.ts) ------------

export type { InformationSystem, Project } from '@yunshu/shared/systems-api';
export type CreateSystemBody = Parsed<typeof CreateSystemBodySchema>;
export type CreateProjectBody = Parsed<typeof CreateProjectBodySchema>;
export type UpdateSystemBody = Parsed<typeof UpdateSystemBodySchema>;
export type UpdateProjectBody = Parsed<typeof UpdateProjectBodySchema>;
export type ProjectDocument = Parsed<typeof DocumentSchema>;
export type QuotaUsage = Parsed<typeof QuotaUsageSchema>;
export type QuotaUsageLine = QuotaUsage['lines'][number];
export type ConstructionType = Parsed<typeof ConstructionTypeSchema>;

// --- working-day calendar (shared/src/calendar-api.ts) ------------------------------------------------

export type CalendarDay = Parsed<typeof CalendarDaySchema>;
export type CalendarYear = Parsed<typeof CalendarYearSchema>;
export type CalendarYears = Parsed<typeof CalendarYearsSchema>;
export type CalendarSource = CalendarYear['source'];
export type ImportYearBody = Parsed<typeof ImportYearBodySchema>;
export type SetDayBody = Parsed<typeof SetDayBodySchema>;
export type SetYearBody = Parsed<typeof SetYearBodySchema>;
export type Deadline = Parsed<typeof DeadlineSchema>;

// --- cloud platforms, service catalog, price books, calculator (shared/src/catalog-api.ts) -------------

export type {
  Architecture,
  CatalogCategory,
  CatalogItem,
  ConnectionSettings,
  ConnectionTest,
  Estimate,
  EstimateBody,
  ImportError,
  Platform,
  PriceBook,
  PriceVersion,
  SetCredentialsBody,
  UnitOfMeasure,
} from '@yunshu/shared/catalog-api';
export type PlatformLevel = Parsed<typeof PlatformLevelSchema>;
export type ProvisioningMode = Parsed<typeof ProvisioningModeSchema>;
export type Driver = Parsed<typeof DriverSchema>;
export type CreatePlatformBody = Parsed<typeof CreatePlatformBodySchema>;
export type UpdatePlatformBody = Parsed<typeof UpdatePlatformBodySchema>;
export type PriceBookKind = Parsed<typeof PriceBookKindSchema>;
export type PriceStatus = Parsed<typeof PriceVersionSchema>['status'];
export type AddPriceBody = Parsed<typeof AddPriceBodySchema>;
export type AddedPrice = Parsed<typeof AddedPriceSchema>;
export type PriceImportResult = Parsed<typeof ImportResultSchema>;
export type CreateCatalogItemBody = Parsed<typeof CreateCatalogItemBodySchema>;
export type UpdateCatalogItemBody = Parsed<typeof UpdateCatalogItemBodySchema>;
export type CreatePriceBookBody = Parsed<typeof CreatePriceBookBodySchema>;
export type UpdatePriceBookBody = Parsed<typeof UpdatePriceBookBodySchema>;
export type CorrectPriceBody = Parsed<typeof CorrectPriceBodySchema>;
export type WithdrawPriceBody = Parsed<typeof WithdrawPriceBodySchema>;
export type PriceChange = Parsed<typeof PriceChangeSchema>;
export type PriceChangeKind = PriceChange['change'];

// --- applications and approvals (shared/src/applications-api.ts) -------------------------------------

export type { ApplicationKind, ApplicationStatus } from '@yunshu/shared/applications-api';
export type ApplicationSummary = Parsed<typeof ApplicationSummarySchema>;
export type ApplicationDetail = Parsed<typeof ApplicationDetailSchema>;
export type ApplicationStep = Parsed<typeof ApplicationStepSchema>;
export type ApplicationStepStatus = ApplicationStep['status'];
export type ApplicationEvent = Parsed<typeof ApplicationEventSchema>;
export type ApplicationLine = Parsed<typeof ApplicationLineSchema>;
export type ApplicationDocument = ApplicationDetail['documents'][number];
export type SubmitApplicationBody = Parsed<typeof SubmitApplicationBodySchema>;
export type ApproveBody = Parsed<typeof ApproveBodySchema>;
export type ReturnBody = Parsed<typeof ReturnBodySchema>;
export type AssessmentResult = NonNullable<ApproveBody['assessment']>['result'];
export type CityCloudReason = Extract<SubmitApplicationBody, { kind: 'city_cloud' }>['reason'];

// --- inbox (shared/src/notifications-api.ts) and approval SLA (shared/src/sla-api.ts) -----------------

export type Notification = Parsed<typeof NotificationSchema>;
export type UnreadCount = Parsed<typeof UnreadCountSchema>;
export type ReadAllResult = Parsed<typeof ReadAllResultSchema>;
export type SlaReport = Parsed<typeof SlaReportSchema>;
export type SlaStepRow = Parsed<typeof SlaStepRowSchema>;
export type SlaApproverRow = Parsed<typeof SlaApproverRowSchema>;
export type OpenOverdueStep = SlaReport['openOverdue'][number];

// --- provisioned resources, work orders, inventory (shared/src/resources-api.ts) ----------------------

export type {
  CompleteWorkOrderBody,
  InventoryFinding,
  InventorySync,
  InventorySyncResult,
  ResourceDetail,
  ResourceEvent,
  ResourceSpec,
  ResourceStatus,
  ResourceSummary,
  WorkOrder,
} from '@yunshu/shared/resources-api';
export type ResourceKind = ResourceSummary['kind'];
export type WorkOrderStatus = WorkOrder['status'];
export type WorkOrderAction = WorkOrder['action'];
export type FindingKind = InventoryFinding['kind'];

// --- metering, monthly statements, yearly settlements (shared/src/billing-api.ts) ---------------------

export type {
  BillingMonth,
  BillingSummary,
  SettlementDetail,
  SettlementSummary,
  Statement,
  StatementDetail,
  StatementLine,
} from '@yunshu/shared/billing-api';
export type BillingMonthStatus = BillingMonth['status'];
export type MonthResult = Parsed<typeof MonthResultSchema>;
export type LineResources = Parsed<typeof LineResourcesSchema>;
export type LineResource = LineResources['resources'][number];
export type UsageInterval = LineResource['intervals'][number];
export type BillingShare = BillingSummary['byUnit'][number];
export type SystemShare = BillingSummary['bySystem'][number];
export type SummaryMonth = BillingSummary['months'][number];
export type SettlementStatus = SettlementSummary['status'];
export type SettlementOperator = SettlementDetail['byOperator'][number];
export type SettlementUnit = SettlementDetail['byUnit'][number];
export type SettlementSystem = SettlementDetail['bySystem'][number];
export type SettlementAdjustment = SettlementDetail['adjustments'][number];
export type AdjustmentBody = Parsed<typeof AdjustmentBodySchema>;

// --- security record of information systems (shared/src/security-api.ts) -------------------------------

export type MlpsStatus = Parsed<typeof MlpsStatusSchema>;
export type SystemSecurity = Parsed<typeof SystemSecuritySchema>;
export type RecordMlpsBody = Parsed<typeof RecordMlpsBodySchema>;
export type Assessment = Parsed<typeof AssessmentSchema>;
export type RectificationItem = Parsed<typeof RectificationItemSchema>;
export type RectificationStatus = RectificationItem['status'];
export type CreateAssessmentBody = Parsed<typeof CreateAssessmentBodySchema>;
export type UpdateRectificationBody = Parsed<typeof UpdateRectificationBodySchema>;
export type Vulnerability = Parsed<typeof VulnerabilitySchema>;
export type VulnerabilitySeverity = Vulnerability['severity'];
export type VulnerabilitySource = Vulnerability['source'];
export type CreateVulnerabilityBody = Parsed<typeof CreateVulnerabilityBodySchema>;
export type VulnerabilityStats = Parsed<typeof VulnerabilityStatsSchema>;
export type VulnerabilityStatsRow = Parsed<typeof VulnerabilityStatsRowSchema>;
export type Incident = Parsed<typeof IncidentSchema>;
export type IncidentLevel = Incident['level'];
export type CreateIncidentBody = Parsed<typeof CreateIncidentBodySchema>;
export type CreateNoticeBody = Parsed<typeof CreateNoticeBodySchema>;
export type UpdateIncidentBody = Parsed<typeof UpdateIncidentBodySchema>;
export type SecurityActivity = Parsed<typeof SecurityActivitySchema>;
export type ActivityKind = SecurityActivity['kind'];
export type CreateActivityBody = Parsed<typeof CreateActivityBodySchema>;
export type GoLiveStatus = Parsed<typeof GoLiveStatusSchema>;
export type GoLiveCheck = GoLiveStatus['checks'][number];
export type GoLiveCheckItem = GoLiveCheck['item'];
export type GoLiveGap = GoLiveCheck['gaps'][number];
export type SigningKey = Parsed<typeof SigningKeySchema>;
export type CommitmentLetter = Parsed<typeof CommitmentLetterSchema>;
export type LetterVerification = Parsed<typeof LetterVerificationSchema>;

// --- operations: inspections and fault tickets (shared/src/operations-api.ts) --------------------------

export type InspectionReport = Parsed<typeof InspectionReportSchema>;
export type InspectionItem = Parsed<typeof InspectionItemSchema>;
export type InspectionResult = InspectionItem['result'];
export type CreateInspectionBody = Parsed<typeof CreateInspectionBodySchema>;
export type FaultTicket = Parsed<typeof FaultTicketSchema>;
export type FaultSeverity = FaultTicket['severity'];
export type FaultStatus = FaultTicket['status'];
export type CreateFaultBody = Parsed<typeof CreateFaultBodySchema>;
export type FaultSla = Parsed<typeof FaultSlaSchema>;
export type FaultSlaRow = Parsed<typeof FaultSlaRowSchema>;

// --- yearly comprehensive evaluation and rectification requirements (shared/src/evaluation-api.ts) ------

export type EvaluationSummary = Parsed<typeof EvaluationSummarySchema>;
export type EvaluationDetail = Parsed<typeof EvaluationDetailSchema>;
export type EvaluationStatus = EvaluationSummary['status'];
export type EvaluationUnitResult = EvaluationDetail['results'][number];
export type EvaluationGrade = EvaluationUnitResult['grade'];
export type IndicatorScore = EvaluationUnitResult['scores'][number];
export type EvaluationIndicator = IndicatorScore['indicator'];
export type EvaluationDimension = IndicatorScore['dimension'];
export type EvaluationAdjustment = EvaluationDetail['adjustments'][number];
export type EvaluationAdjustBody = Parsed<typeof AdjustBodySchema>;
/** 整改要求 of the evaluation (QP-25); not the security record's rectification items. */
export type EvaluationRectification = Parsed<typeof RectificationSchema>;
export type EvaluationRectificationStatus = EvaluationRectification['status'];
export type IssueRectificationBody = Parsed<typeof IssueRectificationBodySchema>;
export type UnitGrade = Parsed<typeof UnitGradeSchema>;
