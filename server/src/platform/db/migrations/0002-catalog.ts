/**
 * Cloud platforms (QP-5, SJ-2), the service catalog (SJ-2, SJ-7) and versioned price books (SJ-10).
 * These are district-wide: every signed-in scope reads them (an unset scope still sees nothing), and
 * who may change them is decided by permissions. Driver credentials are stored sealed with SM4 only.
 * Price versions of one book and item never overlap: a trigger checks it under an advisory lock on the
 * (book, item) pair, so two transactions racing cannot both pass, and it refuses edits of history.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // District-wide rows: visible to any scope the application sets, invisible without one (fails closed).
  await sql`
    CREATE FUNCTION yunshu_scope_set() RETURNS boolean
    LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('yunshu.scope', true), '') IN ('system', 'all', 'unit')
    $$
  `.execute(db);
  // A provider's name is public (it runs platforms everyone reads); user units stay hidden (QP-19).
  await sql`
    CREATE FUNCTION yunshu_provider_name(unit uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT name FROM units WHERE id = unit AND type = 'provider'
    $$
  `.execute(db);

  await sql`
    CREATE TABLE platforms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      level text NOT NULL CHECK (level IN ('city','district','district_industry')),
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      architecture text NOT NULL CHECK (architecture IN ('x86','arm')),
      region text NOT NULL,
      mlps_level smallint NOT NULL CHECK (mlps_level BETWEEN 1 AND 5),
      provisioning_mode text NOT NULL CHECK (provisioning_mode IN ('driver','work_order')),
      driver text CHECK (driver IN ('simulated','openstack')),
      connection jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(connection) = 'object'),
      credentials_sealed text CHECK (credentials_sealed LIKE 'sm4:%'),
      credentials_kind text CHECK (credentials_kind IN ('password','application_credential')),
      credentials_updated_at timestamptz,
      credentials_updated_by uuid REFERENCES users(id),
      last_test_ok boolean,
      last_test_message text,
      last_test_message_en text,
      last_test_at timestamptz,
      last_test_duration_ms integer,
      description text,
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((provisioning_mode = 'driver') = (driver IS NOT NULL)),
      CHECK ((credentials_sealed IS NULL) = (credentials_kind IS NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX platforms_provider_idx ON platforms(provider_unit_id)`.execute(db);

  await sql`
    CREATE TABLE catalog_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$' AND length(code) <= 40),
      name_zh text NOT NULL,
      name_en text NOT NULL,
      category text NOT NULL CHECK (category IN ('compute','block_storage','object_storage','bandwidth_eip','load_balancer','database','cache','middleware','security','saas')),
      unit_of_measure text NOT NULL CHECK (unit_of_measure IN ('vcpu_month','gib_month','instance_month','mbps_month')),
      architectures text[] NOT NULL CHECK (cardinality(architectures) >= 1 AND architectures <@ ARRAY['x86','arm']::text[]),
      spec jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(spec) = 'object'),
      description text,
      enabled boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`
    CREATE TABLE catalog_item_platforms (
      item_id uuid NOT NULL REFERENCES catalog_items(id) ON DELETE CASCADE,
      platform_id uuid NOT NULL REFERENCES platforms(id),
      PRIMARY KEY (item_id, platform_id)
    )
  `.execute(db);
  await sql`CREATE INDEX catalog_item_platforms_platform_idx ON catalog_item_platforms(platform_id)`.execute(db);

  await sql`
    CREATE TABLE price_books (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('district','city_tender')),
      name text NOT NULL UNIQUE,
      provider_unit_id uuid REFERENCES units(id),
      tender_reference text,
      description text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'city_tender') = (provider_unit_id IS NOT NULL)),
      CHECK (kind = 'district' OR tender_reference IS NOT NULL)
    )
  `.execute(db);
  // Exactly one district price list; one tender price list per city provider (SJ-10).
  await sql`CREATE UNIQUE INDEX price_books_one_district_uq ON price_books(kind) WHERE kind = 'district'`.execute(db);
  await sql`CREATE UNIQUE INDEX price_books_one_tender_uq ON price_books(provider_unit_id) WHERE kind = 'city_tender'`.execute(db);

  await sql`
    CREATE TABLE price_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      book_id uuid NOT NULL REFERENCES price_books(id),
      item_id uuid NOT NULL REFERENCES catalog_items(id),
      unit_price numeric(18,6) NOT NULL CHECK (unit_price >= 0),
      effective_from timestamptz NOT NULL,
      effective_to timestamptz,
      reason text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      withdrawn_by uuid REFERENCES users(id),
      withdraw_reason text,
      CHECK (effective_to IS NULL OR effective_to > effective_from),
      CHECK ((withdrawn_at IS NULL) = (withdraw_reason IS NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX price_versions_lookup_idx ON price_versions(book_id, item_id, effective_from) WHERE withdrawn_at IS NULL`.execute(db);

  /*
   * The last line of defence behind the application's checks (which give the bilingual messages):
   * versions of one (book, item) never overlap, and history is never rewritten — an effective version
   * keeps its price and start, and no end that has passed (or would be set in the past) moves.
   */
  await sql`
    CREATE FUNCTION price_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      clash record;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.book_id <> OLD.book_id OR NEW.item_id <> OLD.item_id THEN
          RAISE EXCEPTION 'a price version cannot move to another book or item' USING ERRCODE = 'check_violation';
        END IF;
        IF OLD.effective_from <= now() AND (NEW.unit_price <> OLD.unit_price OR NEW.effective_from <> OLD.effective_from
            OR NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at) THEN
          RAISE EXCEPTION 'price version % is effective and cannot be edited (已生效的价格不得修改)', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.effective_to IS DISTINCT FROM OLD.effective_to
            AND ((OLD.effective_to IS NOT NULL AND OLD.effective_to <= now()) OR (NEW.effective_to IS NOT NULL AND NEW.effective_to < now())) THEN
          RAISE EXCEPTION 'the end of price version % cannot be moved in the past (不得追溯修改价格)', OLD.id USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      IF NEW.withdrawn_at IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext(NEW.book_id::text), hashtext(NEW.item_id::text));
        SELECT v.id, v.effective_from, v.effective_to INTO clash
          FROM price_versions v
         WHERE v.book_id = NEW.book_id AND v.item_id = NEW.item_id AND v.id <> NEW.id AND v.withdrawn_at IS NULL
           AND v.effective_from < coalesce(NEW.effective_to, 'infinity'::timestamptz)
           AND NEW.effective_from < coalesce(v.effective_to, 'infinity'::timestamptz)
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'price versions overlap: [%, %) clashes with version % [%, %)',
            NEW.effective_from, coalesce(NEW.effective_to::text, 'open'), clash.id, clash.effective_from, coalesce(clash.effective_to::text, 'open')
            USING ERRCODE = 'exclusion_violation';
        END IF;
      END IF;
      RETURN NEW;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER price_versions_guard BEFORE INSERT OR UPDATE ON price_versions
    FOR EACH ROW EXECUTE FUNCTION price_versions_guard()
  `.execute(db);

  await sql`
    CREATE TABLE price_changes (
      id bigserial PRIMARY KEY,
      price_id uuid NOT NULL REFERENCES price_versions(id),
      book_id uuid NOT NULL REFERENCES price_books(id),
      item_id uuid NOT NULL REFERENCES catalog_items(id),
      change text NOT NULL CHECK (change IN ('added','closed','corrected','withdrawn','reopened')),
      caused_by_price_id uuid REFERENCES price_versions(id),
      before jsonb,
      after jsonb NOT NULL,
      reason text NOT NULL,
      source text NOT NULL CHECK (source IN ('manual','import','seed')),
      import_sm3 text,
      actor_id uuid REFERENCES users(id),
      actor_name text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX price_changes_book_idx ON price_changes(book_id, item_id)`.execute(db);
  await sql`CREATE INDEX price_changes_caused_by_idx ON price_changes(caused_by_price_id) WHERE caused_by_price_id IS NOT NULL`.execute(db);
  // The change record is history: append-only, like the audit log.
  await sql`
    CREATE FUNCTION price_changes_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'price_changes is append-only (调价记录只允许追加)' USING ERRCODE = 'insufficient_privilege';
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER price_changes_append_only BEFORE UPDATE OR DELETE ON price_changes
    FOR EACH ROW EXECUTE FUNCTION price_changes_refuse_change()
  `.execute(db);

  await sql`GRANT SELECT, INSERT, UPDATE ON platforms, catalog_items, price_books, price_versions TO yunshu_app`.execute(db);
  await sql`GRANT DELETE ON catalog_items TO yunshu_app`.execute(db);
  await sql`GRANT SELECT, INSERT, DELETE ON catalog_item_platforms TO yunshu_app`.execute(db);
  await sql`GRANT SELECT, INSERT ON price_changes TO yunshu_app`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE price_changes_id_seq TO yunshu_app`.execute(db);
  for (const table of ['platforms', 'catalog_items', 'catalog_item_platforms', 'price_books', 'price_versions', 'price_changes']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.id(`${table}_scoped`)} ON ${sql.table(table)} USING (yunshu_scope_set()) WITH CHECK (yunshu_scope_set())`.execute(db);
  }
}
