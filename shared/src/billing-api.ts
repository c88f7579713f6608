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
  total: z.string(),
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
