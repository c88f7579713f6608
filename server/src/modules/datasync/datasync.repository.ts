/** SQL over the monthly sync deliveries and their attempts (QP-15). Platform-wide scopes only (RLS). */
import type { DataSyncAttempt, DataSyncDelivery } from '@yunshu/shared/datasync-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { fetchPage } from '../../platform/db/query-helpers.ts';

function deliveryQuery(trx: Trx) {
  return trx
    .selectFrom('data_sync_deliveries as d')
    .select([
      'd.id',
      'd.month',
      'd.revision',
      'd.status',
      'd.usage_source',
      'd.payload_sm3',
      'd.projects',
      'd.usage_lines',
      'd.billed_cost',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_http_status',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
      'd.created_by_name',
      'd.refreshed_at',
      'd.resent_at',
      'd.resent_by_name',
    ])
    .select(sql<number>`(SELECT count(*)::int FROM data_sync_attempts a WHERE a.delivery_id = d.id)`.as('total_attempts'));
}
type DeliveryRow = Awaited<ReturnType<ReturnType<typeof deliveryQuery>['executeTakeFirstOrThrow']>>;

function presentDelivery(row: DeliveryRow): DataSyncDelivery {
  return {
    id: row.id,
    month: row.month,
    revision: row.revision,
    status: row.status as DataSyncDelivery['status'],
    usageSource: row.usage_source as DataSyncDelivery['usageSource'],
    payloadSm3: row.payload_sm3.trim(),
    projects: row.projects,
    usageLines: row.usage_lines,
    billedCost: row.billed_cost,
    attempts: row.attempts,
    totalAttempts: Number(row.total_attempts),
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by_name,
    refreshedAt: row.refreshed_at?.toISOString() ?? null,
    resentAt: row.resent_at?.toISOString() ?? null,
    resentBy: row.resent_by_name,
  };
}

export function listDeliveries(trx: Trx, filter: { status?: string | undefined }, page: number, pageSize: number) {
  let query = deliveryQuery(trx);
  if (filter.status) query = query.where('d.status', '=', filter.status);
  return fetchPage(trx, query, query.orderBy('d.month', 'desc'), page, pageSize, presentDelivery);
}

export async function findDelivery(trx: Trx, by: { id: string } | { month: string }): Promise<DataSyncDelivery | null> {
  const row = await ('id' in by ? deliveryQuery(trx).where('d.id', '=', by.id) : deliveryQuery(trx).where('d.month', '=', by.month)).executeTakeFirst();
  return row ? presentDelivery(row) : null;
}

export async function attemptsOf(trx: Trx, deliveryId: string): Promise<DataSyncAttempt[]> {
  const rows = await trx.selectFrom('data_sync_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt', 'desc').execute();
  return rows.map((r) => ({
    attempt: r.attempt,
    revision: r.revision,
    cause: r.cause as DataSyncAttempt['cause'],
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    httpStatus: r.http_status,
    error: r.error,
    outcome: r.outcome as DataSyncAttempt['outcome'],
  }));
}

export async function payloadOf(trx: Trx, id: string): Promise<{ month: string; payload: string } | null> {
  return (await trx.selectFrom('data_sync_deliveries').select(['month', 'payload']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export interface ClaimedSync {
  id: string;
  month: string;
  revision: number;
  payload: string;
  attempts: number;
  attempt: number;
  cause: 'schedule' | 'resend';
}

/**
 * Claims up to `limit` deliveries due at `now` (rows another instance holds are skipped) and opens an
 * attempt for each: the lease moves their next attempt past any send in flight, so a second worker
 * cannot pick them up until this one has recorded its outcome or died.
 */
export async function claimDueSyncs(trx: Trx, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedSync[]> {
  const rows = await trx
    .selectFrom('data_sync_deliveries')
    .select(['id', 'month', 'revision', 'payload', 'attempts', 'resent_at'])
    .where('status', 'in', ['pending', 'retrying'])
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('month')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const claimed: ClaimedSync[] = [];
  for (const row of rows) {
    await trx.updateTable('data_sync_deliveries').set({ next_attempt_at: leaseUntil, updated_at: now }).where('id', '=', row.id).execute();
    const last = await trx
      .selectFrom('data_sync_attempts')
      .select(['attempt', 'started_at'])
      .where('delivery_id', '=', row.id)
      .orderBy('attempt', 'desc')
      .limit(1)
      .executeTakeFirst();
    const cause = row.resent_at && (!last || last.started_at < row.resent_at) ? 'resend' : 'schedule';
    const attempt = (last?.attempt ?? 0) + 1;
    await trx.insertInto('data_sync_attempts').values({ delivery_id: row.id, attempt, revision: row.revision, cause, started_at: now }).execute();
    claimed.push({ id: row.id, month: row.month, revision: row.revision, payload: row.payload, attempts: row.attempts, attempt, cause });
  }
  return claimed;
}

/** An attempt's outcome; the delivery moves on only if it still holds the revision that was sent. */
export async function recordSyncOutcome(
  trx: Trx,
  sync: ClaimedSync,
  outcome: { finishedAt: Date; httpStatus: number | null; error: string | null; status: 'delivered' | 'retrying' | 'failed'; retryAt: Date | null },
): Promise<void> {
  await trx
    .updateTable('data_sync_attempts')
    .set({ finished_at: outcome.finishedAt, http_status: outcome.httpStatus, error: outcome.error, outcome: outcome.error === null ? 'delivered' : 'failed' })
    .where('delivery_id', '=', sync.id)
    .where('attempt', '=', sync.attempt)
    .execute();
  await trx
    .updateTable('data_sync_deliveries')
    .set({
      status: outcome.status,
      attempts: sync.attempts + 1,
      next_attempt_at: outcome.retryAt,
      last_http_status: outcome.httpStatus,
      last_error: outcome.error,
      delivered_at: outcome.status === 'delivered' ? outcome.finishedAt : null,
      updated_at: outcome.finishedAt,
    })
    .where('id', '=', sync.id)
    .where('revision', '=', sync.revision)
    .where('status', 'in', ['pending', 'retrying'])
    .execute();
}

/**
 * Claims the announcement of a delivery's final failure: the row for the one caller whose update went
 * in, with the last attempt's number (which names this failure: attempt numbers only grow, across
 * re-sends too); undefined when it is not failed or was announced already.
 */
export async function claimFailureNotice(trx: Trx, id: string, at: Date) {
  return trx
    .updateTable('data_sync_deliveries')
    .set({ failure_notified_at: at })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .where('failure_notified_at', 'is', null)
    .returning(['id', 'month', 'revision', 'attempts', 'last_http_status', 'last_error'])
    .returning(sql<number>`(SELECT max(a.attempt) FROM data_sync_attempts a WHERE a.delivery_id = data_sync_deliveries.id)`.as('last_attempt'))
    .executeTakeFirst();
}

/** Failed deliveries whose failure nobody has been told of yet (a run that died in between, or older ones). */
export async function unannouncedFailures(trx: Trx): Promise<string[]> {
  const rows = await trx.selectFrom('data_sync_deliveries').select('id').where('status', '=', 'failed').where('failure_notified_at', 'is', null).orderBy('month').execute();
  return rows.map((r) => r.id);
}

/** An attempt started after `since` and not finished: a send may be in flight. */
export async function hasAttemptInFlight(trx: Trx, deliveryId: string, since: Date): Promise<boolean> {
  const row = await trx
    .selectFrom('data_sync_attempts')
    .select('attempt')
    .where('delivery_id', '=', deliveryId)
    .where('finished_at', 'is', null)
    .where('started_at', '>', since)
    .executeTakeFirst();
  return Boolean(row);
}
