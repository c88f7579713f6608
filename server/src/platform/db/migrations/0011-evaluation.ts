/**
 * The yearly comprehensive evaluation of user units (QP-24, QP-25): one evaluation per year, run from
 * the records (re-run while a draft), with each unit's result and each indicator's score and evidence;
 * the operator's manual adjustments with reasons; publication by the authority, after which the
 * evaluation, its results, scores and adjustments are frozen — also here, by trigger; and the
 * rectification requirements issued to units, tracked to closure.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE evaluations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      year integer NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
      model jsonb NOT NULL,
      unit_count integer NOT NULL DEFAULT 0,
      run_at timestamptz NOT NULL,
      run_by_name text NOT NULL,
      published_at timestamptz,
      published_by uuid REFERENCES users(id),
      published_by_name text,
      CHECK ((status = 'published') = (published_at IS NOT NULL))
    )
  `.execute(db);
  await sql`
    CREATE TABLE evaluation_results (
      evaluation_id uuid NOT NULL REFERENCES evaluations(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      total numeric(6,2) NOT NULL,
      rank integer NOT NULL CHECK (rank > 0),
      grade text NOT NULL CHECK (grade IN ('excellent','good','pass','fail')),
      PRIMARY KEY (evaluation_id, unit_id)
    )
  `.execute(db);
  await sql`CREATE INDEX evaluation_results_unit_idx ON evaluation_results(unit_id)`.execute(db);
  await sql`
    CREATE TABLE evaluation_scores (
      evaluation_id uuid NOT NULL REFERENCES evaluations(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      indicator text NOT NULL,
      position integer NOT NULL,
      weight numeric(6,2) NOT NULL,
      computed numeric(6,2) NOT NULL CHECK (computed BETWEEN 0 AND weight),
      adjustment numeric(6,2) NOT NULL DEFAULT 0,
      score numeric(6,2) NOT NULL CHECK (score BETWEEN 0 AND weight),
      evidence jsonb NOT NULL,
      PRIMARY KEY (evaluation_id, unit_id, indicator)
    )
  `.execute(db);
  await sql`
    CREATE TABLE evaluation_adjustments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      evaluation_id uuid NOT NULL REFERENCES evaluations(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      indicator text NOT NULL,
      points numeric(6,2) NOT NULL CHECK (points <> 0),
      reason text NOT NULL,
      actor_id uuid REFERENCES users(id),
      actor_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX evaluation_adjustments_evaluation_idx ON evaluation_adjustments(evaluation_id, unit_id)`.execute(db);
  await sql`
    CREATE TABLE rectification_requirements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      evaluation_id uuid NOT NULL REFERENCES evaluations(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      requirement text NOT NULL,
      due_on date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','responded','closed')),
      issued_by uuid REFERENCES users(id),
      issued_by_name text NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      response text,
      responded_by_name text,
      responded_at timestamptz,
      closing_note text,
      closed_by_name text,
      closed_at timestamptz,
      CHECK ((status = 'open') = (responded_at IS NULL) OR status = 'closed'),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX rectification_requirements_unit_idx ON rectification_requirements(unit_id, status)`.execute(db);

  // Published results are the record the authority issued: nothing in them changes afterwards.
  await sql`
    CREATE FUNCTION evaluations_published_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.evaluation_id ELSE NEW.evaluation_id END;
    BEGIN
      IF EXISTS (SELECT 1 FROM evaluations e WHERE e.id = target AND e.status = 'published') THEN
        RAISE EXCEPTION 'evaluation % is published and frozen (综合评价结果已发布，不得修改)', target USING ERRCODE = 'check_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END
    $$
  `.execute(db);
  for (const table of ['evaluation_results', 'evaluation_scores', 'evaluation_adjustments']) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_frozen`)} BEFORE INSERT OR UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION evaluations_published_guard()`.execute(db);
  }
  await sql`
    CREATE FUNCTION evaluations_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'evaluation % is published and frozen (综合评价结果已发布，不得修改)', OLD.id USING ERRCODE = 'check_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END
    $$
  `.execute(db);
  await sql`CREATE TRIGGER evaluations_status_guard BEFORE UPDATE OR DELETE ON evaluations FOR EACH ROW EXECUTE FUNCTION evaluations_status_guard()`.execute(db);

  // The evaluation is the district's; a unit reads its own results and requirements (QP-19), and the
  // application checks that it sees only published ones.
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON evaluations, evaluation_results, evaluation_scores, evaluation_adjustments, rectification_requirements TO yunshu_app`.execute(db);
  await sql`ALTER TABLE evaluations ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY evaluations_read ON evaluations FOR SELECT USING (yunshu_scope_set())`.execute(db);
  await sql`
    CREATE POLICY evaluations_write ON evaluations FOR ALL
    USING (current_setting('yunshu.scope', true) IN ('system','all')) WITH CHECK (current_setting('yunshu.scope', true) IN ('system','all'))
  `.execute(db);
  for (const table of ['evaluation_results', 'evaluation_scores', 'rectification_requirements']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_tenant`)} ON ${sql.table(table)} USING (yunshu_can_see(unit_id)) WITH CHECK (yunshu_can_see(unit_id))`.execute(db);
  }
  await sql`ALTER TABLE evaluation_adjustments ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY evaluation_adjustments_district ON evaluation_adjustments
    USING (current_setting('yunshu.scope', true) IN ('system','all')) WITH CHECK (current_setting('yunshu.scope', true) IN ('system','all'))
  `.execute(db);
}
