/** SQL over information systems, project approvals, quotas and documents. RLS narrows every query to the caller's unit. */
import type { InformationSystem, Project } from '@yunshu/shared/systems-api';
import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { containsPattern, fetchPage } from '../../platform/db/query-helpers.ts';

function systemQuery(trx: Trx) {
  return trx
    .selectFrom('information_systems as s')
    .innerJoin('units as n', 'n.id', 's.unit_id')
    .selectAll('s')
    .select(['n.name as unit_name', 'n.type as unit_type'])
    .select(sql<string>`(SELECT count(*) FROM project_approvals p WHERE p.system_id = s.id)`.as('project_count'));
}
type SystemRow = Awaited<ReturnType<ReturnType<typeof systemQuery>['executeTakeFirstOrThrow']>>;

function presentSystem(row: SystemRow): InformationSystem {
  return {
    id: row.id,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as InformationSystem['unit']['type'] },
    name: row.name,
    purpose: row.purpose,
    mlpsLevel: row.mlps_level,
    mlpsFilingNumber: row.mlps_filing_number,
    constructionType: row.construction_type as InformationSystem['constructionType'],
    ownerName: row.owner_name,
    ownerPhone: row.owner_phone,
    ownerEmail: row.owner_email,
    projectCount: Number(row.project_count),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findSystem(trx: Trx, id: string): Promise<InformationSystem | null> {
  const row = await systemQuery(trx).where('s.id', '=', id).executeTakeFirst();
  return row ? presentSystem(row) : null;
}

export interface SystemFilter {
  q?: string | undefined;
  unitId?: string | undefined;
  mlpsLevel?: number | undefined;
  constructionType?: string | undefined;
}

export async function listSystems(trx: Trx, filter: SystemFilter, page: number, pageSize: number) {
  let query = systemQuery(trx);
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('s.name', 'ilike', like), eb('s.purpose', 'ilike', like), eb('n.name', 'ilike', like)]));
  }
  if (filter.unitId) query = query.where('s.unit_id', '=', filter.unitId);
  if (filter.mlpsLevel) query = query.where('s.mlps_level', '=', filter.mlpsLevel);
  if (filter.constructionType) query = query.where('s.construction_type', '=', filter.constructionType);
  return fetchPage(trx, query, query.orderBy('n.name').orderBy('s.name'), page, pageSize, presentSystem);
}

export async function findProject(trx: Trx, id: string): Promise<Project | null> {
  const row = await trx
    .selectFrom('project_approvals as p')
    .innerJoin('information_systems as s', 's.id', 'p.system_id')
    .innerJoin('units as n', 'n.id', 'p.unit_id')
    .selectAll('p')
    .select(['s.name as system_name', 'n.name as unit_name', 'n.type as unit_type'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const quotas = await trx
    .selectFrom('project_quotas as q')
    .innerJoin('catalog_items as i', 'i.id', 'q.item_id')
    .select(['q.item_id', 'q.quantity', 'q.basis', 'i.code', 'i.name_zh', 'i.name_en', 'i.unit_of_measure'])
    .where('q.project_id', '=', id)
    .orderBy('i.code')
    .execute();
  const documents = await trx
    .selectFrom('documents')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'sm3', 'uploaded_at'])
    .where('owner_type', '=', 'project')
    .where('owner_id', '=', id)
    .orderBy('uploaded_at')
    .execute();
  return {
    id: row.id,
    systemId: row.system_id,
    systemName: row.system_name,
    unit: { id: row.unit_id, name: row.unit_name, type: row.unit_type as Project['unit']['type'] },
    documentNumber: row.document_number,
    approvedOn: row.approved_on,
    approvingBody: row.approving_body,
    budget: row.budget,
    architecture: row.architecture as Project['architecture'],
    platformIds: row.platform_ids,
    cyclical: row.cyclical,
    cyclicalPattern: row.cyclical_pattern,
    quotas: quotas.map((q) => ({ itemId: q.item_id, quantity: q.quantity, basis: q.basis, itemCode: q.code, itemName: q.name_zh, itemNameEn: q.name_en, unitOfMeasure: q.unit_of_measure })),
    documents: documents.map((d) => ({
      id: d.id,
      filename: d.filename,
      contentType: d.content_type,
      sizeBytes: d.size_bytes,
      sm3: d.sm3,
      uploadedAt: d.uploaded_at.toISOString(),
    })),
    createdAt: row.created_at.toISOString(),
  };
}

export async function projectIdsOfSystem(trx: Trx, systemId: string): Promise<string[]> {
  const rows = await trx.selectFrom('project_approvals').select('id').where('system_id', '=', systemId).orderBy('approved_on').orderBy('created_at').execute();
  return rows.map((r) => r.id);
}

/** Approved quota per catalog item, summed over the system's project approvals. */
export async function approvedQuotas(trx: Trx, systemId: string) {
  return trx
    .selectFrom('project_quotas as q')
    .innerJoin('project_approvals as p', 'p.id', 'q.project_id')
    .innerJoin('catalog_items as i', 'i.id', 'q.item_id')
    .select(['q.item_id', 'i.code', 'i.name_zh', 'i.name_en', 'i.unit_of_measure', sql<string>`sum(q.quantity)::text`.as('approved')])
    .where('p.system_id', '=', systemId)
    .groupBy(['q.item_id', 'i.code', 'i.name_zh', 'i.name_en', 'i.unit_of_measure'])
    .orderBy('i.code')
    .execute();
}
