import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sm3 } from 'sm-crypto-v2';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, webhookSignature } from './delivery-rules.ts';

test('retries back off exponentially from one minute and are capped at an hour', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map(retryDelayMs), [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
  assert.throws(() => retryDelayMs(0), RangeError);
  assert.ok(MAX_DELIVERY_ATTEMPTS > 1);
});

test('the webhook signature is HMAC-SM3 over timestamp.body with the hex secret as key', () => {
  const secret = '00112233445566778899aabbccddeeff';
  const body = JSON.stringify({ title: { zh: '已超期', en: 'Overdue' } });
  const expected = sm3(`1767225600.${body}`, { key: secret, mode: 'hmac' });
  assert.equal(webhookSignature(secret, '1767225600', body), `hmac-sm3=${expected}`);
});
