import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson } from './audit-log.ts';

describe('canonicalJson', () => {
  test('sorts object keys at every depth', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  test('is the same for equal objects whose keys were inserted in a different order', () => {
    const one = { actor: 'sysadmin', detail: { roles: ['unit_admin'], unit: { id: 'u1', name: '教育局' } }, at: '2026-01-01T00:00:00.000Z' };
    const two = { at: '2026-01-01T00:00:00.000Z', detail: { unit: { name: '教育局', id: 'u1' }, roles: ['unit_admin'] }, actor: 'sysadmin' };
    assert.equal(canonicalJson(one), canonicalJson(two));
    assert.notEqual(JSON.stringify(one), JSON.stringify(two));
  });

  test('reads back from JSON (jsonb) to the same text', () => {
    const value = { z: [3, 2, 1], a: { y: 'x', b: true, n: 1.5 }, m: null };
    assert.equal(canonicalJson(JSON.parse(canonicalJson(value))), canonicalJson(value));
    assert.deepEqual(JSON.parse(canonicalJson(value)), value);
  });

  test('drops keys whose value is undefined, at every depth', () => {
    assert.equal(canonicalJson({ a: 1, b: undefined, c: { d: undefined, e: 2 } }), '{"a":1,"c":{"e":2}}');
    assert.equal(canonicalJson({ a: undefined }), '{}');
  });

  test('keeps null values and the order of arrays', () => {
    assert.equal(canonicalJson({ a: null }), '{"a":null}');
    assert.equal(canonicalJson([3, 1, 2]), '[3,1,2]');
    assert.equal(canonicalJson(['b', 'a', { d: 1, c: 2 }]), '["b","a",{"c":2,"d":1}]');
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  });

  test('orders keys by code unit, not by locale', () => {
    assert.equal(canonicalJson({ b: 1, B: 2, a: 3, 审: 4, '1': 5 }), '{"1":5,"B":2,"a":3,"b":1,"审":4}');
  });

  test('writes dates as ISO-8601 strings and escapes strings as JSON does', () => {
    assert.equal(canonicalJson({ at: new Date('2026-03-01T08:00:00.123Z') }), '{"at":"2026-03-01T08:00:00.123Z"}');
    assert.equal(canonicalJson('say "hi"\n'), JSON.stringify('say "hi"\n'));
    assert.equal(canonicalJson({ 'a"b': 1 }), '{"a\\"b":1}');
  });

  test('writes scalars as JSON does', () => {
    for (const value of [0, -1.25, true, false, null, '', '云枢']) assert.equal(canonicalJson(value), JSON.stringify(value));
  });
});
