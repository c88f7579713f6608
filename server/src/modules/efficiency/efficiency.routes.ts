/** HTTP surface of utilisation rollups and the monitoring agent check (QP-13, QP-14, SJ-14). */
import { IdParamsSchema } from '@yunshu/shared/api';
import {
  MonitoringGapListSchema,
  MonitoringGapQuerySchema,
  ResourceUtilizationSchema,
  UtilizationRangeQuerySchema,
  UtilizationTrendQuerySchema,
  UtilizationTrendSchema,
} from '@yunshu/shared/efficiency-api';
import { defineRoute } from '../../platform/http/route.ts';
import { monitoringGapList } from './monitoring-agent.service.ts';
import { resourceUtilization, utilizationTrend } from './rollups.service.ts';

export const efficiencyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/resources/:id/utilization',
    summary: '资源利用率（日汇总）/ A server’s daily utilisation: CPU and memory avg, p95 and max, network, disk; and whether its monitoring is missing',
    tags: ['efficiency'],
    access: 'efficiency:read',
    params: IdParamsSchema,
    query: UtilizationRangeQuerySchema,
    response: ResourceUtilizationSchema,
    tenantScoped: true,
    handler: (ctx) => resourceUtilization(ctx.trx, ctx.params.id, ctx.query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/efficiency/trend',
    summary: '利用率趋势 / Daily utilisation of the district or one unit, weighted by allocation (a unit sees its own servers)',
    tags: ['efficiency'],
    access: 'efficiency:read',
    query: UtilizationTrendQuerySchema,
    response: UtilizationTrendSchema,
    handler: (ctx) => utilizationTrend(ctx.trx, ctx.query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/efficiency/monitoring-gaps',
    summary: '监控缺失 / Running servers whose monitoring agent is silent — possibly uninstalled or tampered (QP-13; a unit sees its own)',
    tags: ['efficiency'],
    access: 'efficiency:read',
    query: MonitoringGapQuerySchema,
    response: MonitoringGapListSchema,
    handler: (ctx) => monitoringGapList(ctx.trx, ctx.services, ctx.query),
  }),
];
