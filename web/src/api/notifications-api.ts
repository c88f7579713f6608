import { api, type Page } from './client.ts';
import type { Notification, ReadAllResult, UnreadCount } from './contract-types.ts';

export interface NotificationFilters {
  /** `true`: unread only. */
  unread?: 'true' | undefined;
}

export function listNotifications(filters: NotificationFilters, page: number, pageSize: number): Promise<Page<Notification>> {
  return api.get<Page<Notification>>('/notifications', { ...filters, page, pageSize });
}

export function fetchUnreadCount(): Promise<UnreadCount> {
  return api.get<UnreadCount>('/notifications/unread-count');
}

export function markNotificationRead(id: string): Promise<Notification> {
  return api.post<Notification>(`/notifications/${encodeURIComponent(id)}/read`);
}

export function markAllNotificationsRead(): Promise<ReadAllResult> {
  return api.post<ReadAllResult>('/notifications/read-all');
}

const inbox = new EventTarget();
const CHANGED = 'changed';

/**
 * Tells the header's bell and the 待办 badge to count again now rather than at their next poll: called
 * after an approval action or after marking notifications read.
 */
export function announceInboxChanged(): void {
  inbox.dispatchEvent(new Event(CHANGED));
}

export function onInboxChanged(listener: () => void): () => void {
  inbox.addEventListener(CHANGED, listener);
  return () => inbox.removeEventListener(CHANGED, listener);
}
