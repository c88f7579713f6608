/**
 * The cloud estate in a real browser: a unit applicant registers an information system with its project
 * approval and quota, sees the quota usage chart and uploads the approval document; the operator imports
 * a price-book workbook into the district price book.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type E2E, startE2E } from './harness.ts';
import { choose, tinyPdf } from './steps.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A price list as city tenders deliver it: the import template's sheet and Chinese headers, one row per price. */
async function priceWorkbook(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('价格表');
  sheet.addRow(['服务编码', '服务名称', '计价单位', '单价（元）', '生效日期', '失效日期', '调价原因']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('cloud estate (Chromium)', () => {
  let e2e: E2E;
  before(async () => {
    e2e = await startE2E();
  });
  after(() => e2e?.close());

  test('the operator imports a price-list workbook into the district price book and sees the new versions', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'res-admin');
    await page.getByRole('menuitem', { name: /资源目录/ }).click();
    await page.getByRole('menuitem', { name: /价格库/ }).click();
    await page.waitForURL(/\/price-books$/);
    await page.getByTestId('price-books-table').getByText('区级电子政务云价格表').click();
    await page.waitForURL(/\/price-books\/[0-9a-f-]{36}$/);
    await page.getByTestId('price-book-title').getByText('区级电子政务云价格表').waitFor();
    const versions = page.getByTestId('price-versions');
    await versions.getByText('ECS-X86-VCPU').waitFor();

    // A new price applies from next New Year (a start in the past could not end the current version).
    const start = `${new Date().getFullYear() + 1}-01-01`;
    const input = page.getByTestId('price-book-import-input');

    // A workbook with wrong rows is refused as a whole; every problem is listed by row and column.
    const wrong = await priceWorkbook([
      ['NO-SUCH-ITEM', '', '', '10.00', start, '', '年度调价'],
      ['OBS-STD', '', 'GiB·月', '-1', start, '', '年度调价'],
    ]);
    await input.setInputFiles({ name: '错误的价格表.xlsx', mimeType: XLSX, buffer: wrong });
    const problems = page.getByTestId('price-import-errors');
    await problems.getByText('未导入任何价格').first().waitFor();
    await problems.getByText(/服务目录中没有编码“NO-SUCH-ITEM”/).waitFor();
    await problems.getByText(/单价不能为负数/).waitFor();
    const problemRows = problems.locator('.ant-table-tbody tr.ant-table-row');
    assert.equal(await problemRows.count(), 2);
    assert.deepEqual(
      (await problemRows.locator('td:nth-child(1)').allTextContents()).map((text) => text.trim()),
      ['2', '3'],
    );
    assert.match((await problemRows.nth(0).locator('td:nth-child(2)').textContent()) ?? '', /A\s*服务编码/);
    assert.match((await problemRows.nth(1).locator('td:nth-child(2)').textContent()) ?? '', /D\s*单价/);

    // The corrected workbook is imported: two versions, each ending the open-ended one before it.
    const right = await priceWorkbook([
      ['ECS-X86-VCPU', '云主机 vCPU（X86 通用型）', 'vCPU·月', '33.00', start, '', '年度区级价格评审'],
      ['OBS-STD', '对象存储（标准存储）', 'GiB·月', '0.105', start, '', '年度区级价格评审'],
    ]);
    await input.setInputFiles({ name: '区级价格表.xlsx', mimeType: XLSX, buffer: right });
    const result = page.getByTestId('price-import-result');
    await result.getByText('新增 2 个价格版本，截止 2 个原版本').waitFor();
    await result.getByText(createHash('sm3').update(right).digest('hex')).waitFor();
    assert.equal(await page.getByTestId('price-import-errors').count(), 0);

    const vcpu = versions.locator('tr', { hasText: '¥33.00' });
    await vcpu.getByText(start).waitFor();
    await vcpu.getByText('待生效').waitFor();
    await vcpu.getByText('年度区级价格评审').waitFor();
    const ended = versions.locator('tr', { hasText: '¥35.00' });
    await ended.getByText(start).waitFor();
    const storage = versions.locator('tr', { hasText: '¥0.105' });
    await storage.getByText('待生效').waitFor();
  });

  test('a unit applicant registers a system with its project approval and quota, sees the quota usage and the uploaded PDF', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-applicant');
    await page.getByRole('menuitem', { name: /信息系统/ }).click();
    await page.waitForURL(/\/systems$/);
    await page.getByTestId('systems-table').getByText('暂无信息系统').waitFor();

    // Unit staff register for their own unit: no unit to choose, the hint names it.
    await page.getByTestId('system-create').click();
    await page.getByText('将登记在本单位「青浦区教育局」名下').waitFor();
    assert.equal(await page.getByTestId('system-unit').count(), 0);
    await page.getByTestId('system-name').fill('智慧校园一卡通平台');
    await page.getByTestId('system-purpose').fill('全区中小学校园一卡通消费、门禁与考勤');
    await choose(page, 'system-mlps-level', '等保二级');
    await page.getByTestId('system-owner-name').fill('王芳');
    await page.getByTestId('system-owner-phone').fill('021-59720000');

    // A classified system is refused by the server, which cites the article.
    await page.getByTestId('system-classified').check();
    await page.getByTestId('system-form-submit').click();
    const refusal = page.getByTestId('api-error');
    await refusal.getByText(/涉密信息系统不得使用电子政务云/).waitFor();
    await refusal.getByText('QP-5, QP-7').waitFor();

    await page.getByTestId('system-classified').uncheck();
    await page.getByTestId('system-form-submit').click();
    await page.waitForURL(/\/systems\/[0-9a-f-]{36}$/);
    await page.getByTestId('system-title').getByText('智慧校园一卡通平台').waitFor();
    await page.getByTestId('quota-usage-chart').getByText('登记立项及资源配额后').waitFor();

    // The project approval with two quota lines, each with its basis (QP-8), and a periodic workload.
    await page.getByTestId('project-create').click();
    await page.getByTestId('project-document-number').fill('青教信〔2026〕8号');
    await page.getByTestId('project-approved-on').fill('2026-03-16');
    await page.keyboard.press('Enter');
    await page.getByTestId('project-approving-body').fill('青浦区发展和改革委员会');
    await page.getByTestId('project-budget').fill('860000.50');
    await page.getByTestId('project-cyclical').click();
    await page.getByTestId('project-cyclical-pattern').fill('每学期开学前两周充值与办卡高峰，访问量约为平时 5 倍');
    await choose(page, 'quota-item-0', 'ECS-X86-VCPU', { search: true });
    await page.getByTestId('quota-quantity-0').fill('16');
    await page.getByTestId('quota-basis-0').fill('8 台应用服务器 × 2 vCPU，按 3 万名师生并发测算');
    await page.getByTestId('quota-add').click();
    await choose(page, 'quota-item-1', 'EVS-SSD', { search: true });
    await page.getByTestId('quota-quantity-1').fill('500.5');
    await page.getByTestId('quota-basis-1').fill('消费流水保存 5 年，年增长约 100 GiB');
    await page.getByTestId('project-form-submit').click();

    const project = page.getByTestId('project-card');
    await project.getByText('青教信〔2026〕8号').waitFor();
    await project.getByText('¥860,000.50').waitFor();
    await project.getByText('16 vCPU·月').waitFor();
    await project.getByText('500.5 GiB·月').waitFor();
    await project.getByText(/开学前两周/).waitFor();

    // The quota usage: a bar chart titled with the ceiling ratio and its article.
    const chart = page.getByTestId('quota-usage-chart');
    await chart.getByText('扩容上限 配额×120%').waitFor();
    await chart.getByText('QP-10').waitFor();
    await chart.locator('canvas').first().waitFor();
    assert.equal(await chart.getByRole('img').getAttribute('aria-label'), '各服务项目的已分配、审批中数量占已批配额的比例，及扩容上限');

    // The approval document, uploaded as the raw body and stored with its SM3 hash.
    const pdf = tinyPdf();
    assert.ok(pdf.subarray(0, 8).equals(Buffer.from('%PDF-1.4')));
    await project.getByTestId('document-file-input').setInputFiles({ name: '立项批复.pdf', mimeType: 'application/pdf', buffer: pdf });
    const download = project.getByTestId('document-download');
    await download.getByText('立项批复.pdf').waitFor();
    const sm3 = createHash('sm3').update(pdf).digest('hex');
    const shown = await project.getByTestId('document-sm3').getAttribute('title');
    assert.equal(shown, sm3, 'the page shows the SM3 hash of the bytes sent');
    await project.getByText(`${pdf.length} B`).waitFor();
    const href = (await download.getAttribute('href')) ?? '';
    assert.ok(href.startsWith('/api/documents/'));
    const fetched = await page.request.get(href);
    assert.equal(fetched.status(), 200);
    assert.ok(Buffer.from(await fetched.body()).equals(pdf), 'the download returns the uploaded bytes');

    // The list shows the new system with its approval count.
    await page.goto('/systems');
    const row = page.getByTestId('systems-table').locator('tr', { hasText: '智慧校园一卡通平台' });
    await row.getByText('等保二级').waitFor();
    assert.equal((await row.locator('td').nth(4).textContent())?.trim(), '1');
  });
});
