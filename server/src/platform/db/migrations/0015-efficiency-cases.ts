/**
 * Efficiency findings and rectification cases (QP-14, SJ-14): what the daily rules found per resource
 * (one open finding per resource and rule, with its figures), the rectification case each finding opens
 * (warning → response → closed or stopped), the case's timeline, and the deadline reminders already sent.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE efficiency_findings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      resource_id uuid NOT NULL REFERENCES resources(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      rule text NOT NULL CHECK (rule IN ('low_utilization','zombie','over_provisioned','monitoring_missing','temporary_expired')),
      evidence jsonb NOT NULL,
      -- Right-sizing only: vCPUs given back × the vCPU's monthly unit price in force.
      monthly_saving numeric(14,2) CHECK (monthly_saving >= 0),
      detected_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      cleared_at timestamptz
    )
  `.execute(db);
  // The rule's key while open: a repeated run refreshes the evidence; a finding that cleared can recur anew.
  await sql`CREATE UNIQUE INDEX efficiency_findings_open_uq ON efficiency_findings(resource_id, rule) WHERE cleared_at IS NULL`.execute(db);
  await sql`CREATE INDEX efficiency_findings_unit_idx ON efficiency_findings(unit_id, detected_at DESC)`.execute(db);

  await sql`
    CREATE TABLE rectification_cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      finding_id uuid NOT NULL UNIQUE REFERENCES efficiency_findings(id),
      resource_id uuid NOT NULL REFERENCES resources(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      rule text NOT NULL,
      stage text NOT NULL CHECK (stage IN ('open','warning_proposed','warning_issued','responded','escalated','stopped','rectified','reclaimed','dismissed')),
      warning_text text,
      deadline_date date,
      deadline_at timestamptz,
      deadline_provisional boolean NOT NULL DEFAULT false,
      response jsonb,
      refusal_action text CHECK (refusal_action IN ('stop','stop_and_reclaim')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      CHECK ((stage = 'warning_issued') <= (deadline_date IS NOT NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX rectification_cases_unit_idx ON rectification_cases(unit_id, stage)`.execute(db);
  await sql`CREATE INDEX rectification_cases_stage_idx ON rectification_cases(stage, deadline_date)`.execute(db);

  await sql`
    CREATE TABLE rectification_case_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES rectification_cases(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_id uuid REFERENCES users(id),
      actor_name text NOT NULL,
      action text NOT NULL,
      stage_from text,
      stage_to text NOT NULL,
      comment text,
      detail jsonb NOT NULL DEFAULT '{}'
    )
  `.execute(db);
  await sql`CREATE INDEX rectification_case_events_case_idx ON rectification_case_events(case_id, at)`.execute(db);

  // The claim of a reminder: inserted first, notified only when the insert went in (two instances, one message).
  await sql`
    CREATE TABLE rectification_reminders (
      case_id uuid NOT NULL REFERENCES rectification_cases(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      deadline_date date NOT NULL,
      stage text NOT NULL CHECK (stage IN ('due_soon','overdue')),
      sent_at timestamptz NOT NULL,
      recipients integer NOT NULL DEFAULT 0 CHECK (recipients >= 0),
      PRIMARY KEY (case_id, deadline_date, stage)
    )
  `.execute(db);

  // A unit sees its own findings and cases (QP-19); the operator and the authority all.
  for (const table of ['efficiency_findings', 'rectification_cases', 'rectification_case_events', 'rectification_reminders']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_tenant`)} ON ${sql.table(table)} USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);
  }
  await sql`CREATE SEQUENCE rectification_case_seq`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE rectification_case_seq TO yunshu_app`.execute(db);
}
