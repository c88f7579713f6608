/**
 * Provisioning (SJ-9, QP-9..QP-12): the desired state of every server and volume an approved
 * application concerns, what the cloud reports of it, the reconciler's claims and back-off, the
 * lifecycle and driver-call history, providers' work orders, and inventory findings (unknown, missing
 * and drifted resources found by comparing a platform's real inventory with these records).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE resources (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      platform_id uuid NOT NULL REFERENCES platforms(id),
      application_id uuid NOT NULL REFERENCES applications(id),
      kind text NOT NULL CHECK (kind IN ('server','volume')),
      name text NOT NULL,
      idempotency_key text NOT NULL UNIQUE,
      parent_id uuid REFERENCES resources(id),
      desired_state text NOT NULL CHECK (desired_state IN ('running','stopped','deleted')),
      desired_spec jsonb NOT NULL,
      billing_items jsonb NOT NULL DEFAULT '{}',
      generation integer NOT NULL DEFAULT 1,
      operation text NOT NULL CHECK (operation IN ('create','resize','stop','start','delete')),
      operation_application_id uuid REFERENCES applications(id),
      observed_generation integer NOT NULL DEFAULT 0,
      status text NOT NULL CHECK (status IN ('pending','creating','running','stopped','resizing','stopping','starting',
                                               'deleting','deleted','failed','awaiting_work_order')),
      provider_id text,
      provider_status text,
      observed_spec jsonb,
      addresses text[] NOT NULL DEFAULT '{}',
      last_error text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_by text,
      claimed_until timestamptz,
      operation_started_at timestamptz NOT NULL DEFAULT now(),
      due_at timestamptz,
      due_provisional boolean NOT NULL DEFAULT false,
      overdue_notified_at timestamptz,
      temporary boolean NOT NULL DEFAULT false,
      lease_expires_at timestamptz,
      lease_notified_at timestamptz,
      provisioned_at timestamptz,
      deleted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind = 'volume' OR parent_id IS NULL)
    )
  `.execute(db);
  await sql`CREATE INDEX resources_unit_idx ON resources(unit_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX resources_system_idx ON resources(system_id) WHERE system_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX resources_platform_provider_idx ON resources(platform_id, provider_id)`.execute(db);
  await sql`CREATE INDEX resources_application_idx ON resources(application_id)`.execute(db);
  await sql`CREATE INDEX resources_parent_idx ON resources(parent_id) WHERE parent_id IS NOT NULL`.execute(db);
  // What the reconciler scans: unfinished work, by when it may next be tried.
  await sql`
    CREATE INDEX resources_pending_idx ON resources(next_attempt_at)
    WHERE observed_generation < generation AND status NOT IN ('failed','awaiting_work_order')
  `.execute(db);

  await sql`
    CREATE TABLE resource_events (
      id bigserial PRIMARY KEY,
      resource_id uuid NOT NULL REFERENCES resources(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid REFERENCES users(id),
      actor_name text,
      action text NOT NULL,
      outcome text CHECK (outcome IN ('ok','retry','failed')),
      duration_ms integer,
      message text,
      application_id uuid REFERENCES applications(id),
      detail jsonb NOT NULL DEFAULT '{}'
    )
  `.execute(db);
  await sql`CREATE INDEX resource_events_resource_idx ON resource_events(resource_id, id)`.execute(db);
  await sql`CREATE INDEX resource_events_unit_idx ON resource_events(unit_id, id DESC)`.execute(db);

  await sql`
    CREATE TABLE work_orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      resource_id uuid NOT NULL REFERENCES resources(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      platform_id uuid NOT NULL REFERENCES platforms(id),
      generation integer NOT NULL,
      action text NOT NULL CHECK (action IN ('create','resize','stop','start','delete')),
      spec jsonb NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
      due_at timestamptz,
      due_provisional boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      completed_by uuid REFERENCES users(id),
      completed_by_name text,
      provider_reference text,
      note text,
      UNIQUE (resource_id, generation)
    )
  `.execute(db);
  await sql`CREATE SEQUENCE work_order_number_seq`.execute(db);
  await sql`CREATE INDEX work_orders_provider_idx ON work_orders(provider_unit_id, status, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE inventory_findings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      platform_id uuid NOT NULL REFERENCES platforms(id),
      kind text NOT NULL CHECK (kind IN ('unknown','missing','drift')),
      resource_type text NOT NULL CHECK (resource_type IN ('server','volume')),
      provider_id text NOT NULL,
      resource_id uuid REFERENCES resources(id),
      name text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by uuid REFERENCES users(id),
      acknowledged_by_name text,
      note text
    )
  `.execute(db);
  // One open finding per platform, kind and provider resource: a repeated sync refreshes it.
  await sql`CREATE UNIQUE INDEX inventory_findings_open_uq ON inventory_findings(platform_id, kind, provider_id) WHERE resolved_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE inventory_syncs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      platform_id uuid NOT NULL REFERENCES platforms(id),
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      ok boolean NOT NULL,
      message text,
      servers integer NOT NULL DEFAULT 0,
      volumes integer NOT NULL DEFAULT 0,
      findings jsonb NOT NULL DEFAULT '{}'
    )
  `.execute(db);
  await sql`CREATE INDEX inventory_syncs_platform_idx ON inventory_syncs(platform_id, started_at DESC)`.execute(db);

  // A provider sees the resources on its platforms but not the owning unit's row (units are tenant
  // data): the unit's name and type come through this function, which reveals nothing else.
  await sql`
    CREATE FUNCTION yunshu_unit_label(unit uuid) RETURNS TABLE (name text, type text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT u.name, u.type FROM units u WHERE u.id = unit
    $$
  `.execute(db);

  // A unit sees its own resources; a provider sees the resources on the platforms it runs (SJ-19).
  const visible = sql`yunshu_can_see(unit_id) OR yunshu_can_see(provider_unit_id)`;
  await sql`GRANT USAGE ON SEQUENCE resource_events_id_seq, work_order_number_seq TO yunshu_app`.execute(db);
  for (const table of ['resources', 'work_orders']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_tenant`)} ON ${sql.table(table)} USING (${visible}) WITH CHECK (${visible})`.execute(db);
  }
  // The lifecycle history is append-only.
  await sql`GRANT SELECT, INSERT ON resource_events TO yunshu_app`.execute(db);
  await sql`ALTER TABLE resource_events ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY resource_events_tenant ON resource_events USING (${visible}) WITH CHECK (${visible})`.execute(db);
  // Inventory findings are the operator's: platform-wide scope only.
  for (const table of ['inventory_findings', 'inventory_syncs']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_platform`)} ON ${sql.table(table)}
      USING (current_setting('yunshu.scope', true) IN ('system','all'))
      WITH CHECK (current_setting('yunshu.scope', true) IN ('system','all'))
    `.execute(db);
  }
}
