import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { quantile, roundPercent, spreadOf, wholeBytes } from './rollup-arithmetic.ts';

describe('rollup arithmetic', () => {
  test('the 95th percentile interpolates at rank 0.95 × (n − 1), as quantile_over_time does', () => {
    // 288 readings: 240 at 10, 36 at 40, 12 at 90 → rank 272.65 lies among the 40s.
    const day = [...Array(240).fill(10), ...Array(36).fill(40), ...Array(12).fill(90)];
    assert.equal(quantile(day, 0.95), 40);
    // rank 0.95 × 4 = 3.8 → 4 + 0.8 × (5 − 4)
    assert.equal(Math.round(quantile([5, 1, 3, 2, 4], 0.95)! * 1e9) / 1e9, 4.8);
    assert.equal(quantile([7], 0.95), 7);
    assert.equal(quantile([], 0.95), null);
  });

  test('average, p95 and maximum of a day', () => {
    const day = [...Array(240).fill(10), ...Array(36).fill(40), ...Array(12).fill(90)];
    const spread = spreadOf(day);
    assert.equal(roundPercent(spread.avg), 17.0833);
    assert.deepEqual([spread.p95, spread.max], [40, 90]);
    assert.deepEqual(spreadOf([]), { avg: null, p95: null, max: null });
  });

  test('percentages keep four decimals within 0–100; bytes are whole decimal strings', () => {
    assert.equal(roundPercent(9.999999999999998), 10);
    assert.equal(roundPercent(100.00000001), 100);
    assert.equal(roundPercent(Number.NaN), null);
    assert.equal(wholeBytes(86_400_000.4), '86400000');
    assert.equal(wholeBytes(2 ** 60), '1152921504606846976');
    assert.equal(wholeBytes(-1), null);
  });
});
