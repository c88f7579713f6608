/**
 * Contract of metering and monthly statements (SJ-15 先用后付、按实结算): billing months, statements per
 * unit with their lines, drill-down to resources and usage intervals. Money is always a string of yuan
 * with two decimals (fen); unit prices and quantities keep their own precision.
 */
import { z } from 'zod';
import { PageQuerySchema, UnitRefSchema } from './api.ts';

export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month_invalid' }).describe('YYYY-MM, Asia/Shanghai');
export const MonthParamsSchema = z.object({ month: MonthSchema });

export const BillingMonthSchema = z.object({
  month: z.string(),
  status: z.enum(['draft', 'confirmed']),
  total: z.string().nullable().describe('the district total; null for unit-scoped callers, who see their own statements only'),
  ratedAt: z.string(),
  ratedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
});
export type BillingMonth = z.infer<typeof BillingMonthSchema>;

export const MonthResultSchema = z.object({
  month: z.string(),
  status: z.enum(['draft', 'confirmed']),
  total: z.string(),
  statements: z.number().int(),
  lines: z.number().int(),
});

export const StatementSchema = z.object({
  id: z.uuid(),
  month: z.string(),
  unit: UnitRefSchema,
  districtBudget: z.boolean().describe('false: a non-budget unit paying its own bill at catalog prices (SJ-15)'),
  total: z.string(),
  lineCount: z.number().int(),
  status: z.enum(['draft', 'confirmed']),
});
export type Statement = z.infer<typeof StatementSchema>;

export const StatementLineSchema = z.object({
  lineNo: z.number().int(),
  systemId: z.uuid().nullable(),
  systemName: z.string().nullable(),
  platformId: z.uuid(),
  platformName: z.string(),
  providerUnitId: z.uuid(),
  providerName: z.string(),
  item: z.object({ id: z.uuid(), code: z.string(), nameZh: z.string(), nameEn: z.string(), unitOfMeasure: z.string() }),
  priceVersion: z.object({ id: z.uuid(), effectiveFrom: z.string(), effectiveTo: z.string().nullable() }),
  unitPrice: z.string().describe('yuan per unit per month'),
  quantityHours: z.string().describe('quantity × hours used, e.g. vCPU-hours'),
  resources: z.number().int(),
  amount: z.string().describe('rounded half-up to the fen, once per line'),
});
export type StatementLine = z.infer<typeof StatementLineSchema>;

export const StatementDetailSchema = StatementSchema.extend({ lines: z.array(StatementLineSchema) });
export type StatementDetail = z.infer<typeof StatementDetailSchema>;

export const StatementListQuerySchema = PageQuerySchema.extend({
  month: MonthSchema.optional(),
  unitId: z.uuid().optional(),
  districtBudget: z.enum(['true', 'false']).optional(),
});

export const LineResourceSchema = z.object({
  resourceId: z.uuid(),
  resourceName: z.string(),
  quantityHours: z.string(),
  exact: z.string().describe('the resource’s share before the line is rounded'),
  intervals: z.array(
    z.object({
      id: z.string(),
      quantity: z.string(),
      power: z.enum(['running', 'stopped']),
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      source: z.string(),
    }),
  ),
});
export const LineResourcesSchema = z.object({ line: StatementLineSchema, resources: z.array(LineResourceSchema) });
export const StatementLineParamsSchema = z.object({ id: z.uuid(), lineNo: z.coerce.number().int().min(1) });

export const SETTLEMENT_STATUSES = ['draft', 'in_audit', 'audited', 'approved'] as const;
export const SETTLEMENT_STATUS_LABELS: Record<(typeof SETTLEMENT_STATUSES)[number], { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_audit: { zh: '第三方审价中', en: 'In audit' },
  audited: { zh: '待主管部门审定', en: 'Awaiting approval' },
  approved: { zh: '已审定（冻结）', en: 'Approved (frozen)' },
};

const amount = z.string().describe('yuan, two decimals');

export const SettlementSummarySchema = z.object({
  id: z.uuid(),
  firstMonth: z.string(),
  lastMonth: z.string(),
  label: z.string(),
  status: z.enum(SETTLEMENT_STATUSES),
  statementsTotal: amount,
  adjustmentsTotal: amount,
  total: amount,
  supervisionBudget: amount.nullable(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  auditedAt: z.string().nullable(),
  auditedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
});
export type SettlementSummary = z.infer<typeof SettlementSummarySchema>;

const Party = z.object({ id: z.uuid(), name: z.string() });
export const SettlementDetailSchema = SettlementSummarySchema.extend({
  supervisionCap: z.object({ ratio: z.string(), amount, article: z.string().nullable() }),
  byOperator: z.array(z.object({ provider: Party, statements: amount, adjustments: amount, total: amount, districtBudget: amount, nonBudget: amount })),
  byUnit: z.array(z.object({ unit: Party, districtBudget: z.boolean(), statements: amount, adjustments: amount, total: amount })),
  bySystem: z.array(z.object({ unit: Party, system: Party.nullable(), provider: Party, statements: amount, adjustments: amount, total: amount })),
  adjustments: z.array(
    z.object({ id: z.uuid(), provider: Party, unit: Party, system: Party.nullable(), amount, reason: z.string(), actorName: z.string(), createdAt: z.string() }),
  ),
  workflow: z.object({
    thirdPartyAudit: z.boolean(),
    canRun: z.boolean(),
    canSubmit: z.boolean(),
    canAdjust: z.boolean(),
    canCompleteAudit: z.boolean(),
    canApprove: z.boolean(),
    canSetSupervision: z.boolean(),
  }),
});
export type SettlementDetail = z.infer<typeof SettlementDetailSchema>;

export const RunSettlementBodySchema = z.object({ firstMonth: MonthSchema.describe('the first month of the settlement period, e.g. 2025-07 in Songjiang (SJ-15)') });
export const AdjustmentBodySchema = z.object({
  providerUnitId: z.uuid(),
  unitId: z.uuid(),
  systemId: z.uuid().optional(),
  amount: z.string().regex(/^-?\d{1,13}(\.\d{1,2})?$/, { message: 'amount_invalid' }).describe('signed yuan, at most two decimals; not zero'),
  reason: z.string().trim().min(2).max(1000),
});
export const SupervisionBodySchema = z.object({ amount: z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, { message: 'amount_invalid' }) });

export const BillingSummaryQuerySchema = z.object({
  from: MonthSchema.optional().describe('first month, default 11 months before the last rated one'),
  to: MonthSchema.optional().describe('last month, default the last rated one'),
});
const Share = z.object({ id: z.string(), name: z.string(), total: z.string() });
export const BillingSummarySchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  total: z.string(),
  months: z.array(z.object({ month: z.string(), status: z.enum(['draft', 'confirmed']), total: z.string(), districtBudget: z.string(), nonBudget: z.string() })),
  byUnit: z.array(Share),
  bySystem: z.array(Share.extend({ unitName: z.string() })),
  byProvider: z.array(Share),
  byCategory: z.array(Share.describe('id: the catalog category (compute, block_storage …)')),
});
export type BillingSummary = z.infer<typeof BillingSummarySchema>;

export const UsageCorrectionBodySchema = z
  .object({
    intervalId: z.string().regex(/^\d+$/).describe('the usage interval to correct'),
    quantity: z.string().regex(/^\d{1,15}(\.\d{1,3})?$/, { message: 'quantity_invalid' }).optional(),
    startedAt: z.iso.datetime({ offset: true }).optional(),
    endedAt: z.iso.datetime({ offset: true }).nullable().optional().describe('null: still open'),
    reason: z.string().trim().min(2).max(1000),
  })
  .refine((body) => body.quantity !== undefined || body.startedAt !== undefined || body.endedAt !== undefined, { message: 'correction_changes_nothing' });

export const UsageIntervalSchema = z.object({
  id: z.string(),
  resourceId: z.uuid(),
  itemId: z.uuid(),
  quantity: z.string(),
  power: z.enum(['running', 'stopped']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  source: z.string(),
  corrects: z.string().nullable(),
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
});
