/** HTTP surface of the monthly sync to the big-data platform (QP-15): history, re-send, prepare, files. */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import { MonthParamsSchema } from '@yunshu/shared/billing-api';
import {
  DataSyncDeliveryDetailSchema,
  DataSyncDeliverySchema,
  DataSyncListQuerySchema,
  DataSyncPrepareResultSchema,
} from '@yunshu/shared/datasync-api';
import { errors } from '../../platform/errors.ts';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { listDeliveries, payloadOf } from './datasync.repository.ts';
import { deliveryDetail, prepareMonth, resendDelivery } from './datasync.service.ts';
import { type SyncPayload, usageCsv } from './sync-payload.ts';

const DELIVERY = { zh: '数据同步记录', en: 'Data sync delivery' };

export const dataSyncRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/datasync/deliveries',
    summary: '数据同步记录 / Monthly deliveries to the big-data platform with status and attempts (QP-15)',
    tags: ['datasync'],
    access: 'datasync:read',
    query: DataSyncListQuerySchema,
    response: pageOf(DataSyncDeliverySchema),
    handler: (ctx) => listDeliveries(ctx.trx, { status: ctx.query.status }, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/datasync/deliveries/:id',
    summary: '数据同步详情 / One delivery with every attempt: times, HTTP status, error',
    tags: ['datasync'],
    access: 'datasync:read',
    params: IdParamsSchema,
    response: DataSyncDeliveryDetailSchema,
    handler: (ctx) => deliveryDetail(ctx.trx, ctx.services, ctx.params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/datasync/deliveries/:id/resend',
    summary: '重新推送 / Re-send a delivery under the same delivery id (the receiver keeps one record per month)',
    tags: ['datasync'],
    access: 'datasync:manage',
    params: IdParamsSchema,
    response: DataSyncDeliverySchema,
    auditAction: 'datasync.resend',
    handler: (ctx) => resendDelivery(ctx.trx, ctx.services, ctx.params.id, signedIn(ctx.actor), ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/datasync/months/:month',
    summary: '生成（刷新）月度同步数据 / Prepare an ended month’s delivery, or refresh it: a new revision only when its data changed',
    tags: ['datasync'],
    access: 'datasync:manage',
    params: MonthParamsSchema,
    response: DataSyncPrepareResultSchema,
    auditAction: 'datasync.prepare',
    handler: (ctx) => prepareMonth(ctx.trx, ctx.services, ctx.params.month, signedIn(ctx.actor), ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/datasync/deliveries/:id/payload.json',
    summary: '下载同步数据（JSON） / The delivery’s JSON body, byte for byte what is pushed',
    tags: ['datasync'],
    access: 'datasync:read',
    params: IdParamsSchema,
    raw: true,
    async handler(ctx) {
      const found = await payloadOf(ctx.trx, ctx.params.id);
      if (!found) throw errors.notFound(DELIVERY);
      const name = encodeURIComponent(`云数联动-${found.month}.json`);
      return ctx.reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="datasync-${found.month}.json"; filename*=UTF-8''${name}`)
        .send(found.payload);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/datasync/deliveries/:id/usage.csv',
    summary: '下载资源使用明细（CSV） / The delivery’s usage rows as CSV with FOCUS-style column names',
    tags: ['datasync'],
    access: 'datasync:read',
    params: IdParamsSchema,
    raw: true,
    async handler(ctx) {
      const found = await payloadOf(ctx.trx, ctx.params.id);
      if (!found) throw errors.notFound(DELIVERY);
      const name = encodeURIComponent(`云数联动-${found.month}-资源使用.csv`);
      return ctx.reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="datasync-${found.month}-usage.csv"; filename*=UTF-8''${name}`)
        .send(usageCsv(JSON.parse(found.payload) as SyncPayload));
    },
  }),
];
