/**
 * The monthly sync to the district big-data platform (QP-15 云数联动、上云必入数): one delivery per month
 * with a stable id (the receiver's idempotency key), the exact bytes delivered and their SM3 digest, its
 * status and schedule of retries; and every attempt with its timestamps, HTTP status and error. The
 * data is the whole district's, so only platform-wide scopes (the operator, the authority, the jobs)
 * read or change it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE data_sync_deliveries (
      id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
      status text NOT NULL CHECK (status IN ('pending','retrying','delivered','failed','file_only')),
      usage_source text NOT NULL CHECK (usage_source IN ('rating','statements_draft','statements_confirmed')),
      payload text NOT NULL,
      payload_sm3 char(64) NOT NULL,
      projects integer NOT NULL CHECK (projects >= 0),
      usage_lines integer NOT NULL CHECK (usage_lines >= 0),
      billed_cost numeric(18,2) NOT NULL,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz,
      last_http_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id),
      created_by_name text NOT NULL,
      refreshed_at timestamptz,
      resent_at timestamptz,
      resent_by uuid REFERENCES users(id),
      resent_by_name text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status IN ('pending','retrying')) = (next_attempt_at IS NOT NULL)),
      CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX data_sync_deliveries_due_idx ON data_sync_deliveries(next_attempt_at) WHERE next_attempt_at IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE data_sync_attempts (
      delivery_id uuid NOT NULL REFERENCES data_sync_deliveries(id),
      attempt integer NOT NULL CHECK (attempt >= 1),
      revision integer NOT NULL,
      cause text NOT NULL CHECK (cause IN ('schedule','resend')),
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      http_status integer,
      error text,
      outcome text CHECK (outcome IN ('delivered','failed')),
      PRIMARY KEY (delivery_id, attempt)
    )
  `.execute(db);

  const platformWide = sql`current_setting('yunshu.scope', true) IN ('system','all')`;
  for (const table of ['data_sync_deliveries', 'data_sync_attempts']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_platform_wide`)} ON ${sql.table(table)} USING (${platformWide}) WITH CHECK (${platformWide})`.execute(db);
  }
}
