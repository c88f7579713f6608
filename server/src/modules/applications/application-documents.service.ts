/** Documents of an application, e.g. the pre-cloud test and assessment reports of a migration (SJ-12). */
import type { Actor } from '../../platform/auth/sessions.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { storeDocument } from '../systems/index.ts';
import { appendEvent } from './applications.service.ts';

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
  const document = await storeDocument(trx, actor, { unitId: application.unit_id, type: 'application', id: applicationId, category: input.category }, input.filename, content);
  await appendEvent(trx, application, actor, 'document_attached', { detail: { filename: input.filename, category: input.category, sm3: document.sm3 } });
  Object.assign(audit, { objectType: 'document', objectId: document.id, detail: { applicationId, number: application.number, filename: input.filename, category: input.category, sm3: document.sm3 } });
  return document;
}
