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

export interface Database {
  units: UnitsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
