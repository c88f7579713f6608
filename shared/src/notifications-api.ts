/** Contract of the in-app inbox (站内消息): every signed-in user reads and marks their own notifications only. */
import { z } from 'zod';
import { BilingualSchema, PageQuerySchema } from './api.ts';

export const NotificationSchema = z.object({
  id: z.uuid(),
  kind: z.string().describe('what happened, e.g. application.step_assigned, application.step_overdue, application.step_escalated'),
  title: BilingualSchema,
  body: BilingualSchema,
  link: z.string().nullable().describe('console path to open, e.g. /applications/<id>'),
  applicationId: z.uuid().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const NotificationListQuerySchema = PageQuerySchema.extend({
  unread: queryBoolean.optional().describe('true: unread only; false: read only; omitted: all'),
});

export const UnreadCountSchema = z.object({ count: z.number().int() });

export const ReadAllResultSchema = z.object({ updated: z.number().int().describe('notifications marked read by this call') });
