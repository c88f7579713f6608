/**
 * The security commitment letter (上云安全承诺书, SJ-18) of a system: generated as a PDF from the
 * template with the unit's and system's data; the unit uploads the signed and sealed paper as a scan;
 * and the unit administrator signs the letter with SM2 (commercial cryptography, SJ-18). What is signed
 * is the letter's SM3 digest — the 32 bytes of SM3(PDF) — with the key pair whose public key the
 * administrator registered; the private key never reaches the server. A signature is verified when it
 * is submitted and whenever asked: by sm-crypto-v2 and, independently, by `openssl pkeyutl`.
 */
import { randomUUID } from 'node:crypto';
import { GO_LIVE_CHECK_LABELS, type CommitmentLetter, type LetterVerification } from '@yunshu/shared/security-api';
import type { Actor } from '../../platform/auth/sessions.ts';
import { sm3Hex } from '../../platform/crypto/sm.ts';
import { canonicalSm2Signature, isSm2PublicKey, sm2Fingerprint, verifySm2, verifySm2WithOpenssl } from '../../platform/crypto/sm2.ts';
import type { Trx } from '../../platform/db/database.ts';
import { errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { citeArticle, type PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';
import { documentsOf, readDocument, requireSystem, storeDocument } from '../systems/index.ts';
import { commitmentLetterPdf } from './commitment-letter-pdf.ts';
import { today } from './mlps.service.ts';
import { findLetterRow, type LetterRow, presentLetter, presentSigningKey, signingKeyQuery } from './security.repository.ts';

const LETTER = { zh: '上云安全承诺书', en: 'Security commitment letter' };
const LEVELS = ['', '一', '二', '三', '四', '五'];

async function letterView(trx: Trx, row: LetterRow): Promise<CommitmentLetter> {
  const ids = [row.document_id, ...(row.scan_document_id ? [row.scan_document_id] : [])];
  const documents = (await documentsOf(trx, 'commitment_letter', [row.id])).get(row.id) ?? [];
  const [letter, scan] = ids.map((id) => documents.find((d) => d.id === id) ?? null);
  return presentLetter(row, { letter: letter!, scan: scan ?? null });
}

async function requireLetterRow(trx: Trx, systemId: string): Promise<LetterRow> {
  await requireSystem(trx, systemId);
  const row = await findLetterRow(trx, systemId);
  if (!row) throw errors.notFound(LETTER);
  return row;
}

/** The system's letter, or null when none was generated yet. */
export async function findLetter(trx: Trx, systemId: string): Promise<CommitmentLetter | null> {
  await requireSystem(trx, systemId);
  const row = await findLetterRow(trx, systemId);
  return row ? letterView(trx, row) : null;
}

async function isLive(trx: Trx, systemId: string): Promise<boolean> {
  const row = await trx.selectFrom('system_security').select('live_at').where('system_id', '=', systemId).executeTakeFirst();
  return Boolean(row?.live_at);
}

/**
 * Generates the letter from the template with the unit's and the system's data as they are now. Until it
 * is signed it may be generated again (after a correction), which also asks for a new scan; a signed
 * letter is final.
 */
export async function generateLetter(trx: Trx, actor: Actor, profile: PolicyProfile, systemId: string, audit: AuditTarget, now = new Date()): Promise<CommitmentLetter> {
  const system = await requireSystem(trx, systemId);
  const existing = await findLetterRow(trx, systemId);
  if (existing?.signature) throw errors.conflict('letter_already_signed', '承诺书已签名，不能重新生成', 'The letter is signed and cannot be generated again');
  if (await isLive(trx, systemId)) throw errors.conflict('system_live', '信息系统已上线，承诺书不能重新生成', 'The system is live: the letter cannot be generated again');
  const unit = await trx.selectFrom('units').select(['name', 'credit_code']).where('id', '=', system.unit.id).executeTakeFirstOrThrow();
  const checks = profile.parameters['security.preGoLiveChecks'];
  const letterId = existing?.id ?? randomUUID();
  const pdf = await commitmentLetterPdf({
    letterId,
    district: profile.district.zh,
    operator: profile.operator.zh,
    regulationTitle: profile.regulation.title,
    citation: checks.article ? citeArticle(profile, checks.article).zh.replace(profile.regulation.shortTitle.zh, '') : null,
    unitName: unit.name,
    creditCode: unit.credit_code,
    systemName: system.name,
    mlpsLevel: LEVELS[system.mlpsLevel] ?? String(system.mlpsLevel),
    filingNumber: system.mlpsFilingNumber,
    ownerName: system.ownerName,
    ownerPhone: system.ownerPhone,
    checks: checks.value.filter((item) => item !== 'commitment_letter').map((item) => GO_LIVE_CHECK_LABELS[item].zh),
    date: today(now),
  });
  const document = await storeDocument(trx, actor, { unitId: system.unit.id, type: 'commitment_letter', id: letterId, category: 'letter' }, `上云安全承诺书-${system.name}.pdf`, pdf);
  const values = { document_id: document.id, digest: document.sm3, generated_by: actor.userId, generated_by_name: actor.displayName, generated_at: now, scan_document_id: null };
  if (existing) {
    await trx.updateTable('commitment_letters').set(values).where('id', '=', letterId).where('signature', 'is', null).execute();
  } else {
    await trx.insertInto('commitment_letters').values({ id: letterId, system_id: systemId, unit_id: system.unit.id, ...values }).execute();
  }
  Object.assign(audit, { objectType: 'commitment_letter', objectId: letterId, detail: { systemId, documentId: document.id, digest: document.sm3, regenerated: Boolean(existing) } });
  return letterView(trx, await requireLetterRow(trx, systemId));
}

/** The unit's signed and sealed paper letter, scanned (PDF, PNG or JPEG); a new scan replaces the old. */
export async function attachLetterScan(trx: Trx, actor: Actor, systemId: string, filename: string, content: Buffer, audit: AuditTarget): Promise<CommitmentLetter> {
  const row = await requireLetterRow(trx, systemId);
  if (await isLive(trx, systemId)) throw errors.conflict('system_live', '信息系统已上线，承诺书扫描件不能更换', 'The system is live: the scan cannot be replaced');
  const document = await storeDocument(trx, actor, { unitId: row.unit_id, type: 'commitment_letter', id: row.id, category: 'letter_scan' }, filename, content);
  await trx.updateTable('commitment_letters').set({ scan_document_id: document.id }).where('id', '=', row.id).execute();
  Object.assign(audit, { objectType: 'commitment_letter', objectId: row.id, detail: { systemId, documentId: document.id, filename, sm3: document.sm3 } });
  return letterView(trx, await requireLetterRow(trx, systemId));
}

// --- SM2 keys and signatures ---------------------------------------------------------------------------

/**
 * Registers the caller's SM2 public key (generated on the signer's side); a key registered before is
 * revoked — kept, so the letters it signed still verify.
 */
export async function registerSigningKey(trx: Trx, actor: Actor, publicKey: string, audit: AuditTarget) {
  const key = publicKey.toLowerCase();
  if (!isSm2PublicKey(key)) throw errors.field('publicKey', '不是有效的 SM2 公钥（点不在曲线上）', 'Not a valid SM2 public key (the point is not on the curve)');
  const now = new Date();
  await trx.updateTable('signing_keys').set({ revoked_at: now }).where('user_id', '=', actor.userId).where('revoked_at', 'is', null).execute();
  const row = await trx
    .insertInto('signing_keys')
    .values({ user_id: actor.userId, unit_id: actor.unitId, public_key: key, fingerprint: sm2Fingerprint(key), registered_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(audit, { objectType: 'signing_key', objectId: row.id, detail: { fingerprint: sm2Fingerprint(key) } });
  return presentSigningKey(await signingKeyQuery(trx).where('k.id', '=', row.id).executeTakeFirstOrThrow());
}

export async function listSigningKeys(trx: Trx) {
  const rows = await signingKeyQuery(trx).orderBy('n.name').orderBy('u.display_name').orderBy('k.registered_at', 'desc').execute();
  return rows.map(presentSigningKey);
}

/** The letter PDF's SM3 digest now — what a signature must cover. */
async function currentDigest(trx: Trx, row: LetterRow): Promise<string> {
  return sm3Hex((await readDocument(trx, row.document_id)).content);
}

/**
 * The unit administrator signs the letter: an SM2 signature over its SM3 digest with the key they
 * registered. Refused unless it verifies — with sm-crypto-v2 and, where this OpenSSL can, `openssl`.
 */
export async function signLetter(trx: Trx, actor: Actor, profile: PolicyProfile, systemId: string, signatureHex: string, audit: AuditTarget): Promise<CommitmentLetter> {
  const row = await requireLetterRow(trx, systemId);
  Object.assign(audit, { objectType: 'commitment_letter', objectId: row.id, detail: { systemId } });
  if (row.unit_id !== actor.unitId) throw errors.notFound(LETTER);
  if (row.signature) throw errors.conflict('letter_already_signed', '承诺书已经签名', 'The letter is already signed');
  const key = await trx.selectFrom('signing_keys').selectAll().where('user_id', '=', actor.userId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!key) throw errors.conflict('signing_key_missing', '请先登记您的 SM2 签名公钥', 'Register your SM2 public key first');
  const digest = await currentDigest(trx, row);
  if (digest !== row.digest) throw errors.conflict('letter_altered', '承诺书文件与生成时的摘要不一致，请重新生成', 'The letter file differs from the one generated; generate it again');
  const signature = canonicalSm2Signature(signatureHex);
  const message = Buffer.from(digest, 'hex');
  const smCrypto = signature !== null && verifySm2(key.public_key, message, signature);
  const openssl = smCrypto && signature ? await verifySm2WithOpenssl(key.public_key, message, signature) : { verified: null, note: null };
  if (!signature || !smCrypto || openssl.verified === false) {
    throw policyViolation(profile, 'security.commercialCryptoRequired', {
      code: 'letter_signature_invalid',
      zh: 'SM2 签名验证未通过：须以您登记公钥对应的私钥，按 GB/T 32918 对承诺书的 SM3 摘要签名',
      en: 'The SM2 signature does not verify: sign the letter’s SM3 digest (GB/T 32918) with the private key of your registered public key',
      path: 'signature',
      details: { digest, keyFingerprint: key.fingerprint, smCrypto, openssl: openssl.verified },
    });
  }
  const verifiedWith = ['sm-crypto-v2', ...(openssl.verified ? ['openssl'] : [])];
  const signed = await trx
    .updateTable('commitment_letters')
    .set({ signature, signed_at: new Date(), signer_id: actor.userId, signer_name: actor.displayName, signing_key_id: key.id, verified_with: verifiedWith })
    .where('id', '=', row.id)
    .where('signature', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!signed) throw errors.conflict('letter_already_signed', '承诺书已经签名', 'The letter is already signed');
  Object.assign(audit, { objectType: 'commitment_letter', objectId: row.id, detail: { systemId, digest, keyFingerprint: key.fingerprint, verifiedWith } });
  return letterView(trx, await requireLetterRow(trx, systemId));
}

/**
 * Verifies the letter as it is stored now: its PDF's SM3 digest against the one generated, and the
 * signature over the recomputed digest with the signer's registered key — by sm-crypto-v2 and by
 * `openssl pkeyutl`. A changed letter or signature fails.
 */
export async function verifyLetter(trx: Trx, systemId: string): Promise<LetterVerification> {
  const row = await requireLetterRow(trx, systemId);
  const recomputed = await currentDigest(trx, row);
  const digest = { recorded: row.digest, recomputed, matches: recomputed === row.digest };
  if (!row.signature || !row.public_key) {
    return { ok: false, signed: false, digest, smCrypto: null, openssl: null, opensslNote: null, signer: null, keyFingerprint: null, signedAt: null };
  }
  const message = Buffer.from(recomputed, 'hex');
  const smCrypto = verifySm2(row.public_key, message, row.signature);
  const openssl = await verifySm2WithOpenssl(row.public_key, message, row.signature);
  return {
    ok: digest.matches && smCrypto && openssl.verified !== false,
    signed: true,
    digest,
    smCrypto,
    openssl: openssl.verified,
    opensslNote: openssl.note,
    signer: row.signer_name,
    keyFingerprint: row.fingerprint,
    signedAt: row.signed_at?.toISOString() ?? null,
  };
}
