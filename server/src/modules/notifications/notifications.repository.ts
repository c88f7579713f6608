/** All SQL of notifications: recipients, the inbox, and the outbox of e-mail and webhook deliveries. */
import type { Notification } from '@yunshu/shared/notifications-api';
import type { Selectable } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import type { NotificationsTable } from '../../platform/db/tables.ts';

export interface Recipient {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
}

/**
 * Active users named by id, holding one of the roles, or holding one of `inUnit.roles` in that unit —
 * in units that are not disabled. Reads the identity tables, so it needs a scope that sees every unit
 * (the caller switches to system scope).
 */
export async function findRecipients(
  trx: Trx,
  userIds: readonly string[],
  roles: readonly string[],
  inUnit?: { unitId: string; roles: readonly string[] },
): Promise<Recipient[]> {
  return trx
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name as displayName', 'u.email'])
    .where('u.status', '=', 'active')
    .where('n.disabled', '=', false)
    .where((eb) => {
      const named = [];
      if (userIds.length > 0) named.push(eb('u.id', 'in', [...userIds]));
      if (roles.length > 0) {
        named.push(eb.exists(eb.selectFrom('user_roles as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', 'in', [...roles])));
      }
      if (inUnit && inUnit.roles.length > 0) {
        named.push(
          eb.and([
            eb('u.unit_id', '=', inUnit.unitId),
            eb.exists(eb.selectFrom('user_roles as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', 'in', [...inUnit.roles])),
          ]),
        );
      }
      return eb.or(named);
    })
    .orderBy('u.id')
    .execute();
}

export interface NewNotification {
  userId: string;
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link: string | null;
  applicationId: string | null;
  dedupeKey: string | null;
}

/** Inserts the notifications; one whose dedupe key exists already is skipped. Returns those created. */
export async function insertNotifications(trx: Trx, rows: readonly NewNotification[]): Promise<{ id: string; userId: string; createdAt: Date }[]> {
  if (rows.length === 0) return [];
  return trx
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        kind: r.kind,
        title_zh: r.title.zh,
        title_en: r.title.en,
        body_zh: r.body.zh,
        body_en: r.body.en,
        link: r.link,
        application_id: r.applicationId,
        dedupe_key: r.dedupeKey,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning(['id', 'user_id as userId', 'created_at as createdAt'])
    .execute();
}

export interface NewDelivery {
  notificationId: string | null;
  channel: 'email' | 'webhook';
  target: string;
  payload: Record<string, unknown>;
}

export async function insertDeliveries(trx: Trx, rows: readonly NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('notification_deliveries')
    .values(rows.map((r) => ({ notification_id: r.notificationId, channel: r.channel, target: r.target, payload: JSON.stringify(r.payload) })))
    .execute();
}

// --- the inbox: row-level security shows each user their own rows; every query names the user too ---

function present(row: Selectable<NotificationsTable>): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: { zh: row.title_zh, en: row.title_en },
    body: { zh: row.body_zh, en: row.body_en },
    link: row.link,
    applicationId: row.application_id,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

export async function listNotifications(trx: Trx, userId: string, filter: { unread?: boolean | undefined }, page: number, pageSize: number) {
  let query = trx.selectFrom('notifications').where('user_id', '=', userId);
  if (filter.unread === true) query = query.where('read_at', 'is', null);
  if (filter.unread === false) query = query.where('read_at', 'is not', null);
  const total = await query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(present), total: Number(total.count), page, pageSize };
}

export async function countUnread(trx: Trx, userId: string): Promise<number> {
  const row = await trx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one of the user's notifications read (once: a second call keeps the first time). */
export async function markRead(trx: Trx, userId: string, id: string, at: Date): Promise<Notification | null> {
  await trx.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  const row = await trx.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row ? present(row) : null;
}

export async function markAllRead(trx: Trx, userId: string, at: Date): Promise<number> {
  const result = await trx.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// --- the outbox ---

export interface ClaimedDelivery {
  id: string;
  channel: 'email' | 'webhook';
  target: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Takes up to `limit` pending deliveries due at `now` and hides them from other workers until
 * `leaseUntil` (a crashed worker's claim lapses then). SKIP LOCKED: concurrent workers take disjoint rows.
 */
export async function claimDueDeliveries(trx: Trx, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await trx
    .selectFrom('notification_deliveries')
    .select(['id', 'channel', 'target', 'payload', 'attempts'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (rows.length > 0) {
    await trx
      .updateTable('notification_deliveries')
      .set({ next_attempt_at: leaseUntil })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  }
  return rows.map((r) => ({ ...r, channel: r.channel as ClaimedDelivery['channel'] }));
}

export async function recordDelivered(trx: Trx, id: string, attempts: number, at: Date): Promise<void> {
  await trx
    .updateTable('notification_deliveries')
    .set({ status: 'delivered', attempts, delivered_at: at, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** A failed attempt: retried at `retryAt`, or given up (`failed`) when `retryAt` is null. */
export async function recordFailedAttempt(trx: Trx, id: string, attempts: number, error: string, retryAt: Date | null): Promise<void> {
  await trx
    .updateTable('notification_deliveries')
    .set({ attempts, last_error: error, ...(retryAt ? { next_attempt_at: retryAt } : { status: 'failed' }) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
