/**
 * Lets Kysely's PostgresDialect drive an embedded PGlite database. PGlite is one connection, so the
 * "pool" hands it out to one borrower at a time; a transaction keeps it until commit or rollback.
 */
import type { PGlite } from '@electric-sql/pglite';

interface QueryResultLike {
  command: string;
  rowCount: number;
  rows: unknown[];
}

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

function commandOf(sql: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(sql);
  return match ? (match[1] as string).toUpperCase() : 'SELECT';
}

export function pglitePool(pglite: PGlite) {
  const mutex = new Mutex();
  const client = {
    async query(sql: string, parameters: readonly unknown[]): Promise<QueryResultLike> {
      const result = await pglite.query(sql, parameters as unknown[]);
      return { command: commandOf(sql), rowCount: result.affectedRows ?? 0, rows: result.rows };
    },
    release: undefined as unknown as () => void,
  };
  return {
    async connect() {
      const release = await mutex.acquire();
      return { query: client.query, release };
    },
    async end() {
      await pglite.close();
    },
  };
}
