import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wholeMonthlyCost } from './efficiency-rules.ts';

describe('the monthly saving of stopping or reclaiming an idle server', () => {
  test('each billed quantity × its monthly unit price, summed', () => {
    // 2 vCPU × ¥35.00 + 4 GiB × ¥12.00 = ¥70.00 + ¥48.00 = ¥118.00
    const billed = [
      { quantity: 'vcpus', amount: 2, monthlyUnitPrice: '35.000000' },
      { quantity: 'memoryGiB', amount: 4, monthlyUnitPrice: '12.00' },
    ];
    assert.equal(wholeMonthlyCost(billed), '118.00');
  });

  test('rounded half-up to the fen once, not per quantity', () => {
    // 3 × ¥0.001 + 3 × ¥0.001 = ¥0.006 → ¥0.01 (rounding each line first would give ¥0.00)
    const billed = [
      { quantity: 'vcpus', amount: 3, monthlyUnitPrice: '0.001' },
      { quantity: 'memoryGiB', amount: 3, monthlyUnitPrice: '0.001' },
    ];
    assert.equal(wholeMonthlyCost(billed), '0.01');
    // 1 × ¥0.004999 → ¥0.00; fractional quantities exactly: 0.5 GiB × ¥12.345 = ¥6.1725 → ¥6.17
    assert.equal(wholeMonthlyCost([{ quantity: 'vcpus', amount: 1, monthlyUnitPrice: '0.004999' }]), '0.00');
    assert.equal(wholeMonthlyCost([{ quantity: 'memoryGiB', amount: 0.5, monthlyUnitPrice: '12.345' }]), '6.17');
  });

  test('no figure when a price is unknown or nothing is billed', () => {
    assert.equal(
      wholeMonthlyCost([
        { quantity: 'vcpus', amount: 2, monthlyUnitPrice: '35.00' },
        { quantity: 'memoryGiB', amount: 4, monthlyUnitPrice: null },
      ]),
      null,
    );
    assert.equal(wholeMonthlyCost([]), null);
  });
});
