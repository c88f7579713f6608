/**
 * What the periodic checks of security and operations have already said, so each is said once across
 * instances and restarts: a re-assessment reminder per system, due date and stage (QP-22, SJ-18), and a
 * notice per platform and day whose daily inspection report is missing (SJ-19). The primary key is the
 * claim: a job inserts the row first and notifies only when its insert went in.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reassessment_reminders (
      system_id uuid NOT NULL REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      due_on date NOT NULL,
      stage text NOT NULL CHECK (stage IN ('due_soon','overdue')),
      sent_at timestamptz NOT NULL,
      recipients integer NOT NULL DEFAULT 0 CHECK (recipients >= 0),
      PRIMARY KEY (system_id, due_on, stage)
    )
  `.execute(db);
  await sql`CREATE INDEX reassessment_reminders_unit_idx ON reassessment_reminders(unit_id, sent_at DESC)`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON reassessment_reminders TO yunshu_app`.execute(db);
  await sql`ALTER TABLE reassessment_reminders ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY reassessment_reminders_tenant ON reassessment_reminders USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);

  await sql`
    CREATE TABLE missing_inspection_notices (
      platform_id uuid NOT NULL REFERENCES platforms(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      day date NOT NULL,
      notified_at timestamptz NOT NULL,
      recipients integer NOT NULL DEFAULT 0 CHECK (recipients >= 0),
      PRIMARY KEY (platform_id, day)
    )
  `.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON missing_inspection_notices TO yunshu_app`.execute(db);
  await sql`ALTER TABLE missing_inspection_notices ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY missing_inspection_notices_provider ON missing_inspection_notices USING (yunshu_can_see(provider_unit_id)) WITH CHECK (yunshu_can_see(provider_unit_id))`.execute(db);
}
