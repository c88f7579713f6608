/**
 * Missing daily inspection reports (SJ-19 日常检查; Qingpu QP-6, QP-17): for every platform in service,
 * each day the profile says a report is due — once that day is over in Asia/Shanghai — without a filed
 * report. The operator reads them (a provider its own platforms'), and a periodic check tells the
 * operator and the provider once per platform and day.
 */
import { ROLE_DEFINITIONS } from '@yunshu/shared/roles';
import { rolesWith } from '@yunshu/shared/permissions';
import type { MissingInspections } from '@yunshu/shared/operations-api';
import { systemAuditEntry } from '../../platform/audit/audit-log.ts';
import type { Actor } from '../../platform/auth/sessions.ts';
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { Services } from '../../platform/http/route.ts';
import { citeArticle, type PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { shanghaiDate, shiftDate, startOfShanghaiDay } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { firstInspectionDay, inspectionDaysBetween } from './inspection-rules.ts';
import {
  claimMissingInspectionNotice,
  inspectedDays,
  inspectionDayKey,
  missingNoticeTimes,
  type PlatformInService,
  platformsInService,
  recordNoticeRecipients,
} from './operations.repository.ts';

/** The longest range the report reads at once: a year. */
const MAX_RANGE_DAYS = 366;
/**
 * How far back the periodic check looks: a check that did not run for a while (an outage, a restart)
 * still tells of the days it missed, without rescanning a platform's whole history every hour.
 */
const CATCH_UP_DAYS = 14;

export interface MissingDay {
  platform: PlatformInService['platform'];
  provider: PlatformInService['provider'];
  day: string;
  notifiedAt: Date | null;
}

const ruleArticle = (profile: PolicyProfile) => profile.parameters['operations.inspectionEvery'].article;

/**
 * The missing (platform, day) pairs in [from, to], newest day first. Reads under the caller's scope:
 * reports a caller cannot see would look missing, so callers pass their provider to narrow the platforms.
 */
export async function findMissingInspections(
  trx: Trx,
  profile: PolicyProfile,
  filter: { from: string; to: string; providerUnitId?: string | undefined; platformId?: string | undefined },
): Promise<MissingDay[]> {
  if (filter.from > filter.to) return [];
  const platforms = await platformsInService(trx, filter);
  if (platforms.length === 0) return [];
  const calendar = await loadCalendar(trx, startOfShanghaiDay(filter.from));
  const due = inspectionDaysBetween(profile, filter.from, filter.to, calendar).reverse();
  const ids = platforms.map((p) => p.platform.id);
  const [filed, notified] = await Promise.all([inspectedDays(trx, ids, filter.from, filter.to), missingNoticeTimes(trx, ids, filter.from, filter.to)]);
  const missing: MissingDay[] = [];
  for (const day of due) {
    for (const { platform, provider, registeredAt } of platforms) {
      if (day < firstInspectionDay(shanghaiDate(registeredAt))) continue;
      const key = inspectionDayKey(platform.id, day);
      if (!filed.has(key)) missing.push({ platform, provider, day, notifiedAt: notified.get(key) ?? null });
    }
  }
  return missing;
}

/**
 * `GET /api/ops/inspections/missing`: the days in [from, to] (default the 30 days up to yesterday; today
 * is not over yet, so `to` stops at yesterday). A provider sees its own platforms only.
 */
export async function missingInspectionReport(
  trx: Trx,
  actor: Actor,
  profile: PolicyProfile,
  query: { from?: string | undefined; to?: string | undefined; platformId?: string | undefined },
  now = new Date(),
): Promise<MissingInspections> {
  const yesterday = shiftDate(shanghaiDate(now), -1);
  const to = query.to && query.to < yesterday ? query.to : yesterday;
  const from = query.from ?? shiftDate(to, -29);
  if (query.from && query.to && query.from > query.to) {
    throw errors.field('from', '起始日期不能晚于截止日期', '`from` cannot be after `to`');
  }
  if (shiftDate(from, MAX_RANGE_DAYS - 1) < to) {
    throw errors.field('from', `一次最多查询 ${MAX_RANGE_DAYS} 天`, `Ask for at most ${MAX_RANGE_DAYS} days at a time`);
  }
  const providerUnitId = actor.unitType === 'provider' ? actor.unitId : undefined;
  const items = await findMissingInspections(trx, profile, { from, to, providerUnitId, platformId: query.platformId });
  return {
    from,
    to,
    every: profile.parameters['operations.inspectionEvery'].value,
    article: ruleArticle(profile),
    items: items.map((item) => ({ ...item, notifiedAt: item.notifiedAt?.toISOString() ?? null })),
  };
}

export interface MissingSweep {
  notified: number;
}

/** Who is told of a missing report: the operator's supervisors, and the provider's own staff. */
function noticeRecipients(providerUnitId: string) {
  const holders = rolesWith('ops:supervise');
  return {
    roles: holders.filter((role) => ROLE_DEFINITIONS[role].unitTypes.includes('operator')),
    inUnit: { unitId: providerUnitId, roles: holders.filter((role) => ROLE_DEFINITIONS[role].unitTypes.includes('provider')) },
  };
}

/**
 * Tells the operator and the provider of each missing report of the last days — once per platform and
 * day: each notice is sent in a transaction of its own that first claims (platform, day) in
 * `missing_inspection_notices`, so a second run, here or on another instance, sends nothing. A report
 * filed late is not missing any more and is not told of.
 */
export async function sweepMissingInspections(services: Services, now: Date = new Date()): Promise<MissingSweep> {
  const profile = services.policy;
  const to = shiftDate(shanghaiDate(now), -1);
  const from = shiftDate(to, -(CATCH_UP_DAYS - 1));
  const missing = await services.db.tx(SYSTEM_SCOPE, (trx) => findMissingInspections(trx, profile, { from, to }));
  const result: MissingSweep = { notified: 0 };
  const failed: string[] = [];
  for (const item of missing.filter((m) => m.notifiedAt === null).reverse()) {
    try {
      if (await services.db.tx(SYSTEM_SCOPE, (trx) => notifyMissing(trx, services, item, now))) result.notified++;
    } catch (error) {
      failed.push(`${item.platform.id} ${item.day}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed.length > 0) throw new Error(`missing inspections not notified (${failed.length}): ${failed.join('; ')}`);
  return result;
}

async function notifyMissing(trx: Trx, services: Services, item: MissingDay, now: Date): Promise<boolean> {
  const key = { platformId: item.platform.id, day: item.day };
  if (!(await claimMissingInspectionNotice(trx, { ...key, providerUnitId: item.provider.id, at: now }))) return false;
  const profile = services.policy;
  const article = ruleArticle(profile);
  const cite = article ? citeArticle(profile, article) : null;
  const every = profile.parameters['operations.inspectionEvery'].value;
  const provider = item.provider.name ?? '';
  const recipients = await notify(trx, noticeRecipients(item.provider.id), {
    kind: 'inspection.missing',
    title: { zh: `巡检报告未提交：${item.platform.name} ${item.day}`, en: `Inspection report missing: ${item.platform.name}, ${item.day}` },
    body: {
      zh: `云平台 ${item.platform.name}（${provider}）${item.day}${every === 'working_days' ? '（工作日）' : ''}的日常巡检报告至今未提交${cite ? `（${cite.zh}）` : ''}，请服务商尽快补报，运行管理单位督促。`,
      en: `No daily inspection report of ${item.platform.name} (${provider}) is filed for ${item.day}${every === 'working_days' ? ', a working day' : ''}${cite ? ` (${cite.en})` : ''}. The provider should file it; the operator follows it up.`,
    },
    link: '/operations/inspections',
    dedupeKey: `inspection-missing:${item.platform.id}:${item.day}`,
  });
  await recordNoticeRecipients(trx, key, recipients);
  // Audit record last: an append holds the chain lock until the transaction commits.
  await services.auditLog.append(trx, systemAuditEntry({
    unitId: item.provider.id,
    unitName: item.provider.name,
    action: 'inspection.missing',
    objectType: 'platform',
    objectId: item.platform.id,
    detail: { day: item.day, every, recipients },
  }));
  return true;
}
