/**
 * Provisioning deadlines (QP-9: approved and provisioned within 7 working days; QP-10: an expansion
 * carried out within 3 working days of its approval). An operation still unfinished at its deadline —
 * converging, failed, or waiting for a work order — is reported once to the cloud resource
 * administrators and the applicant, and the resource's history says so.
 */
import { sql } from 'kysely';
import { SYSTEM_SCOPE } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { dueDateOf } from '../calendar/working-days.ts';
import { notify } from '../notifications/index.ts';
import { desiredEvent } from './desired-state.service.ts';
import { resourceLink } from './provisioning-events.ts';

export async function sweepProvisioningDeadlines(services: Services, now: Date = new Date()): Promise<{ overdue: number }> {
  return services.db.tx(SYSTEM_SCOPE, async (trx) => {
    const late = await trx
      .selectFrom('resources as r')
      .leftJoin('applications as a', 'a.id', 'r.operation_application_id')
      .selectAll('r')
      .select(['a.applicant_id', 'a.number as application_number'])
      .where(sql<boolean>`r.observed_generation < r.generation`)
      .where('r.due_at', '<', now)
      .where('r.overdue_notified_at', 'is', null)
      .forUpdate('r')
      .execute();
    for (const row of late) {
      await trx.updateTable('resources').set({ overdue_notified_at: now }).where('id', '=', row.id).execute();
      const due = dueDateOf(row.due_at!);
      await desiredEvent(trx, row, row.operation_application_id, 'deadline.overdue', { dueAt: row.due_at!.toISOString(), operation: row.operation, status: row.status });
      await notify(trx, { userIds: row.applicant_id ? [row.applicant_id] : [], roles: ['operator_resource_admin'] }, {
        kind: 'resource.overdue',
        title: { zh: `资源操作超期：${row.name}`, en: `Resource operation overdue: ${row.name}` },
        body: {
          zh: `${row.application_number ? `申请 ${row.application_number} 的` : ''}资源 ${row.name} 应于 ${due} 前完成，目前状态“${row.status}”，请督办。`,
          en: `The operation on ${row.name}${row.application_number ? ` (application ${row.application_number})` : ''} was due on ${due} and is still ${row.status}; please follow it up.`,
        },
        link: resourceLink(row.id),
        ...(row.operation_application_id ? { applicationId: row.operation_application_id } : {}),
        dedupeKey: `resource-overdue:${row.id}:${row.generation}`,
      });
    }
    return { overdue: late.length };
  });
}
