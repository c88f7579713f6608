/**
 * Metering and monthly statements (SJ-15 先用后付、按实结算). Usage is kept as intervals: for each
 * resource and catalog item, a period during which its quantity and power state were constant, opened
 * and closed by lifecycle events. A month is rated into one statement per unit; once the month is
 * confirmed its statements and the intervals they cover are frozen, and fixes are correction records.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE usage_intervals (
      id bigserial PRIMARY KEY,
      resource_id uuid NOT NULL REFERENCES resources(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      platform_id uuid NOT NULL REFERENCES platforms(id),
      item_id uuid NOT NULL REFERENCES catalog_items(id),
      quantity numeric(18,3) NOT NULL CHECK (quantity >= 0),
      power text NOT NULL CHECK (power IN ('running','stopped')),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      source text NOT NULL CHECK (source IN ('lifecycle','work_order','correction')),
      corrects bigint REFERENCES usage_intervals(id),
      reason text,
      actor_id uuid REFERENCES users(id),
      actor_name text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ended_at IS NULL OR ended_at > started_at),
      CHECK ((source = 'correction') = (reason IS NOT NULL))
    )
  `.execute(db);
  // At most one open interval per resource and item: metering closes before it opens.
  await sql`CREATE UNIQUE INDEX usage_intervals_open_uq ON usage_intervals(resource_id, item_id) WHERE ended_at IS NULL AND source <> 'correction'`.execute(db);
  await sql`CREATE INDEX usage_intervals_period_idx ON usage_intervals(started_at, ended_at)`.execute(db);
  await sql`CREATE INDEX usage_intervals_resource_idx ON usage_intervals(resource_id, started_at)`.execute(db);
  await sql`CREATE INDEX usage_intervals_corrects_idx ON usage_intervals(corrects) WHERE corrects IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE billing_months (
      month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('draft','confirmed')),
      rated_at timestamptz NOT NULL,
      rated_by_name text,
      confirmed_at timestamptz,
      confirmed_by uuid REFERENCES users(id),
      confirmed_by_name text,
      total numeric(18,2) NOT NULL,
      CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL))
    )
  `.execute(db);

  await sql`
    CREATE TABLE statements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      month text NOT NULL REFERENCES billing_months(month),
      unit_id uuid NOT NULL REFERENCES units(id),
      district_budget boolean NOT NULL,
      total numeric(18,2) NOT NULL,
      line_count integer NOT NULL,
      UNIQUE (month, unit_id)
    )
  `.execute(db);
  await sql`
    CREATE TABLE statement_lines (
      statement_id uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
      line_no integer NOT NULL,
      unit_id uuid NOT NULL REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      platform_id uuid NOT NULL REFERENCES platforms(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      item_id uuid NOT NULL REFERENCES catalog_items(id),
      price_version_id uuid NOT NULL REFERENCES price_versions(id),
      unit_price numeric(18,6) NOT NULL,
      quantity_hours numeric(24,6) NOT NULL,
      resources integer NOT NULL,
      amount numeric(18,2) NOT NULL,
      PRIMARY KEY (statement_id, line_no)
    )
  `.execute(db);
  await sql`CREATE INDEX statement_lines_unit_idx ON statement_lines(unit_id)`.execute(db);

  // The last line of defence behind the application's checks: a confirmed month's usage never changes.
  await sql`
    CREATE FUNCTION usage_intervals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      frozen_until timestamptz;
    BEGIN
      SELECT max(ends_at) INTO frozen_until FROM billing_months WHERE status = 'confirmed';
      IF TG_OP = 'UPDATE' THEN
        IF OLD.ended_at IS NOT NULL OR NEW.ended_at IS NULL
           OR (NEW.resource_id, NEW.item_id, NEW.quantity, NEW.power, NEW.started_at, NEW.source) IS DISTINCT FROM
              (OLD.resource_id, OLD.item_id, OLD.quantity, OLD.power, OLD.started_at, OLD.source) THEN
          RAISE EXCEPTION 'usage interval % can only be closed once (用量记录不可修改，更正请另立记录)', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        IF frozen_until IS NOT NULL AND NEW.ended_at < frozen_until THEN
          RAISE EXCEPTION 'closing usage interval % at % would change a confirmed month (不得修改已确认账单的用量)', OLD.id, NEW.ended_at USING ERRCODE = 'check_violation';
        END IF;
      ELSIF frozen_until IS NOT NULL AND NEW.started_at < frozen_until THEN
        RAISE EXCEPTION 'usage from % falls in a confirmed month (不得在已确认账单期间补录用量)', NEW.started_at USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END
    $$
  `.execute(db);
  await sql`CREATE TRIGGER usage_intervals_guard BEFORE INSERT OR UPDATE ON usage_intervals FOR EACH ROW EXECUTE FUNCTION usage_intervals_guard()`.execute(db);

  // Usage, statements and their lines are the unit's (and the provider's, for its platforms).
  const visible = sql`yunshu_can_see(unit_id) OR yunshu_can_see(provider_unit_id)`;
  await sql`GRANT USAGE ON SEQUENCE usage_intervals_id_seq TO yunshu_app`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON usage_intervals TO yunshu_app`.execute(db);
  await sql`ALTER TABLE usage_intervals ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY usage_intervals_tenant ON usage_intervals USING (${visible}) WITH CHECK (${visible})`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON statements, statement_lines TO yunshu_app`.execute(db);
  await sql`ALTER TABLE statements ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY statements_tenant ON statements USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);
  await sql`ALTER TABLE statement_lines ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY statement_lines_tenant ON statement_lines USING (${visible}) WITH CHECK (${visible})`.execute(db);
  // The month's status is the district's: everyone may read it, only platform-wide scopes change it.
  await sql`GRANT SELECT, INSERT, UPDATE ON billing_months TO yunshu_app`.execute(db);
  await sql`ALTER TABLE billing_months ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY billing_months_read ON billing_months FOR SELECT USING (coalesce(current_setting('yunshu.scope', true), '') <> '')`.execute(db);
  await sql`CREATE POLICY billing_months_write ON billing_months FOR INSERT WITH CHECK (current_setting('yunshu.scope', true) IN ('system','all'))`.execute(db);
  await sql`CREATE POLICY billing_months_update ON billing_months FOR UPDATE USING (current_setting('yunshu.scope', true) IN ('system','all'))`.execute(db);
}
