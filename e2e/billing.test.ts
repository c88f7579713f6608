/**
 * Billing in a real browser (SJ-15 先用后付、按实结算), on usage made through the real flow: a unit's
 * server is applied for, approved and provisioned by the reconciler, then the operator rates this month
 * from the console and the unit's statement charges the server, traced down to its usage interval. An
 * ended month is confirmed after a dialog that says it freezes it. The unit sees its own spend on the
 * cost dashboard. A settlement is refused while months of its period are unconfirmed; with every month
 * confirmed it is run, its supervision budget above the cap is refused on the field (SJ-16), and the
 * authority's approval freezes it. The settlement's figures are covered by the server's tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2E, startE2E } from './harness.ts';
import { apiAs, approveEveryStep, choose, systemWithQuota } from './steps.ts';

const SERVER = 'bill-web-01';
const X86 = '区政务云 X86 资源池';
const UNIT = '青浦区教育局';

/** A month of Asia/Shanghai, `YYYY-MM`, `offset` months from this one. */
function shanghaiMonth(offset = 0): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const serial = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset;
  return `${Math.floor(serial / 12)}-${String((serial % 12) + 1).padStart(2, '0')}`;
}

/** Opens a page of the 费用 menu group as a signed-in user sees it, opening the group when it is closed. */
async function openBillingMenu(page: Page, item: string): Promise<void> {
  const entry = page.getByRole('menuitem', { name: new RegExp(`${item}$`) });
  if (!(await entry.isVisible())) await page.getByRole('menuitem', { name: /费用$/ }).click();
  await entry.click();
}

describe('billing and settlements (Chromium)', () => {
  let e2e: E2E;
  const thisMonth = shanghaiMonth();
  const lastMonth = shanghaiMonth(-1);
  /** The statement's amount as the console writes it, e.g. ¥192.86. */
  let amount = '';

  before(async () => {
    e2e = await startE2E();
    const edu = await apiAs(e2e.baseUrl, 'edu-applicant');
    const estate = await systemWithQuota(edu, `计费测试系统-${Date.now() % 100_000}`);
    const application = await edu<{ id: string; steps: { role: string }[] }>('POST', '/applications', {
      kind: 'resource',
      title: '计费测试云资源',
      systemId: estate.systemId,
      projectId: estate.projectId,
      platformId: estate.platform(X86),
      lines: [
        { itemId: estate.vcpu, quantity: '4' },
        { itemId: estate.mem, quantity: '8' },
      ],
      servers: [{ name: SERVER, vcpus: 4, memoryGiB: 8 }],
    });
    await approveEveryStep(e2e.baseUrl, application);
  });
  after(() => e2e?.close());

  test('the operator rates this month from the console; the unit’s statement charges the running server, traced to its usage (SJ-15)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    // Usage begins when the reconciler has the server running.
    await page.goto('/resources');
    await page.getByTestId('resources-table').locator('tr', { hasText: SERVER }).locator('[data-testid="resource-status"][data-status="running"]').waitFor({ timeout: 30_000 });

    // Nothing charged yet: the dashboard says so (last month may already be rated by the monthly job, empty).
    await openBillingMenu(page, '费用概览');
    await page.getByTestId('cost-empty').waitFor();

    await openBillingMenu(page, '月度账单');
    await page.waitForURL(/\/billing\/statements$/);
    await page.getByTestId('billing-rate').click();
    await page.getByTestId('billing-rate-month').getByText(`${thisMonth}（本月）`).waitFor();
    await page.getByText('本月尚未结束：仍在使用的资源计费至月末').waitFor();
    await page.getByTestId('billing-rate-submit').click();
    await page.getByText(new RegExp(`已生成 ${thisMonth} 账单：1 张账单`)).waitFor();

    const month = page.getByTestId('billing-months').locator(`tr[data-row-key="${thisMonth}"]`);
    await month.getByTestId('month-status').getByText('草稿').waitFor();
    assert.equal(await month.getByTestId('month-confirm').isDisabled(), true, 'a month not yet over cannot be confirmed');
    assert.match((await month.getByTestId('month-focus-csv').getAttribute('href')) ?? '', new RegExp(`/api/billing/months/${thisMonth}/focus\\.csv$`));

    const row = page.getByTestId('statements-table').locator('tr', { hasText: UNIT });
    await row.getByTestId('budget-tag').getByText('财政预算单位').waitFor();
    amount = ((await row.getByTestId('statement-total').textContent()) ?? '').trim();
    assert.match(amount, /^¥[\d,]+\.\d{2}$/);
    assert.notEqual(amount, '¥0.00', 'the running server costs something');

    // The statement: compute lines priced by the district book, the total as on the list.
    await row.getByTestId('statement-link').click();
    await page.waitForURL(/\/billing\/statements\/[0-9a-f-]{36}\?month=/);
    await page.getByTestId('statement-title').getByText(`${UNIT} · ${thisMonth} 账单`).waitFor();
    assert.equal((await page.getByTestId('statement-detail-total').textContent())?.trim(), amount);
    const vcpu = page.getByTestId('statement-lines').locator('tr', { hasText: 'ECS-X86-VCPU' });
    await vcpu.getByText('vCPU·小时').waitFor();
    await vcpu.getByText('/ vCPU·月').waitFor();

    // Traced to the server and its open interval of 4 vCPU.
    await vcpu.getByTestId('line-trace').click();
    const drawer = page.getByTestId('line-drawer');
    await drawer.getByTestId('drill-resource').getByText(SERVER).waitFor();
    const interval = drawer.getByTestId('drill-intervals').locator('tr', { hasText: '4 vCPU' });
    await interval.getByTestId('interval-power').getByText('运行').waitFor();
    await interval.getByText('仍在使用').waitFor();
    await interval.getByText('资源生命周期').waitFor();
    await page.context().close();
  });

  test('an ended month is confirmed after a dialog saying it freezes the month; it can then not be rated again', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await page.goto('/billing/statements');
    // Last month may have been rated by the monthly job already; rating it again keeps it a draft.
    await page.getByTestId('billing-rate').click();
    await choose(page, 'billing-rate-month', lastMonth, { search: true });
    await page.getByTestId('billing-rate-submit').click();
    await page.getByText(new RegExp(`已生成 ${lastMonth} 账单`)).waitFor();

    const month = page.getByTestId('billing-months').locator(`tr[data-row-key="${lastMonth}"]`);
    await month.getByTestId('month-confirm').click();
    await page.getByText('确认后该月账单冻结：不能再重新计费').waitFor();
    await page.getByTestId('month-confirm-dialog-submit').click();
    await page.getByText(`已确认 ${lastMonth} 账单`).waitFor();
    await month.getByTestId('month-status').getByText('已确认').waitFor();
    assert.equal(await month.getByTestId('month-rerate').count(), 0, 'a confirmed month is not rated again');
    await page.context().close();
  });

  test('the unit sees its own spend on the cost dashboard and its own statement only (QP-19)', async () => {
    assert.ok(amount, 'the statement of the first test');
    const unit = await e2e.newPage();
    await e2e.login(unit, 'edu-admin');
    await openBillingMenu(unit, '费用概览');
    await unit.waitForURL(/\/billing$/);
    await unit.getByTestId('cost-total').getByText(amount).waitFor();
    await unit.getByTestId('cost-trend').getByRole('img').waitFor();
    await unit.getByTestId('cost-by-system').getByText(amount).waitFor();
    assert.equal(await unit.getByTestId('cost-top-units').count(), 0, 'a unit is not ranked against others');
    assert.equal(await unit.getByRole('menuitem', { name: /年度结算$/ }).count(), 0, 'settlements are the district’s');

    await openBillingMenu(unit, '月度账单');
    await unit.getByTestId('statements-table').locator('tr', { hasText: UNIT }).getByText(amount).waitFor();
    assert.equal(await unit.getByTestId('statement-link').count(), 1, 'its own statement only');
    assert.equal(await unit.getByTestId('billing-rate').count(), 0, 'a unit does not rate months');
    assert.equal(await unit.getByTestId('month-total').count(), 0, 'nor sees the district’s total');
    await unit.context().close();

    // The operator sees the district: the unit among the top spenders.
    const operator = await e2e.newPage();
    await e2e.login(operator, 'res-admin');
    await operator.goto('/billing');
    await operator.getByTestId('cost-total').getByText(amount).waitFor();
    await operator.getByTestId('cost-top-units').getByRole('img').waitFor();
    await operator.context().close();
  });

  test('a settlement is refused while months of its period are unconfirmed, naming them; the period follows the policy profile', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await openBillingMenu(page, '年度结算');
    await page.waitForURL(/\/settlements$/);
    await page.getByTestId('settlements-table').getByText('暂无结算方案').waitFor();
    await page.getByTestId('settlement-run').click();
    await page.getByTestId('settlement-period-note').getByText('结算周期由本区政策参数确定：每年 1 月 1 日起 12 个月').waitFor();
    await page.getByTestId('settlement-run-submit').click();
    const refusal = page.getByTestId('api-error');
    await refusal.getByText(/结算期内尚有 \d+ 个月的账单未确认：/).waitFor();
    await refusal.getByRole('link', { name: '前往月度账单确认' }).waitFor();
    await page.context().close();
  });

  test('with every month confirmed the settlement is run; a supervision budget above the cap is refused on its field (SJ-16); the authority’s approval freezes it', async () => {
    // The latest ended period under the Qingpu profile is last year: every month rated and confirmed.
    const year = Number(thisMonth.slice(0, 4)) - 1;
    const operatorApi = await apiAs(e2e.baseUrl, 'res-admin');
    for (let index = 1; index <= 12; index++) {
      const month = `${year}-${String(index).padStart(2, '0')}`;
      const months = await operatorApi<{ month: string; status: string }[]>('GET', '/billing/months');
      if (months.find((m) => m.month === month)?.status === 'confirmed') continue;
      await operatorApi('POST', `/billing/months/${month}/rate`);
      await operatorApi('POST', `/billing/months/${month}/confirm`);
    }

    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await page.goto('/settlements');
    await page.getByTestId('settlement-run').click();
    await page.getByTestId('settlement-first-month').getByText(`${year}-01 至 ${year}-12`).waitFor();
    await page.getByTestId('settlement-run-submit').click();
    await page.waitForURL(/\/settlements\/[0-9a-f-]{36}$/);
    const settlementUrl = page.url();
    await page.getByTestId('settlement-title').getByText(`${year} 年度`).waitFor();
    await page.getByTestId('settlement-status').getByText('草稿').waitFor();
    assert.match((await page.getByTestId('settlement-export').getAttribute('href')) ?? '', /\/export\.xlsx$/);
    assert.match((await page.getByTestId('settlement-pdf').getAttribute('href')) ?? '', /\/summary\.pdf$/);

    await page.getByTestId('supervision-amount').fill('1.00');
    await page.getByTestId('supervision-save').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '（上限 0.00 元）' }).waitFor();

    // Qingpu engages no third-party auditor: submitting goes straight to the authority.
    await page.getByTestId('settlement-submitDirect').click();
    await page.getByText('本区未委托第三方审价，提交后直接报主管部门审定。').waitFor();
    await page.getByTestId('settlement-action-submit').click();
    await page.getByTestId('settlement-status').getByText('待主管部门审定').waitFor();
    await page.context().close();

    const authority = await e2e.newPage();
    await e2e.login(authority, 'authority');
    await authority.goto(settlementUrl);
    await authority.getByTestId('settlement-approve').click();
    await authority.getByText('审定后结算方案冻结').waitFor();
    await authority.getByTestId('settlement-action-submit').click();
    await authority.getByTestId('settlement-status').getByText('已审定（冻结）').waitFor();
    await authority.getByText('该结算方案已经主管部门审定并冻结').waitFor();
    assert.equal(await authority.getByTestId('settlement-approve').count(), 0);
    await authority.goto('/settlements');
    await authority.getByTestId('settlements-table').locator('tr', { hasText: `${year} 年度` }).getByText('已审定（冻结）').waitFor();
    assert.equal(await authority.getByTestId('settlement-run').count(), 0, 'the authority approves, it does not run settlements');
    await authority.context().close();
  });
});
