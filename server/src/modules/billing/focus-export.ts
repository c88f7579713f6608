/**
 * A month's statements as a FOCUS-style CSV (FinOps Open Cost and Usage Specification column names
 * where they fit): one row per statement line. Deterministic — the same month gives the same bytes.
 */
import { Money } from '@yunshu/shared/money';
import type { Trx } from '../../platform/db/database.ts';
import { monthBounds } from './rating.ts';
import { monthLines } from './statements.repository.ts';

const COLUMNS = [
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
  'ChargeClass',
  'InvoiceIssuerName',
  'ProviderName',
  'RegionName',
  'ServiceName',
  'SkuId',
  'SubAccountId',
  'SubAccountName',
  'x_DistrictBudget',
  'x_InformationSystem',
  'x_PriceVersionId',
] as const;

const PRICING_UNITS: Record<string, string> = { vcpu_month: 'vCPU-Month', gib_month: 'GiB-Month', instance_month: 'Instance-Month', mbps_month: 'Mbps-Month' };
const CONSUMED_UNITS: Record<string, string> = { vcpu_month: 'vCPU-Hours', gib_month: 'GiB-Hours', instance_month: 'Instance-Hours', mbps_month: 'Mbps-Hours' };

function cell(value: string | null): string {
  const text = value ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function focusCsv(trx: Trx, month: string): Promise<string> {
  const { start, end } = monthBounds(month);
  const hours = (end.getTime() - start.getTime()) / 3600_000;
  const rows = await monthLines(trx, month);
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    // PricingQuantity is in the price's unit (unit-months): quantity-hours over the month's hours.
    const pricingQuantity = new Money(row.quantity_hours).div(hours).toFixed(6);
    const values: Record<(typeof COLUMNS)[number], string | null> = {
      BillingPeriodStart: start.toISOString(),
      BillingPeriodEnd: end.toISOString(),
      ChargePeriodStart: start.toISOString(),
      ChargePeriodEnd: end.toISOString(),
      BilledCost: row.amount,
      BillingCurrency: 'CNY',
      ContractedUnitPrice: row.unit_price,
      PricingQuantity: pricingQuantity,
      PricingUnit: PRICING_UNITS[row.unit_of_measure] ?? row.unit_of_measure,
      ConsumedQuantity: row.quantity_hours,
      ConsumedUnit: CONSUMED_UNITS[row.unit_of_measure] ?? row.unit_of_measure,
      ChargeCategory: 'Usage',
      ChargeClass: null,
      InvoiceIssuerName: row.provider_name,
      ProviderName: row.provider_name,
      RegionName: row.platform_name,
      ServiceName: row.item_name,
      SkuId: row.item_code,
      SubAccountId: row.unit_id,
      SubAccountName: row.unit_name,
      x_DistrictBudget: row.district_budget ? 'true' : 'false',
      x_InformationSystem: row.system_name,
      x_PriceVersionId: row.price_version_id,
    };
    lines.push(COLUMNS.map((c) => cell(values[c])).join(','));
  }
  // A BOM so that Excel opens the Chinese names as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
