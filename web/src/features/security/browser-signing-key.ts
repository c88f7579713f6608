/**
 * The unit administrator's SM2 key pair (GB/T 32918), made and kept in this browser: only the public key
 * is sent to the server; the private key stays in this browser's localStorage, under the user's id.
 * sm-crypto-v2 is loaded when first needed, so it stays out of the console's first load.
 */

/** The signer ID of GB/T 35276 the server verifies with (server/src/platform/crypto/sm2.ts). */
const SM2_DEFAULT_ID = '1234567812345678';
const STORAGE_PREFIX = 'yunshu.sm2-key.';

export interface BrowserKeyPair {
  /** Uncompressed point 04‖X‖Y, hex: what the server registers. */
  publicKey: string;
  privateKey: string;
}

const storageKey = (userId: string) => `${STORAGE_PREFIX}${userId}`;

function isKeyPair(value: unknown): value is BrowserKeyPair {
  if (typeof value !== 'object' || value === null) return false;
  const { publicKey, privateKey } = value as Record<string, unknown>;
  return typeof publicKey === 'string' && /^04[0-9a-f]{128}$/.test(publicKey) && typeof privateKey === 'string' && /^[0-9a-f]{64}$/.test(privateKey);
}

/** The key pair this browser keeps for the user, or null (none, or storage unreadable). */
export function storedKeyPair(userId: string): BrowserKeyPair | null {
  try {
    const text = window.localStorage.getItem(storageKey(userId));
    const value: unknown = text ? JSON.parse(text) : null;
    return isKeyPair(value) ? value : null;
  } catch {
    return null;
  }
}

/** A fresh key pair, stored in this browser (replacing one kept before). */
export async function generateKeyPair(userId: string): Promise<BrowserKeyPair> {
  const { sm2 } = await import('sm-crypto-v2');
  const { publicKey, privateKey } = sm2.generateKeyPairHex();
  const pair = { publicKey: publicKey.toLowerCase(), privateKey: privateKey.toLowerCase() };
  window.localStorage.setItem(storageKey(userId), JSON.stringify(pair));
  return pair;
}

/** SM3 of the bytes, hex: to check the letter read here is the one whose digest is signed. */
export async function sm3Hex(bytes: Uint8Array): Promise<string> {
  const { sm3 } = await import('sm-crypto-v2');
  return sm3(bytes);
}

/**
 * The SM2 signature over the 32 bytes of the letter's SM3 digest — e = SM3(Z_A ‖ M) with the default
 * signer ID, DER-encoded, hex — exactly what the server verifies (commitment-letter.service.ts).
 */
export async function signDigest(digestHex: string, pair: BrowserKeyPair): Promise<string> {
  const { sm2 } = await import('sm-crypto-v2');
  const message = new Uint8Array((digestHex.match(/../g) ?? []).map((byte) => Number.parseInt(byte, 16)));
  return sm2.doSignature(message, pair.privateKey, { hash: true, der: true, publicKey: pair.publicKey, userId: SM2_DEFAULT_ID });
}
