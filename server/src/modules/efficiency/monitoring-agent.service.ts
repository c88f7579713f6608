/**
 * The monitoring agent (QP-13): units run it on their servers and may not tamper with, block or
 * uninstall it. A server the platform believes running whose agent series (`up` of the node job,
 * labelled with the server's resource id) are absent or older than `efficiency.monitoringStaleMinutes`
 * is flagged "监控缺失——可能被卸载或篡改 / monitoring missing — possibly uninstalled or tampered", with
 * since-when; the flag clears when the series return. The operator is told once per flag.
 */
import { ROLE_DEFINITIONS } from '@yunshu/shared/roles';
import { rolesWith } from '@yunshu/shared/permissions';
import type { MonitoringGap, MonitoringGapList } from '@yunshu/shared/efficiency-api';
import { systemAuditEntry } from '../../platform/audit/audit-log.ts';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { citeArticle } from '../../platform/policy/policy-profile.ts';
import { notify } from '../notifications/index.ts';
import { claimGapNotice, clearGaps, listGaps, openGap, openGaps, recordGapRecipients, runningServers } from './efficiency.repository.ts';
import { PrometheusClient } from './prometheus-client.ts';
import { agentLastSeenQuery, RESOURCE_LABEL } from './utilization-queries.ts';

export const MONITORING_MISSING = { zh: '监控缺失——可能被卸载或篡改', en: 'monitoring missing — possibly uninstalled or tampered' } as const;

const MINUTE_MS = 60_000;
const DAY_SECONDS = 86_400;

export interface AgentCheck {
  configured: boolean;
  running: number;
  opened: number;
  cleared: number;
  notified: number;
}

/** The client built from configuration, or null when no Prometheus is configured (the embedded default has no agent). */
export function prometheusClientFor(services: Services): PrometheusClient | null {
  const { prometheusUrl, timeoutSeconds } = services.config.monitoring;
  return prometheusUrl ? new PrometheusClient({ baseUrl: prometheusUrl, timeoutSeconds }) : null;
}

/**
 * Compares the running servers with their agents' last `up == 1` sample (one fleet-wide query), opens a
 * gap for each server silent beyond the threshold — since its last sample, or since the window's start
 * or its provisioning when none is in the window — closes the gaps of servers heard from again or no
 * longer running, and tells the operator of each new gap once.
 */
export async function checkMonitoringAgents(services: Services, now: Date = new Date(), client: PrometheusClient | null = prometheusClientFor(services)): Promise<AgentCheck> {
  const parameters = services.policy.parameters;
  if (!client || !parameters['efficiency.monitoringAgentRequired'].value) return { configured: false, running: 0, opened: 0, cleared: 0, notified: 0 };
  const staleMs = parameters['efficiency.monitoringStaleMinutes'].value * MINUTE_MS;
  const lookbackSeconds = Math.max(DAY_SECONDS, Math.ceil((2 * staleMs) / 1000));
  const samples = await client.instant(agentLastSeenQuery(services.config.monitoring.nodeJob, lookbackSeconds), now);
  const lastSeen = new Map(samples.map((s) => [s.labels[RESOURCE_LABEL] ?? '', new Date(s.value * 1000)]));

  const result: AgentCheck = { configured: true, running: 0, opened: 0, cleared: 0, notified: 0 };
  const pending = await services.db.tx(SYSTEM_SCOPE, async (trx) => {
    const servers = await runningServers(trx);
    const open = new Map((await openGaps(trx)).map((g) => [g.resource_id, g]));
    result.running = servers.length;
    const stillMissing = new Set<string>();
    for (const server of servers) {
      const seen = lastSeen.get(server.id);
      const provisionedAt = server.provisioned_at!;
      // A server just provisioned gets the threshold to bring its agent up.
      if (now.getTime() - provisionedAt.getTime() <= staleMs) continue;
      if (seen && now.getTime() - seen.getTime() <= staleMs) continue;
      stillMissing.add(server.id);
      if (open.has(server.id)) continue;
      const windowStart = new Date(now.getTime() - lookbackSeconds * 1000);
      const since = seen ?? (provisionedAt > windowStart ? provisionedAt : windowStart);
      const opened = await openGap(trx, { resourceId: server.id, unitId: server.unit_id, providerUnitId: server.provider_unit_id, since, seenBefore: seen !== undefined, at: now });
      if (opened) result.opened++;
    }
    result.cleared = await clearGaps(trx, [...open.values()].filter((g) => !stillMissing.has(g.resource_id)).map((g) => g.id), now);
    return (await openGaps(trx)).filter((g) => g.notified_at === null).map((g) => g.id);
  });
  for (const id of pending) {
    if (await services.db.tx(SYSTEM_SCOPE, (trx) => notifyGap(trx, services, id, now))) result.notified++;
  }
  return result;
}

/** The operator's resource administrators: they run the servers (SJ-9) and follow the unit up. */
function operatorRecipients() {
  return { roles: rolesWith('resource:manage').filter((role) => ROLE_DEFINITIONS[role].unitTypes.includes('operator')) };
}

async function notifyGap(trx: Trx, services: Services, id: string, now: Date): Promise<boolean> {
  const gap = await claimGapNotice(trx, id, now);
  if (!gap) return false;
  const [row] = await listGaps(trx, { state: 'open', resourceId: gap.resource_id });
  const name = row?.resource_name ?? gap.resource_id;
  const unit = row?.unit_name ?? '';
  const article = services.policy.parameters['efficiency.monitoringStaleMinutes'].article;
  const cite = article ? citeArticle(services.policy, article) : null;
  const since = gap.since.toISOString();
  const recipients = await notify(trx, operatorRecipients(), {
    kind: 'monitoring.missing',
    title: { zh: `${MONITORING_MISSING.zh}：${name}`, en: `${MONITORING_MISSING.en}: ${name}` },
    body: {
      zh: `${unit}的运行中云服务器 ${name} 自 ${since} 起${gap.seen_before ? '' : '（在观察窗口内从未）'}没有监控数据，监控软件可能被卸载、屏蔽或篡改${cite ? `（${cite.zh}）` : ''}，请核实并督促使用单位整改。`,
      en: `The running server ${name} of ${unit} has sent no monitoring data since ${since}${gap.seen_before ? '' : ' (none at all in the window looked at)'}; its agent may have been uninstalled, blocked or tampered with${cite ? ` (${cite.en})` : ''}. Check it and have the unit put it right.`,
    },
    link: `/resources/${gap.resource_id}`,
    dedupeKey: `monitoring-missing:${gap.id}`,
  });
  await recordGapRecipients(trx, gap.id, recipients);
  // Audit record last: an append holds the chain lock until the transaction commits.
  await services.auditLog.append(trx, systemAuditEntry({
    unitId: gap.unit_id,
    unitName: unit || null,
    action: 'monitoring.missing',
    objectType: 'resource',
    objectId: gap.resource_id,
    detail: { since, seenBefore: gap.seen_before, recipients },
  }));
  return true;
}

type GapRow = Awaited<ReturnType<typeof listGaps>>[number];

function presentGap(row: GapRow): MonitoringGap {
  return {
    id: row.id,
    resource: { id: row.resource_id, name: row.resource_name, status: row.resource_status },
    unit: { id: row.unit_id, name: row.unit_name },
    since: row.since.toISOString(),
    seenBefore: row.seen_before,
    detectedAt: row.detected_at.toISOString(),
    clearedAt: row.cleared_at?.toISOString() ?? null,
    notifiedAt: row.notified_at?.toISOString() ?? null,
  };
}

/** The open gap of one server, under the caller's scope. */
export async function gapOfResource(trx: Trx, resourceId: string): Promise<MonitoringGap | null> {
  const [row] = await listGaps(trx, { state: 'open', resourceId });
  return row ? presentGap(row) : null;
}

/** `GET /api/efficiency/monitoring-gaps`: the servers whose monitoring is missing (a unit: its own). */
export async function monitoringGapList(trx: Trx, services: Services, query: { state: 'open' | 'all' }): Promise<MonitoringGapList> {
  const parameter = services.policy.parameters['efficiency.monitoringStaleMinutes'];
  const rows = await listGaps(trx, { state: query.state });
  return { staleMinutes: parameter.value, article: parameter.article, configured: Boolean(services.config.monitoring.prometheusUrl), items: rows.map(presentGap) };
}
