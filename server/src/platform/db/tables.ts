/** Row types of every table, as Kysely sees them. Migrations in ./migrations are the source of truth. */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UnitsTable {
  id: Generated<string>;
  name: string;
  short_name: string | null;
  type: string;
  category: string | null;
  credit_code: string;
  contact_name: string;
  contact_phone: string;
  district_budget: boolean;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  unit_id: string;
  password_hash: string;
  must_change_password: boolean;
  status: Generated<string>;
  failed_attempts: Generated<number>;
  locked_until: NullableTimestamp;
  phone: string | null;
  email: string | null;
  last_login_at: NullableTimestamp;
  last_login_ip: string | null;
  previous_login_at: NullableTimestamp;
  previous_login_ip: string | null;
  password_changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  granted_at: CreatedAt;
  granted_by: string | null;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: NullableTimestamp;
  end_reason: string | null;
}

export interface AuditLogTable {
  seq: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_username: string | null;
  actor_roles: string[];
  unit_id: string | null;
  unit_name: string | null;
  source_ip: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: string;
  reason: string | null;
  request_id: string | null;
  detail: ColumnType<Record<string, unknown>, string, never>;
  prev_mac: string;
  mac: string;
}

export interface InformationSystemsTable {
  id: Generated<string>;
  unit_id: string;
  name: string;
  purpose: string;
  mlps_level: number;
  mlps_filing_number: string | null;
  construction_type: string;
  owner_name: string;
  owner_phone: string;
  owner_email: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ProjectApprovalsTable {
  id: Generated<string>;
  system_id: string;
  unit_id: string;
  document_number: string;
  approved_on: string;
  approving_body: string;
  budget: string;
  architecture: string;
  platform_ids: ColumnType<string[], string[] | undefined, string[]>;
  cyclical: ColumnType<boolean, boolean | undefined, boolean>;
  cyclical_pattern: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ProjectQuotasTable {
  project_id: string;
  item_id: string;
  unit_id: string;
  quantity: string;
  basis: string;
}

export interface DocumentsTable {
  id: Generated<string>;
  unit_id: string;
  owner_type: string;
  owner_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sm3: string;
  content: Buffer;
  uploaded_by: string | null;
  uploaded_at: CreatedAt;
  category: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PlatformsTable {
  id: Generated<string>;
  name: string;
  level: string;
  provider_unit_id: string;
  architecture: string;
  region: string;
  mlps_level: number;
  provisioning_mode: string;
  driver: string | null;
  connection: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** SM4-sealed (`sm4:v1:…`); never leaves the server. */
  credentials_sealed: string | null;
  credentials_kind: string | null;
  credentials_updated_at: NullableTimestamp;
  credentials_updated_by: string | null;
  last_test_ok: boolean | null;
  last_test_message: string | null;
  last_test_message_en: string | null;
  last_test_at: NullableTimestamp;
  last_test_duration_ms: number | null;
  description: string | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CatalogItemsTable {
  id: Generated<string>;
  code: string;
  name_zh: string;
  name_en: string;
  category: string;
  unit_of_measure: string;
  architectures: string[];
  spec: ColumnType<Record<string, unknown>, string | undefined, string>;
  description: string | null;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CatalogItemPlatformsTable {
  item_id: string;
  platform_id: string;
}

export interface PriceBooksTable {
  id: Generated<string>;
  kind: string;
  name: string;
  provider_unit_id: string | null;
  tender_reference: string | null;
  description: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PriceVersionsTable {
  id: Generated<string>;
  book_id: string;
  item_id: string;
  /** NUMERIC(18,6), a string: money is never a JS number. */
  unit_price: string;
  effective_from: Timestamp;
  effective_to: NullableTimestamp;
  reason: string;
  created_by: string | null;
  created_at: CreatedAt;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
}

export interface PriceChangesTable {
  id: Generated<string>;
  price_id: string;
  book_id: string;
  item_id: string;
  change: string;
  caused_by_price_id: string | null;
  before: ColumnType<Record<string, unknown> | null, string | null, never>;
  after: ColumnType<Record<string, unknown>, string, never>;
  reason: string;
  source: string;
  import_sm3: string | null;
  actor_id: string | null;
  actor_name: string;
  at: CreatedAt;
}

export interface CalendarYearsTable {
  year: number;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  source: string;
  note: ColumnType<string | null, string | null | undefined, string | null>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CalendarDaysTable {
  day: string;
  year: number;
  is_off_day: boolean;
  name: string;
  source: string;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type NullableDefaulted<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ApplicationsTable {
  id: Generated<string>;
  unit_id: string;
  number: string;
  kind: string;
  status: string;
  title: string;
  system_id: NullableDefaulted<string>;
  project_id: NullableDefaulted<string>;
  platform_id: NullableDefaulted<string>;
  related_application_id: NullableDefaulted<string>;
  applicant_id: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  estimate: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  submitted_at: Timestamp;
  due_at: Timestamp;
  due_provisional: Defaulted<boolean>;
  decided_at: NullableTime;
  execution_due_at: NullableTime;
  execution_due_provisional: Defaulted<boolean>;
  expires_at: NullableTime;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ApplicationLinesTable {
  application_id: string;
  unit_id: string;
  line_no: number;
  item_id: string;
  quantity: string;
  months: NullableDefaulted<number>;
  spec: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ApplicationStepsTable {
  id: Generated<string>;
  application_id: string;
  unit_id: string;
  idx: number;
  name_zh: string;
  name_en: string;
  role: string;
  article: NullableDefaulted<string>;
  status: string;
  activated_at: NullableTime;
  due_at: NullableTime;
  due_provisional: Defaulted<boolean>;
  decided_at: NullableTime;
  decided_by: NullableDefaulted<string>;
  decided_by_name: NullableDefaulted<string>;
  comment: NullableDefaulted<string>;
  assessment: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  reminded_at: NullableTime;
  escalated_at: NullableTime;
}

export interface ApplicationEventsTable {
  id: Generated<string>;
  application_id: string;
  unit_id: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor_id: NullableDefaulted<string>;
  actor_name: NullableDefaulted<string>;
  actor_roles: Defaulted<string[]>;
  action: string;
  step_idx: NullableDefaulted<number>;
  comment: NullableDefaulted<string>;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  link: NullableDefaulted<string>;
  application_id: NullableDefaulted<string>;
  dedupe_key: NullableDefaulted<string>;
  created_at: CreatedAt;
  read_at: NullableTime;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  notification_id: NullableDefaulted<string>;
  channel: string;
  target: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Defaulted<string>;
  attempts: Defaulted<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: NullableDefaulted<string>;
  delivered_at: NullableTime;
  created_at: CreatedAt;
}

export interface SchedulerSlotsTable {
  job: string;
  slot: string;
  claimed_at: CreatedAt;
  finished_at: NullableTime;
  outcome: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

type JsonColumn<T> = ColumnType<T, string, string>;

export interface ResourcesTable {
  id: Generated<string>;
  unit_id: string;
  provider_unit_id: string;
  system_id: NullableDefaulted<string>;
  platform_id: string;
  application_id: string;
  kind: 'server' | 'volume';
  name: string;
  idempotency_key: string;
  parent_id: NullableDefaulted<string>;
  desired_state: 'running' | 'stopped' | 'deleted';
  desired_spec: JsonColumn<Record<string, number>>;
  /** The catalog item each metered quantity is sold as: { vcpus, memoryGiB } or { sizeGiB } → item id. */
  billing_items: ColumnType<Record<string, string>, string | undefined, string>;
  generation: Defaulted<number>;
  operation: 'create' | 'resize' | 'stop' | 'start' | 'delete';
  operation_application_id: NullableDefaulted<string>;
  observed_generation: Defaulted<number>;
  status: string;
  provider_id: NullableDefaulted<string>;
  provider_status: NullableDefaulted<string>;
  observed_spec: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  addresses: Defaulted<string[]>;
  last_error: NullableDefaulted<string>;
  attempts: Defaulted<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  claimed_by: NullableDefaulted<string>;
  claimed_until: NullableTime;
  operation_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  due_at: NullableTime;
  due_provisional: Defaulted<boolean>;
  overdue_notified_at: NullableTime;
  temporary: Defaulted<boolean>;
  lease_expires_at: NullableTime;
  lease_notified_at: NullableTime;
  provisioned_at: NullableTime;
  deleted_at: NullableTime;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ResourceEventsTable {
  id: Generated<string>;
  resource_id: string;
  unit_id: string;
  provider_unit_id: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor_id: NullableDefaulted<string>;
  actor_name: NullableDefaulted<string>;
  action: string;
  outcome: ColumnType<'ok' | 'retry' | 'failed' | null, 'ok' | 'retry' | 'failed' | null | undefined, never>;
  duration_ms: NullableDefaulted<number>;
  message: NullableDefaulted<string>;
  application_id: NullableDefaulted<string>;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface WorkOrdersTable {
  id: Generated<string>;
  number: string;
  resource_id: string;
  unit_id: string;
  provider_unit_id: string;
  platform_id: string;
  generation: number;
  action: 'create' | 'resize' | 'stop' | 'start' | 'delete';
  spec: JsonColumn<Record<string, number>>;
  status: Defaulted<'open' | 'done' | 'cancelled'>;
  due_at: NullableTime;
  due_provisional: Defaulted<boolean>;
  created_at: CreatedAt;
  completed_at: NullableTime;
  completed_by: NullableDefaulted<string>;
  completed_by_name: NullableDefaulted<string>;
  provider_reference: NullableDefaulted<string>;
  note: NullableDefaulted<string>;
}

export interface InventoryFindingsTable {
  id: Generated<string>;
  platform_id: string;
  kind: 'unknown' | 'missing' | 'drift';
  resource_type: 'server' | 'volume';
  provider_id: string;
  resource_id: NullableDefaulted<string>;
  name: string;
  detail: JsonColumn<Record<string, unknown>>;
  first_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  resolved_at: NullableTime;
  acknowledged_at: NullableTime;
  acknowledged_by: NullableDefaulted<string>;
  acknowledged_by_name: NullableDefaulted<string>;
  note: NullableDefaulted<string>;
}

export interface InventorySyncsTable {
  id: Generated<string>;
  platform_id: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  ok: boolean;
  message: NullableDefaulted<string>;
  servers: Defaulted<number>;
  volumes: Defaulted<number>;
  findings: JsonColumn<Record<string, number>>;
}

export interface UsageIntervalsTable {
  id: Generated<string>;
  resource_id: string;
  unit_id: string;
  provider_unit_id: string;
  system_id: string | null;
  platform_id: string;
  item_id: string;
  quantity: string;
  power: 'running' | 'stopped';
  started_at: Timestamp;
  ended_at: NullableTime;
  source: 'lifecycle' | 'work_order' | 'correction';
  corrects: NullableDefaulted<string>;
  reason: NullableDefaulted<string>;
  actor_id: NullableDefaulted<string>;
  actor_name: NullableDefaulted<string>;
  created_at: CreatedAt;
}

export interface BillingMonthsTable {
  month: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: 'draft' | 'confirmed';
  rated_at: Timestamp;
  rated_by_name: NullableDefaulted<string>;
  confirmed_at: NullableTime;
  confirmed_by: NullableDefaulted<string>;
  confirmed_by_name: NullableDefaulted<string>;
  total: string;
}

export interface StatementsTable {
  id: Generated<string>;
  month: string;
  unit_id: string;
  district_budget: boolean;
  total: string;
  line_count: number;
}

export interface StatementLinesTable {
  statement_id: string;
  line_no: number;
  unit_id: string;
  system_id: string | null;
  platform_id: string;
  provider_unit_id: string;
  item_id: string;
  price_version_id: string;
  unit_price: string;
  quantity_hours: string;
  resources: number;
  amount: string;
}

export interface SettlementsTable {
  id: Generated<string>;
  first_month: string;
  last_month: string;
  label: string;
  status: 'draft' | 'in_audit' | 'audited' | 'approved';
  statements_total: string;
  adjustments_total: Defaulted<string>;
  total: string;
  supervision_budget: NullableDefaulted<string>;
  supervision_recorded_by_name: NullableDefaulted<string>;
  generated_at: Timestamp;
  generated_by_name: string;
  submitted_at: NullableTime;
  audited_at: NullableTime;
  audited_by_name: NullableDefaulted<string>;
  approved_at: NullableTime;
  approved_by: NullableDefaulted<string>;
  approved_by_name: NullableDefaulted<string>;
}

export interface SettlementLinesTable {
  settlement_id: string;
  provider_unit_id: string;
  unit_id: string;
  system_id: string | null;
  district_budget: boolean;
  amount: string;
}

export interface SettlementAdjustmentsTable {
  id: Generated<string>;
  settlement_id: string;
  provider_unit_id: string;
  unit_id: string;
  system_id: string | null;
  amount: string;
  reason: string;
  actor_id: string;
  actor_name: string;
  created_at: CreatedAt;
}

// --- security and operations records (0009) --------------------------------------------------------

export interface SystemSecurityTable {
  system_id: string;
  unit_id: string;
  graded_on: NullableDefaulted<string>;
  filed_on: NullableDefaulted<string>;
  filing_authority: NullableDefaulted<string>;
  live_at: NullableTime;
  live_by: NullableDefaulted<string>;
  live_by_name: NullableDefaulted<string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MlpsAssessmentsTable {
  id: Generated<string>;
  system_id: string;
  unit_id: string;
  assessed_on: string;
  assessor: string;
  level: number;
  result: 'pass' | 'fail';
  score: NullableDefaulted<string>;
  findings: NullableDefaulted<string>;
  created_by: string | null;
  created_by_name: string;
  created_at: CreatedAt;
}

export interface RectificationItemsTable {
  id: Generated<string>;
  assessment_id: string;
  system_id: string;
  unit_id: string;
  position: number;
  description: string;
  status: Defaulted<'open' | 'in_progress' | 'done'>;
  due_on: NullableDefaulted<string>;
  done_on: NullableDefaulted<string>;
  note: NullableDefaulted<string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface VulnerabilitiesTable {
  id: Generated<string>;
  system_id: string;
  unit_id: string;
  title: string;
  description: NullableDefaulted<string>;
  found_on: string;
  source: 'scan' | 'notice' | 'assessment';
  severity: 'critical' | 'high' | 'medium' | 'low';
  deadline_on: string;
  fixed_on: NullableDefaulted<string>;
  fix_note: NullableDefaulted<string>;
  verified_on: NullableDefaulted<string>;
  verified_by: NullableDefaulted<string>;
  verified_by_name: NullableDefaulted<string>;
  assessment_id: NullableDefaulted<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SecurityIncidentsTable {
  id: Generated<string>;
  system_id: string;
  unit_id: string;
  kind: 'incident' | 'notice';
  occurred_on: string;
  level: 'especially_major' | 'major' | 'large' | 'general';
  title: string;
  description: string;
  issued_by: NullableDefaulted<string>;
  handling: NullableDefaulted<string>;
  closed_on: NullableDefaulted<string>;
  created_by: string | null;
  created_by_name: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SecurityActivitiesTable {
  id: Generated<string>;
  unit_id: string;
  system_id: NullableDefaulted<string>;
  kind: 'drill' | 'training';
  held_on: string;
  title: string;
  content: string;
  participants: NullableDefaulted<number>;
  summary: NullableDefaulted<string>;
  created_by: string | null;
  created_by_name: string;
  created_at: CreatedAt;
}

export interface GoLiveChecksTable {
  id: Generated<string>;
  system_id: string;
  unit_id: string;
  item: string;
  note: NullableDefaulted<string>;
  recorded_by: string | null;
  recorded_by_name: string;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SigningKeysTable {
  id: Generated<string>;
  user_id: string;
  unit_id: string;
  public_key: string;
  fingerprint: string;
  registered_at: CreatedAt;
  revoked_at: NullableTime;
}

export interface CommitmentLettersTable {
  id: Generated<string>;
  system_id: string;
  unit_id: string;
  document_id: string;
  digest: string;
  generated_by: string | null;
  generated_by_name: string;
  generated_at: Timestamp;
  scan_document_id: NullableDefaulted<string>;
  signer_id: NullableDefaulted<string>;
  signer_name: NullableDefaulted<string>;
  signing_key_id: NullableDefaulted<string>;
  signature: NullableDefaulted<string>;
  signed_at: NullableTime;
  verified_with: ColumnType<string[], string[] | undefined, string[]>;
}

export interface InspectionReportsTable {
  id: Generated<string>;
  platform_id: string;
  provider_unit_id: string;
  inspected_on: string;
  items: ColumnType<{ name: string; result: 'normal' | 'anomaly'; note?: string }[], string, never>;
  anomalies: number;
  summary: string | null;
  inspector_id: string | null;
  inspector_name: string;
  created_at: CreatedAt;
}

export interface FaultTicketsTable {
  id: Generated<string>;
  number: string;
  platform_id: string;
  provider_unit_id: string;
  unit_id: string | null;
  system_id: string | null;
  system_name: string | null;
  raised_by_unit_id: string;
  raised_by: string | null;
  raised_by_name: string;
  severity: 'critical' | 'major' | 'minor';
  title: string;
  description: string;
  status: Defaulted<'open' | 'responded' | 'resolved'>;
  raised_at: Timestamp;
  respond_due_at: Timestamp;
  resolve_due_at: Timestamp;
  responded_at: NullableTime;
  responded_by_name: NullableDefaulted<string>;
  response_note: NullableDefaulted<string>;
  resolved_at: NullableTime;
  resolved_by_name: NullableDefaulted<string>;
  resolution: NullableDefaulted<string>;
}

// --- yearly evaluation (0011) --------------------------------------------------------------------

export interface EvaluationsTable {
  id: Generated<string>;
  year: number;
  status: Defaulted<'draft' | 'published'>;
  model: ColumnType<unknown, string, string>;
  unit_count: Defaulted<number>;
  run_at: Timestamp;
  run_by_name: string;
  published_at: NullableTime;
  published_by: NullableDefaulted<string>;
  published_by_name: NullableDefaulted<string>;
}

export interface EvaluationResultsTable {
  evaluation_id: string;
  unit_id: string;
  total: string;
  rank: number;
  grade: 'excellent' | 'good' | 'pass' | 'fail';
}

export interface EvaluationScoresTable {
  evaluation_id: string;
  unit_id: string;
  indicator: string;
  position: number;
  weight: string;
  computed: string;
  adjustment: Defaulted<string>;
  score: string;
  evidence: ColumnType<Record<string, string | number | null>, string, string>;
}

export interface EvaluationAdjustmentsTable {
  id: Generated<string>;
  evaluation_id: string;
  unit_id: string;
  indicator: string;
  points: string;
  reason: string;
  actor_id: string | null;
  actor_name: string;
  created_at: CreatedAt;
}

export interface RectificationRequirementsTable {
  id: Generated<string>;
  evaluation_id: string;
  unit_id: string;
  requirement: string;
  due_on: string;
  status: Defaulted<'open' | 'responded' | 'closed'>;
  issued_by: string | null;
  issued_by_name: string;
  issued_at: CreatedAt;
  response: NullableDefaulted<string>;
  responded_by_name: NullableDefaulted<string>;
  responded_at: NullableTime;
  closing_note: NullableDefaulted<string>;
  closed_by_name: NullableDefaulted<string>;
  closed_at: NullableTime;
}

// --- security reminders and missing inspections (0012) -------------------------------------------

export interface ReassessmentRemindersTable {
  system_id: string;
  unit_id: string;
  due_on: string;
  stage: 'due_soon' | 'overdue';
  sent_at: Timestamp;
  recipients: Defaulted<number>;
}

export interface MissingInspectionNoticesTable {
  platform_id: string;
  provider_unit_id: string;
  day: string;
  notified_at: Timestamp;
  recipients: Defaulted<number>;
}

export interface UtilizationDailyTable {
  resource_id: string;
  day: string;
  unit_id: string;
  provider_unit_id: string;
  source: 'prometheus' | 'simulated';
  cpu_avg: number | null;
  cpu_p95: number | null;
  cpu_max: number | null;
  memory_avg: number | null;
  memory_p95: number | null;
  memory_max: number | null;
  /** bigint: strings. */
  network_rx_bytes: ColumnType<string | null, string | null, string | null>;
  network_tx_bytes: ColumnType<string | null, string | null, string | null>;
  disk_used_bytes: ColumnType<string | null, string | null, string | null>;
  samples: number;
  vcpus: Defaulted<number>;
  memory_gib: Defaulted<number>;
  computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UtilizationRollupRunsTable {
  day: string;
  source: 'prometheus' | 'simulated';
  resources: number;
  unmatched: Defaulted<number>;
  computed_at: ColumnType<Date, Date | string, Date | string>;
}

export interface MonitoringGapsTable {
  id: Generated<string>;
  resource_id: string;
  unit_id: string;
  provider_unit_id: string;
  since: ColumnType<Date, Date | string, Date | string>;
  seen_before: boolean;
  detected_at: ColumnType<Date, Date | string, Date | string>;
  cleared_at: NullableTime;
  notified_at: NullableTime;
  recipients: Defaulted<number>;
}

export interface DataSyncDeliveriesTable {
  id: Generated<string>;
  month: string;
  revision: Defaulted<number>;
  status: string;
  usage_source: string;
  payload: string;
  payload_sm3: string;
  projects: number;
  usage_lines: number;
  billed_cost: string;
  attempts: Defaulted<number>;
  next_attempt_at: NullableTime;
  last_http_status: NullableDefaulted<number>;
  last_error: NullableDefaulted<string>;
  delivered_at: NullableTime;
  created_at: CreatedAt;
  created_by: NullableDefaulted<string>;
  created_by_name: string;
  refreshed_at: NullableTime;
  resent_at: NullableTime;
  resent_by: NullableDefaulted<string>;
  resent_by_name: NullableDefaulted<string>;
  /** When the final failure was announced (QP-15); null unless `failed`. */
  failure_notified_at: NullableTime;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface DataSyncAttemptsTable {
  delivery_id: string;
  attempt: number;
  revision: number;
  cause: string;
  started_at: Timestamp;
  finished_at: NullableTime;
  http_status: NullableDefaulted<number>;
  error: NullableDefaulted<string>;
  outcome: NullableDefaulted<string>;
}

export type EfficiencyRule = 'low_utilization' | 'zombie' | 'over_provisioned' | 'monitoring_missing' | 'temporary_expired';
export type RectificationStage = 'open' | 'warning_proposed' | 'warning_issued' | 'responded' | 'escalated' | 'stopped' | 'rectified' | 'reclaimed' | 'dismissed';

export interface EfficiencyFindingsTable {
  id: Generated<string>;
  resource_id: string;
  unit_id: string;
  system_id: string | null;
  rule: EfficiencyRule;
  evidence: JsonColumn<Record<string, unknown>>;
  /** numeric: a string. */
  monthly_saving: string | null;
  detected_at: Timestamp;
  last_seen_at: Timestamp;
  cleared_at: NullableTime;
}

export interface RectificationCasesTable {
  id: Generated<string>;
  number: string;
  finding_id: string;
  resource_id: string;
  unit_id: string;
  rule: EfficiencyRule;
  stage: RectificationStage;
  warning_text: NullableDefaulted<string>;
  deadline_date: NullableDefaulted<string>;
  deadline_at: NullableTime;
  deadline_provisional: Defaulted<boolean>;
  response: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  refusal_action: NullableDefaulted<'stop' | 'stop_and_reclaim'>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  closed_at: NullableTime;
}

export interface RectificationCaseEventsTable {
  id: Generated<string>;
  case_id: string;
  unit_id: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor_id: NullableDefaulted<string>;
  actor_name: string;
  action: string;
  stage_from: NullableDefaulted<string>;
  stage_to: string;
  comment: NullableDefaulted<string>;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface RectificationRemindersTable {
  case_id: string;
  unit_id: string;
  deadline_date: string;
  stage: 'due_soon' | 'overdue';
  sent_at: Timestamp;
  recipients: Defaulted<number>;
}

export interface Database {
  units: UnitsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  platforms: PlatformsTable;
  catalog_items: CatalogItemsTable;
  catalog_item_platforms: CatalogItemPlatformsTable;
  price_books: PriceBooksTable;
  price_versions: PriceVersionsTable;
  price_changes: PriceChangesTable;
  information_systems: InformationSystemsTable;
  project_approvals: ProjectApprovalsTable;
  project_quotas: ProjectQuotasTable;
  documents: DocumentsTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  applications: ApplicationsTable;
  application_lines: ApplicationLinesTable;
  application_steps: ApplicationStepsTable;
  application_events: ApplicationEventsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  scheduler_slots: SchedulerSlotsTable;
  resources: ResourcesTable;
  resource_events: ResourceEventsTable;
  work_orders: WorkOrdersTable;
  inventory_findings: InventoryFindingsTable;
  inventory_syncs: InventorySyncsTable;
  usage_intervals: UsageIntervalsTable;
  billing_months: BillingMonthsTable;
  statements: StatementsTable;
  statement_lines: StatementLinesTable;
  settlements: SettlementsTable;
  settlement_lines: SettlementLinesTable;
  settlement_adjustments: SettlementAdjustmentsTable;
  system_security: SystemSecurityTable;
  mlps_assessments: MlpsAssessmentsTable;
  rectification_items: RectificationItemsTable;
  vulnerabilities: VulnerabilitiesTable;
  security_incidents: SecurityIncidentsTable;
  security_activities: SecurityActivitiesTable;
  go_live_checks: GoLiveChecksTable;
  signing_keys: SigningKeysTable;
  commitment_letters: CommitmentLettersTable;
  inspection_reports: InspectionReportsTable;
  fault_tickets: FaultTicketsTable;
  reassessment_reminders: ReassessmentRemindersTable;
  missing_inspection_notices: MissingInspectionNoticesTable;
  evaluations: EvaluationsTable;
  evaluation_results: EvaluationResultsTable;
  evaluation_scores: EvaluationScoresTable;
  evaluation_adjustments: EvaluationAdjustmentsTable;
  rectification_requirements: RectificationRequirementsTable;
  utilization_daily: UtilizationDailyTable;
  utilization_rollup_runs: UtilizationRollupRunsTable;
  monitoring_gaps: MonitoringGapsTable;
  data_sync_deliveries: DataSyncDeliveriesTable;
  data_sync_attempts: DataSyncAttemptsTable;
  efficiency_findings: EfficiencyFindingsTable;
  rectification_cases: RectificationCasesTable;
  rectification_case_events: RectificationCaseEventsTable;
  rectification_reminders: RectificationRemindersTable;
}
