/**
 * The demo district: the authority, the operator with its three approval levels (QP-9), twelve user
 * units, two providers and an auditor, with one account per role. Seeded once, into an empty database,
 * in demo mode only. Every demo account shares DEMO_PASSWORD, which the README lists.
 */
import { creditCodeCheckCharacter } from '@yunshu/shared/credit-code';
import type { Role, UnitType, UserUnitCategory } from '@yunshu/shared/roles';
import { seedDemoCatalog } from '../modules/catalog/index.ts';
import { systemAuditEntry } from '../platform/audit/audit-log.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { SYSTEM_SCOPE } from '../platform/db/database.ts';
import type { Services } from '../platform/http/route.ts';

export const DEMO_PASSWORD = 'Yunshu@Demo2026';

/** 行政区划代码 used inside the demo credit codes. */
const DIVISION_CODES: Record<string, string> = { qingpu: '310118', songjiang: '310117' };

interface DemoUnit {
  key: string;
  name: string;
  type: UnitType;
  category?: UserUnitCategory;
  districtBudget: boolean;
  contact: string;
}

function demoUnits(district: string, authority: string, operator: string, towns: string[]): DemoUnit[] {
  const bureau = (key: string, name: string, contact: string): DemoUnit => ({ key, name: `${district}${name}`, type: 'user_unit', category: 'bureau', districtBudget: true, contact });
  return [
    { key: 'authority', name: authority, type: 'authority', districtBudget: true, contact: '王主任' },
    { key: 'operator', name: operator, type: 'operator', districtBudget: true, contact: '陈科长' },
    bureau('edu', '教育局', '李老师'),
    bureau('health', '卫生健康委员会', '赵医生'),
    bureau('civil', '民政局', '孙科员'),
    bureau('market', '市场监督管理局', '周科员'),
    bureau('ecology', '生态环境局', '吴科员'),
    bureau('housing', '住房和城乡建设管理委员会', '郑科员'),
    bureau('culture', '文化和旅游局', '冯科员'),
    bureau('emergency', '应急管理局', '褚科员'),
    ...towns.map((town, i): DemoUnit => ({
      key: `town${i + 1}`,
      name: `${district}${town}`,
      type: 'user_unit',
      category: town.endsWith('街道') ? 'street' : 'town',
      districtBudget: true,
      contact: '蒋主任',
    })),
    { key: 'water', name: `${district}自来水有限公司`, type: 'user_unit', category: 'other', districtBudget: false, contact: '韩经理' },
    { key: 'provider1', name: '申云数据科技有限公司', type: 'provider', districtBudget: false, contact: '杨工' },
    { key: 'provider2', name: '沪信通信服务有限公司', type: 'provider', districtBudget: false, contact: '朱工' },
    { key: 'auditor', name: '衡正工程造价咨询有限公司', type: 'auditor', districtBudget: false, contact: '秦审计师' },
  ];
}

const TOWNS: Record<string, string[]> = {
  qingpu: ['朱家角镇', '练塘镇', '夏阳街道'],
  songjiang: ['泗泾镇', '佘山镇', '岳阳街道'],
};

const DEMO_ACCOUNTS: { username: string; displayName: string; unit: string; roles: Role[] }[] = [
  { username: 'sysadmin', displayName: '系统管理员 林海', unit: 'operator', roles: ['system_admin'] },
  { username: 'secadmin', displayName: '安全管理员 许静', unit: 'operator', roles: ['security_admin'] },
  { username: 'auditadmin', displayName: '审计管理员 何平', unit: 'operator', roles: ['audit_admin'] },
  { username: 'authority', displayName: '主管部门 王建国', unit: 'authority', roles: ['authority_reviewer'] },
  { username: 'res-admin', displayName: '云资源管理员 陈晓', unit: 'operator', roles: ['operator_resource_admin'] },
  { username: 'chief', displayName: '基础设施科科长 刘强', unit: 'operator', roles: ['operator_section_chief'] },
  { username: 'leader', displayName: '分管领导 张伟', unit: 'operator', roles: ['operator_leader'] },
  { username: 'edu-admin', displayName: '教育局 李明', unit: 'edu', roles: ['unit_admin'] },
  { username: 'edu-applicant', displayName: '教育局 王芳', unit: 'edu', roles: ['unit_applicant'] },
  { username: 'health-admin', displayName: '卫健委 赵磊', unit: 'health', roles: ['unit_admin', 'unit_applicant'] },
  { username: 'town-applicant', displayName: '镇政府 周洁', unit: 'town1', roles: ['unit_applicant'] },
  { username: 'provider', displayName: '服务商工程师 杨帆', unit: 'provider1', roles: ['provider_engineer'] },
  { username: 'city-provider', displayName: '市政务云工程师 朱磊', unit: 'provider2', roles: ['provider_engineer'] },
  { username: 'auditor', displayName: '审价评估 秦越', unit: 'auditor', roles: ['auditor'] },
];

function creditCode(division: string, typeDigit: string, serial: number): string {
  const first17 = `${typeDigit}${division}MB${String(serial).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** Seeds the demo district into an empty database; does nothing when any unit exists. */
export async function seedDemo(services: Services): Promise<boolean> {
  const profile = services.policy;
  const districtKey = profile.id.split('-')[0] ?? '';
  const division = DIVISION_CODES[districtKey] ?? '310100';
  const district = profile.district.zh;
  // Party names in a profile are generic (区大数据中心); the demo names them for the district.
  const named = (party: string) => (party.startsWith('区') ? `${district}${party.slice(1)}` : party);
  const units = demoUnits(district, named(profile.authority.zh), named(profile.operator.zh), TOWNS[districtKey] ?? ['第一镇', '第二镇', '第一街道']);
  const seeded = await services.db.tx(SYSTEM_SCOPE, async (trx) => Boolean(await trx.selectFrom('units').select('id').limit(1).executeTakeFirst()));
  if (seeded) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return services.db.tx(SYSTEM_SCOPE, async (trx) => {
    if (await trx.selectFrom('units').select('id').limit(1).executeTakeFirst()) return false;
    const ids = new Map<string, string>();
    let serial = 1001;
    for (const unit of units) {
      const typeDigit = unit.type === 'provider' || unit.type === 'auditor' || unit.key === 'water' ? '91' : '11';
      const row = await trx
        .insertInto('units')
        .values({
          name: unit.name,
          short_name: null,
          type: unit.type,
          category: unit.category ?? null,
          credit_code: creditCode(division, typeDigit, serial++),
          contact_name: unit.contact,
          contact_phone: `021-5${String(serial).padStart(7, '0')}`,
          district_budget: unit.districtBudget,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(unit.key, row.id);
    }
    for (const account of DEMO_ACCOUNTS) {
      const user = await trx
        .insertInto('users')
        .values({
          username: account.username,
          display_name: account.displayName,
          unit_id: ids.get(account.unit) as string,
          password_hash: passwordHash,
          must_change_password: false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('user_roles').values(account.roles.map((role) => ({ user_id: user.id, role, granted_by: null }))).execute();
    }
    const estate = await seedDemoCatalog(trx, { policy: profile, unitIds: ids });
    await services.auditLog.append(trx, systemAuditEntry({
      action: 'system.seed_demo',
      objectType: 'district',
      objectId: profile.id,
      detail: { units: units.length, accounts: DEMO_ACCOUNTS.length, ...estate },
    }));
    return true;
  });
}
