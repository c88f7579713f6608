/** Units (单位): the authority, the operator, user units, providers and auditors. */
import type { CreateUnitBodySchema, Unit, UpdateUnitBodySchema } from '@yunshu/shared/api';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { containsPattern, fetchPage } from '../../platform/db/query-helpers.ts';

const UNIT = { zh: '单位', en: 'Unit' };

function baseQuery(trx: Trx) {
  return trx
    .selectFrom('units as n')
    .selectAll('n')
    .select(sql<string>`(SELECT count(*) FROM users u WHERE u.unit_id = n.id)`.as('user_count'));
}

type UnitRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function presentUnit(row: UnitRow): Unit {
  return {
    id: row.id,
    name: row.name,
    shortName: row.short_name,
    type: row.type as Unit['type'],
    category: row.category as Unit['category'],
    creditCode: row.credit_code,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    districtBudget: row.district_budget,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
    userCount: Number(row.user_count),
  };
}

export async function findUnit(trx: Trx, id: string): Promise<Unit | null> {
  const row = await baseQuery(trx).where('n.id', '=', id).executeTakeFirst();
  return row ? presentUnit(row) : null;
}

export async function requireUnit(trx: Trx, id: string): Promise<Unit> {
  const unit = await findUnit(trx, id);
  if (!unit) throw errors.notFound(UNIT);
  return unit;
}

export async function listUnits(trx: Trx, filter: { q?: string | undefined; type?: string | undefined }, page: number, pageSize: number) {
  let query = baseQuery(trx);
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('n.name', 'ilike', like), eb('n.short_name', 'ilike', like), eb('n.credit_code', 'ilike', like)]));
  }
  if (filter.type) query = query.where('n.type', '=', filter.type);
  return fetchPage(trx, query, query.orderBy('n.type').orderBy('n.name'), page, pageSize, presentUnit);
}

async function assertUnique(trx: Trx, field: 'name' | 'credit_code', value: string, exceptId?: string): Promise<void> {
  let query = trx.selectFrom('units').select('id').where(field, '=', value);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) {
    const label = field === 'name' ? { zh: '单位名称', en: 'unit name', path: 'name' } : { zh: '统一社会信用代码', en: 'credit code', path: 'creditCode' };
    throw errors.field(label.path, `${label.zh}“${value}”已存在`, `A unit with this ${label.en} already exists`);
  }
}

function assertCategoryFits(type: string, category: string | null | undefined): void {
  if (category && type !== 'user_unit') {
    throw errors.field('category', '仅使用单位可设置类别（委办局/镇/街道）', 'Only user units have a category (bureau/town/street)');
  }
}

export async function createUnit(trx: Trx, input: z.infer<typeof CreateUnitBodySchema>, audit: AuditTarget): Promise<Unit> {
  assertCategoryFits(input.type, input.category);
  await assertUnique(trx, 'name', input.name);
  await assertUnique(trx, 'credit_code', input.creditCode);
  const row = await trx
    .insertInto('units')
    .values({
      name: input.name,
      short_name: input.shortName ?? null,
      type: input.type,
      category: input.type === 'user_unit' ? (input.category ?? 'other') : null,
      credit_code: input.creditCode,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      district_budget: input.districtBudget,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'unit', objectId: row.id, detail: { name: input.name, type: input.type, creditCode: input.creditCode } });
  return requireUnit(trx, row.id);
}

export async function updateUnit(trx: Trx, id: string, input: z.infer<typeof UpdateUnitBodySchema>, audit: AuditTarget): Promise<Unit> {
  const before = await requireUnit(trx, id);
  assertCategoryFits(before.type, input.category);
  if (input.name !== undefined) await assertUnique(trx, 'name', input.name, id);
  await trx
    .updateTable('units')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.shortName !== undefined ? { short_name: input.shortName } : {}),
      ...(input.category !== undefined ? { category: input.category } : {}),
      ...(input.contactName !== undefined ? { contact_name: input.contactName } : {}),
      ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone } : {}),
      ...(input.districtBudget !== undefined ? { district_budget: input.districtBudget } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  const after = await requireUnit(trx, id);
  const changed = Object.fromEntries(
    Object.keys(input)
      .filter((key) => before[key as keyof Unit] !== after[key as keyof Unit])
      .map((key) => [key, { before: before[key as keyof Unit], after: after[key as keyof Unit] }]),
  );
  Object.assign(audit, { objectType: 'unit', objectId: id, detail: { name: after.name, changed } });
  return after;
}
