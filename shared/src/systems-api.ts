/** Contract of information systems (信息系统), project approvals (立项), quotas (配额, QP-8) and documents. */
import { z } from 'zod';
import { AMOUNT_PATTERN } from './money.ts';
import { PageQuerySchema, UnitRefSchema } from './api.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z.string().trim().regex(/^[0-9+\-() ]{5,32}$/, { message: 'phone_invalid' });
export const QuantitySchema = z.string().trim().regex(/^(0|[1-9][0-9]{0,11})(\.[0-9]{1,3})?$/, { message: 'quantity_invalid' });
export const AmountSchema = z.string().trim().regex(AMOUNT_PATTERN, { message: 'amount_invalid' });
export const DateSchema = z.iso.date();

export const ConstructionTypeSchema = z.enum(['new', 'migrate']).describe('new 新建 | migrate 已建系统迁移上云 (SJ-12)');
export const ArchitectureSchema = z.enum(['x86', 'arm']).describe('x86 | arm 信创');

export const InformationSystemSchema = z.object({
  id: z.uuid(),
  unit: UnitRefSchema,
  name: z.string(),
  purpose: z.string(),
  mlpsLevel: z.number().int(),
  mlpsFilingNumber: z.string().nullable(),
  constructionType: ConstructionTypeSchema,
  ownerName: z.string(),
  ownerPhone: z.string(),
  ownerEmail: z.string().nullable(),
  projectCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InformationSystem = z.infer<typeof InformationSystemSchema>;

export const CreateSystemBodySchema = z.object({
  unitId: z.uuid().optional().describe('owning user unit; unit staff may only give their own (default)'),
  name: text(100),
  purpose: text(500),
  mlpsLevel: z.number().int().min(1).max(5).describe('等保级别; above the profile maximum (3) is refused, QP-5/QP-7'),
  classified: z.boolean().default(false).describe('涉密系统 are refused (QP-5, SJ-2)'),
  mlpsFilingNumber: z.string().trim().max(60).optional(),
  constructionType: ConstructionTypeSchema,
  ownerName: text(40),
  ownerPhone: phone,
  ownerEmail: z.email().optional(),
});
export const UpdateSystemBodySchema = CreateSystemBodySchema.omit({ unitId: true }).partial();

export const SystemListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  unitId: z.uuid().optional(),
  mlpsLevel: z.coerce.number().int().min(1).max(3).optional(),
  constructionType: ConstructionTypeSchema.optional(),
});

export const QuotaLineSchema = z.object({
  itemId: z.uuid(),
  quantity: QuantitySchema.describe('approved quantity in the item’s unit of measure'),
  basis: text(500).describe('配额依据 (QP-8)'),
});
export const QuotaViewSchema = QuotaLineSchema.extend({ itemCode: z.string(), itemName: z.string(), itemNameEn: z.string(), unitOfMeasure: z.string() });

export const DocumentSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sm3: z.string().describe('SM3 hash of the content (hex)'),
  uploadedAt: z.string(),
});

export const ProjectSchema = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  systemName: z.string(),
  unit: UnitRefSchema,
  documentNumber: z.string(),
  approvedOn: z.string(),
  approvingBody: z.string(),
  budget: z.string(),
  architecture: ArchitectureSchema,
  platformIds: z.array(z.uuid()),
  cyclical: z.boolean(),
  cyclicalPattern: z.string().nullable(),
  quotas: z.array(QuotaViewSchema),
  documents: z.array(DocumentSchema),
  createdAt: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const CreateProjectBodySchema = z.object({
  documentNumber: text(80).describe('立项批复文号'),
  approvedOn: DateSchema,
  approvingBody: text(100),
  budget: AmountSchema.describe('CNY, up to 2 decimals'),
  architecture: ArchitectureSchema,
  platformIds: z.array(z.uuid()).max(20).default([]).describe('intended platform(s), SJ-11'),
  cyclical: z.boolean().default(false).describe('周期性负载 (QP-8)'),
  cyclicalPattern: z.string().trim().max(300).optional(),
  quotas: z.array(QuotaLineSchema).min(1).max(100),
});
export const UpdateProjectBodySchema = CreateProjectBodySchema.partial();

export const QuotaUsageSchema = z.object({
  systemId: z.uuid(),
  ceilingRatio: z.string(),
  article: z.string().nullable(),
  lines: z.array(
    z.object({
      itemId: z.uuid(),
      itemCode: z.string(),
      itemName: z.string(),
      itemNameEn: z.string(),
      unitOfMeasure: z.string(),
      approved: z.string().describe('sum of the quotas of the system’s project approvals'),
      allocated: z.string().describe('provisioned and not reclaimed'),
      pending: z.string().describe('in applications not yet decided'),
      ceiling: z.string().describe('approved × the expansion ceiling ratio (QP-10)'),
      headroom: z.string().describe('ceiling − allocated − pending'),
    }),
  ),
});
