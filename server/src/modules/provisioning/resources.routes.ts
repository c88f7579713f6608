/** HTTP surface of provisioned resources, work orders and inventory findings. */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import {
  AcknowledgeFindingBodySchema,
  CompleteWorkOrderBodySchema,
  InventoryFindingQuerySchema,
  InventoryFindingSchema,
  InventorySyncResultSchema,
  InventorySyncSchema,
  ResourceActionBodySchema,
  ResourceDetailSchema,
  ResourceEventQuerySchema,
  ResourceEventSchema,
  ResourceListQuerySchema,
  ResourceSummarySchema,
  WorkOrderListQuerySchema,
  WorkOrderSchema,
} from '@yunshu/shared/resources-api';
import { z } from 'zod';
import { PageQuerySchema } from '@yunshu/shared/api';
import { AppError } from '../../platform/errors.ts';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { requirePlatform } from '../platforms/index.ts';
import { acknowledgeFinding, inventoryError, listFindings, listSyncs, readInventory, recordInventory } from './inventory.service.ts';
import { driverOf } from './platform-drivers.ts';
import { listResourceEvents, listResources, listWorkOrders } from './resources.repository.ts';
import { resourceDetail, retryResource, setPowerState } from './resources.service.ts';
import { completeWorkOrder } from './work-orders.service.ts';


export const provisioningRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/resources',
    summary: '云资源列表 / Provisioned servers and volumes (a unit sees its own, a provider those on its platforms)',
    tags: ['resources'],
    access: 'resource:read',
    query: ResourceListQuerySchema,
    response: pageOf(ResourceSummarySchema),
    handler: (ctx) => listResources(ctx.trx, { ...ctx.query, includeDeleted: ctx.query.includeDeleted === 'true' }, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/resources/:id',
    summary: '云资源详情 / A resource with its volumes, lifecycle history, driver calls and work orders',
    tags: ['resources'],
    access: 'resource:read',
    params: IdParamsSchema,
    response: ResourceDetailSchema,
    tenantScoped: true,
    handler: (ctx) => resourceDetail(ctx.trx, ctx.services.policy, signedIn(ctx.actor), ctx.params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/resources/:id/stop',
    summary: '停机 / Stop a server (the platform carries it out and records it)',
    tags: ['resources'],
    access: 'resource:operate',
    params: IdParamsSchema,
    body: ResourceActionBodySchema,
    response: ResourceDetailSchema,
    tenantScoped: true,
    auditAction: 'resource.stop',
    handler: (ctx) => setPowerState(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, 'stopped', ctx.body.reason, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/resources/:id/start',
    summary: '开机 / Start a server (refused for a temporary resource past its term, QP-12)',
    tags: ['resources'],
    access: 'resource:operate',
    params: IdParamsSchema,
    body: ResourceActionBodySchema,
    response: ResourceDetailSchema,
    tenantScoped: true,
    auditAction: 'resource.start',
    handler: (ctx) => setPowerState(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, 'running', ctx.body.reason, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/resources/:id/retry',
    summary: '重试失败的操作 / Retry a failed operation as it was (same idempotency key: no duplicate)',
    tags: ['resources'],
    access: 'resource:manage',
    params: IdParamsSchema,
    response: ResourceDetailSchema,
    auditAction: 'resource.retry',
    handler: (ctx) => retryResource(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/resource-events',
    summary: '资源操作记录 / Operations on the caller’s resources: lifecycle events and every driver call with its result',
    tags: ['resources'],
    access: 'resource:read',
    query: ResourceEventQuerySchema,
    response: pageOf(ResourceEventSchema),
    handler: (ctx) => listResourceEvents(ctx.trx, { resourceId: ctx.query.resourceId, driverCallsOnly: ctx.query.driverCallsOnly === 'true' }, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/work-orders',
    summary: '工单 / Work orders of platforms fulfilled by hand (a provider sees those of its platforms)',
    tags: ['resources'],
    access: 'resource:read',
    query: WorkOrderListQuerySchema,
    response: pageOf(WorkOrderSchema),
    handler: (ctx) => listWorkOrders(ctx.trx, ctx.query, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/work-orders/:id/complete',
    summary: '办结工单 / Record a work order as fulfilled, with the resource’s identifier and shape',
    tags: ['resources'],
    access: 'work_order:fulfil',
    params: IdParamsSchema,
    body: CompleteWorkOrderBodySchema,
    response: z.object({ number: z.string() }),
    auditAction: 'work_order.complete',
    handler: async (ctx) => ({ number: await completeWorkOrder(ctx.trx, ctx.services, signedIn(ctx.actor), ctx.params.id, ctx.body, ctx.audit) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/inventory/findings',
    summary: '资源清点差异 / Inventory findings: unknown (created outside Yunshu), missing and drifted resources',
    tags: ['resources'],
    access: 'inventory:read',
    query: InventoryFindingQuerySchema,
    response: pageOf(InventoryFindingSchema),
    handler: (ctx) => listFindings(ctx.trx, { platformId: ctx.query.platformId, kind: ctx.query.kind, open: ctx.query.open !== 'false' }, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/inventory/findings/:id/acknowledge',
    summary: '确认清点差异 / Acknowledge a finding with a note (nothing is deleted automatically)',
    tags: ['resources'],
    access: 'inventory:manage',
    params: IdParamsSchema,
    body: AcknowledgeFindingBodySchema,
    response: InventoryFindingSchema,
    auditAction: 'inventory.finding.acknowledge',
    handler: (ctx) => acknowledgeFinding(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.body.note, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/inventory/syncs',
    summary: '资源清点记录 / Inventory sync runs per platform',
    tags: ['resources'],
    access: 'inventory:read',
    query: PageQuerySchema.extend({ platformId: z.uuid().optional() }),
    response: pageOf(InventorySyncSchema),
    handler: (ctx) => listSyncs(ctx.trx, ctx.query, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/platforms/:id/inventory-sync',
    summary: '立即清点 / Compare a driver platform’s real inventory with the records now',
    tags: ['resources'],
    access: 'inventory:manage',
    params: IdParamsSchema,
    response: InventorySyncResultSchema,
    auditAction: 'inventory.sync',
    handler: async (ctx) => {
      const started = new Date();
      Object.assign(ctx.audit, { objectType: 'platform', objectId: ctx.params.id });
      const platform = await requirePlatform(ctx.trx, ctx.params.id);
      if (platform.provisioningMode !== 'driver') {
        throw new AppError({ status: 409, code: 'work_order_platform', zh: '工单模式的云平台没有可清点的接口', en: 'A work-order platform has no API to take an inventory from' });
      }
      let inventory: Awaited<ReturnType<typeof readInventory>> | { error: string };
      try {
        inventory = await readInventory(await driverOf(ctx.trx, ctx.services, ctx.params.id));
      } catch (error) {
        inventory = { error: inventoryError(error) };
      }
      const outcome = await recordInventory(ctx.trx, ctx.services, ctx.params.id, inventory, started, signedIn(ctx.actor));
      ctx.audit.detail = { ...outcome };
      return outcome;
    },
  }),
];
