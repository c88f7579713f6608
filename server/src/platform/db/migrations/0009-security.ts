/**
 * Security and operations records (QP-16, QP-20..QP-23, SJ-17..SJ-19): per information system its MLPS
 * grading and filing dates and go-live, assessments (测评) with rectification items, vulnerabilities,
 * incidents and notices (通报); drills and training of units; the go-live checklist with evidence, SM2
 * signing keys of unit administrators and the signed security commitment letters (上云安全承诺书);
 * providers' daily inspection reports and fault tickets. A unit's rows carry its unit_id so row-level
 * security keeps units apart (QP-19); inspection reports and fault tickets are also the provider's.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per system, made on first use. The MLPS level and filing number stay on information_systems.
  await sql`
    CREATE TABLE system_security (
      system_id uuid PRIMARY KEY REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      graded_on date,
      filed_on date,
      filing_authority text,
      live_at timestamptz,
      live_by uuid REFERENCES users(id),
      live_by_name text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((live_at IS NULL) = (live_by_name IS NULL))
    )
  `.execute(db);

  await sql`
    CREATE TABLE mlps_assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      system_id uuid NOT NULL REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      assessed_on date NOT NULL,
      assessor text NOT NULL,
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
      result text NOT NULL CHECK (result IN ('pass','fail')),
      score numeric(5,2) CHECK (score BETWEEN 0 AND 100),
      findings text,
      created_by uuid REFERENCES users(id),
      created_by_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX mlps_assessments_system_idx ON mlps_assessments(system_id, assessed_on DESC)`.execute(db);

  await sql`
    CREATE TABLE rectification_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL REFERENCES mlps_assessments(id),
      system_id uuid NOT NULL REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      position integer NOT NULL,
      description text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','in_progress','done')),
      due_on date,
      done_on date,
      note text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'done') = (done_on IS NOT NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX rectification_items_assessment_idx ON rectification_items(assessment_id, position)`.execute(db);

  await sql`
    CREATE TABLE vulnerabilities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      system_id uuid NOT NULL REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      title text NOT NULL,
      description text,
      found_on date NOT NULL,
      source text NOT NULL CHECK (source IN ('scan','notice','assessment')),
      severity text NOT NULL CHECK (severity IN ('critical','high','medium','low')),
      deadline_on date NOT NULL,
      fixed_on date,
      fix_note text,
      verified_on date,
      verified_by uuid REFERENCES users(id),
      verified_by_name text,
      assessment_id uuid REFERENCES mlps_assessments(id),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (deadline_on >= found_on),
      CHECK (fixed_on IS NULL OR fixed_on >= found_on),
      CHECK (verified_on IS NULL OR (fixed_on IS NOT NULL AND verified_on >= fixed_on))
    )
  `.execute(db);
  await sql`CREATE INDEX vulnerabilities_unit_idx ON vulnerabilities(unit_id, found_on)`.execute(db);
  await sql`CREATE INDEX vulnerabilities_system_idx ON vulnerabilities(system_id, found_on)`.execute(db);

  await sql`
    CREATE TABLE security_incidents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      system_id uuid NOT NULL REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      kind text NOT NULL CHECK (kind IN ('incident','notice')),
      occurred_on date NOT NULL,
      level text NOT NULL CHECK (level IN ('especially_major','major','large','general')),
      title text NOT NULL,
      description text NOT NULL,
      issued_by text,
      handling text,
      closed_on date,
      created_by uuid REFERENCES users(id),
      created_by_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'notice') = (issued_by IS NOT NULL)),
      CHECK (closed_on IS NULL OR (handling IS NOT NULL AND closed_on >= occurred_on))
    )
  `.execute(db);
  await sql`CREATE INDEX security_incidents_system_idx ON security_incidents(system_id, occurred_on DESC)`.execute(db);
  await sql`CREATE INDEX security_incidents_unit_idx ON security_incidents(unit_id, occurred_on)`.execute(db);

  await sql`
    CREATE TABLE security_activities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      kind text NOT NULL CHECK (kind IN ('drill','training')),
      held_on date NOT NULL,
      title text NOT NULL,
      content text NOT NULL,
      participants integer CHECK (participants > 0),
      summary text,
      created_by uuid REFERENCES users(id),
      created_by_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX security_activities_unit_idx ON security_activities(unit_id, held_on DESC)`.execute(db);

  // The go-live checklist (SJ-18, QP-22): one row per recorded item, its evidence in documents.
  await sql`
    CREATE TABLE go_live_checks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      system_id uuid NOT NULL REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      item text NOT NULL CHECK (item IN ('security_resources','self_check','testing_assessment','hardening','mlps','data_security')),
      note text,
      recorded_by uuid REFERENCES users(id),
      recorded_by_name text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (system_id, item)
    )
  `.execute(db);

  // A unit administrator's SM2 public key; the private key stays with the signer. One active key each.
  await sql`
    CREATE TABLE signing_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      public_key text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
      fingerprint char(64) NOT NULL,
      registered_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX signing_keys_active_uq ON signing_keys(user_id) WHERE revoked_at IS NULL`.execute(db);

  // The letter is the generated PDF; what is signed is its SM3 digest. Once signed, never regenerated.
  await sql`
    CREATE TABLE commitment_letters (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      system_id uuid NOT NULL UNIQUE REFERENCES information_systems(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      document_id uuid NOT NULL REFERENCES documents(id),
      digest char(64) NOT NULL,
      generated_by uuid REFERENCES users(id),
      generated_by_name text NOT NULL,
      generated_at timestamptz NOT NULL,
      scan_document_id uuid REFERENCES documents(id),
      signer_id uuid REFERENCES users(id),
      signer_name text,
      signing_key_id uuid REFERENCES signing_keys(id),
      signature text CHECK (signature ~ '^30[0-9a-f]+$'),
      signed_at timestamptz,
      verified_with text[] NOT NULL DEFAULT '{}',
      CHECK ((signature IS NULL) = (signed_at IS NULL) AND (signature IS NULL) = (signing_key_id IS NULL))
    )
  `.execute(db);

  // Documents: evidence of go-live checks, and the letter with its signed scan.
  await sql`ALTER TABLE documents DROP CONSTRAINT documents_owner_type_check`.execute(db);
  await sql`ALTER TABLE documents ADD CONSTRAINT documents_owner_type_check CHECK (owner_type IN ('project','application','go_live_check','commitment_letter'))`.execute(db);
  await sql`ALTER TABLE documents DROP CONSTRAINT documents_category_check`.execute(db);
  await sql`
    ALTER TABLE documents ADD CONSTRAINT documents_category_check
    CHECK (category IN ('evidence','test_report','assessment_report','expert_review','other','letter','letter_scan'))
  `.execute(db);

  const unitTables = [
    'system_security',
    'mlps_assessments',
    'rectification_items',
    'vulnerabilities',
    'security_incidents',
    'security_activities',
    'go_live_checks',
    'signing_keys',
    'commitment_letters',
  ];
  for (const table of unitTables) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO yunshu_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_tenant`)} ON ${sql.table(table)} USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);
  }

  // Providers' daily inspection of a platform they run (SJ-19): theirs and the district-wide roles'.
  await sql`
    CREATE TABLE inspection_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      platform_id uuid NOT NULL REFERENCES platforms(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      inspected_on date NOT NULL,
      items jsonb NOT NULL,
      anomalies integer NOT NULL CHECK (anomalies >= 0),
      summary text,
      inspector_id uuid REFERENCES users(id),
      inspector_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (platform_id, inspected_on)
    )
  `.execute(db);
  await sql`CREATE INDEX inspection_reports_provider_idx ON inspection_reports(provider_unit_id, inspected_on DESC)`.execute(db);

  // Fault tickets: the affected unit's (if any), the raiser's and the provider's that must answer.
  await sql`
    CREATE TABLE fault_tickets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      platform_id uuid NOT NULL REFERENCES platforms(id),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      unit_id uuid REFERENCES units(id),
      system_id uuid REFERENCES information_systems(id),
      system_name text,
      raised_by_unit_id uuid NOT NULL REFERENCES units(id),
      raised_by uuid REFERENCES users(id),
      raised_by_name text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('critical','major','minor')),
      title text NOT NULL,
      description text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','responded','resolved')),
      raised_at timestamptz NOT NULL,
      respond_due_at timestamptz NOT NULL,
      resolve_due_at timestamptz NOT NULL,
      responded_at timestamptz,
      responded_by_name text,
      response_note text,
      resolved_at timestamptz,
      resolved_by_name text,
      resolution text,
      CHECK ((status = 'open') = (responded_at IS NULL)),
      CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
      CHECK (respond_due_at > raised_at AND resolve_due_at > raised_at)
    )
  `.execute(db);
  await sql`CREATE SEQUENCE fault_ticket_number_seq`.execute(db);
  await sql`CREATE INDEX fault_tickets_provider_idx ON fault_tickets(provider_unit_id, raised_at DESC)`.execute(db);
  await sql`CREATE INDEX fault_tickets_unit_idx ON fault_tickets(unit_id, raised_at DESC) WHERE unit_id IS NOT NULL`.execute(db);

  await sql`GRANT USAGE ON SEQUENCE fault_ticket_number_seq TO yunshu_app`.execute(db);
  await sql`GRANT SELECT, INSERT ON inspection_reports TO yunshu_app`.execute(db);
  await sql`ALTER TABLE inspection_reports ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY inspection_reports_provider ON inspection_reports USING (yunshu_can_see(provider_unit_id)) WITH CHECK (yunshu_can_see(provider_unit_id))`.execute(db);
  const ticketVisible = sql`yunshu_can_see(unit_id) OR yunshu_can_see(provider_unit_id) OR yunshu_can_see(raised_by_unit_id)`;
  await sql`GRANT SELECT, INSERT, UPDATE ON fault_tickets TO yunshu_app`.execute(db);
  await sql`ALTER TABLE fault_tickets ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY fault_tickets_tenant ON fault_tickets USING (${ticketVisible}) WITH CHECK (${ticketVisible})`.execute(db);
}
