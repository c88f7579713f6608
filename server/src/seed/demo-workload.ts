/**
 * The demo district's work in progress, made through the same services people use: the education
 * bureau's platform with an approved project and a resource application approved at all three levels
 * (its servers are then provisioned on the simulated cloud by the reconciler as soon as the platform
 * runs), a second application waiting in the first approver's 待办, and the health commission's
 * temporary resources approved by the authority. Seeded after the server listens (it takes a few
 * seconds of approvals on PGlite), once: only while the demo district has no application at all.
 */
import { permissionsOf } from '@yunshu/shared/permissions';
import type { Role } from '@yunshu/shared/roles';
import { scopeOfRoles } from '@yunshu/shared/roles';
import { approveStep, submitApplication } from '../modules/applications/applications.service.ts';
import { storeDocument } from '../modules/systems/documents.service.ts';
import { createProject, createSystem } from '../modules/systems/systems.service.ts';
import type { Actor } from '../platform/auth/sessions.ts';
import { SYSTEM_SCOPE, type Trx } from '../platform/db/database.ts';
import type { AuditTarget, Services } from '../platform/http/route.ts';

/** A minimal PDF standing in for the scanned project approval. */
const APPROVAL_SCAN = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% demo project approval\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

async function actorOf(trx: Trx, username: string): Promise<Actor> {
  const user = await trx
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.unit_id', 'units.name as unit_name', 'units.type as unit_type'])
    .where('users.username', '=', username)
    .executeTakeFirstOrThrow();
  const roles = (await trx.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()).map((r) => r.role as Role);
  return {
    sessionId: 'demo-seed',
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    unitId: user.unit_id,
    unitName: user.unit_name,
    unitType: user.unit_type,
    roles,
    permissions: new Set(permissionsOf(roles)),
    scope: scopeOfRoles(roles),
    mustChangePassword: false,
  };
}

const audit = (): AuditTarget => ({ objectType: null, objectId: null, detail: {} });

export async function seedDemoWorkloadOnce(services: Services): Promise<{ applications: number }> {
  return services.db.tx(SYSTEM_SCOPE, async (trx) => {
    const demoUnit = await trx.selectFrom('users').select('id').where('username', '=', 'edu-applicant').executeTakeFirst();
    const anyApplication = await trx.selectFrom('applications').select('id').limit(1).executeTakeFirst();
    if (!demoUnit || anyApplication) return { applications: 0 };
    return seedDemoWorkload(trx, services);
  });
}

async function seedDemoWorkload(trx: Trx, services: Services): Promise<{ applications: number }> {
  const pool = await trx
    .selectFrom('platforms')
    .select('id')
    .where('level', '=', 'district')
    .where('architecture', '=', 'x86')
    .where('provisioning_mode', '=', 'driver')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!pool) return { applications: 0 };
  const x86 = pool.id;
  const items = new Map((await trx.selectFrom('catalog_items').select(['id', 'code']).execute()).map((i) => [i.code, i.id]));
  const vcpu = items.get('ECS-X86-VCPU')!;
  const memory = items.get('ECS-X86-MEM')!;
  const ssd = items.get('EVS-SSD')!;
  const [eduApplicant, healthAdmin] = [await actorOf(trx, 'edu-applicant'), await actorOf(trx, 'health-admin')];
  const approvers = new Map<string, Actor>();
  for (const [role, username] of [
    ['operator_resource_admin', 'res-admin'],
    ['operator_section_chief', 'chief'],
    ['operator_leader', 'leader'],
    ['authority_reviewer', 'authority'],
  ] as const) {
    approvers.set(role, await actorOf(trx, username));
  }
  const approveAllSteps = async (application: { id: string; steps: { role: string }[] }) => {
    for (const step of application.steps) await approveStep(trx, services, approvers.get(step.role)!, application.id, { comment: '同意' }, audit());
  };

  const system = await createSystem(
    trx,
    eduApplicant,
    services.policy,
    { name: '教育资源公共服务平台', purpose: '全区中小学数字教育资源共享与在线教学', mlpsLevel: 3, classified: false, mlpsFilingNumber: '31011843001-26001', constructionType: 'new', ownerName: '王芳', ownerPhone: '021-59720001' },
    audit(),
  );
  const project = await createProject(
    trx,
    eduApplicant,
    services.policy,
    system.id,
    {
      documentNumber: '青发改投〔2026〕101号',
      approvedOn: '2026-03-15',
      approvingBody: '区发展和改革委员会',
      budget: '1280000.00',
      architecture: 'x86',
      platformIds: [x86],
      cyclical: false,
      quotas: [
        { itemId: vcpu, quantity: '24', basis: '按高峰并发 2000 人测算' },
        { itemId: memory, quantity: '48', basis: '每 vCPU 配 2 GiB' },
        { itemId: ssd, quantity: '800', basis: '教学资源与数据库存储' },
      ],
    },
    audit(),
  );
  await storeDocument(trx, eduApplicant, { unitId: eduApplicant.unitId, type: 'project', id: project.id }, '立项批复.pdf', APPROVAL_SCAN);

  const platformApplication = await submitApplication(
    trx,
    services,
    eduApplicant,
    {
      kind: 'resource',
      title: '教育资源平台上云（一期）',
      systemId: system.id,
      projectId: project.id,
      platformId: x86,
      lines: [
        { itemId: vcpu, quantity: '12' },
        { itemId: memory, quantity: '24' },
        { itemId: ssd, quantity: '300' },
      ],
      servers: [
        { name: 'edu-web-01', vcpus: 4, memoryGiB: 8, dataDiskGiB: 100 },
        { name: 'edu-web-02', vcpus: 4, memoryGiB: 8, dataDiskGiB: 100 },
        { name: 'edu-db-01', vcpus: 4, memoryGiB: 8, dataDiskGiB: 100 },
      ],
    },
    audit(),
  );
  await approveAllSteps(platformApplication);

  await submitApplication(
    trx,
    services,
    eduApplicant,
    {
      kind: 'resource',
      title: '教育资源平台上云（二期：搜索服务）',
      systemId: system.id,
      projectId: project.id,
      platformId: x86,
      lines: [
        { itemId: vcpu, quantity: '4' },
        { itemId: memory, quantity: '8' },
      ],
      servers: [{ name: 'edu-search-01', vcpus: 4, memoryGiB: 8 }],
    },
    audit(),
  );

  let applications = 2;
  if (services.policy.parameters['temporary.allowed'].value) {
    const temporary = await submitApplication(
      trx,
      services,
      healthAdmin,
      {
        kind: 'temporary',
        title: '疫苗接种预约系统压力测试环境',
        platformId: x86,
        purpose: '上线前压力测试，测试结束即释放',
        lines: [
          { itemId: vcpu, quantity: '8', months: 1 },
          { itemId: memory, quantity: '16', months: 1 },
        ],
      },
      audit(),
    );
    await approveAllSteps(temporary);
    applications++;
  }
  return { applications };
}
