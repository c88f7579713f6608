/**
 * The system of record: PostgreSQL — embedded PGlite by default, a PostgreSQL server when DATABASE_URL
 * is set. Same SQL, same migrations. Every unit of work runs in one transaction as the application
 * role `yunshu_app` with its tenant scope set LOCAL to that transaction, so row-level security
 * applies (QP-19) and nothing leaks to the next borrower of the connection.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import { pglitePool } from './pglite-pool.ts';
import type { Database } from './tables.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export type Trx = Transaction<Database>;

export interface TenantScope {
  /** 'system' is the platform's own bookkeeping (login, session lookup); never a user's scope. */
  scope: 'system' | 'all' | 'unit';
  unitId: string | null;
  userId: string | null;
}

export const SYSTEM_SCOPE: TenantScope = { scope: 'system', unitId: null, userId: null };

export interface Db {
  kind: DatabaseKind;
  kysely: Kysely<Database>;
  /** Runs `work` in one transaction under `tenant`; rolls back when it throws. */
  tx<T>(tenant: TenantScope, work: (trx: Trx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

// Exact decimals and 64-bit integers stay strings (money is never a JS number); dates stay 'YYYY-MM-DD'.
pg.types.setTypeParser(OID.INT8, (value: string) => value);
pg.types.setTypeParser(OID.NUMERIC, (value: string) => value);
pg.types.setTypeParser(OID.DATE, (value: string) => value);

export async function setTenant(trx: Trx | Kysely<Database>, tenant: TenantScope): Promise<void> {
  await sql`SELECT set_config('role', 'yunshu_app', true),
                   set_config('yunshu.scope', ${tenant.scope}, true),
                   set_config('yunshu.unit_id', ${tenant.unitId ?? ''}, true),
                   set_config('yunshu.user_id', ${tenant.userId ?? ''}, true)`.execute(trx);
}

/** The tenant scope the transaction runs under now (unset reads as a unit scope without a unit: sees nothing). */
export async function currentTenant(trx: Trx): Promise<TenantScope> {
  const { rows } = await sql<{ scope: string | null; unit_id: string | null; user_id: string | null }>`
    SELECT current_setting('yunshu.scope', true) AS scope,
           current_setting('yunshu.unit_id', true) AS unit_id,
           current_setting('yunshu.user_id', true) AS user_id`.execute(trx);
  const row = rows[0];
  const scope = row?.scope === 'system' || row?.scope === 'all' ? row.scope : 'unit';
  return { scope, unitId: row?.unit_id || null, userId: row?.user_id || null };
}

/**
 * Runs `work` inside the caller's transaction under `tenant` and puts the caller's scope back after it
 * (e.g. notifying another unit's users from a unit-scoped request). If `work` throws, the scope is not
 * restored: the transaction is failing anyway, and a rollback to a savepoint undoes the switch too.
 */
export async function withTenant<T>(trx: Trx, tenant: TenantScope, work: () => Promise<T>): Promise<T> {
  const caller = await currentTenant(trx);
  const same = caller.scope === tenant.scope && caller.unitId === tenant.unitId && caller.userId === tenant.userId;
  if (same) return work();
  await setTenant(trx, tenant);
  const result = await work();
  await setTenant(trx, caller);
  return result;
}

/** `dataDir: null` keeps an embedded database in memory (tests). */
export async function openDatabase(options: { databaseUrl?: string | undefined; dataDir: string | null }): Promise<Db> {
  let kysely: Kysely<Database>;
  let kind: DatabaseKind;
  if (options.databaseUrl) {
    kind = 'postgres';
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, application_name: 'yunshu' });
    // An idle connection the server closes (a restart, a failover, a dropped database) must not take the
    // process down: the pool discards it and the next query opens another.
    pool.on('error', () => {});
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    kind = 'pglite';
    const dir = options.dataDir === null ? undefined : join(options.dataDir, 'pglite');
    if (dir) mkdirSync(dir, { recursive: true });
    const pglite = await PGlite.create(dir, {
      parsers: {
        [pgliteTypes.INT8]: (value: string) => value,
        [pgliteTypes.NUMERIC]: (value: string) => value,
        [pgliteTypes.DATE]: (value: string) => value,
      },
    });
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) as never }) });
  }
  return {
    kind,
    kysely,
    tx(tenant, work) {
      return kysely.transaction().execute(async (trx) => {
        await setTenant(trx, tenant);
        return work(trx);
      });
    },
    close: () => kysely.destroy(),
  };
}



/** Applies pending migrations as the connecting (owner) role. Safe with several instances starting at once. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
