/**
 * Applications and approvals in a real browser: a unit applicant fills in a resource application (QP-9)
 * against a project's quota, is refused above the quota with the article cited, estimates the cost and
 * submits; the three approvers of QP-9 — cloud resource administrator, section chief, leader — each find
 * it in their 待办 and approve it in order (the later ones cannot act before their turn); the applicant
 * then sees it approved, the timeline with three approvals, and the notification in the inbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2E, startE2E } from './harness.ts';
import { apiAs, choose, tinyPdf } from './steps.ts';

const SYSTEM = '教育资源公共服务平台';
const PROJECT = '青教信〔2026〕21号';
const PLATFORM = '区政务云 X86 资源池';
const ITEM = 'ECS-X86-VCPU';
const TITLE = '教育资源平台首期云资源申请';

/** `3360.00` → `¥3,360.00`, as the console writes the server's amounts. */
function yuan(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** An approver signs in, finds the application in 待办 and approves its current step with a comment. */
async function approveFromPending(e2e: E2E, username: string, number: string, comment: string): Promise<void> {
  const page = await e2e.newPage();
  await e2e.login(page, username);
  await page.getByRole('menuitem', { name: /申请审批/ }).click();
  await page.getByRole('menuitem', { name: /待办/ }).click();
  await page.waitForURL(/\/applications\/pending$/);
  const row = page.getByTestId('pending-table').locator('tr', { hasText: number });
  await row.getByText('剩余', { exact: false }).or(row.getByText('今日到期')).first().waitFor();
  await row.getByTestId('pending-open').click();
  await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
  await page.getByTestId('application-approve').click();
  await page.getByTestId('application-decision-comment').fill(comment);
  await page.getByTestId('application-decision-submit').click();
  await page.getByText(`已审批通过 ${number}`).waitFor();
  await page.getByTestId('application-approve').waitFor({ state: 'detached' });
  await page.getByTestId('application-timeline').getByText(comment, { exact: false }).waitFor();
  await page.context().close();
}

describe('applications and approvals (Chromium)', () => {
  let e2e: E2E;
  let estimateTotal = '';

  before(async () => {
    e2e = await startE2E();
    // The applicant's system with a project approval whose quota covers the request, and its approval PDF (QP-9).
    const call = await apiAs(e2e.baseUrl, 'edu-applicant');
    const items = await call<{ items: { id: string; code: string }[] }>('GET', `/catalog/items?q=${ITEM}`);
    const item = items.items.find((candidate) => candidate.code === ITEM);
    const platforms = await call<{ items: { id: string; name: string }[] }>('GET', '/platforms?pageSize=200');
    const platform = platforms.items.find((candidate) => candidate.name === PLATFORM);
    assert.ok(item && platform, 'the demo catalog has the item and the district X86 platform');
    const system = await call<{ id: string }>('POST', '/systems', {
      name: SYSTEM,
      purpose: '全区中小学教学资源共享与在线教研',
      mlpsLevel: 2,
      constructionType: 'new',
      ownerName: '王芳',
      ownerPhone: '021-59720000',
    });
    const project = await call<{ id: string }>('POST', `/systems/${system.id}/projects`, {
      documentNumber: PROJECT,
      approvedOn: '2026-03-16',
      approvingBody: '青浦区发展和改革委员会',
      budget: '520000.00',
      architecture: 'x86',
      platformIds: [platform.id],
      quotas: [{ itemId: item.id, quantity: '16', basis: '8 台应用服务器 × 2 vCPU' }],
    });
    await call('POST', `/projects/${project.id}/documents?filename=${encodeURIComponent('立项批复.pdf')}`, tinyPdf(), 'application/pdf');
    const estimate = await call<{ total: string }>('POST', '/catalog/estimate', {
      platformId: platform.id,
      lines: [{ itemId: item.id, quantity: '8', months: 12 }],
    });
    estimateTotal = yuan(estimate.total);
  });
  after(() => e2e?.close());

  test('a unit applicant submits a resource application that the three approvers of QP-9 approve in order', async () => {
    // —— the applicant fills in the form ——
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-applicant');
    await page.getByRole('menuitem', { name: /申请审批/ }).click();
    await page.getByRole('menuitem', { name: /我的申请/ }).click();
    await page.waitForURL(/\/applications$/);
    await page.getByTestId('applications-table').getByText('暂无申请').waitFor();
    await page.getByTestId('application-create').click();
    await page.getByTestId('application-kind-resource').click();
    await page.waitForURL(/\/applications\/new\/resource$/);

    // The rule beside the form comes from the policy profile, with its article and the deadline if sent today.
    const rules = page.getByTestId('application-rules');
    await rules.getByText('7 个工作日').first().waitFor();
    await rules.getByText('QP-9').first().waitFor();
    await rules.getByTestId('application-expected-deadline').waitFor();

    await page.getByTestId('application-title').fill(TITLE);
    await choose(page, 'application-system', SYSTEM);
    // The system's only project approval is taken, with its quota line to fill in.
    await page.getByTestId('application-project').getByText(PROJECT, { exact: false }).waitFor();
    await choose(page, 'application-platform', PLATFORM);
    await page.getByTestId('application-line-item-0').getByText(ITEM, { exact: false }).waitFor();
    const gauge = page.getByTestId('application-quota-gauge');
    await gauge.getByText(/配额 16/).waitFor();

    // Above the quota the server refuses, citing QP-9, and the message lands on the quantity.
    await page.getByTestId('application-line-quantity-0').fill('20');
    await gauge.getByText('超出配额').waitFor();
    await page.getByTestId('application-submit').click();
    const refusal = page.getByTestId('api-error');
    await refusal.getByText(/超过立项配额 16/).waitFor();
    await refusal.getByText('QP-9').waitFor();
    await page.locator('.ant-form-item-explain-error', { hasText: '超过立项配额 16' }).waitFor();

    // Within the quota: the estimate is the calculator's, priced by the district book for twelve months.
    await page.getByTestId('application-line-quantity-0').fill('8');
    await gauge.getByText(/本次 8 \/ 配额 16/).waitFor();
    assert.equal(await gauge.getByText('超出配额').count(), 0);
    await page.getByTestId('application-estimate').click();
    await page.getByTestId('application-estimate-result').getByTestId('estimate-total').getByText(estimateTotal).waitFor();

    await page.getByTestId('application-submit').click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    const applicationId = page.url().split('/').pop() ?? '';
    await page.getByTestId('application-status').getByText('审批中').waitFor();
    await page.getByTestId('application-title').getByText(TITLE).waitFor();
    const number = (await page.getByText(/^SQ\d{10}$/).first().textContent())?.trim() ?? '';
    assert.match(number, /^SQ\d{10}$/);
    const steps = page.getByTestId('application-steps');
    assert.equal(await steps.getByTestId('application-step').count(), 3);
    await steps.getByText('一级审批').waitFor();
    await steps.getByText('云资源管理员').waitFor();
    await page.getByTestId('application-estimate-detail').getByTestId('estimate-total').getByText(estimateTotal).waitFor();
    // The applicant does not approve; they may withdraw.
    assert.equal(await page.getByTestId('application-approve').count(), 0);
    await page.getByTestId('application-withdraw').waitFor();
    await page.context().close();

    // —— the second approver cannot act before the first ——
    const chief = await e2e.newPage();
    await e2e.login(chief, 'chief');
    await chief.goto('/applications/pending');
    await chief.getByTestId('pending-table').getByText('暂无待办').waitFor();
    await chief.goto(`/applications/${applicationId}`);
    await chief.getByTestId('application-status').getByText('审批中').waitFor();
    await chief.getByTestId('application-steps').getByText('办理中').waitFor();
    assert.equal(await chief.getByTestId('application-approve').count(), 0, 'no approve button before the first level');
    const early = await chief.request.post(`/api/applications/${applicationId}/approve`, { data: {} });
    assert.equal(early.status(), 403);
    assert.equal((await early.json()).error.code, 'not_your_step');
    await chief.context().close();

    // —— the three levels approve in order from their 待办 ——
    await approveFromPending(e2e, 'res-admin', number, '一级审批：配额内，同意');
    await approveFromPending(e2e, 'chief', number, '二级审批：同意');
    await approveFromPending(e2e, 'leader', number, '三级审批：同意开通');

    // —— the applicant sees it approved, the three approvals, and the notification ——
    const back = await e2e.newPage();
    await e2e.login(back, 'edu-applicant');
    await back.getByTestId('notification-count').locator('.ant-badge-count').waitFor();
    await back.goto('/applications');
    const row = back.getByTestId('applications-table').locator('tr', { hasText: number });
    await row.getByText('已批准，待开通').waitFor();
    await row.getByTestId('application-link').click();
    await back.waitForURL(new RegExp(`/applications/${applicationId}$`));
    await back.getByTestId('application-status').getByText('已批准，待开通').waitFor();
    const timeline = back.getByTestId('application-timeline');
    // vCPU alone, without memory, makes no server: approval completes it with nothing to provision.
    await timeline.locator('[data-action="completed"]').waitFor();
    assert.equal(await timeline.locator('[data-action="approved"]').count(), 3);
    for (const name of ['云资源管理员 陈晓', '基础设施科科长 刘强', '分管领导 张伟']) {
      await timeline.locator('[data-action="approved"]', { hasText: name }).waitFor();
    }
    assert.equal(await back.getByTestId('application-steps').locator('[data-status="approved"]').count(), 3);
    assert.equal(await back.getByTestId('application-withdraw').count(), 0, 'a decided application cannot be withdrawn');

    // The inbox holds the approval, linked to the application.
    await back.getByTestId('notification-bell').click();
    await back.waitForURL(/\/notifications$/);
    const message = back.getByTestId('notifications-table').locator('tr', { hasText: `${number}：已审批通过，等待开通` });
    await message.getByTestId('notification-open').click();
    await back.waitForURL(new RegExp(`/applications/${applicationId}$`));
  });
});
