/**
 * Provisioning in a real browser, on the real server whose reconciler drives the simulated cloud: a unit
 * applicant plans one server in a resource application (QP-9), the three approvers approve it, and the
 * applicant watches the server reach 运行中 with an address, its lifecycle history recording the desired
 * state and the driver's calls; the unit administrator stops it. On the Songjiang profile (SJ-10) the city
 * cloud's provider engineer completes the work order of a city-cloud server, refused first on a shortfall.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2E, startE2E } from './harness.ts';
import { apiAs, approveEveryStep, choose, systemWithQuota } from './steps.ts';

const SERVER = 'edu-web-01';
const X86 = '区政务云 X86 资源池';
const CITY = '市政务云（沪信）';
/** An approver opens the application and approves its current step. */
async function approveInBrowser(e2e: E2E, username: string, applicationId: string, number: string): Promise<void> {
  const page = await e2e.newPage();
  await e2e.login(page, username);
  await page.goto(`/applications/${applicationId}`);
  await page.getByTestId('application-approve').click();
  await page.getByTestId('application-decision-submit').click();
  await page.getByText(`已审批通过 ${number}`).waitFor();
  await page.context().close();
}

describe('provisioning on the simulated cloud (Chromium)', () => {
  let e2e: E2E;
  let systemName = '';
  let resourceId = '';

  before(async () => {
    e2e = await startE2E();
    systemName = `开通测试系统-${Date.now() % 100_000}`;
    await systemWithQuota(await apiAs(e2e.baseUrl, 'edu-applicant'), systemName);
  });
  after(() => e2e?.close());

  test('a planned server is approved, created by the reconciler and runs with an address (QP-9)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-applicant');
    await page.goto('/applications/new/resource');
    await page.getByTestId('application-title').fill('开通测试首期云资源');
    await choose(page, 'application-system', systemName);
    await page.getByTestId('application-project').getByText('青教信', { exact: false }).waitFor();
    await choose(page, 'application-platform', X86);
    // The project's quota lines, each to be given its quantity.
    for (const index of [0, 1]) {
      const item = page.getByTestId(`application-line-item-${index}`);
      await item.getByText('ECS-X86-', { exact: false }).waitFor();
      const vcpu = ((await item.textContent()) ?? '').includes('ECS-X86-VCPU');
      await page.getByTestId(`application-line-quantity-${index}`).fill(vcpu ? '4' : '8');
    }
    // One planned server taking all of the approved compute.
    await page.getByTestId('application-servers-add').click();
    await page.getByTestId('application-server-name-0').fill(SERVER);
    await page.getByTestId('application-server-vcpus-0').fill('4');
    await page.getByTestId('application-server-memory-0').fill('8');
    await page.getByTestId('application-submit').click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    const applicationId = page.url().split('/').pop() ?? '';
    const plan = page.getByTestId('provisioning-plan');
    await plan.getByText(SERVER).waitFor();
    const number = (await page.getByText(/^SQ\d{10}$/).first().textContent())?.trim() ?? '';
    assert.match(number, /^SQ\d{10}$/);
    await page.context().close();

    for (const approver of ['res-admin', 'chief', 'leader']) await approveInBrowser(e2e, approver, applicationId, number);

    // The applicant finds the server in 云资源, and sees it reach 运行中 with an address by itself.
    const applicant = await e2e.newPage();
    await e2e.login(applicant, 'edu-applicant');
    await applicant.getByRole('menuitem', { name: /资源运维/ }).click();
    await applicant.getByRole('menuitem', { name: /云资源/ }).click();
    await applicant.waitForURL(/\/resources$/);
    const row = applicant.getByTestId('resources-table').locator('tr', { hasText: SERVER });
    await row.locator('[data-testid="resource-status"][data-status="running"]').waitFor({ timeout: 30_000 });
    await row.getByText('运行中').waitFor();
    const address = (await row.getByTestId('resource-addresses').textContent()) ?? '';
    assert.match(address, /\d+\.\d+\.\d+\.\d+/, 'the cloud gave it an address');
    await row.getByText(number).waitFor();

    // Its page: the shape asked for and observed, and the history from the desired state to running.
    await row.getByTestId('resource-link').click();
    await applicant.waitForURL(/\/resources\/[0-9a-f-]{36}$/);
    resourceId = applicant.url().split('/').pop() ?? '';
    await applicant.getByTestId('resource-title').getByText(SERVER).waitFor();
    await applicant.getByTestId('resource-observed-spec').getByText('4 vCPU / 8 GiB').waitFor();
    const history = applicant.getByTestId('resource-history');
    await history.locator('[data-action="desired.create"]', { hasText: '期望状态：开通' }).waitFor();
    await history.locator('[data-action="driver.createServer"]', { hasText: '创建云主机' }).waitFor();
    await history.locator('[data-action="driver.createServer"]', { hasText: '成功' }).first().waitFor();
    await history.locator('[data-action="state.running"]').waitFor();
    assert.equal(await applicant.getByTestId('resource-stop').count(), 0, 'an applicant may not stop a server');

    // The application tells the same: its resource, and 资源已开通 on its timeline.
    await applicant.goto(`/applications/${applicationId}`);
    await applicant.getByTestId('application-resources').locator('tr', { hasText: SERVER }).getByText('运行中').waitFor();
    await applicant.getByTestId('application-timeline').locator('[data-action="provisioned"]').waitFor();
    await applicant.context().close();
  });

  test('the unit administrator stops the server with a reason, and the platform stops it', async () => {
    assert.ok(resourceId, 'the server of the previous test');
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-admin');
    await page.goto('/resources');
    await page.getByTestId('resources-table').locator('tr', { hasText: SERVER }).getByTestId('resource-link').click();
    await page.waitForURL(new RegExp(`/resources/${resourceId}$`));
    await page.getByTestId('resource-stop').click();
    await page.getByTestId('resource-power-text').fill('维护窗口');
    await page.getByTestId('resource-power-submit').click();
    await page.getByText('已提交停机，平台正在执行').waitFor();
    const title = page.locator('h4', { has: page.getByTestId('resource-title') });
    await title.locator('[data-status="stopped"]').getByText('已停止').waitFor({ timeout: 30_000 });
    await page.getByTestId('resource-start').waitFor();
    const history = page.getByTestId('resource-history');
    await history.locator('[data-action="desired.stop"]', { hasText: '维护窗口' }).getByText('教育局 李明').waitFor();
    await history.locator('[data-action="driver.stopServer"]', { hasText: '停止云主机' }).waitFor();
    await page.context().close();
  });
});

describe('work orders of the city cloud (Chromium, Songjiang profile)', () => {
  let e2e: E2E;
  let serverName = '';

  before(async () => {
    e2e = await startE2E({ YUNSHU_POLICY: 'songjiang-2022' });
    const edu = await apiAs(e2e.baseUrl, 'edu-applicant');
    const estate = await systemWithQuota(edu, `市云测试系统-${Date.now() % 100_000}`);
    const application = await edu<{ id: string; number: string; steps: { role: string }[] }>('POST', '/applications', {
      kind: 'city_cloud',
      title: '市政务云资源',
      systemId: estate.systemId,
      projectId: estate.projectId,
      platformId: estate.platform(CITY),
      reason: 'district_insufficient',
      explanation: '区级资源池容量不足',
      lines: [
        { itemId: estate.vcpu, quantity: '4' },
        { itemId: estate.mem, quantity: '8' },
      ],
    });
    await approveEveryStep(e2e.baseUrl, application);
    serverName = `app-${application.number.toLowerCase()}`;
  });
  after(() => e2e?.close());

  test('the city provider’s engineer completes the work order; a shortfall is refused on its field', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'city-provider');
    await page.getByRole('menuitem', { name: /资源运维/ }).click();
    await page.getByRole('menuitem', { name: /工单/ }).click();
    await page.waitForURL(/\/work-orders$/);
    const row = page.getByTestId('work-orders-table').locator('tr', { hasText: serverName });
    await row.getByTestId('work-order-status').getByText('待办理').waitFor();
    await row.getByText('开通').first().waitFor();
    await row.getByTestId('work-order-complete').click();

    // The ordered shape is prefilled; delivering less is refused on the vCPU field.
    const vcpus = page.getByTestId('work-order-vcpus');
    assert.equal(await vcpus.inputValue(), '4');
    assert.equal(await page.getByTestId('work-order-memoryGiB').inputValue(), '8');
    await page.getByTestId('work-order-provider-reference').fill('ecs-hx-0001');
    await page.getByTestId('work-order-addresses').fill('10.20.1.15');
    await vcpus.fill('2');
    await page.getByTestId('work-order-complete-submit').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '与工单要求 4 vCPU / 8 GiB 不符' }).waitFor();

    await vcpus.fill('4');
    await page.getByTestId('work-order-note').fill('已在市云控制台开通');
    await page.getByTestId('work-order-complete-submit').click();
    await page.getByText(/工单 GD-\d{4}-\d{5} 已办结/).waitFor();
    await page.getByTestId('work-orders-table').getByText('暂无工单').waitFor();

    // The server is recorded as running with the provider's identifier and address.
    await page.goto('/resources');
    const resource = page.getByTestId('resources-table').locator('tr', { hasText: serverName });
    await resource.getByText('运行中').waitFor();
    await resource.getByText('ecs-hx-0001').waitFor();
    await resource.getByText('10.20.1.15').waitFor();
    await page.context().close();
  });
});
