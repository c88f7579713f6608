/** The estate's editing screens in a real browser: the operator adds a catalog item; a unit edits its system. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD, type E2E, startE2E } from './harness.ts';
import { choose } from './steps.ts';

async function api(e2e: E2E, username: string) {
  const login = await fetch(`${e2e.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${e2e.baseUrl}${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await response.json()) as any;
  };
}

describe('estate editing (Chromium)', () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(() => e2e?.close());

  test('the resource administrator adds a catalog item through the drawer', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await page.goto('/catalog');
    await page.getByTestId('catalog-item-create').click();
    await page.getByTestId('catalog-item-code').fill('SAAS-SIGN');
    await page.getByTestId('catalog-item-name-zh').fill('电子签章服务');
    await page.getByTestId('catalog-item-name-en').fill('Electronic seal service');
    await choose(page, 'catalog-item-category', '软件服务（SaaS）');
    await choose(page, 'catalog-item-unit', '实例·月');
    await page.getByRole('checkbox', { name: 'X86', exact: true }).check();
    await page.getByTestId('catalog-item-submit').click();
    await page.getByText('电子签章服务').first().waitFor();
    const call = await api(e2e, 'res-admin');
    const found = await call('GET', '/api/catalog/items?q=SAAS-SIGN');
    assert.equal(found.items.length, 1);
    assert.equal(found.items[0].unitOfMeasure, 'instance_month');
  });

  test('the cost calculator totals the lines as the server does', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-applicant');
    await page.goto('/calculator');
    await choose(page, 'calculator-platform', '区政务云 X86 资源池');
    await choose(page, 'calculator-item-0', 'ECS-X86-VCPU');
    await page.getByTestId('calculator-quantity-0').fill('3');
    await page.getByTestId('calculator-months-0').fill('2');
    await page.getByTestId('calculator-submit').click();
    const shown = ((await page.getByTestId('calculator-total').textContent()) ?? '').replace(/[^0-9.]/g, '');
    const call = await api(e2e, 'edu-applicant');
    const platforms = await call('GET', '/api/platforms?pageSize=50');
    const items = await call('GET', '/api/catalog/items?q=ECS-X86-VCPU');
    const estimate = await call('POST', '/api/catalog/estimate', {
      platformId: platforms.items.find((p: { name: string }) => p.name === '区政务云 X86 资源池').id,
      lines: [{ itemId: items.items[0].id, quantity: '3', months: 2 }],
    });
    assert.equal(shown, estimate.total);
  });

  test('a unit applicant edits the purpose of its system', async () => {
    const call = await api(e2e, 'edu-applicant');
    const system = await call('POST', '/api/systems', { name: '校园安全平台', purpose: '原用途', mlpsLevel: 2, constructionType: 'new', ownerName: '王芳', ownerPhone: '021-59730000' });
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-applicant');
    await page.goto(`/systems/${system.id}`);
    await page.getByTestId('system-edit').click();
    await page.getByTestId('system-purpose').fill('校园安防视频汇聚与告警');
    await page.getByTestId('system-form-submit').click();
    await page.getByText('校园安防视频汇聚与告警').first().waitFor();
    assert.equal((await call('GET', `/api/systems/${system.id}`)).purpose, '校园安防视频汇聚与告警');
  });
});
