/**
 * Temporary resources (QP-12): a term of at most the profile's months from provisioning. The unit is
 * told when the term is within the extension lead time (2 weeks in Qingpu: the last moment to apply
 * for an extension), and a resource still running at the end of its term is stopped, unless an
 * approved extension moved the term on. Idempotent: each notice once per term, each stop once.
 */
import { SYSTEM_SCOPE } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { dueDateOf } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { bumpGeneration, desiredEvent } from './desired-state.service.ts';
import { resourceLink } from './provisioning-events.ts';

export async function sweepLeases(services: Services, now: Date = new Date()): Promise<{ noticed: number; stopped: number }> {
  const leadDays = services.policy.parameters['temporary.extensionLeadDays'].value;
  const article = services.policy.parameters['temporary.maxMonths'].article ?? 'QP-12';
  return services.db.tx(SYSTEM_SCOPE, async (trx) => {
    const noticeBefore = new Date(now.getTime() + leadDays * 86_400_000);
    const due = await trx
      .selectFrom('resources as r')
      .innerJoin('applications as a', 'a.id', 'r.application_id')
      .selectAll('r')
      .select(['a.applicant_id', 'a.number as application_number'])
      .where('r.temporary', '=', true)
      .where('r.desired_state', '!=', 'deleted')
      .where('r.lease_expires_at', 'is not', null)
      .where((eb) => eb.or([eb.and([eb('r.lease_notified_at', 'is', null), eb('r.lease_expires_at', '<=', noticeBefore)]), eb.and([eb('r.lease_expires_at', '<=', now), eb('r.desired_state', '=', 'running')])]))
      .forUpdate('r')
      .execute();
    let noticed = 0;
    let stopped = 0;
    for (const row of due) {
      const expires = row.lease_expires_at!;
      if (expires <= now && row.desired_state === 'running') {
        await bumpGeneration(trx, services, row, { desired_state: 'stopped', operation: 'stop' }, null, { due_at: null, due_provisional: false }, now);
        await desiredEvent(trx, row, row.application_id, 'lease.expired', { leaseExpiresAt: expires.toISOString(), article });
        await notify(trx, { userIds: [row.applicant_id] }, {
          kind: 'resource.lease_expired',
          title: { zh: `临时资源到期停用：${row.name}`, en: `Temporary resource stopped at the end of its term: ${row.name}` },
          body: {
            zh: `申请 ${row.application_number} 的临时资源 ${row.name} 已于 ${dueDateOf(expires)} 到期（${article}），已停机。如需继续使用，请申请延期。`,
            en: `The temporary resource ${row.name} of ${row.application_number} reached the end of its term on ${dueDateOf(expires)} (${article}) and is being stopped. Apply for an extension to keep using it.`,
          },
          link: resourceLink(row.id),
          applicationId: row.application_id,
          dedupeKey: `lease-expired:${row.id}:${expires.toISOString()}`,
        });
        stopped++;
        continue;
      }
      if (!row.lease_notified_at) {
        await trx.updateTable('resources').set({ lease_notified_at: now }).where('id', '=', row.id).execute();
        await desiredEvent(trx, row, row.application_id, 'lease.notice', { leaseExpiresAt: expires.toISOString(), leadDays });
        await notify(trx, { userIds: [row.applicant_id] }, {
          kind: 'resource.lease_expiring',
          title: { zh: `临时资源即将到期：${row.name}`, en: `Temporary resource expiring: ${row.name}` },
          body: {
            zh: `临时资源 ${row.name} 将于 ${dueDateOf(expires)} 到期，到期后停机（${article}）。如需延期，请在到期前 ${leadDays} 天提出延期申请。`,
            en: `The temporary resource ${row.name} expires on ${dueDateOf(expires)} and will then be stopped (${article}). Apply for an extension at least ${leadDays} days before.`,
          },
          link: resourceLink(row.id),
          applicationId: row.application_id,
          dedupeKey: `lease-notice:${row.id}:${expires.toISOString()}`,
        });
        noticed++;
      }
    }
    return { noticed, stopped };
  });
}
