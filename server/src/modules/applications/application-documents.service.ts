/** Documents of an application, e.g. the pre-cloud test and assessment reports of a migration (SJ-12). */
import type { Actor } from '../../platform/auth/sessions.ts';
import { sm3Hex } from '../../platform/crypto/sm.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { assertDocumentSize, detectDocumentType } from '../systems/index.ts';

export async function attachApplicationDocument(
  trx: Trx,
  actor: Actor,
  applicationId: string,
  input: { filename: string; category: string },
  content: Buffer,
  audit: AuditTarget,
) {
  const application = await trx.selectFrom('applications').select(['id', 'unit_id', 'status', 'applicant_id', 'number']).where('id', '=', applicationId).executeTakeFirst();
  if (!application) throw errors.notFound({ zh: '申请', en: 'Application' });
  if (application.unit_id !== actor.unitId) throw errors.notFound({ zh: '申请', en: 'Application' });
  if (application.status !== 'in_review' && application.status !== 'returned') {
    throw new AppError({ status: 409, code: 'already_decided', zh: '申请已有结论，不能再补充材料', en: 'The application is decided: no more documents' });
  }
  assertDocumentSize(content.length);
  const contentType = detectDocumentType(input.filename, content);
  const hash = sm3Hex(content);
  const row = await trx
    .insertInto('documents')
    .values({
      unit_id: application.unit_id,
      owner_type: 'application',
      owner_id: applicationId,
      category: input.category,
      filename: input.filename,
      content_type: contentType,
      size_bytes: content.length,
      sm3: hash,
      content,
      uploaded_by: actor.userId,
    })
    .returning(['id', 'uploaded_at'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('application_events')
    .values({
      application_id: applicationId,
      unit_id: application.unit_id,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      actor_roles: actor.roles,
      action: 'document_attached',
      detail: JSON.stringify({ filename: input.filename, category: input.category, sm3: hash }),
    })
    .execute();
  Object.assign(audit, { objectType: 'document', objectId: row.id, detail: { applicationId, number: application.number, filename: input.filename, category: input.category, sm3: hash } });
  return { id: row.id, filename: input.filename, contentType, sizeBytes: content.length, sm3: hash, uploadedAt: row.uploaded_at.toISOString() };
}
