/** HTTP surface of the service catalog and the cost calculator. */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import {
  CatalogItemListQuerySchema,
  CatalogItemSchema,
  CreateCatalogItemBodySchema,
  EstimateBodySchema,
  EstimateSchema,
  SERVICE_MODEL_OF,
  UpdateCatalogItemBodySchema,
} from '@yunshu/shared/catalog-api';
import { defineRoute } from '../../platform/http/route.ts';
import { listItems } from './catalog.repository.ts';
import { createItem, deleteItem, requireItem, updateItem } from './catalog-items.service.ts';
import { estimateCost } from './estimate.service.ts';

export const catalogRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/catalog/items',
    summary: '服务目录 / Catalog items (search by code or name; filter by category, model, architecture, platform)',
    tags: ['catalog'],
    access: 'catalog:read',
    query: CatalogItemListQuerySchema,
    response: pageOf(CatalogItemSchema),
    handler: (ctx) => {
      const { serviceModel, ...filter } = ctx.query;
      const categories = serviceModel
        ? (Object.entries(SERVICE_MODEL_OF) as [string, string][]).filter(([, model]) => model === serviceModel).map(([category]) => category)
        : undefined;
      return listItems(ctx.trx, { ...filter, categories }, ctx.query.page, ctx.query.pageSize);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/catalog/items',
    summary: '新增服务项目 / Add a catalog item (SJ-2, SJ-7)',
    tags: ['catalog'],
    access: 'catalog:manage',
    body: CreateCatalogItemBodySchema,
    response: CatalogItemSchema,
    status: 201,
    auditAction: 'catalog.item.create',
    handler: (ctx) => createItem(ctx.trx, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/catalog/items/:id',
    summary: '服务项目详情 / A catalog item',
    tags: ['catalog'],
    access: 'catalog:read',
    params: IdParamsSchema,
    response: CatalogItemSchema,
    handler: (ctx) => requireItem(ctx.trx, ctx.params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/catalog/items/:id',
    summary: '修改服务项目 / Edit a catalog item (category and unit are fixed once it has prices)',
    tags: ['catalog'],
    access: 'catalog:manage',
    params: IdParamsSchema,
    body: UpdateCatalogItemBodySchema,
    response: CatalogItemSchema,
    auditAction: 'catalog.item.update',
    handler: (ctx) => updateItem(ctx.trx, ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/catalog/items/:id',
    summary: '删除服务项目 / Delete an unused catalog item (one with prices or quotas is disabled instead)',
    tags: ['catalog'],
    access: 'catalog:manage',
    params: IdParamsSchema,
    status: 204,
    auditAction: 'catalog.item.delete',
    handler: (ctx) => deleteItem(ctx.trx, ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/catalog/estimate',
    summary: '费用测算 / Estimate a cost: unit price × quantity × months per line, rounded to the fen; the price versions used are named',
    tags: ['catalog'],
    access: 'catalog:read',
    body: EstimateBodySchema,
    response: EstimateSchema,
    auditAction: 'catalog.estimate',
    async handler(ctx) {
      Object.assign(ctx.audit, { objectType: 'platform', objectId: ctx.body.platformId, detail: { lines: ctx.body.lines.length, at: ctx.body.at ?? null } });
      const estimate = await estimateCost(ctx.trx, ctx.body);
      ctx.audit.detail = { lines: estimate.lines.length, at: estimate.at, priceBookId: estimate.priceBook.id, total: estimate.total };
      return estimate;
    },
  }),
];
