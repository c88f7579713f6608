/**
 * The working-day calendar: the PRC statutory holidays and make-up working days (调休) as exceptions to
 * Monday–Friday, and which years have a published arrangement. Deadlines in working days (QP-9..QP-11)
 * are computed from it; a year without a published arrangement makes a deadline provisional.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE calendar_years (
      year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
      published boolean NOT NULL DEFAULT true,
      source text NOT NULL CHECK (source IN ('package','import','manual')),
      note text,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`
    CREATE TABLE calendar_days (
      day date PRIMARY KEY,
      year integer NOT NULL REFERENCES calendar_years(year),
      is_off_day boolean NOT NULL,
      name text NOT NULL,
      source text NOT NULL CHECK (source IN ('package','import','manual')),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (extract(year FROM day) = year)
    )
  `.execute(db);
  // District-wide reference data: everyone reads it, only the application changes it (no tenant column).
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_years, calendar_days TO yunshu_app`.execute(db);
}
