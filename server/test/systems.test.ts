/** Information systems, project approvals with quotas (QP-7, QP-8, SJ-11), quota usage (QP-10) and documents. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sm3 } from 'sm-crypto-v2';
import { catalogItemIds, createProject, createSystem, pdfBytes, projectBody, uploadDocument } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

describe('information systems, projects and quotas', () => {
  let t: TestPlatform;
  let edu: string;
  let operator: string;
  let items: string[];
  before(async () => {
    t = await startTestPlatform();
    edu = await t.login('edu-applicant');
    operator = await t.login('res-admin');
    items = await catalogItemIds(t, 3);
  });
  after(() => t.close());

  test('a unit registers a system for itself; another unit as owner is refused', async () => {
    const system = await createSystem(t, edu, { name: '智慧教育平台' });
    assert.match(system.unit.name, /教育局$/);
    const me = (await t.request('GET', '/api/me', { cookie: edu })).json();
    assert.equal(system.unit.id, me.unit.id);
    const units = (await t.request('GET', '/api/units?pageSize=200', { cookie: operator })).json().items as { id: string; name: string }[];
    const health = units.find((u) => u.name.endsWith('卫生健康委员会'))!;
    const refused = await t.request('POST', '/api/systems', {
      cookie: edu,
      body: { unitId: health.id, name: '越权系统', purpose: 'x', mlpsLevel: 2, constructionType: 'new', ownerName: 'x', ownerPhone: '02100000' },
    });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().error.fields[0].path, 'unitId');
    const duplicate = await t.request('POST', '/api/systems', {
      cookie: edu,
      body: { name: '智慧教育平台', purpose: 'x', mlpsLevel: 2, constructionType: 'new', ownerName: 'x', ownerPhone: '02100000' },
    });
    assert.equal(duplicate.statusCode, 400);
  });

  test('the operator registers for a user unit it names, and must name one', async () => {
    const units = (await t.request('GET', '/api/units?type=user_unit&pageSize=200', { cookie: operator })).json().items as { id: string }[];
    const created = await createSystem(t, operator, { unitId: units[0]!.id });
    assert.equal(created.unit.id, units[0]!.id);
    const missing = await t.request('POST', '/api/systems', { cookie: operator, body: { name: '无主系统', purpose: 'x', mlpsLevel: 1, constructionType: 'new', ownerName: 'x', ownerPhone: '02100000' } });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.fields[0].path, 'unitId');
  });

  test('an MLPS level 4 system is refused, citing QP-5 and QP-7; so is a classified one', async () => {
    const level4 = await t.request('POST', '/api/systems', {
      cookie: edu,
      body: { name: '四级系统', purpose: 'x', mlpsLevel: 4, constructionType: 'new', ownerName: 'x', ownerPhone: '02100000' },
    });
    assert.equal(level4.statusCode, 400);
    const error = level4.json().error;
    assert.equal(error.code, 'mlps_level_too_high');
    assert.equal(error.article, 'QP-5, QP-7');
    assert.match(error.message, /等保3级及以下.*青浦办法第五条、第七条/);
    assert.match(error.messageEn, /Qingpu Measures Art\. 5, 7/);
    assert.equal(error.fields[0].path, 'mlpsLevel');
    const classified = await t.request('POST', '/api/systems', {
      cookie: edu,
      body: { name: '涉密系统', purpose: 'x', mlpsLevel: 2, classified: true, constructionType: 'new', ownerName: 'x', ownerPhone: '02100000' },
    });
    assert.equal(classified.json().error.code, 'classified_system_refused');
    const count = (await t.ownerQuery(`SELECT count(*)::int AS n FROM information_systems WHERE name IN ('四级系统', '涉密系统')`)) as { n: number }[];
    assert.equal(count[0]!.n, 0);
  });

  test('a project approval records its quota with the basis of each line (QP-8)', async () => {
    const system = await createSystem(t, edu);
    const project = await createProject(t, edu, system.id, items.slice(0, 2), { cyclical: true, cyclicalPattern: '每年 7–8 月招生录取高峰' });
    assert.equal(project.quotas.length, 2);
    assert.equal(project.quotas[0].basis, '按业务峰值并发 2000 人测算');
    assert.equal(project.budget, '1280000.00');
    assert.equal(project.cyclical, true);
    const noPattern = await t.request('POST', `/api/systems/${system.id}/projects`, { cookie: edu, body: projectBody(items.slice(0, 1), { cyclical: true }) });
    assert.equal(noPattern.statusCode, 400);
    assert.equal(noPattern.json().error.article, 'QP-8');
    const noBasis = await t.request('POST', `/api/systems/${system.id}/projects`, {
      cookie: edu,
      body: projectBody([], { quotas: [{ itemId: items[0], quantity: '4' }] }),
    });
    assert.equal(noBasis.statusCode, 400);
    assert.equal(noBasis.json().error.fields[0].path, 'quotas.0.basis');
    const twice = await t.request('POST', `/api/systems/${system.id}/projects`, { cookie: edu, body: projectBody([items[0]!, items[0]!]) });
    assert.equal(twice.statusCode, 400);
    assert.equal(twice.json().error.fields[0].path, 'quotas.1.itemId');
    const floatQuantity = await t.request('POST', `/api/systems/${system.id}/projects`, { cookie: edu, body: projectBody([], { quotas: [{ itemId: items[0], quantity: 4, basis: 'x' }] }) });
    assert.equal(floatQuantity.statusCode, 400, 'quantities travel as text');
  });

  test('quota usage sums the projects and shows the 120% ceiling (QP-10)', async () => {
    const system = await createSystem(t, edu);
    await createProject(t, edu, system.id, [items[0]!], { quotas: [{ itemId: items[0], quantity: '10', basis: '一期' }] });
    await createProject(t, edu, system.id, [items[0]!], { quotas: [{ itemId: items[0], quantity: '2.5', basis: '二期' }] });
    const usage = (await t.request('GET', `/api/systems/${system.id}/quota-usage`, { cookie: edu })).json();
    assert.equal(usage.ceilingRatio, '1.2');
    assert.equal(usage.article, 'QP-10');
    assert.equal(usage.lines.length, 1);
    assert.equal(usage.lines[0].approved, '12.5');
    assert.equal(usage.lines[0].ceiling, '15');
    assert.equal(usage.lines[0].headroom, '15');
    assert.match(usage.lines[0].itemNameEn, /[A-Za-z]/, 'English name for the English console');
  });

  test('documents: PDF stored with its SM3 hash and served back byte for byte; other types refused', async () => {
    const system = await createSystem(t, edu);
    const project = await createProject(t, edu, system.id, [items[0]!]);
    const content = pdfBytes('立项批复');
    const uploaded = await uploadDocument(t, edu, project.id, content);
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    assert.equal(uploaded.json().sm3, sm3(new Uint8Array(content)), 'SM3 matches an independent implementation');
    const downloaded = await t.request('GET', `/api/documents/${uploaded.json().id}`, { cookie: edu });
    assert.equal(downloaded.statusCode, 200);
    assert.deepEqual(downloaded.rawPayload, content);
    assert.equal(downloaded.headers['content-type'], 'application/pdf');
    const fake = await uploadDocument(t, edu, project.id, Buffer.from('not really a pdf'), 'fake.pdf');
    assert.equal(fake.statusCode, 415);
    assert.equal(fake.json().error.code, 'document_type_refused');
    const renamed = await uploadDocument(t, edu, project.id, content, 'report.docx');
    assert.equal(renamed.statusCode, 415);
    const big = Buffer.concat([content, Buffer.alloc(11 * 1024 * 1024)]);
    const tooBig = await uploadDocument(t, edu, project.id, big);
    assert.equal(tooBig.statusCode, 413);
    const withJson = await t.request('POST', `/api/projects/${project.id}/documents?filename=a.pdf`, { cookie: edu, body: { not: 'a file' } });
    assert.equal(withJson.statusCode, 400);
    const detail = (await t.request('GET', `/api/projects/${project.id}`, { cookie: edu })).json();
    assert.equal(detail.documents.length, 1);
    assert.equal((await t.request('DELETE', `/api/documents/${uploaded.json().id}`, { cookie: edu })).statusCode, 204);
    assert.equal((await t.request('GET', `/api/projects/${project.id}`, { cookie: edu })).json().documents.length, 0);
  });

  test('an auditor reads systems but cannot register one', async () => {
    const auditor = await t.login('auditor');
    assert.equal((await t.request('GET', '/api/systems', { cookie: auditor })).statusCode, 200);
    const refused = await t.request('POST', '/api/systems', { cookie: auditor, body: {} });
    assert.equal(refused.statusCode, 403);
  });
});
