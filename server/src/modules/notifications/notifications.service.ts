/**
 * Notifications: a message in people's in-app inboxes, created in the transaction of the change it
 * reports, with its e-mail and webhook deliveries queued in the same transaction (an outbox) and sent
 * afterwards by the `deliveries` job.
 */
import type { Role } from '@yunshu/shared/roles';
import type { Actor } from '../../platform/auth/sessions.ts';
import { SYSTEM_SCOPE, type Trx, withTenant } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { plannedDeliveries } from './deliveries.service.ts';
import { countUnread, findRecipients, insertDeliveries, insertNotifications, listNotifications, markAllRead, markRead } from './notifications.repository.ts';

export interface NotificationInput {
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link?: string;
  applicationId?: string;
  /** Makes the notification idempotent per recipient: the same key never notifies the same user twice. */
  dedupeKey?: string;
}

/** Users by id, and/or every active user holding one of the roles (in a unit that is not disabled). */
export interface Recipients {
  userIds?: readonly string[];
  roles?: readonly Role[];
  /** The holders of one of these roles in one unit only, e.g. a unit's administrators or a provider's engineers. */
  inUnit?: { unitId: string; roles: readonly Role[] };
}

/**
 * Puts `input` into the inbox of every recipient — active users only, in units that are not disabled
 * — and queues its e-mails (recipients with an address, when SMTP is configured) and one webhook
 * event (when a webhook is configured). Runs in the caller's transaction: the notification exists
 * exactly when the change does. Recipients are looked up under the system scope, because a
 * unit-scoped caller cannot see the operator's staff; the caller's scope is restored afterwards.
 * With `dedupeKey`, a recipient who already has the notification is skipped.
 * @returns the number of notifications created.
 */
export async function notify(trx: Trx, recipients: Recipients, input: NotificationInput): Promise<number> {
  const userIds = recipients.userIds ?? [];
  const roles = recipients.roles ?? [];
  const { inUnit } = recipients;
  if (userIds.length === 0 && roles.length === 0 && !inUnit?.roles.length) return 0;
  return withTenant(trx, SYSTEM_SCOPE, async () => {
    const users = await findRecipients(trx, userIds, roles, inUnit);
    const created = await insertNotifications(
      trx,
      users.map((user) => ({
        userId: user.id,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        applicationId: input.applicationId ?? null,
        dedupeKey: input.dedupeKey ? `${input.dedupeKey}:${user.id}` : null,
      })),
    );
    const byId = new Map(users.map((user) => [user.id, user]));
    const notified = created.map((n) => ({ notificationId: n.id, createdAt: n.createdAt, user: byId.get(n.userId)! }));
    await insertDeliveries(trx, plannedDeliveries(notified, input));
    return created.length;
  });
}

export function listInbox(trx: Trx, actor: Actor, query: { unread?: boolean | undefined; page: number; pageSize: number }) {
  return listNotifications(trx, actor.userId, { unread: query.unread }, query.page, query.pageSize);
}

export async function unreadCount(trx: Trx, actor: Actor) {
  return { count: await countUnread(trx, actor.userId) };
}

const NOTIFICATION = { zh: '消息', en: 'Notification' };

/** Marks one of the caller's own notifications read; anyone else's answers 404. */
export async function readNotification(trx: Trx, actor: Actor, id: string, audit: AuditTarget) {
  Object.assign(audit, { objectType: 'notification', objectId: id, detail: {} });
  const notification = await markRead(trx, actor.userId, id, new Date());
  if (!notification) throw errors.notFound(NOTIFICATION);
  return notification;
}

/** Marks every unread notification of the caller read. */
export async function readAllNotifications(trx: Trx, actor: Actor, audit: AuditTarget) {
  const updated = await markAllRead(trx, actor.userId, new Date());
  Object.assign(audit, { objectType: 'inbox', objectId: actor.userId, detail: { updated } });
  return { updated };
}
