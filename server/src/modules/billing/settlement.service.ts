/**
 * The yearly settlement (SJ-15) and the supervision budget (SJ-16). A run sums the confirmed monthly
 * statements of the profile's settlement period per cloud operator, unit and system; it is keyed by the
 * period, so re-running an unfrozen settlement gives the same figures and keeps the auditor's
 * adjustments. The workflow: draft → (third-party audit: adjustments with reasons) → audited →
 * approved by the authority, which freezes it (also in the database, by trigger).
 */
import type { SettlementDetail, SettlementSummary } from '@yunshu/shared/billing-api';
import { Money } from '@yunshu/shared/money';
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget, Services } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { monthBounds, shiftMonth } from './rating.ts';

const SETTLEMENT = { zh: '结算方案', en: 'Settlement' };

/** The months of the settlement period starting at `firstMonth`, which must be a period start of the profile. */
export function settlementPeriod(profile: PolicyProfile, firstMonth: string): { months: string[]; label: string } {
  const rule = profile.parameters['settlement.period'];
  const { startMonth, startDay, lengthMonths } = rule.value;
  monthBounds(firstMonth);
  const index = Number(firstMonth.slice(5, 7));
  if (startDay !== 1 || (index - startMonth + 12) % lengthMonths !== 0) {
    throw policyViolation(profile, 'settlement.period', {
      code: 'settlement_period_misaligned',
      zh: `结算周期自每年 ${startMonth} 月 ${startDay} 日起、每 ${lengthMonths} 个月一期，${firstMonth} 不是结算周期的起始月`,
      en: `Settlement periods start on ${startMonth}/${startDay} and last ${lengthMonths} months; ${firstMonth} does not start one`,
      path: 'firstMonth',
    });
  }
  const months = Array.from({ length: lengthMonths }, (_, i) => shiftMonth(firstMonth, i));
  const last = months.at(-1)!;
  const label = lengthMonths === 12 && startMonth === 1 ? `${firstMonth.slice(0, 4)} 年度` : `${firstMonth} 至 ${last}`;
  return { months, label };
}

async function requireSettlement(trx: Trx, id: string, lock = false) {
  let query = trx.selectFrom('settlements').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw errors.notFound(SETTLEMENT);
  return row;
}

function frozen(label: string): AppError {
  return new AppError({ status: 409, code: 'settlement_frozen', zh: `结算方案“${label}”已审定冻结，不得修改或重算`, en: `The settlement “${label}” is approved and frozen` });
}

function wrongStage(zh: string, en: string): AppError {
  return new AppError({ status: 409, code: 'settlement_wrong_stage', zh, en });
}

async function refreshTotals(trx: Trx, id: string): Promise<void> {
  await sql`
    UPDATE settlements s SET
      statements_total = coalesce((SELECT sum(amount) FROM settlement_lines WHERE settlement_id = s.id), 0),
      adjustments_total = coalesce((SELECT sum(amount) FROM settlement_adjustments WHERE settlement_id = s.id), 0),
      total = coalesce((SELECT sum(amount) FROM settlement_lines WHERE settlement_id = s.id), 0)
            + coalesce((SELECT sum(amount) FROM settlement_adjustments WHERE settlement_id = s.id), 0)
    WHERE s.id = ${id}
  `.execute(trx);
}

/** Runs (or re-runs) the settlement of a period from its confirmed monthly statements. */
export async function runSettlement(trx: Trx, services: Services, actor: Actor, firstMonth: string, audit: AuditTarget, now = new Date()): Promise<SettlementDetail> {
  const { months, label } = settlementPeriod(services.policy, firstMonth);
  const known = await trx.selectFrom('billing_months').select(['month', 'status']).where('month', 'in', months).execute();
  const confirmed = new Set(known.filter((m) => m.status === 'confirmed').map((m) => m.month));
  const open = months.filter((m) => !confirmed.has(m));
  if (open.length > 0) {
    throw policyViolation(services.policy, 'settlement.period', {
      code: 'settlement_months_unconfirmed',
      zh: `结算期内尚有 ${open.length} 个月的账单未确认：${open.join('、')}`,
      en: `${open.length} month(s) of the period have no confirmed statements: ${open.join(', ')}`,
      status: 409,
      details: { months: open },
    });
  }
  let settlement = await trx.selectFrom('settlements').selectAll().where('first_month', '=', firstMonth).forUpdate().executeTakeFirst();
  if (settlement?.status === 'approved') throw frozen(settlement.label);
  if (!settlement) {
    settlement = await trx
      .insertInto('settlements')
      .values({ first_month: firstMonth, last_month: months.at(-1)!, label, status: 'draft', statements_total: '0', total: '0', generated_at: now, generated_by_name: actor.displayName })
      .returningAll()
      .executeTakeFirstOrThrow();
  } else {
    await trx.updateTable('settlements').set({ generated_at: now, generated_by_name: actor.displayName }).where('id', '=', settlement.id).execute();
    await trx.deleteFrom('settlement_lines').where('settlement_id', '=', settlement.id).execute();
  }
  await sql`
    INSERT INTO settlement_lines (settlement_id, provider_unit_id, unit_id, system_id, district_budget, amount)
    SELECT ${settlement.id}, l.provider_unit_id, s.unit_id, l.system_id, s.district_budget, sum(l.amount)
    FROM statement_lines l JOIN statements s ON s.id = l.statement_id
    WHERE s.month IN (${sql.join(months)})
    GROUP BY l.provider_unit_id, s.unit_id, l.system_id, s.district_budget
  `.execute(trx);
  await refreshTotals(trx, settlement.id);
  const detail = await settlementDetail(trx, services, actor, settlement.id);
  Object.assign(audit, { objectType: 'settlement', objectId: settlement.id, detail: { label, months, statementsTotal: detail.statementsTotal, total: detail.total } });
  return detail;
}

/** The operator hands the plan to the third-party auditor (SJ-15), or straight to approval where none is engaged. */
export async function submitSettlement(trx: Trx, services: Services, actor: Actor, id: string, audit: AuditTarget, now = new Date()) {
  const settlement = await requireSettlement(trx, id, true);
  Object.assign(audit, { objectType: 'settlement', objectId: id, detail: { label: settlement.label } });
  if (settlement.status !== 'draft') throw wrongStage('只有草稿可以提交', 'Only a draft can be submitted');
  const audited = !services.policy.parameters['settlement.thirdPartyAudit'].value;
  await trx
    .updateTable('settlements')
    .set(audited ? { status: 'audited', submitted_at: now, audited_at: now, audited_by_name: '（本区未委托第三方审价）' } : { status: 'in_audit', submitted_at: now })
    .where('id', '=', id)
    .execute();
  return settlementDetail(trx, services, actor, id);
}

/** The auditor's adjustment: a signed amount with its reason, never an edit of the figures it corrects. */
export async function addAdjustment(
  trx: Trx,
  services: Services,
  actor: Actor,
  id: string,
  input: { providerUnitId: string; unitId: string; systemId?: string | undefined; amount: string; reason: string },
  audit: AuditTarget,
) {
  const settlement = await requireSettlement(trx, id, true);
  Object.assign(audit, { objectType: 'settlement', objectId: id, detail: { label: settlement.label, ...input } });
  if (settlement.status === 'approved') throw frozen(settlement.label);
  if (settlement.status !== 'in_audit') throw wrongStage('只能在第三方审价期间调整', 'Adjustments are made during the audit');
  const amount = new Money(input.amount);
  if (amount.isZero()) throw errors.field('amount', '调整金额不能为 0', 'An adjustment cannot be zero');
  const parties = await trx.selectFrom('units').select(['id', 'type']).where('id', 'in', [input.providerUnitId, input.unitId]).execute();
  if (parties.find((p) => p.id === input.providerUnitId)?.type !== 'provider') throw errors.field('providerUnitId', '请选择政务云服务商', 'Choose a cloud provider');
  if (parties.find((p) => p.id === input.unitId)?.type !== 'user_unit') throw errors.field('unitId', '请选择使用单位', 'Choose a user unit');
  if (input.systemId) {
    const system = await trx.selectFrom('information_systems').select('unit_id').where('id', '=', input.systemId).executeTakeFirst();
    if (system?.unit_id !== input.unitId) throw errors.field('systemId', '该信息系统不属于所选单位', 'The system is not the unit’s');
  }
  const line = await trx
    .selectFrom('settlement_lines')
    .select((eb) => eb.fn.sum<string>('amount').as('amount'))
    .where('settlement_id', '=', id)
    .where('provider_unit_id', '=', input.providerUnitId)
    .where('unit_id', '=', input.unitId)
    .executeTakeFirst();
  const adjusted = await trx
    .selectFrom('settlement_adjustments')
    .select((eb) => eb.fn.sum<string>('amount').as('amount'))
    .where('settlement_id', '=', id)
    .where('provider_unit_id', '=', input.providerUnitId)
    .where('unit_id', '=', input.unitId)
    .executeTakeFirst();
  const after = new Money(line?.amount ?? 0).plus(adjusted?.amount ?? 0).plus(amount);
  if (after.isNegative()) {
    throw errors.field('amount', `调整后该单位在该服务商的结算金额为 ${after.toFixed(2)} 元，不能为负`, `After the adjustment the unit’s amount with this provider would be ${after.toFixed(2)}, below zero`);
  }
  await trx
    .insertInto('settlement_adjustments')
    .values({ settlement_id: id, provider_unit_id: input.providerUnitId, unit_id: input.unitId, system_id: input.systemId ?? null, amount: amount.toFixed(2), reason: input.reason, actor_id: actor.userId, actor_name: actor.displayName })
    .execute();
  await refreshTotals(trx, id);
  return settlementDetail(trx, services, actor, id);
}

export async function completeAudit(trx: Trx, services: Services, actor: Actor, id: string, audit: AuditTarget, now = new Date()) {
  const settlement = await requireSettlement(trx, id, true);
  Object.assign(audit, { objectType: 'settlement', objectId: id, detail: { label: settlement.label, total: settlement.total } });
  if (settlement.status !== 'in_audit') throw wrongStage('该结算方案不在审价阶段', 'The settlement is not in audit');
  await trx.updateTable('settlements').set({ status: 'audited', audited_at: now, audited_by_name: actor.displayName }).where('id', '=', id).execute();
  return settlementDetail(trx, services, actor, id);
}

/** The authority approves the plan (SJ-15 报区政务云主管单位审核); from then on it is frozen. */
export async function approveSettlement(trx: Trx, services: Services, actor: Actor, id: string, audit: AuditTarget, now = new Date()) {
  const settlement = await requireSettlement(trx, id, true);
  Object.assign(audit, { objectType: 'settlement', objectId: id, detail: { label: settlement.label, total: settlement.total } });
  if (settlement.status === 'approved') throw frozen(settlement.label);
  if (settlement.status !== 'audited') throw wrongStage('须完成审价后再审定', 'The settlement must be audited before approval');
  await trx.updateTable('settlements').set({ status: 'approved', approved_at: now, approved_by: actor.userId, approved_by_name: actor.displayName }).where('id', '=', id).execute();
  return settlementDetail(trx, services, actor, id);
}

/** The supervision budget (SJ-16): at most the profile's share of the settlement total, with the figures in the refusal. */
export async function setSupervisionBudget(trx: Trx, services: Services, actor: Actor, id: string, amountText: string, audit: AuditTarget) {
  const settlement = await requireSettlement(trx, id, true);
  Object.assign(audit, { objectType: 'settlement', objectId: id, detail: { label: settlement.label, amount: amountText } });
  if (settlement.status === 'approved') throw frozen(settlement.label);
  const ratio = new Money(services.policy.parameters['settlement.supervisionFeeCap'].value);
  const cap = new Money(settlement.total).times(ratio).toDecimalPlaces(2, Money.ROUND_DOWN);
  const amount = new Money(amountText);
  if (amount.greaterThan(cap)) {
    throw policyViolation(services.policy, 'settlement.supervisionFeeCap', {
      code: 'supervision_fee_over_cap',
      zh: `监管专项费用 ${amount.toFixed(2)} 元超过年度结算费用 ${new Money(settlement.total).toFixed(2)} 元的 ${ratio.times(100).toString()}%（上限 ${cap.toFixed(2)} 元）`,
      en: `The supervision budget ${amount.toFixed(2)} exceeds ${ratio.times(100).toString()}% of the settlement total ${new Money(settlement.total).toFixed(2)} (cap ${cap.toFixed(2)})`,
      path: 'amount',
      details: { amount: amount.toFixed(2), total: new Money(settlement.total).toFixed(2), cap: cap.toFixed(2), ratio: ratio.toString() },
    });
  }
  await trx.updateTable('settlements').set({ supervision_budget: amount.toFixed(2), supervision_recorded_by_name: actor.displayName }).where('id', '=', id).execute();
  return settlementDetail(trx, services, actor, id);
}

function presentSummary(row: Awaited<ReturnType<typeof requireSettlement>>): SettlementSummary {
  return {
    id: row.id,
    firstMonth: row.first_month,
    lastMonth: row.last_month,
    label: row.label,
    status: row.status,
    statementsTotal: row.statements_total,
    adjustmentsTotal: row.adjustments_total,
    total: row.total,
    supervisionBudget: row.supervision_budget,
    generatedAt: row.generated_at.toISOString(),
    generatedBy: row.generated_by_name,
    auditedAt: row.audited_at?.toISOString() ?? null,
    auditedBy: row.audited_by_name,
    approvedAt: row.approved_at?.toISOString() ?? null,
    approvedBy: row.approved_by_name,
  };
}

export async function listSettlements(trx: Trx): Promise<SettlementSummary[]> {
  return (await trx.selectFrom('settlements').selectAll().orderBy('first_month', 'desc').execute()).map(presentSummary);
}

const money = (value: Money) => value.toFixed(2);

/** A settlement with its totals per operator, unit and system, and the adjustments that moved them. */
export async function settlementDetail(trx: Trx, services: Services, actor: Actor, id: string): Promise<SettlementDetail> {
  const row = await requireSettlement(trx, id);
  const lines = await trx
    .selectFrom('settlement_lines as l')
    .innerJoin('units as p', 'p.id', 'l.provider_unit_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .leftJoin('information_systems as s', 's.id', 'l.system_id')
    .select(['l.provider_unit_id', 'p.name as provider_name', 'l.unit_id', 'u.name as unit_name', 'l.system_id', 's.name as system_name', 'l.district_budget', 'l.amount'])
    .where('l.settlement_id', '=', id)
    .execute();
  const adjustments = await trx
    .selectFrom('settlement_adjustments as a')
    .innerJoin('units as p', 'p.id', 'a.provider_unit_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('information_systems as s', 's.id', 'a.system_id')
    .select(['a.id', 'a.provider_unit_id', 'p.name as provider_name', 'a.unit_id', 'u.name as unit_name', 'a.system_id', 's.name as system_name', 'a.amount', 'a.reason', 'a.actor_name', 'a.created_at'])
    .where('a.settlement_id', '=', id)
    .orderBy('a.created_at')
    .execute();
  const budgets = new Map(lines.map((l) => [l.unit_id, l.district_budget]));

  type Sums = { statements: Money; adjustments: Money };
  const add = <K>(map: Map<K, Sums>, key: K, field: keyof Sums, amount: string) => {
    const sums = map.get(key) ?? { statements: new Money(0), adjustments: new Money(0) };
    sums[field] = sums[field].plus(amount);
    map.set(key, sums);
  };
  const names = new Map<string, string>();
  const operators = new Map<string, Sums>();
  const operatorBudget = new Map<string, { districtBudget: Money; nonBudget: Money }>();
  const units = new Map<string, Sums>();
  const systems = new Map<string, Sums>();
  const systemKey = (provider: string, unit: string, system: string | null) => `${provider}|${unit}|${system ?? ''}`;
  for (const line of lines) {
    names.set(line.provider_unit_id, line.provider_name).set(line.unit_id, line.unit_name);
    if (line.system_id && line.system_name) names.set(line.system_id, line.system_name);
    add(operators, line.provider_unit_id, 'statements', line.amount);
    add(units, line.unit_id, 'statements', line.amount);
    add(systems, systemKey(line.provider_unit_id, line.unit_id, line.system_id), 'statements', line.amount);
  }
  for (const adjustment of adjustments) {
    names.set(adjustment.provider_unit_id, adjustment.provider_name).set(adjustment.unit_id, adjustment.unit_name);
    if (adjustment.system_id && adjustment.system_name) names.set(adjustment.system_id, adjustment.system_name);
    add(operators, adjustment.provider_unit_id, 'adjustments', adjustment.amount);
    add(units, adjustment.unit_id, 'adjustments', adjustment.amount);
    add(systems, systemKey(adjustment.provider_unit_id, adjustment.unit_id, adjustment.system_id), 'adjustments', adjustment.amount);
  }
  for (const [key, sums] of systems) {
    const [provider, unit] = key.split('|') as [string, string];
    const split = operatorBudget.get(provider) ?? { districtBudget: new Money(0), nonBudget: new Money(0) };
    const total = sums.statements.plus(sums.adjustments);
    if (budgets.get(unit) === false) split.nonBudget = split.nonBudget.plus(total);
    else split.districtBudget = split.districtBudget.plus(total);
    operatorBudget.set(provider, split);
  }
  const party = (id: string) => ({ id, name: names.get(id) ?? '' });
  const totals = (sums: Sums) => ({ statements: money(sums.statements), adjustments: money(sums.adjustments), total: money(sums.statements.plus(sums.adjustments)) });
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'zh-CN');

  const policy = services.policy.parameters;
  const ratio = new Money(policy['settlement.supervisionFeeCap'].value);
  const open = row.status !== 'approved';
  return {
    ...presentSummary(row),
    supervisionCap: { ratio: ratio.toString(), amount: money(new Money(row.total).times(ratio).toDecimalPlaces(2, Money.ROUND_DOWN)), article: policy['settlement.supervisionFeeCap'].article },
    byOperator: [...operators]
      .map(([provider, sums]) => ({
        provider: party(provider),
        ...totals(sums),
        districtBudget: money(operatorBudget.get(provider)?.districtBudget ?? new Money(0)),
        nonBudget: money(operatorBudget.get(provider)?.nonBudget ?? new Money(0)),
      }))
      .sort((a, b) => byName(a.provider, b.provider)),
    byUnit: [...units].map(([unit, sums]) => ({ unit: party(unit), districtBudget: budgets.get(unit) ?? true, ...totals(sums) })).sort((a, b) => byName(a.unit, b.unit)),
    bySystem: [...systems]
      .map(([key, sums]) => {
        const [provider, unit, system] = key.split('|') as [string, string, string];
        return { unit: party(unit), system: system ? party(system) : null, provider: party(provider), ...totals(sums) };
      })
      .sort((a, b) => byName(a.unit, b.unit) || (a.system?.name ?? '').localeCompare(b.system?.name ?? '', 'zh-CN') || byName(a.provider, b.provider)),
    adjustments: adjustments.map((a) => ({
      id: a.id,
      provider: party(a.provider_unit_id),
      unit: party(a.unit_id),
      system: a.system_id ? party(a.system_id) : null,
      amount: a.amount,
      reason: a.reason,
      actorName: a.actor_name,
      createdAt: a.created_at.toISOString(),
    })),
    workflow: {
      thirdPartyAudit: policy['settlement.thirdPartyAudit'].value,
      canRun: open && actor.permissions.has('settlement:run'),
      canSubmit: row.status === 'draft' && actor.permissions.has('settlement:run'),
      canAdjust: row.status === 'in_audit' && actor.permissions.has('settlement:audit'),
      canCompleteAudit: row.status === 'in_audit' && actor.permissions.has('settlement:audit'),
      canApprove: row.status === 'audited' && actor.permissions.has('settlement:approve'),
      canSetSupervision: open && actor.permissions.has('settlement:run'),
    },
  };
}
