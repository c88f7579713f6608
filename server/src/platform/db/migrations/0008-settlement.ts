/**
 * The yearly settlement (SJ-15): over the profile's settlement period, the confirmed monthly statements
 * are summed per cloud operator (one contract and payment each), per unit and per system; the third-party
 * auditor records adjustments with reasons, the authority approves, and the approved plan is frozen.
 * The supervision budget (SJ-16) is recorded against it, capped by the profile.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE settlements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      first_month text NOT NULL UNIQUE REFERENCES billing_months(month),
      last_month text NOT NULL REFERENCES billing_months(month),
      label text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft','in_audit','audited','approved')),
      statements_total numeric(18,2) NOT NULL,
      adjustments_total numeric(18,2) NOT NULL DEFAULT 0,
      total numeric(18,2) NOT NULL,
      supervision_budget numeric(18,2),
      supervision_recorded_by_name text,
      generated_at timestamptz NOT NULL,
      generated_by_name text NOT NULL,
      submitted_at timestamptz,
      audited_at timestamptz,
      audited_by_name text,
      approved_at timestamptz,
      approved_by uuid REFERENCES users(id),
      approved_by_name text,
      CHECK (supervision_budget IS NULL OR supervision_budget >= 0)
    )
  `.execute(db);
  await sql`
    CREATE TABLE settlement_lines (
      settlement_id uuid NOT NULL REFERENCES settlements(id) ON DELETE CASCADE,
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      district_budget boolean NOT NULL,
      amount numeric(18,2) NOT NULL
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX settlement_lines_uq ON settlement_lines(settlement_id, provider_unit_id, unit_id, coalesce(system_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(db);
  await sql`
    CREATE TABLE settlement_adjustments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      settlement_id uuid NOT NULL REFERENCES settlements(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      amount numeric(18,2) NOT NULL CHECK (amount <> 0),
      reason text NOT NULL,
      actor_id uuid NOT NULL REFERENCES users(id),
      actor_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX settlement_adjustments_idx ON settlement_adjustments(settlement_id, created_at)`.execute(db);

  // An approved settlement is frozen: its lines and adjustments cannot change any more.
  await sql`
    CREATE FUNCTION settlements_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.settlement_id ELSE NEW.settlement_id END;
    BEGIN
      IF EXISTS (SELECT 1 FROM settlements s WHERE s.id = target AND s.status = 'approved') THEN
        RAISE EXCEPTION 'settlement % is approved and frozen (结算方案已审定，不得修改)', target USING ERRCODE = 'check_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END
    $$
  `.execute(db);
  for (const table of ['settlement_lines', 'settlement_adjustments']) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_frozen`)} BEFORE INSERT OR UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION settlements_frozen_guard()`.execute(db);
  }
  await sql`
    CREATE FUNCTION settlements_approved_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'approved' THEN
        RAISE EXCEPTION 'settlement % is approved and frozen (结算方案已审定，不得修改)', OLD.id USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END
    $$
  `.execute(db);
  await sql`CREATE TRIGGER settlements_approved_guard BEFORE UPDATE OR DELETE ON settlements FOR EACH ROW EXECUTE FUNCTION settlements_approved_guard()`.execute(db);

  // The settlement is the district's (operator, auditor, authority): platform-wide scopes only.
  for (const table of ['settlements', 'settlement_lines', 'settlement_adjustments']) {
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_district`)} ON ${sql.table(table)}
      USING (current_setting('yunshu.scope', true) IN ('system','all'))
      WITH CHECK (current_setting('yunshu.scope', true) IN ('system','all'))
    `.execute(db);
  }
}
