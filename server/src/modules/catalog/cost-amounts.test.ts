import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lineAmount, sumAmounts } from './cost-amounts.ts';

describe('cost amounts', () => {
  test('a line is exact where float arithmetic is not', () => {
    assert.notEqual(0.35 * 3 * 1, 1.05, 'floats give 1.0499999999999998');
    assert.equal(lineAmount('0.35', '3', 1), '1.05');
    assert.equal(lineAmount('0.1', '3', 1), '0.30');
  });

  test('half-up to the fen, once per line', () => {
    assert.equal((1.005).toFixed(2), '1.00', 'floats round 1.005 down');
    assert.equal(lineAmount('1.005', '1', 1), '1.01');
    assert.equal(lineAmount('0.333333', '1', 1), '0.33');
    assert.equal(lineAmount('0.125', '1', 3), '0.38', '0.375 rounds up, after multiplying');
  });

  test('the total is the sum of rounded lines, not the rounded sum', () => {
    const lines = [lineAmount('0.005', '1', 1), lineAmount('0.005', '1', 1)];
    assert.deepEqual(lines, ['0.01', '0.01']);
    assert.equal(sumAmounts(lines), '0.02', 'rounding the unrounded sum 0.010 would give 0.01');
    assert.equal(sumAmounts([]), '0.00');
  });
});
