/**
 * Information systems (信息系统) of user units, their project approvals (立项) with the resource quota
 * each approves and its basis (QP-8), and the documents attached to them. Every row carries the
 * owning unit so row-level security keeps units apart (QP-19).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE information_systems (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      name text NOT NULL,
      purpose text NOT NULL,
      mlps_level smallint NOT NULL CHECK (mlps_level BETWEEN 1 AND 3),
      mlps_filing_number text,
      construction_type text NOT NULL CHECK (construction_type IN ('new','migrate')),
      owner_name text NOT NULL,
      owner_phone text NOT NULL,
      owner_email text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (unit_id, name)
    )
  `.execute(db);

  await sql`
    CREATE TABLE project_approvals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      system_id uuid NOT NULL REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      document_number text NOT NULL,
      approved_on date NOT NULL,
      approving_body text NOT NULL,
      budget numeric(18,2) NOT NULL CHECK (budget >= 0),
      architecture text NOT NULL CHECK (architecture IN ('x86','arm')),
      platform_ids uuid[] NOT NULL DEFAULT '{}',
      cyclical boolean NOT NULL DEFAULT false,
      cyclical_pattern text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (system_id, document_number),
      CHECK (NOT cyclical OR cyclical_pattern IS NOT NULL)
    )
  `.execute(db);
  await sql`CREATE INDEX project_approvals_system_idx ON project_approvals(system_id)`.execute(db);

  await sql`
    CREATE TABLE project_quotas (
      project_id uuid NOT NULL REFERENCES project_approvals(id) ON DELETE CASCADE,
      item_id uuid NOT NULL REFERENCES catalog_items(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      quantity numeric(18,3) NOT NULL CHECK (quantity > 0),
      basis text NOT NULL,
      PRIMARY KEY (project_id, item_id)
    )
  `.execute(db);

  await sql`
    CREATE TABLE documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      owner_type text NOT NULL CHECK (owner_type IN ('project')),
      owner_id uuid NOT NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL,
      sm3 char(64) NOT NULL,
      content bytea NOT NULL,
      uploaded_by uuid REFERENCES users(id),
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX documents_owner_idx ON documents(owner_type, owner_id)`.execute(db);

  for (const table of ['information_systems', 'project_approvals', 'project_quotas', 'documents']) {
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_tenant`)} ON ${sql.table(table)} USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);
  }
}
