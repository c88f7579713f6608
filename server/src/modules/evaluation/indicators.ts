/**
 * The evaluation's indicators computed from the platform's records for a year (QP-24): for each user
 * unit, the figures behind the indicator (its evidence) and the fraction of the indicator's points they
 * earn. One query per indicator over all units: a district's year is a few thousand units at most.
 * Scoring rules are those stated in EVALUATION_INDICATOR_LABELS.
 */
import type { EvaluationIndicator } from '@yunshu/shared/evaluation-api';
import { Money } from '@yunshu/shared/money';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { monthBounds } from '../billing/rating.ts';
import { vulnerabilityStats } from '../security/security.repository.ts';

export type Evidence = Record<string, string | number | null>;

/** What a unit earns on an indicator: a fraction of its points (0–1), or points deducted from them. */
export type Earned = { evidence: Evidence } & ({ fraction: Money } | { deductions: number });

export interface EvaluationYear {
  year: number;
  /** First and last day (Asia/Shanghai dates), and the instants the year begins and ends. */
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export function evaluationYear(year: number): EvaluationYear {
  return { year, from: `${year}-01-01`, to: `${year}-12-31`, start: monthBounds(`${year}-01`).start, end: monthBounds(`${year + 1}-01`).start };
}

const ratio = (part: number, whole: number) => (whole === 0 ? new Money(1) : new Money(part).div(whole));
const percent = (fraction: Money) => `${fraction.times(100).toDecimalPlaces(1, Money.ROUND_HALF_UP).toFixed(1)}%`;

/** What a calculator may need of the model's entry for its indicator. */
export interface IndicatorSettings {
  target?: number | undefined;
}

type Calculator = (trx: Trx, profile: PolicyProfile, year: EvaluationYear, unitIds: string[], now: Date, settings: IndicatorSettings) => Promise<Map<string, Earned>>;

/** Units without a row get the indicator's answer for "nothing recorded". */
function perUnit(unitIds: string[], rows: Map<string, Earned>, none: () => Earned): Map<string, Earned> {
  return new Map(unitIds.map((id) => [id, rows.get(id) ?? none()]));
}

async function vulnerabilityFigures(trx: Trx, year: EvaluationYear) {
  const stats = await vulnerabilityStats(trx, { from: year.from, to: year.to, asOf: year.to });
  return new Map(stats.units.filter((row) => row.systemId === null).map((row) => [row.unit.id, row]));
}

const CALCULATORS: Record<EvaluationIndicator, Calculator> = {
  async vulnerability_fix_rate(trx, _profile, year, unitIds) {
    const figures = await vulnerabilityFigures(trx, year);
    return perUnit(
      unitIds,
      new Map(
        [...figures].map(([unitId, row]) => {
          const fraction = ratio(row.fixed, row.found);
          return [unitId, { fraction, evidence: { found: row.found, fixed: row.fixed, rate: percent(fraction) } }];
        }),
      ),
      () => ({ fraction: new Money(1), evidence: { found: 0, fixed: 0, rate: null } }),
    );
  },

  async vulnerability_fix_timeliness(trx, _profile, year, unitIds) {
    const figures = await vulnerabilityFigures(trx, year);
    return perUnit(
      unitIds,
      new Map(
        [...figures].map(([unitId, row]) => {
          const fraction = ratio(row.fixedOnTime, row.due);
          return [unitId, { fraction, evidence: { due: row.due, fixedOnTime: row.fixedOnTime, openOverdue: row.openOverdue, rate: row.due === 0 ? null : percent(fraction) } }];
        }),
      ),
      () => ({ fraction: new Money(1), evidence: { due: 0, fixedOnTime: 0, openOverdue: 0, rate: null } }),
    );
  },

  async incident_notices(trx, _profile, year, unitIds) {
    const { rows } = await sql<{ unit_id: string; notices: number; titles: string }>`
      SELECT unit_id, count(*)::int AS notices, string_agg(occurred_on::text || ' ' || title, '；' ORDER BY occurred_on) AS titles
      FROM security_incidents
      WHERE kind = 'notice' AND occurred_on BETWEEN ${year.from}::date AND ${year.to}::date
      GROUP BY unit_id
    `.execute(trx);
    return perUnit(
      unitIds,
      new Map(rows.map((row) => [row.unit_id, { deductions: row.notices, evidence: { notices: row.notices, list: row.titles } }])),
      () => ({ deductions: 0, evidence: { notices: 0, list: null } }),
    );
  },

  async mlps_assessment(trx, profile, year, unitIds) {
    // A system is due an assessment when its level has a re-assessment interval; it has one for the year
    // when it was assessed within that interval before the year's last day (level 3, 12 months: in the year).
    const intervals = Object.entries(profile.parameters['security.reassessmentMonths'].value as Record<string, number | undefined>).filter(
      (entry): entry is [string, number] => entry[1] !== undefined,
    );
    if (intervals.length === 0) return perUnit(unitIds, new Map(), () => ({ fraction: new Money(1), evidence: { required: 0, completed: 0, missing: null } }));
    const { rows } = await sql<{ unit_id: string; required: number; completed: number; missing: string | null }>`
      SELECT s.unit_id, count(*)::int AS required, (count(*) FILTER (WHERE done.assessed))::int AS completed,
             string_agg(s.name, '、' ORDER BY s.name) FILTER (WHERE NOT done.assessed) AS missing
      FROM information_systems s
      JOIN unnest(${intervals.map(([level]) => Number(level))}::int[], ${intervals.map(([, months]) => months)}::int[]) AS r(level, months) ON r.level = s.mlps_level
      CROSS JOIN LATERAL (
        SELECT EXISTS (SELECT 1 FROM mlps_assessments a WHERE a.system_id = s.id AND a.assessed_on <= ${year.to}::date
                         AND a.assessed_on > ${year.to}::date - make_interval(months => r.months)) AS assessed
      ) done
      WHERE s.created_at < ${year.end}::timestamptz
      GROUP BY s.unit_id
    `.execute(trx);
    return perUnit(
      unitIds,
      new Map(rows.map((row) => [row.unit_id, { fraction: ratio(row.completed, row.required), evidence: { required: row.required, completed: row.completed, missing: row.missing } }])),
      () => ({ fraction: new Money(1), evidence: { required: 0, completed: 0, missing: null } }),
    );
  },

  async drills_training(trx, _profile, year, unitIds) {
    const { rows } = await sql<{ unit_id: string; drills: number; trainings: number }>`
      SELECT unit_id, (count(*) FILTER (WHERE kind = 'drill'))::int AS drills, (count(*) FILTER (WHERE kind = 'training'))::int AS trainings
      FROM security_activities
      WHERE held_on BETWEEN ${year.from}::date AND ${year.to}::date
      GROUP BY unit_id
    `.execute(trx);
    const earned = (drills: number, trainings: number): Earned => ({
      fraction: new Money(drills > 0 ? 0.5 : 0).plus(trainings > 0 ? 0.5 : 0),
      evidence: { drills, trainings },
    });
    return perUnit(unitIds, new Map(rows.map((row) => [row.unit_id, earned(row.drills, row.trainings)])), () => earned(0, 0));
  },

  async allocation_utilization(trx, _profile, year, unitIds, _now, settings) {
    // Daily rollups (monitoring, QP-13): each server-day's mean CPU weighted by the vCPUs allocated that day.
    const target = new Money(settings.target ?? 1);
    const { rows } = await sql<{ unit_id: string; vcpu_days: string; mean: string | null; days: number }>`
      SELECT unit_id, sum(vcpus)::text AS vcpu_days, (sum(cpu_avg::numeric * vcpus) / nullif(sum(vcpus), 0))::text AS mean, count(*)::int AS days
      FROM utilization_daily
      WHERE day BETWEEN ${year.from}::date AND ${year.to}::date AND cpu_avg IS NOT NULL
      GROUP BY unit_id
    `.execute(trx);
    const none = (): Earned => ({ fraction: new Money(1), evidence: { serverDays: 0, meanCpu: null, target: percent(target) } });
    return perUnit(
      unitIds,
      new Map(
        rows
          .filter((row) => row.mean !== null)
          .map((row) => {
            const mean = new Money(row.mean!).div(100);
            return [row.unit_id, { fraction: Money.min(1, mean.div(target)), evidence: { serverDays: row.days, vcpuDays: row.vcpu_days, meanCpu: percent(mean), target: percent(target) } }];
          }),
      ),
      none,
    );
  },

  async idle_findings(trx, _profile, year, unitIds) {
    const { rows } = await sql<{ unit_id: string; findings: number; low: number; zombie: number }>`
      SELECT unit_id, count(*)::int AS findings, (count(*) FILTER (WHERE rule = 'low_utilization'))::int AS low, (count(*) FILTER (WHERE rule = 'zombie'))::int AS zombie
      FROM efficiency_findings
      WHERE rule IN ('low_utilization', 'zombie') AND detected_at >= ${year.start}::timestamptz AND detected_at < ${year.end}::timestamptz
      GROUP BY unit_id
    `.execute(trx);
    return perUnit(
      unitIds,
      new Map(rows.map((row) => [row.unit_id, { deductions: row.findings, evidence: { idleFindings: row.findings, lowUtilization: row.low, zombie: row.zombie } }])),
      () => ({ deductions: 0, evidence: { idleFindings: 0, lowUtilization: 0, zombie: 0 } }),
    );
  },

  async rectification_compliance(trx, _profile, year, unitIds) {
    // A warning is complied with when the unit answered it, or it was rectified or dismissed, by its deadline.
    const { rows } = await sql<{ unit_id: string; warnings: number; complied: number }>`
      SELECT c.unit_id, count(*)::int AS warnings,
             (count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM rectification_case_events e
               WHERE e.case_id = c.id AND e.stage_to IN ('responded', 'rectified', 'dismissed') AND e.at <= c.deadline_at
             )))::int AS complied
      FROM rectification_cases c
      WHERE c.deadline_date BETWEEN ${year.from}::date AND ${year.to}::date
      GROUP BY c.unit_id
    `.execute(trx);
    return perUnit(
      unitIds,
      new Map(
        rows.map((row) => {
          const fraction = ratio(row.complied, row.warnings);
          return [row.unit_id, { fraction, evidence: { warnings: row.warnings, complied: row.complied, rate: percent(fraction) } }];
        }),
      ),
      () => ({ fraction: new Money(1), evidence: { warnings: 0, complied: 0, rate: null } }),
    );
  },

  async stopped_compute_share(trx, _profile, year, unitIds, now) {
    // vCPU-hours from metering, up to the year's end or now: a stopped server still holds its vCPUs.
    const until = new Date(Math.min(now.getTime(), year.end.getTime()));
    const { rows } = await sql<{ unit_id: string; total: string; stopped: string }>`
      WITH pieces AS (
        SELECT i.unit_id, i.power,
               i.quantity * extract(epoch FROM least(coalesce(i.ended_at, 'infinity'::timestamptz), ${until}::timestamptz) - greatest(i.started_at, ${year.start}::timestamptz)) / 3600 AS hours
        FROM usage_intervals i JOIN catalog_items c ON c.id = i.item_id AND c.unit_of_measure = 'vcpu_month'
        WHERE i.started_at < ${until}::timestamptz AND coalesce(i.ended_at, 'infinity'::timestamptz) > ${year.start}::timestamptz
          AND i.id NOT IN (SELECT fix.corrects FROM usage_intervals fix WHERE fix.corrects IS NOT NULL)
      )
      SELECT unit_id, round(sum(hours), 2)::text AS total, round(coalesce(sum(hours) FILTER (WHERE power = 'stopped'), 0), 2)::text AS stopped
      FROM pieces GROUP BY unit_id
    `.execute(trx);
    return perUnit(
      unitIds,
      new Map(
        rows.map((row) => {
          const total = new Money(row.total);
          const share = total.isZero() ? new Money(0) : new Money(row.stopped).div(total);
          return [row.unit_id, { fraction: new Money(1).minus(share), evidence: { vcpuHours: row.total, stoppedVcpuHours: row.stopped, stoppedShare: percent(share) } }];
        }),
      ),
      () => ({ fraction: new Money(1), evidence: { vcpuHours: '0.00', stoppedVcpuHours: '0.00', stoppedShare: null } }),
    );
  },
};

export function computeIndicator(trx: Trx, profile: PolicyProfile, indicator: EvaluationIndicator, year: EvaluationYear, unitIds: string[], now: Date, settings: IndicatorSettings = {}) {
  return CALCULATORS[indicator](trx, profile, year, unitIds, now, settings);
}

/** The points an indicator's figures earn, rounded half-up to 0.01 and kept within 0…weight. */
export function pointsFor(earned: Earned, weight: number, deductPer: number | undefined): string {
  const raw = 'fraction' in earned ? earned.fraction.times(weight) : new Money(weight).minus(new Money(deductPer ?? 0).times(earned.deductions));
  return Money.max(0, Money.min(weight, raw)).toDecimalPlaces(2, Money.ROUND_HALF_UP).toFixed(2);
}
