import type { DataSyncDelivery, DataSyncDeliveryDetail, DataSyncPrepareResult, DataSyncStatus } from '@yunshu/shared/datasync-api';
import { api, apiUrl, type Page } from './client.ts';

const deliveryPath = (id: string) => `/datasync/deliveries/${encodeURIComponent(id)}`;

export interface DataSyncFilters {
  status?: DataSyncStatus | undefined;
}

/** The monthly deliveries to the big-data platform (QP-15), the latest month first. */
export function listDeliveries(filters: DataSyncFilters, page: number, pageSize: number): Promise<Page<DataSyncDelivery>> {
  return api.get<Page<DataSyncDelivery>>('/datasync/deliveries', { ...filters, page, pageSize });
}

export function getDelivery(id: string): Promise<DataSyncDeliveryDetail> {
  return api.get<DataSyncDeliveryDetail>(deliveryPath(id));
}

/** Queues the same bytes under the same delivery id for the next scheduler tick. */
export function resendDelivery(id: string): Promise<DataSyncDelivery> {
  return api.post<DataSyncDelivery>(`${deliveryPath(id)}/resend`);
}

/** Prepares an ended month's delivery, or refreshes it (a new revision only when its data changed). */
export function prepareMonth(month: string): Promise<DataSyncPrepareResult> {
  return api.post<DataSyncPrepareResult>(`/datasync/months/${encodeURIComponent(month)}`);
}

export const deliveryJsonUrl = (id: string) => apiUrl(`${deliveryPath(id)}/payload.json`);
export const deliveryCsvUrl = (id: string) => apiUrl(`${deliveryPath(id)}/usage.csv`);
