/** Small builders for integration tests: systems, projects and documents through the API. */
import { randomBytes } from 'node:crypto';
import type { TestPlatform } from './harness.ts';

/** A tiny but real PDF document. */
export function pdfBytes(text = 'Yunshu test document'): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text} ${randomBytes(4).toString('hex')}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export async function catalogItemIds(t: TestPlatform, count = 2): Promise<string[]> {
  const rows = (await t.ownerQuery(`SELECT id FROM catalog_items ORDER BY code LIMIT ${count}`)) as { id: string }[];
  if (rows.length < count) throw new Error('the demo catalog has too few items');
  return rows.map((r) => r.id);
}

export async function createSystem(t: TestPlatform, cookie: string, overrides: Record<string, unknown> = {}) {
  const response = await t.request('POST', '/api/systems', {
    cookie,
    body: {
      name: `测试系统-${randomBytes(3).toString('hex')}`,
      purpose: '用于集成测试的信息系统',
      mlpsLevel: 2,
      constructionType: 'new',
      ownerName: '测试负责人',
      ownerPhone: '021-59730000',
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`create system: ${response.statusCode} ${response.body}`);
  return response.json();
}

export function projectBody(itemIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    documentNumber: `青发改投〔2026〕${Math.floor(Math.random() * 900 + 100)}号`,
    approvedOn: '2026-03-15',
    approvingBody: '区发展和改革委员会',
    budget: '1280000.00',
    architecture: 'x86',
    quotas: itemIds.map((itemId, i) => ({ itemId, quantity: String((i + 1) * 8), basis: '按业务峰值并发 2000 人测算' })),
    ...overrides,
  };
}

export async function createProject(t: TestPlatform, cookie: string, systemId: string, itemIds: string[], overrides: Record<string, unknown> = {}) {
  const response = await t.request('POST', `/api/systems/${systemId}/projects`, { cookie, body: projectBody(itemIds, overrides) });
  if (response.statusCode !== 201) throw new Error(`create project: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function uploadDocument(t: TestPlatform, cookie: string, projectId: string, content = pdfBytes(), filename = '立项批复.pdf', contentType = 'application/pdf') {
  return t.request('POST', `/api/projects/${projectId}/documents?filename=${encodeURIComponent(filename)}`, {
    cookie,
    body: content,
    headers: { 'content-type': contentType },
  });
}
