/**
 * What other modules use of notifications: put a message into people's in-app inboxes (and queue its
 * e-mail and webhook deliveries) inside the caller's transaction, so it exists exactly when the change does.
 */
export { configureDeliveryChannels, deliverDue } from './deliveries.service.ts';
export { deliveriesJob } from './jobs/deliveries.job.ts';
export { notificationRoutes } from './notifications.routes.ts';
export { notify, type NotificationInput, type Recipients } from './notifications.service.ts';
