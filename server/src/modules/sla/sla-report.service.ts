/**
 * The approval SLA report: of the steps decided in a period, how many met their working-day deadline
 * (QP-9 7 days, QP-10 3 days, QP-11 5 days — as fixed on each step when it was activated), per step and
 * per approver, with the average working days taken; and the open steps that are overdue now.
 */
import type { SlaFigures, SlaReport } from '@yunshu/shared/sla-api';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { type CalendarData, shanghaiDate, startOfShanghaiDay, workingDaysBetween } from '../calendar/working-days.ts';
import { decidedSteps, openOverdueSteps } from './sla.repository.ts';

/** A report spans at most this many days (two years: a settlement period is one). */
const MAX_PERIOD_DAYS = 731;
const DAY_MS = 86_400_000;

interface Tally {
  decided: number;
  onTime: number;
  overdue: number;
  timed: number;
  workingDays: number;
}

const emptyTally = (): Tally => ({ decided: 0, onTime: 0, overdue: 0, timed: 0, workingDays: 0 });

function figuresOf(t: Tally): SlaFigures {
  return {
    decided: t.decided,
    onTime: t.onTime,
    overdue: t.overdue,
    onTimeRate: t.decided === 0 ? null : Math.round((t.onTime / t.decided) * 10_000) / 10_000,
    averageWorkingDays: t.timed === 0 ? null : Math.round((t.workingDays / t.timed) * 100) / 100,
  };
}

function period(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const to = query.to ?? shanghaiDate(now);
  const from = query.from ?? `${to.slice(0, 8)}01`;
  if (from > to) throw errors.field('from', '开始日期不能晚于结束日期', '`from` must not be after `to`');
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_PERIOD_DAYS) {
    throw errors.field('to', `统计区间最长 ${MAX_PERIOD_DAYS} 天`, `A report spans at most ${MAX_PERIOD_DAYS} days`);
  }
  return { from, to };
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export async function slaReport(trx: Trx, query: { from?: string | undefined; to?: string | undefined }, now: Date = new Date()): Promise<SlaReport> {
  const { from, to } = period(query, now);
  const [decided, open] = await Promise.all([decidedSteps(trx, startOfShanghaiDay(from), startOfShanghaiDay(nextDate(to))), openOverdueSteps(trx, now)]);
  // The calendar from the earliest day counted: a step decided in the period may have started before it.
  let earliest = startOfShanghaiDay(from).getTime();
  for (const s of decided) earliest = Math.min(earliest, (s.activatedAt ?? s.decidedAt!).getTime());
  for (const s of open) earliest = Math.min(earliest, s.dueAt!.getTime() - 1);
  const calendar: CalendarData = await loadCalendar(trx, new Date(earliest));

  const totals = emptyTally();
  const bySteps = new Map<string, { kind: string; role: string; stepName: { zh: string; en: string }; tally: Tally }>();
  const byApprover = new Map<string, { approverId: string | null; approverName: string | null; tally: Tally }>();
  for (const step of decided) {
    const decidedAt = step.decidedAt!;
    const onTime = decidedAt.getTime() <= step.dueAt!.getTime();
    const taken = step.activatedAt ? workingDaysBetween(step.activatedAt, decidedAt, calendar) : null;
    const stepKey = JSON.stringify([step.kind, step.role, step.nameZh, step.nameEn]);
    const approverKey = JSON.stringify([step.decidedBy, step.decidedBy ? null : step.decidedByName]);
    if (!bySteps.has(stepKey)) bySteps.set(stepKey, { kind: step.kind, role: step.role, stepName: { zh: step.nameZh, en: step.nameEn }, tally: emptyTally() });
    if (!byApprover.has(approverKey)) byApprover.set(approverKey, { approverId: step.decidedBy, approverName: step.decidedByName, tally: emptyTally() });
    for (const tally of [totals, bySteps.get(stepKey)!.tally, byApprover.get(approverKey)!.tally]) {
      tally.decided++;
      if (onTime) tally.onTime++;
      else tally.overdue++;
      if (taken !== null) {
        tally.timed++;
        tally.workingDays += taken;
      }
    }
  }

  return {
    from,
    to,
    totals: figuresOf(totals),
    steps: [...bySteps.values()]
      .map(({ tally, ...row }) => ({ ...row, ...figuresOf(tally) }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.role.localeCompare(b.role) || a.stepName.zh.localeCompare(b.stepName.zh)),
    approvers: [...byApprover.values()]
      .map(({ tally, ...row }) => ({ ...row, ...figuresOf(tally) }))
      .sort((a, b) => b.decided - a.decided || (a.approverName ?? '').localeCompare(b.approverName ?? '')),
    openOverdue: open.map((s) => ({
      applicationId: s.applicationId,
      number: s.number,
      title: s.title,
      kind: s.kind,
      unitName: s.unitName,
      stepIdx: s.idx,
      stepName: { zh: s.nameZh, en: s.nameEn },
      role: s.role,
      article: s.article,
      dueAt: s.dueAt!.toISOString(),
      // Working days after the due date (the last day allowed), today included.
      overdueWorkingDays: workingDaysBetween(new Date(s.dueAt!.getTime() - 1), now, calendar),
      remindedAt: s.remindedAt?.toISOString() ?? null,
      escalatedAt: s.escalatedAt?.toISOString() ?? null,
    })),
  };
}
