/**
 * Documents attached to project approvals (立项批复, 佐证材料 QP-9): PDF or images, size-limited,
 * checked by their content (not their name), stored with an SM3 hash of the bytes.
 */
import type { Actor } from '../../platform/auth/sessions.ts';
import { sm3Hex } from '../../platform/crypto/sm.ts';
import type { Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { requireProject } from './systems.service.ts';

/** A document as the API shows it: never its content. */
export interface DocumentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sm3: string;
  uploadedAt: string;
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** What a document is attached to: a project approval, an application, a go-live check's evidence, a commitment letter. */
export type DocumentOwnerType = 'project' | 'application' | 'go_live_check' | 'commitment_letter';
/** Go-live evidence, the commitment letter and its signed scan are security records: the go-live rests on them. */
const DELETABLE_OWNERS: readonly string[] = ['project', 'application'];
const DOCUMENT = { zh: '文件', en: 'Document' };

const SIGNATURES: { type: string; magic: number[]; extensions: string[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: ['pdf'] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extensions: ['png'] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff], extensions: ['jpg', 'jpeg'] },
];

/** The document's real type from its first bytes; refuses anything but PDF, PNG and JPEG. */
export function detectDocumentType(filename: string, content: Buffer): string {
  const signature = SIGNATURES.find((s) => s.magic.every((byte, i) => content[i] === byte));
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  if (!signature?.extensions.includes(extension)) {
    throw new AppError({
      status: 415,
      code: 'document_type_refused',
      zh: '仅接受 PDF、PNG、JPEG 文件，且文件内容须与扩展名一致',
      en: 'Only PDF, PNG and JPEG files are accepted, and the content must match the extension',
    });
  }
  return signature.type;
}

export function assertDocumentSize(size: number): void {
  if (size === 0) throw new AppError({ status: 400, code: 'document_empty', zh: '文件为空', en: 'The file is empty' });
  if (size > MAX_DOCUMENT_BYTES) {
    throw new AppError({
      status: 413,
      code: 'document_too_large',
      zh: `文件超过 ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB 上限`,
      en: `The file exceeds ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`,
    });
  }
}

/**
 * Stores a document after checking its size and real type, with the SM3 hash of its bytes.
 * The one place documents are written, whatever they are attached to.
 */
export async function storeDocument(
  trx: Trx,
  actor: Actor,
  owner: { unitId: string; type: DocumentOwnerType; id: string; category?: string | null },
  filename: string,
  content: Buffer,
) {
  assertDocumentSize(content.length);
  const contentType = detectDocumentType(filename, content);
  const hash = sm3Hex(content);
  const row = await trx
    .insertInto('documents')
    .values({
      unit_id: owner.unitId,
      owner_type: owner.type,
      owner_id: owner.id,
      category: owner.category ?? null,
      filename,
      content_type: contentType,
      size_bytes: content.length,
      sm3: hash,
      content,
      uploaded_by: actor.userId,
    })
    .returning(['id', 'uploaded_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, filename, contentType, sizeBytes: content.length, sm3: hash, uploadedAt: row.uploaded_at.toISOString() } satisfies DocumentView;
}

export async function attachProjectDocument(
  trx: Trx,
  actor: Actor,
  projectId: string,
  filename: string,
  content: Buffer,
  audit: AuditTarget,
) {
  const project = await requireProject(trx, projectId);
  const document = await storeDocument(trx, actor, { unitId: project.unit.id, type: 'project', id: projectId }, filename, content);
  Object.assign(audit, { objectType: 'document', objectId: document.id, detail: { projectId, filename, sizeBytes: document.sizeBytes, sm3: document.sm3 } });
  return document;
}

/** The documents of some owners of one type, oldest first, without their content: owner id → documents. */
export async function documentsOf(trx: Trx, ownerType: DocumentOwnerType, ownerIds: readonly string[]): Promise<Map<string, DocumentView[]>> {
  const byOwner = new Map<string, DocumentView[]>(ownerIds.map((id) => [id, []]));
  if (ownerIds.length === 0) return byOwner;
  const rows = await trx
    .selectFrom('documents')
    .select(['id', 'owner_id', 'filename', 'content_type', 'size_bytes', 'sm3', 'uploaded_at'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', [...ownerIds])
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    byOwner.get(row.owner_id)?.push({ id: row.id, filename: row.filename, contentType: row.content_type, sizeBytes: row.size_bytes, sm3: row.sm3, uploadedAt: row.uploaded_at.toISOString() });
  }
  return byOwner;
}

export async function readDocument(trx: Trx, id: string) {
  const row = await trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound(DOCUMENT);
  return row;
}

export async function deleteDocument(trx: Trx, id: string, audit: AuditTarget): Promise<void> {
  const row = await readDocument(trx, id);
  if (!DELETABLE_OWNERS.includes(row.owner_type)) {
    throw errors.conflict('document_is_record', '上线检查佐证材料、上云安全承诺书及其扫描件属于安全记录，不能删除', 'Go-live evidence, commitment letters and their scans are security records and cannot be deleted');
  }
  await trx.deleteFrom('documents').where('id', '=', id).execute();
  Object.assign(audit, { objectType: 'document', objectId: id, detail: { filename: row.filename, sm3: row.sm3, ownerId: row.owner_id } });
}
