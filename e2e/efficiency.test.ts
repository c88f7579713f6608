/**
 * The efficiency console in a real browser (QP-13, QP-14, QP-15, SJ-14, SJ-19): the operator sees the
 * utilisation trend, runs the rules and finds a long-term low server; its rectification case moves from
 * the operator's warning through the authority's review, the unit's answer and the refusal to the
 * authority's consent, which stops the server (Qingpu). The sync history prepares last month as file-only
 * (no endpoint configured) and downloads its JSON and CSV; the operator sees the missing inspection days.
 *
 * Test-only preparation: the demo's servers are provisioned today, so they have no history to judge. The
 * server runs once with the demo's work in progress until its servers run, stops, and 90 days of daily
 * rollups are written for them on the embedded database before it starts again. No route is involved.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import type { Page } from 'playwright-core';
import { type E2E, startE2E } from './harness.ts';
import { apiAs } from './steps.ts';

const LOW = 'edu-db-01';
const WARNING = '该云主机连续90天CPU和内存利用率较低，请核实并申请缩容或说明情况。';
const ANSWER = '该系统为学期末成绩汇总使用，平时负载较低，需保留。';

/** Writes `days` days of rollups ending yesterday for the named servers, with the given CPU p95 and memory p95. */
async function writeRollups(dataDir: string, shapes: Record<string, { cpu: number; memory: number }>): Promise<void> {
  const db = await PGlite.create(join(dataDir, 'pglite'));
  try {
    for (const [name, shape] of Object.entries(shapes)) {
      await db.query(
        `INSERT INTO utilization_daily (resource_id, day, unit_id, provider_unit_id, source, cpu_avg, cpu_p95, cpu_max, memory_avg, memory_p95, memory_max,
                                        network_rx_bytes, network_tx_bytes, disk_used_bytes, samples, vcpus, memory_gib)
         SELECT r.id, d::date, r.unit_id, r.provider_unit_id, 'simulated', $2 * 0.7, $2, $2 + 10, $3 * 0.9, $3, $3 + 5,
                2000000000, 2000000000, 0, 288, (r.desired_spec->>'vcpus')::int, (r.desired_spec->>'memoryGiB')::float8
         FROM resources r,
              generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date - 90, (now() AT TIME ZONE 'Asia/Shanghai')::date - 1, interval '1 day') d
         WHERE r.name = $1 AND r.kind = 'server'
         ON CONFLICT (resource_id, day) DO UPDATE SET cpu_avg = EXCLUDED.cpu_avg, cpu_p95 = EXCLUDED.cpu_p95, cpu_max = EXCLUDED.cpu_max,
           memory_avg = EXCLUDED.memory_avg, memory_p95 = EXCLUDED.memory_p95, memory_max = EXCLUDED.memory_max`,
        [name, shape.cpu, shape.memory],
      );
    }
    // The days are rolled up: the hourly catch-up leaves them as they are.
    await db.query(
      `INSERT INTO utilization_rollup_runs (day, source, resources, unmatched, computed_at)
       SELECT d::date, 'simulated', 3, 0, now()
       FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date - 90, (now() AT TIME ZONE 'Asia/Shanghai')::date - 1, interval '1 day') d
       ON CONFLICT (day) DO NOTHING`,
    );
  } finally {
    await db.close();
  }
}

/** The demo district with its work in progress provisioned, and 90 days of figures for its servers. */
async function districtWithHistory(): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yunshu-e2e-efficiency-'));
  const env = { DATA_DIR: dataDir, YUNSHU_AUDIT_KEY: randomBytes(32).toString('hex'), YUNSHU_SECRET_KEY: randomBytes(16).toString('hex') };
  const first = await startE2E({ ...env, YUNSHU_DEMO_WORKLOAD: 'true' });
  try {
    const operator = await apiAs(first.baseUrl, 'res-admin');
    const deadline = Date.now() + 120_000;
    for (;;) {
      const servers = await operator<{ items: { name: string; status: string }[] }>('GET', '/resources?kind=server&pageSize=200');
      const edu = servers.items.filter((s) => s.name.startsWith('edu-') && s.name !== 'edu-search-01');
      if (edu.length >= 3 && edu.every((s) => s.status === 'running')) break;
      assert.ok(Date.now() < deadline, `the demo's servers run: ${JSON.stringify(edu)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await first.close();
  }
  await writeRollups(dataDir, { [LOW]: { cpu: 5, memory: 20 }, 'edu-web-01': { cpu: 45, memory: 60 }, 'edu-web-02': { cpu: 70, memory: 55 } });
  return { dataDir, env };
}

async function openEfficiencyMenu(page: Page, item: string): Promise<void> {
  const entry = page.getByRole('menuitem', { name: new RegExp(`${item}$`) });
  if (!(await entry.isVisible())) await page.getByRole('menuitem', { name: /效能管理$/ }).click();
  await entry.click();
}

const stageOf = (page: Page) => page.getByTestId('case-actions').locator('..').getByTestId('case-stage').first();

describe('efficiency console (Chromium)', () => {
  let e2e: E2E;
  let dataDir = '';
  let caseUrl = '';
  let caseNumber = '';

  before(async () => {
    const prepared = await districtWithHistory();
    dataDir = prepared.dataDir;
    e2e = await startE2E(prepared.env);
  });
  after(async () => {
    await e2e?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the operator sees the trend and heat map, runs the rules and finds the low server', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await openEfficiencyMenu(page, '效能看板');
    await page.waitForURL(/\/efficiency$/);
    await page.getByTestId('efficiency-trend').locator('canvas').first().waitFor();
    await page.getByTestId('efficiency-heatmap').locator('canvas').first().waitFor();
    await page.getByTestId('monitoring-not-configured').getByText('未配置 Prometheus').waitFor();
    await page.getByTestId('efficiency-cpu').getByText('%').waitFor();
    await page.getByTestId('findings-table').getByText('没有符合条件的效能发现').waitFor();

    await page.getByTestId('efficiency-run').click();
    await page.getByTestId('efficiency-run-dialog-submit').click();
    // Other rules may find more (the low server is also over-provisioned); only the low server is idle.
    await page.getByText(/已运行效能规则：判断 \d+ 台，新发现 \d+ 项（立案 \d+ 件）/).waitFor();
    const row = page.getByTestId('findings-table').locator('tr.ant-table-row', { hasText: LOW }).filter({ hasText: '使用率长期较低' });
    await row.getByText(/CPU p95 均值 5/).waitFor();
    assert.equal(
      await page.getByTestId('findings-table').locator('tr.ant-table-row').filter({ hasText: '使用率长期较低' }).filter({ hasNotText: LOW }).count(),
      0,
      'the busy servers are not found idle',
    );
    // Stopping or reclaiming the low server saves its whole monthly cost; units are ranked by that idle spend.
    await row.getByTestId('finding-saving').getByText('停用或回收可节省/月').waitFor();
    await page.getByTestId('efficiency-units').getByText('各单位闲置资源月度费用').waitFor();
    await page.getByTestId('efficiency-units').locator('canvas').first().waitFor();

    await row.getByTestId('finding-case').click();
    await page.waitForURL(/\/efficiency\/cases\/[0-9a-f-]+$/);
    caseUrl = new URL(page.url()).pathname;
    caseNumber = ((await page.getByTestId('case-title').textContent()) ?? '').replace('整改案件', '').trim();
    await stageOf(page).getByText('新立案').waitFor();
    await page.getByTestId('case-timeline').getByText('立案').waitFor();

    await page.getByTestId('case-propose').click();
    await page.getByTestId('case-propose-dialog-text').fill(WARNING);
    await page.getByTestId('case-propose-dialog-submit').click();
    await page.getByText('已提出警告提示').waitFor();
    await stageOf(page).getByText('警告待审核').waitFor();
    assert.equal(await page.getByTestId('case-approve').count(), 0, 'the operator does not review its own warning');
    await page.context().close();
  });

  test('the authority approves the warning; the unit admin answers; the operator judges a refusal; the authority consents to the stop', async () => {
    const authority = await e2e.newPage();
    await e2e.login(authority, 'authority');
    await authority.goto(caseUrl);
    await authority.getByTestId('case-warning').getByText(WARNING).waitFor();
    await authority.getByTestId('case-approve').click();
    await authority.getByTestId('case-approve-dialog-text').fill('同意发出警告');
    await authority.getByTestId('case-approve-dialog-submit').click();
    await stageOf(authority).getByText('已警告待整改').waitFor();
    assert.match((await authority.getByTestId('case-deadline').textContent()) ?? '', /^\d{4}-\d{2}-\d{2}/);

    const unit = await e2e.newPage();
    await e2e.login(unit, 'edu-admin');
    await openEfficiencyMenu(unit, '整改案件');
    await unit.getByTestId('cases-column-warning_issued').getByText(caseNumber).click();
    await unit.waitForURL(new RegExp(`${caseUrl}$`));
    await unit.getByTestId('case-respond').click();
    await unit.getByTestId('case-respond-text').fill(ANSWER);
    await unit.getByTestId('case-respond-dialog-submit').click();
    await stageOf(unit).getByText('已答复').waitFor();
    await unit.getByTestId('case-response').getByText(ANSWER).waitFor();
    await unit.getByText('当前阶段您没有可进行的操作').waitFor();

    const operator = await e2e.newPage();
    await e2e.login(operator, 'res-admin');
    await operator.goto(caseUrl);
    await operator.getByTestId('case-escalate').click();
    // The reason is required: the dialog refuses without it.
    await operator.getByTestId('case-escalate-dialog-submit').click();
    await operator.getByText('请填写认定理由').waitFor();
    await operator.getByTestId('case-escalate-dialog-text').fill('平时负载较低不构成保留理由，认定拒不整改');
    await operator.getByTestId('case-escalate-dialog-submit').click();
    await stageOf(operator).getByText('拒不整改').waitFor();
    assert.equal(await operator.getByTestId('case-stop').count(), 0, 'in Qingpu the stop needs the authority’s consent');

    await authority.reload();
    await authority.getByTestId('case-consent').click();
    await authority.getByTestId('case-consent-dialog-submit').click();
    await stageOf(authority).getByText('已停止使用').waitFor();
    await authority.getByTestId('case-refusal').getByText('停止使用').waitFor();
    const events = await authority.getByTestId('case-event').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-action')));
    assert.deepEqual(events, ['case.opened', 'warning.proposed', 'warning.approved', 'unit.responded', 'case.escalated', 'resources.stopped']);

    await operator.goto('/efficiency/cases');
    await operator.getByTestId('cases-column-stopped').getByText(caseNumber).waitFor();
    await operator.goto(`/resources`);
    await operator.locator('tr.ant-table-row', { hasText: LOW }).getByText(/已停止|停止中/).waitFor({ timeout: 60_000 });
    for (const page of [authority, unit, operator]) await page.context().close();
  });

  test('the sync history prepares last month as file-only and downloads its JSON and CSV', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await page.goto('/datasync');
    await page.getByTestId('datasync-table').waitFor();
    await page.getByTestId('datasync-prepare').click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    // The scheduler may have prepared last month already at start-up: then it is unchanged.
    await page.getByText(/已生成 \d{4}-\d{2} 的同步数据|\d{4}-\d{2} 的数据没有变化/).waitFor();
    const row = page.getByTestId('datasync-table').locator('tr.ant-table-row').first();
    await row.getByTestId('datasync-status').getByText('仅文件导出').waitFor();
    await row.getByTestId('datasync-attempts').getByText(/本轮 0 次 \/ 累计 0 次/).waitFor();
    assert.equal(await row.getByTestId('datasync-resend').count(), 0, 'nothing to re-send without an endpoint');

    const [json] = await Promise.all([page.waitForEvent('download'), row.getByTestId('datasync-json').click()]);
    const payload = JSON.parse(readFileSync(await json.path(), 'utf8')) as Record<string, unknown>;
    assert.ok(payload && typeof payload === 'object');
    const [csv] = await Promise.all([page.waitForEvent('download'), row.getByTestId('datasync-csv').click()]);
    assert.match(csv.suggestedFilename(), /\.csv$/);
    await page.context().close();
  });

  test('the operator sees the days a platform’s inspection report is missing', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await page.goto('/operations/inspections');
    await page.getByTestId('inspections-missing-tab').click();
    const missing = page.getByTestId('inspections-missing');
    await missing.getByText(/应提交而未提交巡检报告的日期/).waitFor();
    // The demo's platforms came into service today, so no day may be owed yet: a day or the empty state.
    await missing.getByText(/没有缺报的巡检报告|^\d{4}-\d{2}-\d{2}$/).first().waitFor();
    await page.context().close();
  });
});
