/** HTTP surface of the in-app inbox: any signed-in user, their own notifications only. */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import { NotificationListQuerySchema, NotificationSchema, ReadAllResultSchema, UnreadCountSchema } from '@yunshu/shared/notifications-api';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { listInbox, readAllNotifications, readNotification, unreadCount } from './notifications.service.ts';


export const notificationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/notifications',
    summary: '我的消息 / My notifications, newest first (unread=true for unread only)',
    tags: ['notifications'],
    access: 'authenticated',
    query: NotificationListQuerySchema,
    response: pageOf(NotificationSchema),
    handler: (ctx) => listInbox(ctx.trx, signedIn(ctx.actor), ctx.query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/notifications/unread-count',
    summary: '未读消息数 / How many of my notifications are unread',
    tags: ['notifications'],
    access: 'authenticated',
    response: UnreadCountSchema,
    handler: (ctx) => unreadCount(ctx.trx, signedIn(ctx.actor)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/:id/read',
    summary: '标记已读 / Mark one of my notifications read',
    tags: ['notifications'],
    access: 'authenticated',
    params: IdParamsSchema,
    response: NotificationSchema,
    auditAction: 'notification.read',
    handler: (ctx) => readNotification(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/notifications/read-all',
    summary: '全部标记已读 / Mark all my notifications read',
    tags: ['notifications'],
    access: 'authenticated',
    response: ReadAllResultSchema,
    auditAction: 'notification.read_all',
    handler: (ctx) => readAllNotifications(ctx.trx, signedIn(ctx.actor), ctx.audit),
  }),
];
