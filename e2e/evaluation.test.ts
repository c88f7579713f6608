/**
 * The yearly comprehensive evaluation in a real browser (QP-24, QP-25), on last year: the operator runs it
 * from the console, sees every user unit ranked and graded with the model and its article, and records an
 * adjustment with its reason (refused on the fields without one, or of zero points); the authority
 * publishes it after a dialog saying it freezes the results and issues a rectification requirement from a
 * unit's row; the unit admin sees its own result only and responds; the authority closes the requirement;
 * the grade then shows beside the unit's application to an approver and to the unit. The scores' figures
 * are covered by the server's tests (server/test/evaluation.test.ts).
 *
 * Test-only preparation: the demo district is seeded at start-up, so its units are created today and a run
 * of last year would evaluate none. The district is therefore seeded beforehand into the server's data
 * directory with the platform's own CLI (`yunshu seed demo`), and its units' creation is backdated there
 * with one UPDATE on the embedded database before the server opens it. No route of the server is involved.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import type { Page } from 'playwright-core';
import { type E2E, startE2E } from './harness.ts';
import { apiAs, choose, systemWithQuota } from './steps.ts';

const root = resolve(import.meta.dirname, '..');
const UNIT = '青浦区教育局';
const X86 = '区政务云 X86 资源池';
const REASON = '年度安全培训于次年一月补办，经核实计入';
const REQUIREMENT = '组织开展年度应急演练，并报送演练记录';
const RESPONSE = '已于本月组织应急演练，演练记录已报送';
const YEAR = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;

/**
 * A data directory holding the demo district as the server would seed it, its units created a year before
 * the evaluated one, with the keys the server is then started with.
 */
async function districtSinceBeforeLastYear(): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yunshu-e2e-evaluation-'));
  const env = {
    DATA_DIR: dataDir,
    YUNSHU_AUDIT_KEY: randomBytes(32).toString('hex'),
    YUNSHU_SECRET_KEY: randomBytes(16).toString('hex'),
  };
  const seeded = spawnSync(process.execPath, [join(root, 'server/src/cli/yunshu.ts'), 'seed', 'demo'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  assert.equal(seeded.status, 0, `yunshu seed demo: ${seeded.stderr}`);
  // The owner connection of the embedded database, as the server's migrations use it.
  const db = await PGlite.create(join(dataDir, 'pglite'));
  try {
    await db.query(`UPDATE units SET created_at = $1`, [`${YEAR - 1}-06-01T00:00:00+08:00`]);
  } finally {
    await db.close();
  }
  return { dataDir, env };
}

/** Opens a page of the 安全运维 menu group, opening the group when it is closed. */
async function openSecurityMenu(page: Page, item: string): Promise<void> {
  const entry = page.getByRole('menuitem', { name: new RegExp(`${item}$`) });
  if (!(await entry.isVisible())) await page.getByRole('menuitem', { name: /安全运维$/ }).click();
  await entry.click();
}

const resultRow = (page: Page, unit: string) => page.getByTestId('evaluation-results').locator('tr.ant-table-row', { hasText: unit });

describe('yearly comprehensive evaluation (Chromium)', () => {
  let e2e: E2E;
  let dataDir = '';
  let applicationId = '';
  let unitCount = 0;

  before(async () => {
    const prepared = await districtSinceBeforeLastYear();
    dataDir = prepared.dataDir;
    e2e = await startE2E(prepared.env);
    // An application of the unit, for its grade beside it at the end.
    const edu = await apiAs(e2e.baseUrl, 'edu-applicant');
    const estate = await systemWithQuota(edu, `评价测试系统-${Date.now() % 100_000}`);
    const application = await edu<{ id: string }>('POST', '/applications', {
      kind: 'resource',
      title: '评价测试云资源',
      systemId: estate.systemId,
      projectId: estate.projectId,
      platformId: estate.platform(X86),
      lines: [
        { itemId: estate.vcpu, quantity: '2' },
        { itemId: estate.mem, quantity: '4' },
      ],
      servers: [{ name: 'eval-web-01', vcpus: 2, memoryGiB: 4 }],
    });
    applicationId = application.id;
  });
  after(async () => {
    await e2e?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the operator runs last year’s evaluation: every user unit ranked and graded, with the model and its article', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await openSecurityMenu(page, '综合评价');
    await page.waitForURL(/\/evaluation$/);
    await page.getByTestId('evaluation-year').getByText(`${YEAR} 年度（上年度）`).waitFor();
    await page.getByTestId('evaluation-empty').getByText(`${YEAR} 年度尚未开展综合评价`).waitFor();
    assert.equal(await page.getByTestId('evaluation-publish').count(), 0, 'the operator does not publish');

    await page.getByTestId('evaluation-run').click();
    await page.getByText(`开展 ${YEAR} 年度综合评价`).waitFor();
    await page.getByTestId('evaluation-run-dialog-submit').click();
    const done = page.getByText(new RegExp(`已完成 ${YEAR} 年度综合评价：\\d+ 个使用单位`));
    await done.waitFor();
    unitCount = Number((await done.textContent())?.match(/(\d+) 个使用单位/)?.[1]);
    assert.ok(unitCount > 1, 'the demo district’s user units are evaluated');

    await page.getByTestId('evaluation-status').getByText('草稿（可重算、可调整）').waitFor();
    assert.equal((await page.getByTestId('evaluation-units').textContent())?.trim(), String(unitCount));
    // Without any records a unit has full points but for drills and training: 95, excellent.
    const row = resultRow(page, UNIT);
    assert.equal((await row.getByTestId('result-total').textContent())?.trim(), '95.00');
    await row.getByTestId('result-grade').getByText('优秀').waitFor();
    assert.equal((await row.getByTestId('result-rank').textContent())?.trim(), '1');
    assert.equal((await row.getByTestId('score-drills_training').textContent())?.trim(), '0.00');
    await page.getByTestId('evaluation-grade-chart').getByRole('img').waitFor();
    const model = page.getByTestId('evaluation-model');
    await model.getByText('QP-24').waitFor();
    await model.getByText('当年组织应急演练、开展安全培训各得一半分值').waitFor();
    await model.getByText('合计 100 分').waitFor();
    assert.match((await page.getByTestId('evaluation-export').getAttribute('href')) ?? '', new RegExp(`/api/evaluations/${YEAR}/export\\.xlsx$`));
    assert.match((await row.getByTestId('result-report').getAttribute('href')) ?? '', new RegExp(`/api/evaluations/${YEAR}/units/[0-9a-f-]{36}/report\\.pdf$`));

    // Search by the unit's name narrows the table to it.
    await page.getByTestId('evaluation-search').locator('input').fill('教育局');
    assert.equal(await page.getByTestId('evaluation-results').locator('tr.ant-table-row').count(), 1);
    await page.getByTestId('evaluation-search').locator('input').fill('');
    await page.context().close();
  });

  test('an adjustment needs a reason of four characters and points other than zero; recorded, it re-ranks the unit', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await page.goto(`/evaluation?year=${YEAR}`);
    const row = resultRow(page, UNIT);
    await row.getByTestId('result-adjust').click();
    await choose(page, 'evaluation-adjust-indicator', '应急演练和安全培训');
    await page.getByTestId('evaluation-adjust-indicator').getByText('应急演练和安全培训').waitFor();
    await page.getByTestId('evaluation-adjust-points').fill('0');
    await page.getByTestId('evaluation-adjust-reason').fill('补办');
    await page.getByTestId('evaluation-adjust-submit').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '调整分数不能为 0' }).waitFor();
    await page.locator('.ant-form-item-explain-error', { hasText: '调整原因至少 4 个字' }).waitFor();

    await page.getByTestId('evaluation-adjust-points').fill('2.5');
    await page.getByTestId('evaluation-adjust-reason').fill(REASON);
    await page.getByTestId('evaluation-adjust-submit').click();
    await page.getByText('已调整得分').waitFor();
    await row.getByTestId('result-total').getByText('97.50').waitFor();
    assert.equal((await row.getByTestId('result-rank').textContent())?.trim(), '1');
    assert.equal(await row.getByTestId('score-drills_training').getAttribute('data-adjusted'), 'true');
    const adjustment = page.getByTestId('evaluation-adjustments').locator('tr', { hasText: REASON });
    await adjustment.getByText('+2.50').waitFor();
    await adjustment.getByText(UNIT).waitFor();
    await page.context().close();
  });

  test('the authority publishes after a dialog saying it freezes the results, then issues a requirement from the unit’s row', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'authority');
    await page.goto('/evaluation');
    await page.getByTestId('evaluation-status').getByText('草稿（可重算、可调整）').waitFor();
    assert.equal(await page.getByTestId('evaluation-run').count(), 0, 'the authority does not run evaluations');
    assert.equal(await page.getByTestId('result-adjust').count(), 0);

    await page.getByTestId('evaluation-publish').click();
    await page.getByText('发布后评价结果冻结：不能再重新评价或调整得分').waitFor();
    await page.getByTestId('evaluation-publish-dialog-submit').click();
    await page.getByText(`已发布 ${YEAR} 年度综合评价结果`).waitFor();
    await page.getByTestId('evaluation-status').getByText('已发布（冻结）').waitFor();
    await page.getByTestId('evaluation-frozen').waitFor();
    assert.equal(await page.getByTestId('evaluation-publish').count(), 0);

    await resultRow(page, UNIT).getByTestId('result-issue').click();
    await page.getByText(`向 ${UNIT} 下达整改要求`).waitFor();
    await page.getByTestId('evaluation-issue-requirement').fill(REQUIREMENT);
    await page.getByTestId('evaluation-issue-submit').click();
    await page.getByText(`已向 ${UNIT} 下达整改要求`).waitFor();
    await page.context().close();

    // Published results are frozen for the operator too.
    const operator = await e2e.newPage();
    await e2e.login(operator, 'res-admin');
    await operator.goto(`/evaluation?year=${YEAR}`);
    await operator.getByTestId('evaluation-frozen').waitFor();
    assert.equal(await operator.getByTestId('evaluation-run').count(), 0, 'no re-run once published');
    assert.equal(await operator.getByTestId('result-adjust').count(), 0, 'no adjustment once published');
    await operator.context().close();
  });

  test('the unit admin sees its own result only, and responds to the requirement', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-admin');
    await openSecurityMenu(page, '综合评价');
    await page.getByTestId('evaluation-status').getByText('已发布（冻结）').waitFor();
    await page.getByText(`本单位在全部 ${unitCount} 个参评单位中的结果。`).waitFor();
    const rows = page.getByTestId('evaluation-results').locator('tr.ant-table-row');
    assert.equal(await rows.count(), 1, 'its own row only');
    assert.equal((await rows.first().getByTestId('result-unit').textContent())?.trim(), UNIT);
    assert.equal((await rows.first().getByTestId('result-total').textContent())?.trim(), '97.50');
    assert.equal(await page.getByTestId('evaluation-adjustments').count(), 0, 'the adjustments are the district’s working notes');
    assert.equal(await page.getByTestId('evaluation-grade-chart').count(), 0);
    assert.equal(await page.getByTestId('result-issue').count(), 0);
    assert.equal(await page.getByTestId('evaluation-export').count(), 0);

    // This year is not published: an empty state, not an error.
    await page.goto(`/evaluation?year=${YEAR + 1}`);
    await page.getByTestId('evaluation-empty').getByText(`${YEAR + 1} 年度暂无已发布的评价结果`).waitFor();
    assert.equal(await page.getByTestId('api-error').count(), 0);

    await page.goto('/evaluation/rectifications');
    const requirement = page.getByTestId('rectifications-table').locator('tr.ant-table-row', { hasText: REQUIREMENT });
    await requirement.getByTestId('rectification-status').getByText('待整改').waitFor();
    assert.equal(await page.getByTestId('rectification-close').count(), 0, 'a unit does not close requirements');
    await requirement.getByTestId('rectification-respond').click();
    await page.getByTestId('rectification-respond-dialog-text').fill(RESPONSE);
    await page.getByTestId('rectification-respond-dialog-submit').click();
    await page.getByText('已反馈整改情况').waitFor();
    await requirement.getByTestId('rectification-status').getByText('已反馈').waitFor();
    await requirement.getByTestId('rectification-response').getByText(RESPONSE).waitFor();
    await page.context().close();
  });

  test('the authority closes the answered requirement', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'authority');
    await page.goto('/evaluation/rectifications');
    await choose(page, 'rectifications-status', '已反馈');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const requirement = page.getByTestId('rectifications-table').locator('tr.ant-table-row', { hasText: REQUIREMENT });
    await requirement.getByTestId('rectification-unit').getByText(UNIT).waitFor();
    await requirement.getByTestId('rectification-close').click();
    await page.getByText('销号后该整改要求办结').waitFor();
    await page.getByTestId('rectification-close-dialog-text').fill('已核实演练记录');
    await page.getByTestId('rectification-close-dialog-submit').click();
    await page.locator('.ant-message').getByText('已销号', { exact: true }).waitFor();
    // Filtered on 已反馈, the closed requirement leaves the list.
    await requirement.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await requirement.getByTestId('rectification-status').getByText('已销号').waitFor();
    assert.equal(await requirement.getByTestId('rectification-close').count(), 0);
    await page.context().close();
  });

  test('the published grade shows beside the unit’s application, to an approver and to the unit (QP-25)', async () => {
    const expected = `上年度综合评价：优秀（${YEAR} 年度，第 1/${unitCount} 名）`;
    for (const username of ['chief', 'edu-applicant']) {
      const page = await e2e.newPage();
      await e2e.login(page, username);
      await page.goto(`/applications/${applicationId}`);
      await page.getByTestId('unit-grade').getByText(expected).waitFor();
      assert.equal(await page.getByTestId('unit-grade').getAttribute('data-grade'), 'excellent');
      await page.context().close();
    }
  });
});
