/**
 * Monitoring (QP-13, QP-14, SJ-14): daily utilisation rollups per server and Asia/Shanghai day, so
 * reports and the yearly evaluation never read raw metrics again; the days already rolled up; and the
 * monitoring gaps — a running server whose agent series are absent or stale — with since-when.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE utilization_daily (
      resource_id uuid NOT NULL REFERENCES resources(id),
      day date NOT NULL,
      unit_id uuid NOT NULL REFERENCES units(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      source text NOT NULL CHECK (source IN ('prometheus','simulated')),
      cpu_avg double precision CHECK (cpu_avg BETWEEN 0 AND 100),
      cpu_p95 double precision CHECK (cpu_p95 BETWEEN 0 AND 100),
      cpu_max double precision CHECK (cpu_max BETWEEN 0 AND 100),
      memory_avg double precision CHECK (memory_avg BETWEEN 0 AND 100),
      memory_p95 double precision CHECK (memory_p95 BETWEEN 0 AND 100),
      memory_max double precision CHECK (memory_max BETWEEN 0 AND 100),
      network_rx_bytes bigint CHECK (network_rx_bytes >= 0),
      network_tx_bytes bigint CHECK (network_tx_bytes >= 0),
      disk_used_bytes bigint CHECK (disk_used_bytes >= 0),
      samples integer NOT NULL CHECK (samples >= 0),
      -- The allocation that day, so district and unit trends weigh a 16-vCPU server above a 1-vCPU one.
      vcpus integer NOT NULL DEFAULT 0 CHECK (vcpus >= 0),
      memory_gib double precision NOT NULL DEFAULT 0 CHECK (memory_gib >= 0),
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (resource_id, day)
    )
  `.execute(db);
  await sql`CREATE INDEX utilization_daily_unit_idx ON utilization_daily(unit_id, day)`.execute(db);
  await sql`CREATE INDEX utilization_daily_day_idx ON utilization_daily(day)`.execute(db);

  await sql`
    CREATE TABLE utilization_rollup_runs (
      day date PRIMARY KEY,
      source text NOT NULL CHECK (source IN ('prometheus','simulated')),
      resources integer NOT NULL CHECK (resources >= 0),
      unmatched integer NOT NULL DEFAULT 0 CHECK (unmatched >= 0),
      computed_at timestamptz NOT NULL
    )
  `.execute(db);

  await sql`
    CREATE TABLE monitoring_gaps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      resource_id uuid NOT NULL REFERENCES resources(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      since timestamptz NOT NULL,
      -- false: no agent series at all within the look-back window; 'since' is then the window's start or the provisioning time.
      seen_before boolean NOT NULL,
      detected_at timestamptz NOT NULL,
      cleared_at timestamptz,
      notified_at timestamptz,
      recipients integer NOT NULL DEFAULT 0 CHECK (recipients >= 0)
    )
  `.execute(db);
  // One open gap per server: a repeated check keeps it; the agent's return closes it.
  await sql`CREATE UNIQUE INDEX monitoring_gaps_open_uq ON monitoring_gaps(resource_id) WHERE cleared_at IS NULL`.execute(db);
  await sql`CREATE INDEX monitoring_gaps_unit_idx ON monitoring_gaps(unit_id, detected_at DESC)`.execute(db);

  // A unit sees its own servers' figures and gaps; a provider those on the platforms it runs.
  const visible = sql`yunshu_can_see(unit_id) OR yunshu_can_see(provider_unit_id)`;
  for (const table of ['utilization_daily', 'monitoring_gaps']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_tenant`)} ON ${sql.table(table)} USING (${visible}) WITH CHECK (${visible})`.execute(db);
  }
  // The rollup bookkeeping is the platform's own.
  await sql`GRANT SELECT, INSERT, UPDATE ON utilization_rollup_runs TO yunshu_app`.execute(db);
  await sql`ALTER TABLE utilization_rollup_runs ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY utilization_rollup_runs_platform ON utilization_rollup_runs
    USING (current_setting('yunshu.scope', true) IN ('system','all'))
    WITH CHECK (current_setting('yunshu.scope', true) IN ('system','all'))
  `.execute(db);
}
