/** Builders for application tests: the demo estate, and a system with an approved, documented project. */
import { demoEstate } from './catalog-fixtures.ts';
import { createProject, createSystem, uploadDocument } from './fixtures.ts';
import type { TestPlatform } from './harness.ts';

/** The ids application tests use most, from the demo estate. */
export async function applicationEstate(t: TestPlatform) {
  const estate = await demoEstate(t);
  return {
    x86: estate.pools.x86,
    arm: estate.pools.arm,
    city: estate.pools.city,
    vcpu: estate.items['ECS-X86-VCPU']!,
    mem: estate.items['ECS-X86-MEM']!,
  };
}
export type ApplicationEstate = Awaited<ReturnType<typeof applicationEstate>>;

/** A system of the caller's unit with one project whose quota is `quota` (item → quantity) and its approval document. */
export async function systemWithProject(t: TestPlatform, cookie: string, quota: Record<string, string>, systemOverrides: Record<string, unknown> = {}) {
  const system = await createSystem(t, cookie, systemOverrides);
  const project = await createProject(t, cookie, system.id, [], {
    quotas: Object.entries(quota).map(([itemId, quantity]) => ({ itemId, quantity, basis: '按业务量测算' })),
  });
  const uploaded = await uploadDocument(t, cookie, project.id);
  if (uploaded.statusCode !== 201) throw new Error(`evidence upload: ${uploaded.body}`);
  return { systemId: system.id as string, projectId: project.id as string };
}

export function resourceBody(systemId: string, projectId: string, platformId: string, lines: Record<string, string>, title = '资源申请') {
  return { kind: 'resource', title, systemId, projectId, platformId, lines: Object.entries(lines).map(([itemId, quantity]) => ({ itemId, quantity })) };
}

export async function submit(t: TestPlatform, cookie: string, body: unknown) {
  return t.request('POST', '/api/applications', { cookie, body });
}

/** Submits and returns the application, failing loudly if it was refused. */
export async function submitted(t: TestPlatform, cookie: string, body: unknown) {
  const response = await submit(t, cookie, body);
  if (response.statusCode !== 201) throw new Error(`submit: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function approveAll(t: TestPlatform, id: string, approvers: string[]) {
  let last: any;
  for (const username of approvers) {
    const cookie = await t.login(username);
    const response = await t.request('POST', `/api/applications/${id}/approve`, { cookie, body: { comment: '同意' } });
    if (response.statusCode !== 200) throw new Error(`approve by ${username}: ${response.statusCode} ${response.body}`);
    last = response.json();
  }
  return last;
}
