/** The foundation in a real browser: an operator signs in in Chinese, switches to English, reads the policy page, signs out. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2E, startE2E } from './harness.ts';

describe('web console (Chromium)', () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(() => e2e?.close());

  test('an operator signs in in Chinese, switches to English, sees the policy page and signs out', async () => {
    const page = await e2e.newPage();
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByText('云枢').first().waitFor();
    await e2e.login(page, 'res-admin');
    await page.getByText('云资源管理员').first().waitFor();
    await page.getByText('暂无待办事项').waitFor();

    await page.getByRole('menuitem', { name: /政策参数/ }).click();
    await page.waitForURL(/\/policy/);
    await page.getByText('青浦区电子政务云管理暂行办法').first().waitFor();
    await page.getByText('QP-10').first().waitFor();

    await page.getByTestId('lang-switch').click();
    await page.getByRole('menuitem', { name: /Policy/ }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en-US');
    await page.getByText('Cloud resource administrator').first().waitFor();
    await page.getByText(/Expansion/i).first().waitFor();

    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    assert.equal(me, 401, 'the session really ended');
  });

  test('a locked-out user sees when the lock ends; a unit user gets no administration menu', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('login-username').fill('town-applicant');
      await page.getByTestId('login-password').fill('wrong-password');
      await page.getByTestId('login-submit').click();
      await page.locator('.ant-alert').first().waitFor();
    }
    await page.getByText(/锁定/).first().waitFor();

    const unitPage = await e2e.newPage();
    await e2e.login(unitPage, 'edu-applicant');
    assert.equal(await unitPage.getByRole('menuitem', { name: /用户管理/ }).count(), 0);
    assert.equal(await unitPage.getByRole('menuitem', { name: /审计日志/ }).count(), 0);
  });
});
