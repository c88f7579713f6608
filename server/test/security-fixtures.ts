/** Builders for tests of the security record: SM2 keys and signatures as a client makes them, go-live items. */
import { sm2 } from 'sm-crypto-v2';
import { SM2_DEFAULT_ID } from '../src/platform/crypto/sm2.ts';
import { pdfBytes } from './fixtures.ts';
import type { TestPlatform } from './harness.ts';

/** A unit administrator's key pair, generated on their side: only the public key goes to the server. */
export function sm2KeyPair(): { publicKey: string; privateKey: string } {
  return sm2.generateKeyPairHex();
}

/**
 * What the client signs: the 32 bytes of the letter's SM3 digest, with SM2 (GB/T 32918.2: SM3 and the
 * default ID 1234567812345678), DER-encoded — as sm-crypto-v2 does it in the browser.
 */
export function signDigest(digestHex: string, privateKey: string): string {
  return sm2.doSignature(new Uint8Array(Buffer.from(digestHex, 'hex')), privateKey, { hash: true, der: true, userId: SM2_DEFAULT_ID });
}

/** Registers a fresh key for the signed-in user and returns its private half. */
export async function registeredKey(t: TestPlatform, cookie: string): Promise<{ publicKey: string; privateKey: string; id: string }> {
  const keys = sm2KeyPair();
  const response = await t.request('POST', '/api/security/signing-keys', { cookie, body: { publicKey: keys.publicKey } });
  if (response.statusCode !== 201) throw new Error(`register key: ${response.statusCode} ${response.body}`);
  return { ...keys, id: response.json().id };
}

/** Records a go-live item and, unless told not to, attaches one evidence document. */
export async function recordGoLiveItem(t: TestPlatform, cookie: string, systemId: string, item: string, options: { evidence?: boolean } = {}) {
  const status = await t.request('POST', `/api/systems/${systemId}/go-live-checks`, { cookie, body: { item, note: `${item} 已完成` } });
  if (status.statusCode !== 200) throw new Error(`record ${item}: ${status.statusCode} ${status.body}`);
  const checkId = status.json().checks.find((c: { item: string }) => c.item === item).checkId as string;
  if (options.evidence !== false) {
    const upload = await t.request('POST', `/api/go-live-checks/${checkId}/documents?filename=${encodeURIComponent(`${item}.pdf`)}`, {
      cookie,
      body: pdfBytes(item),
      headers: { 'content-type': 'application/pdf' },
    });
    if (upload.statusCode !== 201) throw new Error(`evidence ${item}: ${upload.statusCode} ${upload.body}`);
  }
  return checkId;
}

/** The items still missing when going live is refused: item → gaps. */
export async function goLiveRefusal(t: TestPlatform, cookie: string, systemId: string): Promise<{ status: number; error: any; missing: Record<string, string[]> }> {
  const response = await t.request('POST', `/api/systems/${systemId}/go-live`, { cookie, body: {} });
  const body = response.json();
  const missing = Object.fromEntries(((body.error?.details?.missing ?? []) as { item: string; gaps: string[] }[]).map((m) => [m.item, m.gaps]));
  return { status: response.statusCode, error: body.error, missing };
}
