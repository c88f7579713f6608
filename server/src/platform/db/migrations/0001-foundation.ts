/**
 * Foundation: the application role, tenant visibility, units, users and roles, sessions and the
 * append-only audit log. Runs as the database owner; the application works as `yunshu_app`, which has
 * no BYPASSRLS, so row-level security applies to every query it makes (QP-19).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$ BEGIN
      CREATE ROLE yunshu_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
  `.execute(db);
  // The login that runs the application must be allowed to switch to the application role.
  await sql`DO $$ BEGIN EXECUTE format('GRANT yunshu_app TO %I', current_user); EXCEPTION WHEN others THEN NULL; END $$`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO yunshu_app`.execute(db);

  /*
   * Tenant visibility (QP-19): 'system' for the platform's own bookkeeping (login, session lookup),
   * 'all' for district-wide roles, 'unit' for a user unit's staff — only rows of their own unit.
   * Unset means nothing is visible: a forgotten scope fails closed.
   */
  await sql`
    CREATE FUNCTION yunshu_can_see(row_unit uuid) RETURNS boolean
    LANGUAGE sql STABLE AS $$
      SELECT CASE coalesce(current_setting('yunshu.scope', true), '')
        WHEN 'system' THEN true
        WHEN 'all' THEN true
        WHEN 'unit' THEN row_unit IS NOT DISTINCT FROM nullif(current_setting('yunshu.unit_id', true), '')::uuid
        ELSE false
      END
    $$
  `.execute(db);

  await sql`
    CREATE TABLE units (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      short_name text,
      type text NOT NULL CHECK (type IN ('authority','operator','user_unit','provider','auditor')),
      category text CHECK (category IN ('bureau','town','street','other')),
      credit_code char(18) NOT NULL UNIQUE,
      contact_name text NOT NULL,
      contact_phone text NOT NULL,
      district_budget boolean NOT NULL,
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      unit_id uuid NOT NULL REFERENCES units(id),
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      phone text,
      email text,
      last_login_at timestamptz,
      last_login_ip text,
      previous_login_at timestamptz,
      previous_login_ip text,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX users_unit_idx ON users(unit_id)`.execute(db);

  await sql`
    CREATE TABLE user_roles (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      granted_by uuid REFERENCES users(id),
      PRIMARY KEY (user_id, role)
    )
  `.execute(db);
  // 三员分立 (MLPS level 3): at most one of the three administrator roles per person, race-free.
  await sql`
    CREATE UNIQUE INDEX user_roles_separated_admin_uq ON user_roles(user_id)
    WHERE role IN ('system_admin','security_admin','audit_admin')
  `.execute(db);

  await sql`
    CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id),
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      end_reason text
    )
  `.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions(user_id) WHERE ended_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      seq bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_username text,
      actor_roles text[] NOT NULL DEFAULT '{}',
      unit_id uuid,
      unit_name text,
      source_ip text,
      action text NOT NULL,
      object_type text,
      object_id text,
      result text NOT NULL CHECK (result IN ('success','failure')),
      reason text,
      request_id text,
      detail jsonb NOT NULL DEFAULT '{}',
      prev_mac text NOT NULL,
      mac text NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log(at)`.execute(db);
  await sql`CREATE INDEX audit_log_actor_idx ON audit_log(actor_username)`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log(action)`.execute(db);
  // Append-only: even a role that was granted UPDATE/DELETE by mistake is stopped by the trigger.
  await sql`
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only (审计日志只允许追加)' USING ERRCODE = 'insufficient_privilege';
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()
  `.execute(db);

  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON units, users, user_roles, sessions TO yunshu_app`.execute(db);
  await sql`GRANT SELECT, INSERT ON audit_log TO yunshu_app`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE audit_log_seq_seq TO yunshu_app`.execute(db);

  await sql`ALTER TABLE units ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY units_tenant ON units USING (yunshu_can_see(id)) WITH CHECK (yunshu_can_see(id))`.execute(db);
  await sql`ALTER TABLE users ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY users_tenant ON users USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);
  await sql`ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY user_roles_tenant ON user_roles
    USING (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id))
    WITH CHECK (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id))
  `.execute(db);
  await sql`ALTER TABLE sessions ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY sessions_owner ON sessions
    USING (current_setting('yunshu.scope', true) IN ('system','all')
           OR user_id = nullif(current_setting('yunshu.user_id', true), '')::uuid)
  `.execute(db);
}
