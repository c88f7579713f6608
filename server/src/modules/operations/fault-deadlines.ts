/**
 * Deadlines of a fault ticket from the profile (SJ-19 及时解决故障; QP-6, QP-16): respond within the
 * minutes, resolve within the hours its severity gives, counted from the report around the clock —
 * a fault does not wait for a working day. A deadline met is one met at or before its instant.
 */
import type { FaultSeverity } from '@yunshu/shared/operations-api';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';

const MINUTE_MS = 60_000;

export function faultDeadlines(profile: PolicyProfile, severity: FaultSeverity, raisedAt: Date): { respondDueAt: Date; resolveDueAt: Date } {
  const minutes = profile.parameters['operations.faultResponseMinutes'].value[severity];
  const hours = profile.parameters['operations.faultResolveHours'].value[severity];
  return {
    respondDueAt: new Date(raisedAt.getTime() + minutes * MINUTE_MS),
    resolveDueAt: new Date(raisedAt.getTime() + hours * 60 * MINUTE_MS),
  };
}

/** Met (true), missed (false), or not yet decided (null: not done and not yet late) at `now`. */
export function metDeadline(doneAt: Date | null, dueAt: Date, now: Date): boolean | null {
  if (doneAt) return doneAt.getTime() <= dueAt.getTime();
  return now.getTime() > dueAt.getTime() ? false : null;
}
