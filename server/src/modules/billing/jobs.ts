/**
 * Monthly billing (SJ-15 先用后付): once a month has ended, its draft statements are produced without
 * waiting for anyone; the operator reviews and confirms them. Idempotent by month: a month already
 * rated (draft or confirmed) is left alone, so re-rating stays an operator's decision.
 */
import { systemAuditEntry } from '../../platform/audit/audit-log.ts';
import { SYSTEM_SCOPE } from '../../platform/db/database.ts';
import type { Job } from '../../platform/jobs/scheduler.ts';
import { monthOf, shiftMonth } from './rating.ts';
import { rateMonthIntoStatements } from './statements.service.ts';

export const monthlyBillingJob: Job = {
  id: 'monthly-billing',
  everySeconds: 3600,
  run: async (services, now) =>
    services.db.tx(SYSTEM_SCOPE, async (trx) => {
      const month = shiftMonth(monthOf(now), -1);
      const rated = await trx.selectFrom('billing_months').select('status').where('month', '=', month).executeTakeFirst();
      if (rated) return { month, skipped: rated.status };
      const audit = { objectType: null, objectId: null, detail: {} };
      const result = await rateMonthIntoStatements(trx, services, month, null, audit, now);
      await services.auditLog.append(trx, systemAuditEntry({
        action: 'billing.rate',
        objectType: 'billing_month',
        objectId: month,
        detail: { ...result, automatic: true },
      }));
      return { ...result };
    }),
};
