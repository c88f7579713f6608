/**
 * Steps the browser tests share: the test's own setup through the API as a demo user — a system with a
 * documented project and quota, approvals — a document the server accepts, and choosing in an Ant Design select.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './harness.ts';

/** A one-page PDF with a correct cross-reference table: what the server accepts as a document. */
export function tinyPdf(): Buffer {
  const content = 'BT /F1 12 Tf 20 50 Td (Project approval) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A signed-in API client for the test's own setup, by the session cookie of `POST /api/auth/login`. */
export async function apiAs(baseUrl: string, username: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200, `${username} signs in`);
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const call = async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { body: body instanceof Buffer ? new Uint8Array(body) : JSON.stringify(body) }),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return call;
}

/** Who approves a step of each role in the demo district. */
export const APPROVER_OF: Record<string, string> = {
  operator_resource_admin: 'res-admin',
  operator_section_chief: 'chief',
  operator_leader: 'leader',
  authority_reviewer: 'authority',
};

type Call = Awaited<ReturnType<typeof apiAs>>;

/** A system of the applicant's unit with a documented project whose quota is 4 vCPU and 8 GiB (QP-9). */
export async function systemWithQuota(call: Call, name: string) {
  const items = await call<{ items: { id: string; code: string }[] }>('GET', '/catalog/items?q=ECS-X86&pageSize=200');
  const vcpu = items.items.find((item) => item.code === 'ECS-X86-VCPU')!.id;
  const mem = items.items.find((item) => item.code === 'ECS-X86-MEM')!.id;
  const platforms = await call<{ items: { id: string; name: string }[] }>('GET', '/platforms?pageSize=200');
  const system = await call<{ id: string }>('POST', '/systems', {
    name,
    purpose: '浏览器测试的信息系统',
    mlpsLevel: 2,
    constructionType: 'new',
    ownerName: '王芳',
    ownerPhone: '021-59720000',
  });
  const project = await call<{ id: string }>('POST', `/systems/${system.id}/projects`, {
    documentNumber: `青教信〔2026〕${Math.floor(Math.random() * 900 + 100)}号`,
    approvedOn: '2026-03-16',
    approvingBody: '区发展和改革委员会',
    budget: '300000.00',
    architecture: 'x86',
    quotas: [
      { itemId: vcpu, quantity: '4', basis: '一台应用服务器' },
      { itemId: mem, quantity: '8', basis: '一台应用服务器' },
    ],
  });
  await call('POST', `/projects/${project.id}/documents?filename=${encodeURIComponent('立项批复.pdf')}`, tinyPdf(), 'application/pdf');
  const platform = (platformName: string) => platforms.items.find((candidate) => candidate.name === platformName)!.id;
  return { systemId: system.id, projectId: project.id, vcpu, mem, platform };
}

/** Each step of a submitted application approved through the API by the demo user holding its role (QP-9). */
export async function approveEveryStep(baseUrl: string, application: { id: string; steps: { role: string }[] }): Promise<void> {
  for (const step of application.steps) {
    const approver = await apiAs(baseUrl, APPROVER_OF[step.role] ?? step.role);
    await approver('POST', `/applications/${application.id}/approve`, { comment: '同意' });
  }
}

/**
 * Opens an Ant Design select by its test id and picks the option whose text contains `text`; a select
 * with a search box is narrowed first (its list is virtual: far options are not rendered).
 */
export async function choose(page: Page, testId: string, text: string, { search = false } = {}): Promise<void> {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  // On a busy machine a click can land while the previous dropdown is still closing and not open this
  // one: close whatever is open and click again, a bounded number of times.
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    if (search) await page.keyboard.type(text);
    try {
      await option.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await option.click();
}
