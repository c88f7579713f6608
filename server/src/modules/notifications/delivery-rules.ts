/**
 * Pure rules of outbound deliveries: how long to wait before the next attempt, when to give up, and
 * how a webhook request is signed (HMAC-SM3, SJ-18 commercial cryptography).
 */
import { hmacSm3Hex } from '../../platform/crypto/sm.ts';

/** After this many failed attempts a delivery is `failed` and no longer retried. */
export const MAX_DELIVERY_ATTEMPTS = 10;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 3_600_000;

/** Wait after the `attempts`-th failed attempt: 1 min, 2 min, 4 min, … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError('attempts must be a positive integer');
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
}

export const WEBHOOK_HEADERS = {
  /** The receiver's idempotency key: every attempt of one delivery carries the same id. */
  delivery: 'x-yunshu-delivery',
  /** Unix seconds when the attempt was signed; receivers refuse stale ones. */
  timestamp: 'x-yunshu-timestamp',
  signature: 'x-yunshu-signature',
} as const;

/** `hmac-sm3=<hex of HMAC-SM3(secret, timestamp + "." + body)>` */
export function webhookSignature(secretHex: string, timestamp: string, body: string): string {
  return `hmac-sm3=${hmacSm3Hex(Buffer.from(secretHex, 'hex'), `${timestamp}.${body}`)}`;
}
