import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sm3 } from 'sm-crypto-v2';
import type { CalendarData } from '../calendar/working-days.ts';
import type { MonthUsageLine } from '../billing/index.ts';
import { loadPolicyProfile } from '../../platform/policy/policy-profile.ts';
import { buildSyncPayload, serializePayload, USAGE_COLUMNS, usageCsv } from './sync-payload.ts';
import { dueSyncMonth, firstWorkingDayOf, previousMonth, syncRetryDelayMs, syncSignature } from './sync-rules.ts';

const calendar2026: CalendarData = {
  exceptions: new Map([
    ['2026-01-01', true],
    ['2026-01-02', true],
    ['2026-01-04', false],
    ...['01', '02', '05', '06', '07'].map((d): [string, boolean] => [`2026-10-${d}`, true]),
  ]),
  publishedYears: new Set([2026]),
};

describe('QP-15 sync rules', () => {
  test('the first working day of a month skips holidays and weekends and counts a make-up working Sunday', () => {
    assert.equal(firstWorkingDayOf('2026-10', calendar2026), '2026-10-08', 'after National Day (3 and 4 October are a weekend)');
    assert.equal(firstWorkingDayOf('2026-01', calendar2026), '2026-01-04', 'Sunday the 4th is a make-up working day');
    assert.equal(firstWorkingDayOf('2026-11', calendar2026), '2026-11-02', '1 November is a Sunday');
    assert.equal(firstWorkingDayOf('2026-12', calendar2026), '2026-12-01');
  });

  test('the previous month is due from the first working day (Asia/Shanghai), not before', () => {
    assert.deepEqual(dueSyncMonth(new Date('2026-10-07T15:59:59Z'), calendar2026), { month: '2026-09', firstWorkingDay: '2026-10-08', due: false });
    assert.deepEqual(dueSyncMonth(new Date('2026-10-07T16:00:00Z'), calendar2026), { month: '2026-09', firstWorkingDay: '2026-10-08', due: true });
    assert.equal(dueSyncMonth(new Date('2026-10-20T00:00:00Z'), calendar2026).due, true, 'caught up later in the month');
    assert.equal(dueSyncMonth(new Date('2026-01-03T16:00:00Z'), calendar2026).month, '2025-12');
    assert.equal(previousMonth('2026-01'), '2025-12');
  });

  test('back-off doubles from one minute to at most an hour', () => {
    assert.deepEqual([1, 2, 3, 4, 7, 8].map(syncRetryDelayMs), [60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000]);
    assert.throws(() => syncRetryDelayMs(0), RangeError);
  });

  test('the signature is HMAC-SM3 over timestamp.body, as an independent implementation computes it', () => {
    const key = 'a1'.repeat(32);
    const body = '{"month":"2026-09","云":"数"}';
    const expected = sm3(new Uint8Array(Buffer.from(`1790000000.${body}`)), { key: new Uint8Array(Buffer.from(key, 'hex')), mode: 'hmac' });
    assert.equal(syncSignature(key, '1790000000', body), `hmac-sm3=${expected}`);
  });
});

const line = (over: Partial<MonthUsageLine>): MonthUsageLine => ({
  unitId: 'u1',
  unitName: '青浦区教育局',
  unitCreditCode: '11310118000000000X',
  districtBudget: true,
  systemId: 's1',
  systemName: '教育云',
  platformId: 'p1',
  platformName: '区政务云',
  providerUnitId: 'v1',
  providerName: '申云',
  itemId: 'i1',
  itemCode: 'ECS-X86-VCPU',
  itemName: 'vCPU',
  unitOfMeasure: 'vcpu_month',
  priceVersionId: 'pv1',
  unitPrice: '35.000000',
  quantityHours: '720.000000',
  resources: 1,
  amount: '35.00',
  ...over,
});

describe('QP-15 payload', () => {
  const input = {
    deliveryId: 'd1',
    month: '2026-09',
    revision: 1,
    district: 'qingpu-2023',
    article: 'QP-15',
    bounds: { start: new Date('2026-08-31T16:00:00Z'), end: new Date('2026-09-30T16:00:00Z') },
    usageSource: 'rating' as const,
    projects: [],
  };
  const lines = [
    line({}),
    line({ itemId: 'i2', itemCode: 'EVS-SATA', unitOfMeasure: 'gib_month', amount: '0.10', quantityHours: '205.714286', unitPrice: '0.350000' }),
    line({ unitId: 'u0', unitName: '青浦区卫健委', systemId: null, systemName: null, amount: '1.01' }),
    line({ systemId: 's0', systemName: '"排序",系统', amount: '2.00' }),
  ];

  test('the same data in any order gives the same bytes; money adds exactly', () => {
    const a = serializePayload(buildSyncPayload({ ...input, usage: lines }));
    const b = serializePayload(buildSyncPayload({ ...input, usage: [...lines].reverse() }));
    assert.equal(a, b);
    const payload = JSON.parse(a);
    assert.equal(payload.summary.billedCost, '38.11');
    assert.deepEqual(
      payload.usage.map((r: Record<string, string>) => [r.SubAccountName, r.x_InformationSystem, r.SkuId]),
      [
        ['青浦区卫健委', '', 'ECS-X86-VCPU'],
        ['青浦区教育局', '"排序",系统', 'ECS-X86-VCPU'],
        ['青浦区教育局', '教育云', 'ECS-X86-VCPU'],
        ['青浦区教育局', '教育云', 'EVS-SATA'],
      ],
      'unit name, then system name (none last), then item, by code point',
    );
    assert.equal(payload.usage[3].PricingQuantity, '0.285714', 'GiB-hours over the 720 hours of September, in GiB-months');
  });

  test('the payload cites the article the district profile names for dataSync.period: QP-15 in Qingpu, none in Songjiang', () => {
    for (const [id, article] of [
      ['qingpu-2023', 'QP-15'],
      ['songjiang-2022', null],
    ] as const) {
      const profile = loadPolicyProfile(id);
      assert.equal(profile.parameters['dataSync.period'].article, article);
      const payload = JSON.parse(serializePayload(buildSyncPayload({ ...input, district: id, article: profile.parameters['dataSync.period'].article, usage: lines })));
      assert.equal(payload.article, article, id);
    }
  });

  test('the CSV carries the same columns and quotes what needs quoting', () => {
    const csv = usageCsv(buildSyncPayload({ ...input, usage: lines }));
    assert.ok(csv.startsWith('\uFEFF'));
    const rows = csv.slice(1).trimEnd().split('\r\n');
    assert.equal(rows[0], USAGE_COLUMNS.join(','));
    assert.equal(rows.length, 5);
    assert.ok(rows[2]!.includes('"""排序"",系统"'));
  });
});
