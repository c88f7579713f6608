/**
 * Statement lines keep their two references — the statement they belong to and the price version they
 * charge at — but have them checked once per statement that writes lines instead of row by row
 * (ADR 008, third round; bench/README.md, billing-year). A foreign key checks each new line with a
 * lookup and a share lock on its parent: for a city's year, 340,000 lines, that was the largest part of
 * writing them that was not the writing itself. Here:
 *
 * - after every INSERT or UPDATE of lines, one anti-join of the statement's new lines (a transition
 *   table) against statements and price versions refuses the whole statement if any line names neither
 *   (SQLSTATE 23503, as a foreign key would);
 * - deleting statements deletes their lines, once per DELETE (what ON DELETE CASCADE did);
 * - a price version that a line charges at cannot be deleted (the application cannot delete versions at
 *   all; this holds for the owner too).
 *
 * Lines are written only by the rating, in the same statement as their statements; the checks stay so
 * that nothing else can write a line that points nowhere.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE statement_lines DROP CONSTRAINT statement_lines_statement_id_fkey`.execute(db);
  await sql`ALTER TABLE statement_lines DROP CONSTRAINT statement_lines_price_version_id_fkey`.execute(db);

  await sql`
    CREATE FUNCTION statement_lines_keys() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      orphan record;
    BEGIN
      SELECT l.statement_id, l.line_no, l.price_version_id, s.id IS NULL AS without_statement INTO orphan
        FROM new_lines l
        LEFT JOIN statements s ON s.id = l.statement_id
        LEFT JOIN price_versions v ON v.id = l.price_version_id
       WHERE s.id IS NULL OR v.id IS NULL
       LIMIT 1;
      IF FOUND AND orphan.without_statement THEN
        RAISE EXCEPTION 'statement line % names statement %, which does not exist (账单明细所属的账单不存在)', orphan.line_no, orphan.statement_id
          USING ERRCODE = 'foreign_key_violation';
      ELSIF FOUND THEN
        RAISE EXCEPTION 'statement line % of statement % charges at price version %, which does not exist (账单明细引用的价格版本不存在)',
          orphan.line_no, orphan.statement_id, orphan.price_version_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER statement_lines_keys_on_insert AFTER INSERT ON statement_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION statement_lines_keys()
  `.execute(db);
  await sql`
    CREATE TRIGGER statement_lines_keys_on_update AFTER UPDATE ON statement_lines
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION statement_lines_keys()
  `.execute(db);

  await sql`
    CREATE FUNCTION statements_delete_lines() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      DELETE FROM statement_lines l USING old_statements s WHERE l.statement_id = s.id;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER statements_delete_lines AFTER DELETE ON statements
    REFERENCING OLD TABLE AS old_statements FOR EACH STATEMENT EXECUTE FUNCTION statements_delete_lines()
  `.execute(db);

  await sql`
    CREATE FUNCTION price_versions_charged() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM statement_lines WHERE price_version_id = OLD.id) THEN
        RAISE EXCEPTION 'price version % is charged on statement lines and cannot be deleted (已计费的价格版本不得删除)', OLD.id
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN OLD;
    END $$
  `.execute(db);
  await sql`CREATE TRIGGER price_versions_charged BEFORE DELETE ON price_versions FOR EACH ROW EXECUTE FUNCTION price_versions_charged()`.execute(db);
}
