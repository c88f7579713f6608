/**
 * Applications and their approval chains (QP-9..QP-12, SJ-9..SJ-13, SJ-19): the application with its
 * resource lines, one row per approval step with its working-day deadline, an append-only timeline,
 * the in-app inbox and the outbox of e-mail and webhook deliveries, and the scheduler's slots.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE application_number_seq`.execute(db);
  await sql`
    CREATE TABLE applications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      number text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('new_project_filing','resource','expansion','change','reclamation','temporary',
                                         'temporary_extension','migration','city_cloud','provider_plan')),
      status text NOT NULL CHECK (status IN ('in_review','returned','approved','rejected','withdrawn')),
      title text NOT NULL,
      system_id uuid REFERENCES information_systems(id),
      project_id uuid REFERENCES project_approvals(id),
      platform_id uuid REFERENCES platforms(id),
      related_application_id uuid REFERENCES applications(id),
      applicant_id uuid NOT NULL REFERENCES users(id),
      payload jsonb NOT NULL DEFAULT '{}',
      estimate jsonb,
      submitted_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      due_provisional boolean NOT NULL DEFAULT false,
      decided_at timestamptz,
      execution_due_at timestamptz,
      execution_due_provisional boolean NOT NULL DEFAULT false,
      expires_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX applications_unit_idx ON applications(unit_id, submitted_at DESC)`.execute(db);
  await sql`CREATE INDEX applications_system_idx ON applications(system_id) WHERE system_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX applications_status_idx ON applications(status)`.execute(db);

  await sql`
    CREATE TABLE application_lines (
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      line_no smallint NOT NULL,
      item_id uuid NOT NULL REFERENCES catalog_items(id),
      quantity numeric(18,3) NOT NULL CHECK (quantity > 0),
      months smallint,
      spec jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (application_id, line_no)
    )
  `.execute(db);
  await sql`CREATE INDEX application_lines_item_idx ON application_lines(item_id)`.execute(db);

  await sql`
    CREATE TABLE application_steps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      idx smallint NOT NULL,
      name_zh text NOT NULL,
      name_en text NOT NULL,
      role text NOT NULL,
      article text,
      status text NOT NULL CHECK (status IN ('waiting','active','approved','rejected','returned','skipped')),
      activated_at timestamptz,
      due_at timestamptz,
      due_provisional boolean NOT NULL DEFAULT false,
      decided_at timestamptz,
      decided_by uuid REFERENCES users(id),
      decided_by_name text,
      comment text,
      assessment jsonb,
      reminded_at timestamptz,
      escalated_at timestamptz,
      UNIQUE (application_id, idx)
    )
  `.execute(db);
  await sql`CREATE INDEX application_steps_active_idx ON application_steps(role, due_at) WHERE status = 'active'`.execute(db);

  await sql`
    CREATE TABLE application_events (
      id bigserial PRIMARY KEY,
      application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid REFERENCES users(id),
      actor_name text,
      actor_roles text[] NOT NULL DEFAULT '{}',
      action text NOT NULL,
      step_idx smallint,
      comment text,
      detail jsonb NOT NULL DEFAULT '{}'
    )
  `.execute(db);
  await sql`CREATE INDEX application_events_app_idx ON application_events(application_id, id)`.execute(db);

  // Applications carry documents too: the pre-cloud test and assessment reports of a migration (SJ-12).
  await sql`ALTER TABLE documents DROP CONSTRAINT documents_owner_type_check`.execute(db);
  await sql`ALTER TABLE documents ADD CONSTRAINT documents_owner_type_check CHECK (owner_type IN ('project','application'))`.execute(db);
  await sql`ALTER TABLE documents ADD COLUMN category text CHECK (category IN ('evidence','test_report','assessment_report','expert_review','other'))`.execute(db);

  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      kind text NOT NULL,
      title_zh text NOT NULL,
      title_en text NOT NULL,
      body_zh text NOT NULL,
      body_en text NOT NULL,
      link text,
      application_id uuid REFERENCES applications(id) ON DELETE CASCADE,
      dedupe_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX notifications_user_idx ON notifications(user_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      notification_id uuid REFERENCES notifications(id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email','webhook')),
      target text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX notification_deliveries_due_idx ON notification_deliveries(next_attempt_at) WHERE status = 'pending'`.execute(db);

  // One row per (job, time slot): the instance that inserts it runs the job; the others see the conflict.
  await sql`
    CREATE TABLE scheduler_slots (
      job text NOT NULL,
      slot text NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      outcome jsonb,
      PRIMARY KEY (job, slot)
    )
  `.execute(db);

  await sql`GRANT USAGE ON SEQUENCE application_number_seq, application_events_id_seq TO yunshu_app`.execute(db);
  for (const table of ['applications', 'application_lines', 'application_steps']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_tenant`)} ON ${sql.table(table)} USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);
  }
  await sql`GRANT DELETE ON application_lines TO yunshu_app`.execute(db);
  // The timeline is append-only for the application.
  await sql`GRANT SELECT, INSERT ON application_events TO yunshu_app`.execute(db);
  await sql`ALTER TABLE application_events ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY application_events_tenant ON application_events USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);

  // An inbox is its owner's alone; anyone's action may put a notification into someone's inbox.
  await sql`GRANT SELECT, INSERT, UPDATE ON notifications TO yunshu_app`.execute(db);
  await sql`ALTER TABLE notifications ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY notifications_owner_read ON notifications FOR SELECT
    USING (current_setting('yunshu.scope', true) = 'system' OR user_id = nullif(current_setting('yunshu.user_id', true), '')::uuid)
  `.execute(db);
  await sql`
    CREATE POLICY notifications_owner_update ON notifications FOR UPDATE
    USING (current_setting('yunshu.scope', true) = 'system' OR user_id = nullif(current_setting('yunshu.user_id', true), '')::uuid)
  `.execute(db);
  await sql`CREATE POLICY notifications_insert ON notifications FOR INSERT WITH CHECK (coalesce(current_setting('yunshu.scope', true), '') <> '')`.execute(db);

  // Deliveries and scheduler slots are the platform's own bookkeeping; old slots are pruned daily.
  await sql`GRANT DELETE ON scheduler_slots TO yunshu_app`.execute(db);
  for (const table of ['notification_deliveries', 'scheduler_slots']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_platform`)} ON ${sql.table(table)}
      USING (current_setting('yunshu.scope', true) IN ('system','all'))
      WITH CHECK (coalesce(current_setting('yunshu.scope', true), '') <> '')
    `.execute(db);
  }
}
