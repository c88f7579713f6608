import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeSpan, formatShanghai, overlaps, planAdditions, placeVersion, statusAt, type VersionSpan, versionAt } from './price-versions.ts';

const at = (text: string) => new Date(text);
const NOW = at('2026-11-24T12:00:00+08:00');

describe('price version selection', () => {
  const versions = [
    { id: 'old', from: at('2026-01-01T00:00:00+08:00'), to: at('2026-07-01T00:00:00+08:00') },
    { id: 'new', from: at('2026-07-01T00:00:00+08:00'), to: null },
  ];

  test('the instant before a change takes the old price, the exact instant the new one', () => {
    assert.equal(versionAt(versions, at('2026-06-30T23:59:59.999+08:00'))?.id, 'old');
    assert.equal(versionAt(versions, at('2026-07-01T00:00:00+08:00'))?.id, 'new');
    assert.equal(versionAt(versions, at('2026-06-30T16:00:00Z'))?.id, 'new', 'the same instant in UTC');
  });

  test('before the first version there is no price', () => {
    assert.equal(versionAt(versions, at('2025-12-31T23:59:59+08:00')), null);
  });

  test('status follows the clock', () => {
    assert.equal(statusAt({ ...versions[0]!, withdrawn: false }, NOW), 'expired');
    assert.equal(statusAt({ ...versions[1]!, withdrawn: false }, NOW), 'effective');
    assert.equal(statusAt({ from: at('2027-01-01T00:00:00+08:00'), to: null, withdrawn: false }, NOW), 'scheduled');
    assert.equal(statusAt({ from: at('2027-01-01T00:00:00+08:00'), to: null, withdrawn: true }, NOW), 'withdrawn');
  });
});

describe('placing a new version', () => {
  const open: VersionSpan = { id: 'open', from: at('2026-01-01T00:00:00+08:00'), to: null };

  test('a later start closes the open-ended version at that start', () => {
    const placement = placeVersion([open], at('2027-01-01T00:00:00+08:00'), null, NOW);
    assert.equal(placement.close?.id, 'open');
    assert.equal(placement.conflict, null);
    assert.equal(placement.retroactive, false);
  });

  test('closing at an instant that has passed would rewrite history', () => {
    const placement = placeVersion([open], at('2026-07-01T00:00:00+08:00'), null, NOW);
    assert.equal(placement.close?.id, 'open');
    assert.equal(placement.retroactive, true);
  });

  test('a start at or before the open-ended version overlaps it', () => {
    assert.equal(placeVersion([open], at('2026-01-01T00:00:00+08:00'), null, NOW).conflict?.id, 'open');
    assert.equal(placeVersion([open], at('2025-06-01T00:00:00+08:00'), at('2026-02-01T00:00:00+08:00'), NOW).conflict?.id, 'open');
  });

  test('adjacent closed versions do not overlap; one that reaches into another does', () => {
    const closed: VersionSpan = { id: 'closed', from: at('2026-01-01T00:00:00+08:00'), to: at('2026-07-01T00:00:00+08:00') };
    assert.equal(placeVersion([closed], at('2026-07-01T00:00:00+08:00'), null, NOW).conflict, null);
    assert.equal(placeVersion([closed], at('2025-01-01T00:00:00+08:00'), at('2026-01-01T00:00:00+08:00'), NOW).conflict, null);
    assert.equal(placeVersion([closed], at('2026-06-30T00:00:00+08:00'), null, NOW).conflict?.id, 'closed');
    assert.equal(overlaps(closed, { from: at('2026-06-30T23:59:59.999+08:00'), to: null }), true);
  });

  test('a batch sees its own earlier rows: a later row closes an open one, a clash names the row', () => {
    const plan = planAdditions(
      [],
      [
        { key: 3, from: at('2027-07-01T00:00:00+08:00'), to: null },
        { key: 2, from: at('2027-01-01T00:00:00+08:00'), to: null },
        { key: 4, from: at('2027-06-01T00:00:00+08:00'), to: at('2027-08-01T00:00:00+08:00') },
      ],
      NOW,
    );
    const byKey = new Map(plan.map((p) => [p.key, p]));
    assert.equal(byKey.get(2)?.conflict, null);
    assert.equal(byKey.get(4)?.close?.row, 2, 'row 4 closes the open-ended row 2 at its start');
    assert.equal(byKey.get(3)?.conflict?.row, 4, 'row 3 starts inside row 4');
  });
});

describe('instants as people read them', () => {
  test('Beijing midnight reads as a date, other instants with the time', () => {
    assert.equal(formatShanghai(at('2026-06-30T16:00:00Z')), '2026-07-01');
    assert.equal(formatShanghai(at('2026-07-01T00:30:00Z')), '2026-07-01 08:30:00');
    assert.deepEqual(describeSpan({ from: at('2026-06-30T16:00:00Z'), to: null }), { zh: '2026-07-01 起（未设失效日期）', en: 'from 2026-07-01, open-ended' });
  });
});
