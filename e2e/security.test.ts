/**
 * The security and operations records in a real browser, on the Songjiang profile whose go-live checklist
 * includes the commitment letter (SJ-18): going live is refused with the server's message naming what is
 * missing until every item is met; the letter is generated, its scan uploaded, and signed with an SM2 key
 * made and kept in the browser — the server verifies the signature. A vulnerability recorded past its
 * deadline shows as overdue on the system and on the security overview until it is fixed and verified. A
 * provider files a daily inspection report; a unit's fault ticket is answered and resolved by the provider
 * on time, and the SLA report counts it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2E, startE2E } from './harness.ts';
import { apiAs, choose, tinyPdf } from './steps.ts';

const SYSTEM = `上线测试系统-${Date.now() % 100_000}`;
const VULNERABLE = `漏洞测试系统-${Date.now() % 100_000}`;

/** A calendar date in Asia/Shanghai `days` before today, `YYYY-MM-DD`. */
function daysAgo(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

/** Opens a page of the 安全运维 menu group, opening the group when it is closed. */
async function openSecurityMenu(page: Page, item: string): Promise<void> {
  const entry = page.getByRole('menuitem', { name: new RegExp(`${item}$`) });
  if (!(await entry.isVisible())) await page.getByRole('menuitem', { name: /安全运维$/ }).click();
  await entry.click();
}

/** The file chooser of an upload button, given the file's bytes. */
function pdfFile(name: string) {
  return { name, mimeType: 'application/pdf', buffer: tinyPdf() };
}

describe('security and operations records (Chromium)', () => {
  let e2e: E2E;
  let systemId = '';
  let vulnerableId = '';

  before(async () => {
    e2e = await startE2E({ YUNSHU_POLICY: 'songjiang-2022' });
    const edu = await apiAs(e2e.baseUrl, 'edu-applicant');
    const body = { purpose: '浏览器测试的信息系统', mlpsLevel: 2, constructionType: 'new', ownerName: '王芳', ownerPhone: '021-57720000' };
    systemId = (await edu<{ id: string }>('POST', '/systems', { ...body, name: SYSTEM })).id;
    vulnerableId = (await edu<{ id: string }>('POST', '/systems', { ...body, name: VULNERABLE })).id;
  });
  after(() => e2e?.close());

  test('going live is refused with what is missing until the checklist is complete; the letter is signed with SM2 in the browser and verified by the server (SJ-18)', async () => {
    const page = await e2e.newPage();
    await e2e.login(page, 'edu-admin');
    await page.goto(`/systems/${systemId}`);
    await page.getByTestId('system-security').getByText('未上线').waitFor();
    await page.getByTestId('system-security-link').click();
    await page.waitForURL(new RegExp(`/systems/${systemId}/security`));
    await page.getByTestId('system-security-title').getByText(`${SYSTEM} · 安全档案`).waitFor();

    // Refused at first, with the server's message naming the items and the article.
    await page.getByRole('tab', { name: '上线检查' }).click();
    await page.getByTestId('go-live-incomplete').getByText('尚有 7 项未完成').waitFor();
    await page.getByTestId('go-live').click();
    await page.getByTestId('go-live-dialog-submit').click();
    const refusal = page.getByRole('dialog').getByTestId('api-error');
    await refusal.getByText(/信息系统上线前须完成的事项尚未完成：申请安全资源（未登记）.*签订上云安全承诺书（未生成承诺书）/).waitFor();
    await refusal.getByText('SJ-18').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // One item through the console: recorded, then its evidence uploaded.
    const selfCheck = page.getByTestId('go-live-checks').locator('tr[data-item="self_check"]');
    await selfCheck.getByTestId('go-live-record').click();
    await page.getByTestId('go-live-record-dialog-text').fill('已完成安全自查');
    await page.getByTestId('go-live-record-dialog-submit').click();
    await selfCheck.locator('[data-gap="no_evidence"]').waitFor();
    await page.getByTestId('go-live-evidence-input-self_check').setInputFiles(pdfFile('安全自查报告.pdf'));
    await selfCheck.getByTestId('go-live-evidence').getByText('安全自查报告.pdf').waitFor();
    await selfCheck.locator('[data-testid="go-live-state"][data-met="true"]').waitFor();

    // The other evidence-backed items as the unit's applicant records them (the same API).
    const applicant = await apiAs(e2e.baseUrl, 'edu-applicant');
    for (const item of ['security_resources', 'testing_assessment', 'hardening', 'data_security', 'mlps']) {
      const status = await applicant<{ checks: { item: string; checkId: string }[] }>('POST', `/systems/${systemId}/go-live-checks`, { item, note: '已完成' });
      const checkId = status.checks.find((check) => check.item === item)!.checkId;
      await applicant('POST', `/go-live-checks/${checkId}/documents?filename=${item}.pdf`, tinyPdf(), 'application/pdf');
    }

    // Grading and filing through the console: the MLPS item is met only with the filing (level 2).
    await page.getByRole('tab', { name: '等级保护' }).click();
    await page.getByTestId('mlps-record-open').click();
    await page.getByTestId('mlps-graded-on').fill(daysAgo(30));
    await page.getByTestId('mlps-filing-number').fill('31011743001-26018');
    await page.getByTestId('mlps-filed-on').fill(daysAgo(20));
    await page.getByTestId('mlps-filing-authority').fill('松江公安分局');
    await page.getByTestId('mlps-submit').click();
    await page.getByTestId('mlps-filing').getByText('31011743001-26018').waitFor();

    await page.getByRole('tab', { name: '上线检查' }).click();
    const letterRow = page.getByTestId('go-live-checks').locator('tr[data-item="commitment_letter"]');
    await page.getByTestId('go-live-incomplete').getByText('尚有 1 项未完成').waitFor();
    await letterRow.locator('[data-gap="letter_not_generated"]').waitFor();

    // The letter: generated, its signed scan uploaded, signed in this browser.
    await letterRow.getByTestId('go-live-open-letter').click();
    await page.getByTestId('letter-generate').click();
    await page.getByTestId('letter-download').getByText(`上云安全承诺书-${SYSTEM}.pdf`).waitFor();
    await page.getByTestId('letter-scan-input').setInputFiles(pdfFile('承诺书扫描件.pdf'));
    await page.getByTestId('letter-scan').getByText('承诺书扫描件.pdf').waitFor();
    await page.getByTestId('letter-key-privacy').getByText(/不会发送到服务器/).waitFor();
    assert.equal(await page.getByTestId('letter-sign').isDisabled(), true, 'no key yet');
    await page.getByTestId('signing-key-generate').click();
    await page.getByTestId('signing-key-ready').waitFor();

    // The private key stayed in the browser; the server holds the public key of the same pair.
    // Read in the page; this file is type-checked without the DOM library, hence the narrow type.
    const stored = await page.evaluate(() => {
      const storage = (globalThis as unknown as { localStorage: Record<string, string> }).localStorage;
      const key = Object.keys(storage).find((name) => name.startsWith('yunshu.sm2-key.'));
      return key ? (JSON.parse(storage[key] ?? '{}') as { publicKey: string; privateKey: string }) : null;
    });
    assert.ok(stored?.privateKey, 'the private key is kept in the browser');
    const admin = await apiAs(e2e.baseUrl, 'edu-admin');
    const keys = await admin<{ publicKey: string; revokedAt: string | null }[]>('GET', '/security/signing-keys');
    assert.deepEqual(
      keys.filter((key) => key.revokedAt === null).map((key) => key.publicKey),
      [stored.publicKey],
      'the registered public key is the browser’s',
    );
    assert.ok(!JSON.stringify(keys).includes(stored.privateKey), 'the private key never reached the server');

    await page.getByTestId('letter-sign').click();
    await page.getByText('承诺书已签名，服务器已验证签名').waitFor();
    await page.getByTestId('letter-signature').getByText(/教育局 李明 于 .* 签名/).waitFor();
    await page.locator('[data-testid="letter-verification-result"][data-ok="true"]').getByText('验证通过').waitFor();
    await page.getByTestId('letter-verify-sm-crypto').getByText('通过').waitFor();
    const verification = await admin<{ ok: boolean; smCrypto: boolean; digest: { matches: boolean }; signer: string }>('GET', `/systems/${systemId}/commitment-letter/verify`);
    assert.equal(verification.ok, true);
    assert.equal(verification.smCrypto, true);
    assert.equal(verification.digest.matches, true);
    assert.equal(verification.signer, '教育局 李明');

    // Complete now: going live succeeds.
    await page.getByRole('tab', { name: '上线检查' }).click();
    await page.getByTestId('go-live-complete').waitFor();
    await page.getByTestId('go-live').click();
    await page.getByTestId('go-live-dialog-submit').click();
    await page.getByTestId('go-live-live').getByText(/已于 .* 上线（教育局 李明）/).waitFor();
    const status = await admin<{ complete: boolean; liveAt: string | null }>('GET', `/systems/${systemId}/go-live`);
    assert.equal(status.complete, true);
    assert.ok(status.liveAt);
    assert.equal(await page.getByTestId('go-live').count(), 0, 'the checklist is closed once live');
    await page.context().close();
  });

  test('a vulnerability past its deadline is overdue on the system and the overview until fixed, then verified by the operator (QP-24)', async () => {
    const applicant = await apiAs(e2e.baseUrl, 'edu-applicant');
    type Stats = { units: { found: number; fixed: number; openOverdue: number }[] };
    const openNow = async () => {
      const stats = await applicant<Stats>('GET', '/security/vulnerability-stats');
      return { open: stats.units.reduce((sum, row) => sum + row.found - row.fixed, 0), overdue: stats.units.reduce((sum, row) => sum + row.openOverdue, 0) };
    };
    const before = await openNow();

    const page = await e2e.newPage();
    await e2e.login(page, 'edu-applicant');
    await page.goto(`/systems/${vulnerableId}/security?tab=vulnerabilities`);
    await page.getByTestId('vulnerabilities-table').getByText('尚无漏洞记录').waitFor();
    await page.getByTestId('vulnerability-create').click();
    await page.getByTestId('vulnerability-title').fill('后台弱口令');
    await choose(page, 'vulnerability-severity-select', '高危');
    await page.getByTestId('vulnerability-found-on').fill(daysAgo(40));
    await page.getByTestId('vulnerability-submit').click();
    // High: 7 days from the day found (security.vulnerabilityFixDays).
    await page.getByText(`已登记漏洞，修复期限 ${daysAgo(33)}`).waitFor();
    const row = page.getByTestId('vulnerabilities-table').locator('tr', { hasText: '后台弱口令' });
    await row.getByTestId('vulnerability-overdue').getByText('逾期').waitFor();
    await row.locator('[data-testid="vulnerability-state"][data-state="open"]').waitFor();
    assert.deepEqual(await openNow(), { open: before.open + 1, overdue: before.overdue + 1 });

    // The overview counts it, and draws it in the 31–90 days band.
    await openSecurityMenu(page, '安全概览');
    await page.waitForURL(/\/security$/);
    await page.getByTestId('security-open-vulnerabilities').getByText(`其中逾期 ${before.overdue + 1} 个`).waitFor();
    await page.getByTestId('security-open-vulnerabilities').locator('.ant-statistic-content').getByText(String(before.open + 1), { exact: true }).waitFor();
    await page.getByTestId('security-by-age').getByRole('img').waitFor();
    await page.getByTestId('security-rates').locator('tr', { hasText: '教育局' }).waitFor();

    // Fixed today: no longer open nor overdue, on the system and on the overview.
    await page.goto(`/systems/${vulnerableId}/security?tab=vulnerabilities`);
    await row.getByTestId('vulnerability-fix').click();
    await page.getByTestId('vulnerability-fix-note').fill('已修改为强口令并启用登录失败锁定');
    await page.getByTestId('vulnerability-fix-submit').click();
    await row.locator('[data-testid="vulnerability-state"][data-state="fixed"]').waitFor();
    assert.equal(await row.getByTestId('vulnerability-overdue').count(), 0);
    assert.equal(await row.getByTestId('vulnerability-verify').count(), 0, 'the unit does not verify its own fix');
    assert.deepEqual(await openNow(), before);
    await openSecurityMenu(page, '安全概览');
    await page.getByTestId('security-open-vulnerabilities').getByText(`其中逾期 ${before.overdue} 个`).waitFor();
    await page.context().close();

    const operator = await e2e.newPage();
    await e2e.login(operator, 'res-admin');
    await operator.goto(`/systems/${vulnerableId}/security?tab=vulnerabilities`);
    const seen = operator.getByTestId('vulnerabilities-table').locator('tr', { hasText: '后台弱口令' });
    await seen.getByTestId('vulnerability-verify').click();
    await operator.getByTestId('vulnerability-verify-submit').click();
    await seen.locator('[data-testid="vulnerability-state"][data-state="verified"]').waitFor();
    const [verified] = await applicant<{ verifiedOn: string | null; verifiedBy: string | null }[]>('GET', `/systems/${vulnerableId}/vulnerabilities`);
    assert.equal(verified?.verifiedOn, daysAgo(0));
    assert.equal(verified?.verifiedBy, '云资源管理员 陈晓');
    await operator.context().close();
  });

  test('a provider files a daily inspection report; a unit’s fault ticket is responded to and resolved on time and counted in the SLA report (SJ-19)', async () => {
    const providerApi = await apiAs(e2e.baseUrl, 'provider');
    const me = await providerApi<{ unit: { id: string } }>('GET', '/me');
    const platforms = await providerApi<{ items: { id: string; name: string; provider: { id: string } }[] }>('GET', '/platforms?pageSize=200');
    const platform = platforms.items.find((candidate) => candidate.provider.id === me.unit.id)!;
    assert.ok(platform, 'the provider runs a platform');

    const provider = await e2e.newPage();
    await e2e.login(provider, 'provider');
    await openSecurityMenu(provider, '日常巡检');
    await provider.waitForURL(/\/operations\/inspections$/);
    await provider.getByTestId('inspection-create').click();
    await choose(provider, 'inspection-platform', platform.name);
    await choose(provider, 'inspection-item-result-1', '异常');
    await provider.getByTestId('inspection-item-note-1').fill('存储池使用率 87%，已安排扩容');
    await provider.getByTestId('inspection-summary').fill('存储池容量接近阈值');
    await provider.getByTestId('inspection-submit').click();
    await provider.getByText(`已提交 ${platform.name} ${daysAgo(0)} 的巡检报告`).waitFor();
    const report = provider.getByTestId('inspections-table').locator('tr', { hasText: platform.name }).first();
    await report.getByTestId('inspection-anomalies').getByText('1 项异常').waitFor();
    await report.getByTestId('inspection-link').click();
    await provider.getByTestId('inspection-items').locator('tr', { hasText: '存储池容量' }).getByText('异常').waitFor();
    const operatorApi = await apiAs(e2e.baseUrl, 'res-admin');
    const anomalous = await operatorApi<{ items: { platform: { id: string }; anomalies: number; inspectedOn: string }[] }>('GET', '/ops/inspections?anomalies=true');
    assert.ok(anomalous.items.some((item) => item.platform.id === platform.id && item.anomalies === 1 && item.inspectedOn === daysAgo(0)), 'the operator reads it');

    // The unit raises a ticket; it sees no inspections.
    const unit = await e2e.newPage();
    await e2e.login(unit, 'edu-applicant');
    await unit.getByRole('menuitem', { name: /安全运维$/ }).click();
    await unit.getByRole('menuitem', { name: /故障单$/ }).waitFor();
    assert.equal(await unit.getByRole('menuitem', { name: /日常巡检$/ }).count(), 0, 'units do not read providers’ inspections');
    await unit.getByRole('menuitem', { name: /故障单$/ }).click();
    await unit.getByTestId('fault-create').click();
    await choose(unit, 'fault-platform', platform.name);
    await choose(unit, 'fault-severity', '紧急');
    await choose(unit, 'fault-system', VULNERABLE);
    await unit.getByTestId('fault-title').fill('门户无法访问');
    await unit.getByTestId('fault-description').fill('外网访问门户超时');
    await unit.getByTestId('fault-submit').click();
    await unit.waitForURL(/\/operations\/faults\/[0-9a-f-]{36}$/);
    const faultId = unit.url().split('/').pop()!;
    await unit.getByTestId('fault-status').getByText('待响应').waitFor();
    await unit.locator('[data-testid="fault-respond-sla"][data-sla="pending"]').waitFor();
    const number = ((await unit.getByTestId('fault-title').textContent()) ?? '').split(' · ')[0]!;
    assert.match(number, /^GZ-\d{4}-\d{5}$/);
    assert.equal(await unit.getByTestId('fault-respond').count(), 0, 'the unit does not answer its own ticket');
    await unit.context().close();

    // The provider answers and resolves it from its list.
    await openSecurityMenu(provider, '故障单');
    await provider.getByTestId('faults-table').getByRole('link', { name: number }).click();
    await provider.getByTestId('fault-respond').click();
    await provider.getByTestId('fault-respond-dialog-text').fill('已安排工程师排查负载均衡');
    await provider.getByTestId('fault-respond-dialog-submit').click();
    await provider.getByTestId('fault-status').getByText('处理中').waitFor();
    await provider.locator('[data-testid="fault-respond-sla"][data-sla="onTime"]').waitFor();
    await provider.getByTestId('fault-resolve').click();
    await provider.getByTestId('fault-resolve-dialog-text').fill('负载均衡健康检查配置已修复');
    await provider.getByTestId('fault-resolve-dialog-submit').click();
    await provider.getByTestId('fault-status').getByText('已解决').waitFor();
    await provider.locator('[data-testid="fault-resolve-sla"][data-sla="onTime"]').waitFor();
    await provider.getByTestId('fault-resolution').getByText('负载均衡健康检查配置已修复').waitFor();
    const ticket = await operatorApi<{ status: string; respondedOnTime: boolean; resolvedOnTime: boolean }>('GET', `/ops/faults/${faultId}`);
    assert.deepEqual([ticket.status, ticket.respondedOnTime, ticket.resolvedOnTime], ['resolved', true, true]);

    // The SLA report counts it for the provider: the critical row answered and resolved on time.
    await openSecurityMenu(provider, '故障处理时效');
    const critical = provider.getByTestId('fault-sla').locator('tr', { hasText: '紧急' });
    await critical.getByTestId('sla-response-rate').getByText('100%').waitFor();
    await critical.getByTestId('sla-resolution-rate').getByText('100%').waitFor();
    await provider.context().close();
  });
});
