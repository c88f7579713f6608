/**
 * The tamper-evident audit log (MLPS level 3). Each record is written inside the transaction of the
 * change it describes — if it cannot be written the change fails — and carries an HMAC-SM3 link over
 * the previous record's link, so removing, reordering or editing any record breaks the chain from there.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { Database } from '../db/tables.ts';
import { equalHex, hmacSm3Hex } from '../crypto/sm.ts';

export const GENESIS_MAC = '0'.repeat(64);
/** Serialises appends so that every record links to the one committed before it. */
const CHAIN_LOCK_KEY = 7_236_001;

export interface AuditEntry {
  actorId: string | null;
  actorUsername: string | null;
  actorRoles: readonly string[];
  unitId: string | null;
  unitName: string | null;
  sourceIp: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'success' | 'failure';
  reason: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

/**
 * A record of the platform's own doing (a job, a reminder, the demo seed): no person, address or request
 * behind it, and it succeeded — the rest is what was done, to what, and for which unit if any.
 */
export function systemAuditEntry(entry: Pick<AuditEntry, 'action' | 'objectType' | 'objectId' | 'detail'> & Partial<Pick<AuditEntry, 'unitId' | 'unitName'>>): AuditEntry {
  return {
    actorId: null,
    actorUsername: 'system',
    actorRoles: [],
    unitId: entry.unitId ?? null,
    unitName: entry.unitName ?? null,
    sourceIp: null,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    result: 'success',
    reason: null,
    requestId: null,
    detail: entry.detail,
  };
}

interface ChainedFields extends AuditEntry {
  at: Date;
  prevMac: string;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  return JSON.stringify(value);
}

function linkOf(key: Buffer, fields: ChainedFields): string {
  const material = canonicalJson({
    at: fields.at.toISOString(),
    actorId: fields.actorId,
    actorUsername: fields.actorUsername,
    actorRoles: [...fields.actorRoles],
    unitId: fields.unitId,
    unitName: fields.unitName,
    sourceIp: fields.sourceIp,
    action: fields.action,
    objectType: fields.objectType,
    objectId: fields.objectId,
    result: fields.result,
    reason: fields.reason,
    requestId: fields.requestId,
    detail: fields.detail,
  });
  return hmacSm3Hex(key, `${fields.prevMac}\n${material}`);
}

export class AuditLog {
  readonly #key: Buffer;
  constructor(key: Buffer) {
    this.#key = key;
  }

  /** Appends one record in `trx`. Call it last in the transaction: it holds the chain lock until commit. */
  async append(trx: Trx, entry: AuditEntry): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(trx);
    const last = await trx.selectFrom('audit_log').select('mac').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    // Millisecond precision: what is hashed must be exactly what reads back.
    const at = new Date(Math.floor(Date.now()));
    // Hash exactly what jsonb will hold: JSON's own rules for undefined, functions, toJSON and Buffers.
    const detail = JSON.parse(JSON.stringify(entry.detail ?? {})) as Record<string, unknown>;
    const fields: ChainedFields = { ...entry, detail, at, prevMac: last?.mac ?? GENESIS_MAC };
    await trx
      .insertInto('audit_log')
      .values({
        at,
        actor_id: entry.actorId,
        actor_username: entry.actorUsername,
        actor_roles: [...entry.actorRoles],
        unit_id: entry.unitId,
        unit_name: entry.unitName,
        source_ip: entry.sourceIp,
        action: entry.action,
        object_type: entry.objectType,
        object_id: entry.objectId,
        result: entry.result,
        reason: entry.reason,
        request_id: entry.requestId,
        detail: JSON.stringify(detail),
        prev_mac: fields.prevMac,
        mac: linkOf(this.#key, fields),
      })
      .execute();
  }

  /**
   * Walks the whole chain in order and reports the first record whose link does not verify —
   * edited, inserted, reordered or following a deleted record.
   */
  async verify(executor: Kysely<Database>): Promise<{ ok: boolean; checked: number; firstBrokenSeq: string | null; reason: string | null }> {
    const batch = 2000;
    let prevMac = GENESIS_MAC;
    let afterSeq = '0';
    let checked = 0;
    for (;;) {
      const rows = await executor.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(batch).execute();
      for (const row of rows) {
        if (row.prev_mac !== prevMac) {
          return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'link to the previous record is broken (a record was removed or inserted)' };
        }
        const expected = linkOf(this.#key, {
          at: row.at,
          actorId: row.actor_id,
          actorUsername: row.actor_username,
          actorRoles: row.actor_roles,
          unitId: row.unit_id,
          unitName: row.unit_name,
          sourceIp: row.source_ip,
          action: row.action,
          objectType: row.object_type,
          objectId: row.object_id,
          result: row.result as 'success' | 'failure',
          reason: row.reason,
          requestId: row.request_id,
          detail: row.detail,
          prevMac: row.prev_mac,
        });
        if (!equalHex(expected, row.mac)) {
          return { ok: false, checked, firstBrokenSeq: row.seq, reason: 'record content does not match its HMAC-SM3 link (edited)' };
        }
        prevMac = row.mac;
        afterSeq = row.seq;
        checked++;
      }
      if (rows.length < batch) return { ok: true, checked, firstBrokenSeq: null, reason: null };
    }
  }
}
