/**
 * The body delivered to the big-data platform for a month (QP-15 in Qingpu) and its CSV twin. Pure and
 * deterministic: projects and usage are sorted by code point (never by a database collation, which
 * differs between PostgreSQL servers), keys are written in a fixed order and nothing depends on the
 * clock, so the same month's data always gives the same bytes. Usage rows carry FOCUS column names
 * where one fits (FinOps Open Cost and Usage Specification), `x_`-prefixed ones otherwise.
 */
import { Money } from '@yunshu/shared/money';
import type { MonthUsageLine, UsageSource } from '../billing/index.ts';
import type { CloudProject } from '../systems/index.ts';

export const PAYLOAD_SCHEMA = 'yunshu.datasync.v1';

export const USAGE_COLUMNS = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'BillingCurrency',
  'ContractedUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ChargeCategory',
  'ProviderName',
  'InvoiceIssuerName',
  'RegionName',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'x_UnitCreditCode',
  'x_DistrictBudget',
  'x_InformationSystemId',
  'x_InformationSystem',
  'x_PlatformId',
  'x_ResourceCount',
] as const;
export type UsageColumn = (typeof USAGE_COLUMNS)[number];
export type UsageRow = Record<UsageColumn, string>;

const PRICING_UNITS: Record<string, string> = { vcpu_month: 'vCPU-Month', gib_month: 'GiB-Month', instance_month: 'Instance-Month', mbps_month: 'Mbps-Month' };
const CONSUMED_UNITS: Record<string, string> = { vcpu_month: 'vCPU-Hours', gib_month: 'GiB-Hours', instance_month: 'Instance-Hours', mbps_month: 'Mbps-Hours' };

export interface SyncPayloadInput {
  deliveryId: string;
  month: string;
  revision: number;
  district: string;
  /** The article the profile names for `dataSync.period` (QP-15 in Qingpu); null where the regulation has none. */
  article: string | null;
  bounds: { start: Date; end: Date };
  usageSource: UsageSource;
  projects: readonly CloudProject[];
  usage: readonly MonthUsageLine[];
}

export interface SyncPayload {
  schema: typeof PAYLOAD_SCHEMA;
  /** The article the profile names for `dataSync.period`; null where the regulation has none. */
  article: string | null;
  deliveryId: string;
  month: string;
  revision: number;
  district: string;
  billingPeriodStart: string;
  billingPeriodEnd: string;
  usageSource: UsageSource;
  currency: 'CNY';
  summary: { projects: number; approvals: number; usageLines: number; billedCost: string };
  projects: CloudProject[];
  usage: UsageRow[];
}

/** Code-point order of tuples of text, nulls last: the same on every machine. */
function compareKeys(a: readonly (string | null)[], b: readonly (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function buildSyncPayload(input: SyncPayloadInput): SyncPayload {
  const start = input.bounds.start.toISOString();
  const end = input.bounds.end.toISOString();
  const hours = (input.bounds.end.getTime() - input.bounds.start.getTime()) / 3_600_000;
  const projects = [...input.projects]
    .sort((a, b) => compareKeys([a.unitName, a.unitId, a.systemName, a.systemId], [b.unitName, b.unitId, b.systemName, b.systemId]))
    .map((p) => ({
      ...p,
      approvals: [...p.approvals]
        .sort((a, b) => compareKeys([a.approvedOn, a.documentNumber, a.projectId], [b.approvedOn, b.documentNumber, b.projectId]))
        .map((a) => ({ ...a, quotas: [...a.quotas].sort((x, y) => compareKeys([x.itemCode], [y.itemCode])) })),
    }));
  const lines = [...input.usage].sort((a, b) =>
    compareKeys(
      [a.unitName, a.unitId, a.systemName, a.systemId, a.platformName, a.platformId, a.itemCode, a.priceVersionId],
      [b.unitName, b.unitId, b.systemName, b.systemId, b.platformName, b.platformId, b.itemCode, b.priceVersionId],
    ),
  );
  let billed = new Money(0);
  const usage = lines.map((line): UsageRow => {
    billed = billed.plus(line.amount);
    return {
      BillingPeriodStart: start,
      BillingPeriodEnd: end,
      ChargePeriodStart: start,
      ChargePeriodEnd: end,
      BilledCost: line.amount,
      BillingCurrency: 'CNY',
      ContractedUnitPrice: line.unitPrice,
      // In the price's unit (unit-months): quantity-hours over the month's hours.
      PricingQuantity: new Money(line.quantityHours).div(hours).toDecimalPlaces(6, Money.ROUND_HALF_UP).toFixed(6),
      PricingUnit: PRICING_UNITS[line.unitOfMeasure] ?? line.unitOfMeasure,
      ConsumedQuantity: line.quantityHours,
      ConsumedUnit: CONSUMED_UNITS[line.unitOfMeasure] ?? line.unitOfMeasure,
      ChargeCategory: 'Usage',
      ProviderName: line.providerName,
      InvoiceIssuerName: line.providerName,
      RegionName: line.platformName,
      ServiceName: line.itemName,
      SkuId: line.itemCode,
      SkuPriceId: line.priceVersionId,
      SubAccountId: line.unitId,
      SubAccountName: line.unitName,
      x_UnitCreditCode: line.unitCreditCode,
      x_DistrictBudget: line.districtBudget ? 'true' : 'false',
      x_InformationSystemId: line.systemId ?? '',
      x_InformationSystem: line.systemName ?? '',
      x_PlatformId: line.platformId,
      x_ResourceCount: String(line.resources),
    };
  });
  return {
    schema: PAYLOAD_SCHEMA,
    article: input.article,
    deliveryId: input.deliveryId,
    month: input.month,
    revision: input.revision,
    district: input.district,
    billingPeriodStart: start,
    billingPeriodEnd: end,
    usageSource: input.usageSource,
    currency: 'CNY',
    summary: {
      projects: projects.length,
      approvals: projects.reduce((n, p) => n + p.approvals.length, 0),
      usageLines: usage.length,
      billedCost: billed.toFixed(2),
    },
    projects,
    usage,
  };
}

/** The exact bytes delivered and downloaded. */
export function serializePayload(payload: SyncPayload): string {
  return JSON.stringify(payload);
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The usage rows as CSV with the same column names, a BOM so that Excel reads the Chinese as UTF-8. */
export function usageCsv(payload: Pick<SyncPayload, 'usage'>): string {
  const lines = [USAGE_COLUMNS.join(',')];
  for (const row of payload.usage) lines.push(USAGE_COLUMNS.map((c) => cell(row[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
