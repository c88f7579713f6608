/** The HTTP contract: health, OpenAPI, bilingual field-level validation, units and policy as served. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { creditCodeCheckCharacter } from '@yunshu/shared/credit-code';
import { apiRoutes } from '../src/app.ts';
import { databaseKind, startTestPlatform, type TestPlatform } from './harness.ts';

const validCode = (serial: string) => {
  const first17 = `11310118MB${serial.padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
};

describe('API contract', () => {
  let t: TestPlatform;
  let admin: string;
  before(async () => {
    t = await startTestPlatform();
    admin = await t.login('sysadmin');
  });
  after(() => t.close());

  test('health names the database engine in use', async () => {
    const health = (await t.request('GET', '/api/health')).json();
    assert.deepEqual(health, { status: 'ok', database: databaseKind, version: '0.1.0' });
  });

  test('the OpenAPI document lists every route with its schemas', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).json();
    assert.equal(doc.openapi, '3.0.3');
    for (const route of apiRoutes) {
      const operation = doc.paths[route.url.replace(/:([a-z]+)/gi, '{$1}')]?.[route.method.toLowerCase()];
      assert.ok(operation, `${route.method} ${route.url} documented`);
      if (route.body) assert.ok(operation.requestBody.content['application/json'].schema, `${route.url} request schema`);
    }
    const createUnit = doc.paths['/api/units'].post.requestBody.content['application/json'].schema;
    assert.ok(createUnit.required.includes('creditCode'));
  });

  test('bad input answers 400 naming each field and rule in Chinese and English', async () => {
    const response = await t.request('POST', '/api/units', {
      cookie: admin,
      body: { name: 'x', type: 'ministry', creditCode: '11310118MB00000011', contactName: '', contactPhone: 'call me', districtBudget: 'yes' },
    });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'validation_failed');
    const byPath = Object.fromEntries(error.fields.map((f: { path: string }) => [f.path, f]));
    assert.deepEqual(Object.keys(byPath).sort(), ['contactName', 'contactPhone', 'creditCode', 'districtBudget', 'name', 'type']);
    assert.match(byPath.creditCode.message, /统一社会信用代码无效.*校验位/);
    assert.match(byPath.creditCode.messageEn, /check character/);
    assert.match(byPath.name.message, /至少 2 个字符/);
    assert.match(byPath.type.messageEn, /expected one of: authority, operator, user_unit, provider, auditor/);
    assert.ok(error.requestId);
  });

  test('malformed JSON and a wrong id format are client errors, never 500', async () => {
    const malformed = await t.request('POST', '/api/units', { cookie: admin, body: '{"name": ', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'bad_request');
    const badId = await t.request('GET', '/api/units/not-a-uuid', { cookie: admin });
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().error.fields[0].path, 'params.id');
    const unknownRoute = await t.request('GET', '/api/nothing-here', { cookie: admin });
    assert.equal(unknownRoute.statusCode, 404);
  });

  test('a cross-site request is refused', async () => {
    const response = await t.request('POST', '/api/units', { cookie: admin, body: {}, headers: { origin: 'https://evil.example', host: 'localhost:80' } });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, 'cross_origin_refused');
  });

  test('units: created with a valid credit code, duplicates refused by field, category only for user units', async () => {
    const body = { name: '青浦区测试局', type: 'user_unit', category: 'bureau', creditCode: validCode('7001'), contactName: '测试', contactPhone: '021-59731234', districtBudget: false };
    const created = await t.request('POST', '/api/units', { cookie: admin, body });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().districtBudget, false);
    const duplicate = await t.request('POST', '/api/units', { cookie: admin, body: { ...body, creditCode: validCode('7002') } });
    assert.equal(duplicate.statusCode, 400);
    assert.equal(duplicate.json().error.fields[0].path, 'name');
    const provider = await t.request('POST', '/api/units', { cookie: admin, body: { ...body, name: '某服务商', type: 'provider', creditCode: validCode('7003') } });
    assert.equal(provider.statusCode, 400);
    assert.equal(provider.json().error.fields[0].path, 'category');
    const lower = await t.request('POST', '/api/units', { cookie: admin, body: { ...body, name: '小写代码局', creditCode: validCode('7004').toLowerCase() } });
    assert.equal(lower.statusCode, 201, 'credit codes are normalised to capitals');
    const disabled = await t.request('PATCH', `/api/units/${created.json().id}`, { cookie: admin, body: { disabled: true } });
    assert.equal(disabled.json().disabled, true);
    const search = (await t.request('GET', `/api/units?q=${encodeURIComponent('测试局')}&type=user_unit`, { cookie: admin })).json();
    assert.equal(search.total, 1);
  });

  test('the policy in force is served with every value citing its article or stating its basis', async () => {
    const cookie = await t.login('edu-applicant');
    const policy = (await t.request('GET', '/api/policy', { cookie })).json();
    assert.equal(policy.id, 'qingpu-2023');
    const ceiling = policy.parameters.find((p: { key: string }) => p.key === 'expansion.ceilingRatio');
    assert.equal(ceiling.article, 'QP-10');
    assert.ok(policy.parameters.every((p: { article: string | null; basis: string | null }) => p.article || p.basis));
  });
});

describe('Songjiang profile', () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022' });
  });
  after(() => t.close());

  test('the demo district is named after the selected profile and its settlement rules cite SJ articles', async () => {
    const cookie = await t.login('sysadmin');
    const me = (await t.request('GET', '/api/me', { cookie })).json();
    assert.match(me.unit.name, /^松江区/);
    const policy = (await t.request('GET', '/api/policy', { cookie })).json();
    assert.equal(policy.id, 'songjiang-2022');
    const cap = policy.parameters.find((p: { key: string }) => p.key === 'settlement.supervisionFeeCap');
    assert.equal(cap.article, 'SJ-16');
  });
});
