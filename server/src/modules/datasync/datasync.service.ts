/**
 * The monthly sync to the district big-data platform (QP-15 云数联动、上云必入数). A month's delivery is
 * prepared once — its exact bytes and their SM3 digest kept — by the job on the first working day of
 * the next month or by the operator on demand, then pushed as signed JSON to the configured endpoint:
 * claim in one short transaction, send, record the outcome in another, retrying with exponential
 * back-off. Every attempt and re-send carries the month's one delivery id, so the receiver keeps one
 * record per month. Without an endpoint the delivery is recorded as file-only (downloads).
 */
import { randomUUID } from 'node:crypto';
import type { DataSyncDeliveryDetail, DataSyncPrepareResult } from '@yunshu/shared/datasync-api';
import { rolesWith } from '@yunshu/shared/permissions';
import { systemAuditEntry } from '../../platform/audit/audit-log.ts';
import type { Actor } from '../../platform/auth/sessions.ts';
import { sm3Hex } from '../../platform/crypto/sm.ts';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import type { PolicyParameterKey, PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { citeRule, policyViolation } from '../../platform/policy/policy-rule.ts';
import { monthBounds, monthUsage } from '../billing/index.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { shanghaiDate, startOfShanghaiDay } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { cloudProjectsAsOf } from '../systems/index.ts';
import {
  attemptsOf,
  type ClaimedSync,
  claimDueSyncs,
  claimFailureNotice,
  findDelivery,
  hasAttemptInFlight,
  recordSyncOutcome,
  unannouncedFailures,
} from './datasync.repository.ts';
import { buildSyncPayload, serializePayload } from './sync-payload.ts';
import { DATASYNC_HEADERS, dueSyncMonth, MAX_SYNC_ATTEMPTS, syncRetryDelayMs, syncSignature } from './sync-rules.ts';

const DELIVERY = { zh: '数据同步记录', en: 'Data sync delivery' };
/** Long enough for any attempt to finish or time out; a crashed worker's claims return after it. */
const LEASE_MS = 10 * 60_000;
const BATCH = 5;
/** The parameter whose article names the sync in this district (QP-15 in Qingpu; none in Songjiang). */
const SYNC_RULE = 'dataSync.period' satisfies PolicyParameterKey;

function endpointConfigured(services: Services): boolean {
  return Boolean(services.config.dataSync.url && services.config.dataSync.keyHex);
}

/** The profile's `dataSync.period`: 'none' means the district does not sync. */
function assertSyncEnabled(services: Services): void {
  const period = services.policy.parameters[SYNC_RULE].value;
  if (period === 'none') {
    throw policyViolation(services.policy, SYNC_RULE, {
      status: 409,
      code: 'datasync_disabled',
      zh: '本区策略未要求向大数据资源平台同步（同步周期：不同步）',
      en: 'The district profile does not sync to the big-data platform (sync period: none)',
    });
  }
}

/** A 'YYYY-MM' month that has ended (Asia/Shanghai): only a whole month is delivered. */
function requireEndedMonth(profile: PolicyProfile, month: string, now: Date): { start: Date; end: Date } {
  let bounds: { start: Date; end: Date };
  try {
    bounds = monthBounds(month);
  } catch {
    throw policyViolation(profile, SYNC_RULE, {
      code: 'validation_failed',
      path: 'month',
      zh: `“${month}”不是有效月份（格式 YYYY-MM，按月同步）`,
      en: `“${month}” is not a month (YYYY-MM; the sync is by month)`,
    });
  }
  if (bounds.end > now) {
    throw policyViolation(profile, SYNC_RULE, {
      code: 'validation_failed',
      path: 'month',
      zh: `${month} 尚未结束，按月同步只交付已结束的月份`,
      en: `${month} has not ended; the monthly sync delivers whole months only`,
    });
  }
  return bounds;
}

async function buildBody(trx: Trx, services: Services, month: string, deliveryId: string, revision: number, bounds: { start: Date; end: Date }) {
  const [usage, projects] = await Promise.all([
    monthUsage(trx, services.policy, month),
    // Approvals dated up to the month's last day; the next month's first day is `end` in Shanghai.
    cloudProjectsAsOf(trx, bounds.end, shanghaiDate(bounds.end)),
  ]);
  const article = services.policy.parameters[SYNC_RULE].article;
  const payload = buildSyncPayload({ deliveryId, month, revision, district: services.policy.id, article, bounds, usageSource: usage.source, projects, usage: usage.lines });
  const body = serializePayload(payload);
  return { payload, body, digest: sm3Hex(body) };
}

/**
 * Prepares a month's delivery, or refreshes it: a new revision — queued again when an endpoint is
 * configured — only when the month's data has changed; otherwise the delivery is left as it is.
 * `actor` null is the scheduled job. Refused while the profile says 'none' and for a month not over.
 */
export async function prepareMonth(trx: Trx, services: Services, month: string, actor: Actor | null, audit: AuditTarget, now: Date = new Date()): Promise<DataSyncPrepareResult> {
  assertSyncEnabled(services);
  const bounds = requireEndedMonth(services.policy, month, now);
  Object.assign(audit, { objectType: 'data_sync_delivery', objectId: month });
  const by = actor ? actor.displayName : '系统 / system';
  // One preparation of a month at a time across instances; the second waits and then compares.
  const existing = await trx.selectFrom('data_sync_deliveries').select(['id', 'revision', 'payload_sm3', 'status']).where('month', '=', month).forUpdate().executeTakeFirst();
  const queued = endpointConfigured(services);
  if (!existing) {
    const id = randomUUID();
    const built = await buildBody(trx, services, month, id, 1, bounds);
    const inserted = await trx
      .insertInto('data_sync_deliveries')
      .values({
        id,
        month,
        status: queued ? 'pending' : 'file_only',
        usage_source: built.payload.usageSource,
        payload: built.body,
        payload_sm3: built.digest,
        projects: built.payload.summary.projects,
        usage_lines: built.payload.summary.usageLines,
        billed_cost: built.payload.summary.billedCost,
        next_attempt_at: queued ? now : null,
        created_at: now,
        created_by: actor?.userId ?? null,
        created_by_name: by,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('month').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      audit.detail = { month, deliveryId: id, created: true, sm3: built.digest, billedCost: built.payload.summary.billedCost, status: queued ? 'pending' : 'file_only' };
      return { delivery: (await findDelivery(trx, { id }))!, created: true, changed: true };
    }
    // Another instance inserted the month between our look and our insert: theirs stands.
    return { delivery: (await findDelivery(trx, { month }))!, created: false, changed: false };
  }
  const same = await buildBody(trx, services, month, existing.id, existing.revision, bounds);
  if (same.digest === existing.payload_sm3.trim()) {
    await trx.updateTable('data_sync_deliveries').set({ refreshed_at: now, updated_at: now }).where('month', '=', month).execute();
    audit.detail = { month, deliveryId: existing.id, created: false, changed: false, revision: existing.revision };
    return { delivery: (await findDelivery(trx, { month }))!, created: false, changed: false };
  }
  const revision = existing.revision + 1;
  const next = await buildBody(trx, services, month, existing.id, revision, bounds);
  await trx
    .updateTable('data_sync_deliveries')
    .set({
      revision,
      status: queued ? 'pending' : 'file_only',
      usage_source: next.payload.usageSource,
      payload: next.body,
      payload_sm3: next.digest,
      projects: next.payload.summary.projects,
      usage_lines: next.payload.summary.usageLines,
      billed_cost: next.payload.summary.billedCost,
      attempts: 0,
      next_attempt_at: queued ? now : null,
      last_error: null,
      last_http_status: null,
      delivered_at: null,
      failure_notified_at: null,
      refreshed_at: now,
      updated_at: now,
    })
    .where('month', '=', month)
    .execute();
  audit.detail = { month, deliveryId: existing.id, created: false, changed: true, revision, previousSm3: existing.payload_sm3.trim(), sm3: next.digest };
  return { delivery: (await findDelivery(trx, { month }))!, created: false, changed: true };
}

/**
 * The operator re-sends a delivery: the same bytes under the same delivery id, queued at once for the
 * next scheduler tick; the receiver keeps its one record of the month. Refused without an endpoint
 * and while an attempt is in flight. A re-send is no new delivery row: it is new attempts (cause
 * `resend`) on the month's one row, whose failure mark it clears — so a re-send that succeeds has
 * nothing to announce, and one that exhausts its retries again is a new failure, announced once more.
 */
export async function resendDelivery(trx: Trx, services: Services, id: string, actor: Actor, audit: AuditTarget, now: Date = new Date()) {
  const row = await trx.selectFrom('data_sync_deliveries').select(['id', 'month', 'status', 'revision']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw errors.notFound(DELIVERY);
  Object.assign(audit, { objectType: 'data_sync_delivery', objectId: row.month, detail: { month: row.month, deliveryId: row.id, revision: row.revision, previousStatus: row.status } });
  if (!endpointConfigured(services)) {
    throw policyViolation(services.policy, SYNC_RULE, {
      status: 409,
      code: 'datasync_endpoint_missing',
      zh: '未配置大数据资源平台接收地址（YUNSHU_DATASYNC_URL、YUNSHU_DATASYNC_KEY），只能下载文件',
      en: 'No big-data platform endpoint is configured (YUNSHU_DATASYNC_URL, YUNSHU_DATASYNC_KEY); download the files instead',
    });
  }
  if (await hasAttemptInFlight(trx, row.id, new Date(now.getTime() - LEASE_MS))) {
    throw policyViolation(services.policy, SYNC_RULE, { status: 409, code: 'datasync_in_flight', zh: '本月数据正在推送中，请稍后再试', en: 'This month is being pushed right now; try again shortly' });
  }
  await trx
    .updateTable('data_sync_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, delivered_at: null, failure_notified_at: null, resent_at: now, resent_by: actor.userId, resent_by_name: actor.displayName, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  return (await findDelivery(trx, { id: row.id }))!;
}

export async function deliveryDetail(trx: Trx, services: Services, id: string): Promise<DataSyncDeliveryDetail> {
  const delivery = await findDelivery(trx, { id });
  if (!delivery) throw errors.notFound(DELIVERY);
  return { ...delivery, attemptLog: await attemptsOf(trx, id), endpointConfigured: endpointConfigured(services) };
}

/**
 * The job's half of QP-15: on (or after) the first working day of a month, the previous month's
 * delivery is prepared if it does not exist yet; never before that day. Idempotent by month.
 */
export async function prepareDueMonth(services: Services, now: Date): Promise<{ month: string; firstWorkingDay: string; created: boolean } | { skipped: string }> {
  const period = services.policy.parameters['dataSync.period'].value;
  if (period !== 'monthly') return { skipped: `dataSync.period=${period}` };
  return services.db.tx(SYSTEM_SCOPE, async (trx) => {
    const today = shanghaiDate(now);
    const calendar = await loadCalendar(trx, startOfShanghaiDay(`${today.slice(0, 7)}-01`));
    const due = dueSyncMonth(now, calendar);
    if (!due.due) return { month: due.month, firstWorkingDay: due.firstWorkingDay, created: false };
    const known = await trx.selectFrom('data_sync_deliveries').select('month').where('month', '=', due.month).executeTakeFirst();
    if (known) return { month: due.month, firstWorkingDay: due.firstWorkingDay, created: false };
    const audit: AuditTarget = { objectType: null, objectId: null, detail: {} };
    const result = await prepareMonth(trx, services, due.month, null, audit, now);
    if (result.created) {
      await services.auditLog.append(trx, systemAuditEntry({
        action: 'datasync.prepare',
        objectType: 'data_sync_delivery',
        objectId: due.month,
        detail: { ...audit.detail, automatic: true, firstWorkingDay: due.firstWorkingDay },
      }));
    }
    return { month: due.month, firstWorkingDay: due.firstWorkingDay, created: result.created };
  });
}

export interface SyncRun {
  delivered: number;
  retrying: number;
  failed: number;
  /** Final failures announced in this run. */
  notified: number;
}

/**
 * Pushes every delivery due at `now`. Several instances may run it at once: each claims other rows.
 * Then announces every final failure not announced yet — this run's, and any a crashed run left.
 */
export async function pushDueDeliveries(services: Services, now: Date = new Date()): Promise<SyncRun> {
  const run: SyncRun = { delivered: 0, retrying: 0, failed: 0, notified: 0 };
  const { url, keyHex, timeoutMs } = services.config.dataSync;
  for (;;) {
    const claimed = await services.db.tx(SYSTEM_SCOPE, (trx) => claimDueSyncs(trx, now, new Date(now.getTime() + LEASE_MS), BATCH));
    if (claimed.length === 0) {
      run.notified = await announceFailures(services, now);
      return run;
    }
    for (const sync of claimed) {
      const started = Date.now();
      let httpStatus: number | null = null;
      let failure: string | null = null;
      try {
        if (!url || !keyHex) throw new Error('no endpoint is configured (YUNSHU_DATASYNC_URL, YUNSHU_DATASYNC_KEY)');
        httpStatus = await push(url, keyHex, timeoutMs, services.config.version, sync);
        if (httpStatus < 200 || httpStatus >= 300) failure = `HTTP ${httpStatus}`;
      } catch (error) {
        failure = describeFailure(error);
      }
      const finishedAt = new Date(now.getTime() + (Date.now() - started));
      const attempts = sync.attempts + 1;
      const status = failure === null ? 'delivered' : attempts >= MAX_SYNC_ATTEMPTS ? 'failed' : 'retrying';
      const retryAt = status === 'retrying' ? new Date(now.getTime() + syncRetryDelayMs(attempts)) : null;
      await services.db.tx(SYSTEM_SCOPE, (trx) => recordSyncOutcome(trx, sync, { finishedAt, httpStatus, error: failure, status, retryAt }));
      run[status]++;
    }
  }
}

/**
 * Announces each failed delivery whose failure nobody was told of, each in its own transaction, after
 * the outcome is recorded: a notice that cannot be sent never undoes the record of an attempt, and the
 * next run tries it again. One notice failing does not hold up the others; the run fails afterwards.
 * @returns the number of failures announced.
 */
async function announceFailures(services: Services, now: Date): Promise<number> {
  const ids = await services.db.tx(SYSTEM_SCOPE, (trx) => unannouncedFailures(trx));
  let announced = 0;
  const failed: string[] = [];
  for (const id of ids) {
    try {
      if (await services.db.tx(SYSTEM_SCOPE, (trx) => announceFailure(trx, services, id, now))) announced++;
    } catch (error) {
      failed.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length > 0) throw new Error(`failed data sync deliveries not announced (${failed.length}): ${failed.join('; ')}`);
  return announced;
}

/**
 * QP-15: a delivery that has failed for the last time is told, once, to the operator's staff who may
 * re-send it (`datasync:manage`): the month, the attempts, the last error and what to do. Claiming the
 * row (`failure_notified_at`) in the notice's transaction makes it once across instances and restarts;
 * the dedupe key, naming the final attempt, makes it once per recipient even so. A re-send clears the
 * mark (see `resendDelivery`). Audited as `datasync.failed`.
 * @returns false when the delivery is not failed or its failure was announced already.
 */
async function announceFailure(trx: Trx, services: Services, id: string, now: Date): Promise<boolean> {
  const failed = await claimFailureNotice(trx, id, now);
  if (!failed) return false;
  const cite = citeRule(services.policy, SYNC_RULE);
  const lastError = failed.last_error ?? '—';
  const recipients = await notify(trx, { roles: rolesWith('datasync:manage') }, {
    kind: 'datasync.failed',
    title: { zh: `数据同步失败：${failed.month}`, en: `Data sync failed: ${failed.month}` },
    body: {
      zh: `${failed.month} 的项目与资源使用数据向区大数据资源平台推送，连续 ${failed.attempts} 次尝试均失败，已停止重试（${cite.zh}）。最后一次错误：${lastError}。请确认接收方恢复后，在“数据同步”页面重新推送（同一交付编号，对方只保留一条记录）。`,
      en: `The delivery of ${failed.month}’s projects and usage to the district big-data platform failed ${failed.attempts} attempts in a row and is no longer retried (${cite.en}). Last error: ${lastError}. Once the receiver is back, re-send it from the data sync page (same delivery id; the receiver keeps one record).`,
    },
    link: '/datasync',
    dedupeKey: `datasync-failed:${failed.id}:${failed.last_attempt}`,
  });
  // Audit record last: an append holds the chain lock until the transaction commits.
  await services.auditLog.append(trx, systemAuditEntry({
    action: 'datasync.failed',
    objectType: 'data_sync_delivery',
    objectId: failed.month,
    detail: {
      deliveryId: failed.id,
      revision: failed.revision,
      attempts: failed.attempts,
      lastAttempt: failed.last_attempt,
      lastHttpStatus: failed.last_http_status,
      lastError: failed.last_error,
      recipients,
    },
  }));
  return true;
}

async function push(url: string, keyHex: string, timeoutMs: number, version: string, sync: ClaimedSync): Promise<number> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': `Yunshu/${version}`,
      [DATASYNC_HEADERS.delivery]: sync.id,
      [DATASYNC_HEADERS.month]: sync.month,
      [DATASYNC_HEADERS.revision]: String(sync.revision),
      [DATASYNC_HEADERS.timestamp]: timestamp,
      [DATASYNC_HEADERS.digest]: sm3Hex(sync.payload),
      [DATASYNC_HEADERS.signature]: syncSignature(keyHex, timestamp, sync.payload),
    },
    body: sync.payload,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  return response.status;
}

/** What is kept of a failed attempt: the error and its cause, never the URL (it may carry credentials). */
function describeFailure(error: unknown): string {
  if (error instanceof AppError) return error.messageEn.slice(0, 500);
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const cause = error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`.slice(0, 500);
}
