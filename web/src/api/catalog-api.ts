import { api, type Page } from './client.ts';
import type {
  Architecture,
  CatalogCategory,
  CatalogItem,
  CreateCatalogItemBody,
  Estimate,
  EstimateBody,
  UpdateCatalogItemBody,
} from './contract-types.ts';

export interface CatalogItemFilters {
  q?: string | undefined;
  category?: CatalogCategory | undefined;
  architecture?: Architecture | undefined;
  platformId?: string | undefined;
  enabled?: 'true' | 'false' | undefined;
}

export function listCatalogItems(filters: CatalogItemFilters, page: number, pageSize: number): Promise<Page<CatalogItem>> {
  return api.get<Page<CatalogItem>>('/catalog/items', { ...filters, page, pageSize });
}

export function createCatalogItem(body: CreateCatalogItemBody): Promise<CatalogItem> {
  return api.post<CatalogItem>('/catalog/items', body);
}

/** Edits or disables an item; its category and unit of measure are fixed once it has prices. */
export function updateCatalogItem(id: string, body: UpdateCatalogItemBody): Promise<CatalogItem> {
  return api.patch<CatalogItem>(`/catalog/items/${encodeURIComponent(id)}`, body);
}

/** Unit price × quantity × months per line, priced by the platform's price book at `at` (default now). */
export function estimateCost(body: EstimateBody): Promise<Estimate> {
  return api.post<Estimate>('/catalog/estimate', body);
}
