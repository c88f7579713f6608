import { api, type Page } from './client.ts';
import type {
  CompleteWorkOrderBody,
  FindingKind,
  InventoryFinding,
  InventorySync,
  InventorySyncResult,
  ResourceDetail,
  ResourceKind,
  ResourceStatus,
  ResourceSummary,
  WorkOrder,
  WorkOrderStatus,
} from './contract-types.ts';

export interface ResourceFilters {
  q?: string | undefined;
  unitId?: string | undefined;
  systemId?: string | undefined;
  platformId?: string | undefined;
  applicationId?: string | undefined;
  kind?: ResourceKind | undefined;
  status?: ResourceStatus | undefined;
  /** `true`: reclaimed resources too (left out by default). */
  includeDeleted?: 'true' | undefined;
}

export interface WorkOrderFilters {
  status?: WorkOrderStatus | undefined;
  platformId?: string | undefined;
}

export interface FindingFilters {
  platformId?: string | undefined;
  kind?: FindingKind | undefined;
  /** `false`: resolved findings too; unresolved only by default. */
  open?: 'false' | undefined;
}

const resourcePath = (id: string) => `/resources/${encodeURIComponent(id)}`;

/** Servers and volumes as the caller may see them: a unit its own, a provider those on its platforms (QP-19). */
export function listResources(filters: ResourceFilters, page: number, pageSize: number): Promise<Page<ResourceSummary>> {
  return api.get<Page<ResourceSummary>>('/resources', { ...filters, page, pageSize });
}

export function getResource(id: string): Promise<ResourceDetail> {
  return api.get<ResourceDetail>(resourcePath(id));
}

/** Stops or starts a server: the desired state changes now, the platform carries it out and records it. */
export function setResourcePower(id: string, power: 'stop' | 'start', reason?: string): Promise<ResourceDetail> {
  return api.post<ResourceDetail>(`${resourcePath(id)}/${power}`, reason ? { reason } : {});
}

/** Retries a failed operation as it was (the same idempotency key: nothing is created twice). */
export function retryResource(id: string): Promise<ResourceDetail> {
  return api.post<ResourceDetail>(`${resourcePath(id)}/retry`);
}

/** Work orders of platforms fulfilled by hand; a provider sees those of its own platforms. */
export function listWorkOrders(filters: WorkOrderFilters, page: number, pageSize: number): Promise<Page<WorkOrder>> {
  return api.get<Page<WorkOrder>>('/work-orders', { ...filters, page, pageSize });
}

export function completeWorkOrder(id: string, body: CompleteWorkOrderBody): Promise<{ number: string }> {
  return api.post<{ number: string }>(`/work-orders/${encodeURIComponent(id)}/complete`, body);
}

/** Unknown, missing and drifted resources found by comparing a platform's inventory with the records. */
export function listFindings(filters: FindingFilters, page: number, pageSize: number): Promise<Page<InventoryFinding>> {
  return api.get<Page<InventoryFinding>>('/inventory/findings', { ...filters, page, pageSize });
}

export function acknowledgeFinding(id: string, note: string): Promise<InventoryFinding> {
  return api.post<InventoryFinding>(`/inventory/findings/${encodeURIComponent(id)}/acknowledge`, { note });
}

export function listInventorySyncs(filters: { platformId?: string | undefined }, page: number, pageSize: number): Promise<Page<InventorySync>> {
  return api.get<Page<InventorySync>>('/inventory/syncs', { ...filters, page, pageSize });
}

/** Takes a driver platform's inventory now and records what differs (nothing is deleted). */
export function syncInventory(platformId: string): Promise<InventorySyncResult> {
  return api.post<InventorySyncResult>(`/platforms/${encodeURIComponent(platformId)}/inventory-sync`);
}
