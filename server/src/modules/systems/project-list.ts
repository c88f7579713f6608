/**
 * The list of cloud projects (上云项目) as of a moment: every information system registered by then with
 * its project approvals (立项) approved by then and the quota each approves — what QP-15 asks to be
 * synced to the big-data platform each month. Ordered by ids here; readers that render it sort it.
 */
import { Money } from '@yunshu/shared/money';
import type { Trx } from '../../platform/db/database.ts';

export interface CloudProject {
  systemId: string;
  systemName: string;
  unitId: string;
  unitName: string;
  unitCreditCode: string;
  purpose: string;
  mlpsLevel: number;
  mlpsFilingNumber: string | null;
  constructionType: string;
  registeredAt: string;
  approvals: {
    projectId: string;
    documentNumber: string;
    approvedOn: string;
    approvingBody: string;
    budget: string;
    architecture: string;
    quotas: { itemCode: string; quantity: string }[];
  }[];
}

/** Systems registered before `end` and their approvals dated before `end`'s day (`endDate`, 'YYYY-MM-DD'). */
export async function cloudProjectsAsOf(trx: Trx, end: Date, endDate: string): Promise<CloudProject[]> {
  const systems = await trx
    .selectFrom('information_systems as s')
    .innerJoin('units as n', 'n.id', 's.unit_id')
    .select(['s.id', 's.name', 's.unit_id', 's.purpose', 's.mlps_level', 's.mlps_filing_number', 's.construction_type', 's.created_at', 'n.name as unit_name', 'n.credit_code'])
    .where('s.created_at', '<', end)
    .orderBy('s.id')
    .execute();
  if (systems.length === 0) return [];
  const approvals = await trx
    .selectFrom('project_approvals')
    .select(['id', 'system_id', 'document_number', 'approved_on', 'approving_body', 'budget', 'architecture'])
    .where(
      'system_id',
      'in',
      systems.map((s) => s.id),
    )
    .where('approved_on', '<', endDate)
    .orderBy('id')
    .execute();
  const quotas = approvals.length
    ? await trx
        .selectFrom('project_quotas as q')
        .innerJoin('catalog_items as i', 'i.id', 'q.item_id')
        .select(['q.project_id', 'i.code', 'q.quantity'])
        .where(
          'q.project_id',
          'in',
          approvals.map((a) => a.id),
        )
        .orderBy('i.code')
        .execute()
    : [];
  return systems.map((s) => ({
    systemId: s.id,
    systemName: s.name,
    unitId: s.unit_id,
    unitName: s.unit_name,
    unitCreditCode: s.credit_code,
    purpose: s.purpose,
    mlpsLevel: s.mlps_level,
    mlpsFilingNumber: s.mlps_filing_number,
    constructionType: s.construction_type,
    registeredAt: s.created_at.toISOString(),
    approvals: approvals
      .filter((a) => a.system_id === s.id)
      .map((a) => ({
        projectId: a.id,
        documentNumber: a.document_number,
        approvedOn: a.approved_on,
        approvingBody: a.approving_body,
        budget: new Money(a.budget).toFixed(2),
        architecture: a.architecture,
        quotas: quotas.filter((q) => q.project_id === a.id).map((q) => ({ itemCode: q.code, quantity: new Money(q.quantity).toFixed(3) })),
      })),
  }));
}
