/**
 * The daily run of the efficiency rules (QP-13, QP-14, SJ-14): each server judged on its rollups,
 * monitoring gaps and expired temporary resources; findings kept by (resource, rule) while open — a
 * repeated run refreshes their figures, a condition that no longer holds clears them — and each new
 * finding opens a rectification case.
 *
 * Each finding carries what acting on it would save a month (`monthlySaving`, at the prices in force at
 * the run): a zombie or long-term low server its whole monthly cost — every billed quantity × its
 * monthly unit price on the platform's price book, rounded to the fen once — since stopping or
 * reclaiming it is the remedy; an over-provisioned one the vCPUs right-sizing frees; missing monitoring
 * and expired temporary resources nothing. A unit's idle spend is the sum over its open findings
 * (`idleSpendByUnit`). The whole cost is a server's running cost (its vCPU and memory): reclaiming
 * saves it everywhere, stopping where the profile does not bill stopped servers
 * (`settlement.stoppedServersBilled`).
 */
import type { RuleRun } from '@yunshu/shared/efficiency-cases-api';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { bookForPlatform, priceAt } from '../catalog/index.ts';
import { shanghaiDate, shiftDate } from '../calendar/working-days.ts';
import {
  caseOfFinding,
  clearFinding,
  dailyFigures,
  expiredTemporaries,
  type FindingValues,
  insertCase,
  insertCaseEvent,
  insertFinding,
  judgedServers,
  openFindings,
  openMonitoringGaps,
  refreshFinding,
  updateCase,
} from './cases.repository.ts';
import {
  type BilledQuantity,
  CYCLE_DAYS,
  judgeLowUtilization,
  judgeOverProvisioned,
  judgeZombie,
  thresholdsOf,
  wholeMonthlyCost,
} from './efficiency-rules.ts';

/** Runs the rules in a transaction of the system's own (the daily job). */
export function runEfficiencyRules(services: Services, now: Date = new Date()): Promise<RuleRun> {
  return services.db.tx(SYSTEM_SCOPE, (trx) => applyEfficiencyRules(trx, services, now));
}

/**
 * Judges every resource now and reconciles the open findings with what holds. Side effects: findings
 * opened, refreshed or cleared; a case opened per new finding; a case still at `open` dismissed when
 * its finding clears (nothing was said to the unit yet).
 */
export async function applyEfficiencyRules(trx: Trx, services: Services, now: Date): Promise<RuleRun> {
  const t = thresholdsOf(services.policy);
  const today = shanghaiDate(now);
  const holding = new Map<string, FindingValues>();
  const hold = (values: FindingValues) => holding.set(`${values.resourceId}|${values.rule}`, values);

  const servers = await judgedServers(trx);
  const longest = Math.max(CYCLE_DAYS, t.lowDays, t.zombieDays);
  const figures = await dailyFigures(trx, servers.map((s) => s.id), shiftDate(today, -longest), shiftDate(today, -1));
  // Monthly unit prices in force now, per (platform, catalog item): a few dozen lookups for the estate.
  const prices = new Map<string, string | null>();
  const priceOf = async (server: PricedServer, itemId: string): Promise<string | null> => {
    const key = `${server.platform_id}|${itemId}`;
    if (!prices.has(key)) prices.set(key, await monthlyPrice(trx, server, itemId, now));
    return prices.get(key) ?? null;
  };
  for (const server of servers) {
    const days = figures.get(server.id) ?? [];
    const base = { resourceId: server.id, unitId: server.unit_id, systemId: server.system_id };
    const cyclical = server.cyclical === true;
    const zombie = judgeZombie(days, today, t, cyclical);
    const low = zombie ? null : judgeLowUtilization(days, today, t, cyclical);
    // A zombie is low too; one finding says it, the stronger one. Stopping or reclaiming it saves its whole cost.
    const idle = zombie ? { rule: 'zombie' as const, evidence: zombie } : low ? { rule: 'low_utilization' as const, evidence: low } : null;
    if (idle) {
      const billed = await billedQuantities(server, priceOf);
      hold({ ...base, rule: idle.rule, evidence: { ...idle.evidence, billed }, monthlySaving: wholeMonthlyCost(billed) });
      continue;
    }
    const vcpus = Number(server.desired_spec.vcpus ?? 0);
    const itemId = server.billing_items.vcpus ?? null;
    const over = judgeOverProvisioned(days, today, t, cyclical, vcpus, itemId ? await priceOf(server, itemId) : null);
    if (over) hold({ ...base, rule: 'over_provisioned', evidence: over.evidence, monthlySaving: over.monthlySaving });
  }

  for (const gap of await openMonitoringGaps(trx)) {
    hold({
      resourceId: gap.resource_id,
      unitId: gap.unit_id,
      systemId: gap.system_id,
      rule: 'monitoring_missing',
      evidence: { since: gap.since.toISOString(), seenBefore: gap.seen_before, detectedAt: gap.detected_at.toISOString() },
      monthlySaving: null,
    });
  }
  for (const r of await expiredTemporaries(trx, now)) {
    hold({
      resourceId: r.id,
      unitId: r.unit_id,
      systemId: r.system_id,
      rule: 'temporary_expired',
      evidence: { leaseExpiresAt: r.lease_expires_at!.toISOString(), desiredState: r.desired_state, status: r.status },
      monthlySaving: null,
    });
  }

  const run: RuleRun = { judged: servers.length, opened: 0, refreshed: 0, cleared: 0, casesOpened: 0 };
  const open = await openFindings(trx);
  const openByKey = new Map(open.map((f) => [`${f.resource_id}|${f.rule}`, f.id]));
  for (const [key, values] of holding) {
    const existing = openByKey.get(key);
    if (existing) {
      await refreshFinding(trx, existing, values, now);
      run.refreshed++;
      continue;
    }
    const id = await insertFinding(trx, values, now);
    if (!id) continue; // another run opened it meanwhile
    run.opened++;
    const caseId = await insertCase(trx, { id, resourceId: values.resourceId, unitId: values.unitId, rule: values.rule }, now);
    await insertCaseEvent(trx, { caseId, unitId: values.unitId, actor: null, action: 'case.opened', from: null, to: 'open', detail: { rule: values.rule } });
    run.casesOpened++;
  }
  for (const finding of open) {
    if (holding.has(`${finding.resource_id}|${finding.rule}`)) continue;
    if (!(await clearFinding(trx, finding.id, now))) continue;
    run.cleared++;
    const related = await caseOfFinding(trx, finding.id);
    if (!related) continue;
    const dismiss = related.stage === 'open';
    if (dismiss) await updateCase(trx, related.id, { stage: 'dismissed', closed_at: now }, now);
    await insertCaseEvent(trx, { caseId: related.id, unitId: related.unit_id, actor: null, action: 'finding.cleared', from: related.stage, to: dismiss ? 'dismissed' : related.stage });
  }
  return run;
}

interface PricedServer {
  platform_id: string;
  level: string;
  provider_unit_id: string;
  desired_spec: Record<string, number>;
  billing_items: Record<string, string>;
}

/**
 * What the server is billed for, as metering meters it: each quantity of its spec sold as a catalog item
 * (`billing_items`: vcpus, memoryGiB → item), with the item's monthly unit price in force now.
 */
async function billedQuantities(server: PricedServer, priceOf: (server: PricedServer, itemId: string) => Promise<string | null>): Promise<BilledQuantity[]> {
  const billed: BilledQuantity[] = [];
  for (const [quantity, itemId] of Object.entries(server.billing_items)) {
    const amount = Number(server.desired_spec[quantity] ?? 0);
    if (amount > 0) billed.push({ quantity, amount, monthlyUnitPrice: await priceOf(server, itemId) });
  }
  return billed;
}

/** A catalog item's monthly unit price in force now on the server's platform's price book (district or city tender). */
async function monthlyPrice(trx: Trx, server: { level: string; provider_unit_id: string }, itemId: string, now: Date): Promise<string | null> {
  const book = await bookForPlatform(trx, { level: server.level, provider: { id: server.provider_unit_id } });
  if (!book) return null;
  const version = await priceAt(trx, book.id, itemId, now);
  return version && !version.withdrawn ? version.unitPrice : null;
}
