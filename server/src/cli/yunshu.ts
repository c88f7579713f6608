/**
 * `yunshu` — database and administration maintenance, in-process:
 *   migrate | seed demo | admin create | audit verify | policy show
 * Same configuration (environment variables) as the server.
 */
import { parseArgs } from 'node:util';
import { creditCodeCheckCharacter, isValidCreditCode } from '@yunshu/shared/credit-code';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { openPlatform, type Platform } from '../platform.ts';
import { generateOneTimePassword, hashPassword } from '../platform/auth/passwords.ts';
import { migrateToLatest, openDatabase, SYSTEM_SCOPE } from '../platform/db/database.ts';
import { listPolicyProfiles, loadPolicyProfile, PolicyProfileError, policyView } from '../platform/policy/policy-profile.ts';
import { seedDemo } from '../seed/demo.ts';
import { assertRolesAssignable } from '../modules/identity/role-rules.ts';
import { recordingRulesFile, rollUpDays } from '../modules/efficiency/index.ts';
import { AppError } from '../platform/errors.ts';

const USAGE = `用法 / usage: yunshu <command>
  migrate                          apply database migrations
  seed demo                        seed the demo district into an empty database
  admin create --username NAME --display-name NAME [--unit-name NAME --credit-code CODE]
                                   create a system administrator with a one-time password
                                   (creates the operator unit when the database has none)
  audit verify                     verify the HMAC-SM3 audit chain; exit 1 at the first tampered record
  policy show [--id ID]            print the policy profile in force (or ID) with articles
  policy list                      list the available policy profiles
  monitoring backfill --from DATE --to DATE
                                   roll up daily utilisation of the days [from, to] (Asia/Shanghai) from
                                   Prometheus (PROMETHEUS_URL) or the simulated cloud; re-running replaces them
  monitoring rules                 print the Prometheus recording rules the rollup reads (rule_files:),
                                   for the node_exporter job PROMETHEUS_NODE_JOB (docs/monitoring.md)
Environment: DATABASE_URL, DATA_DIR, YUNSHU_POLICY, YUNSHU_AUDIT_KEY, YUNSHU_SECRET_KEY (see README).`;

async function withPlatform<T>(config: Config, work: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform({ ...config, demo: false }, { migrate: true });
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

async function adminCreate(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      'unit-name': { type: 'string' },
      'credit-code': { type: 'string' },
    },
  });
  if (!values.username || !values['display-name']) {
    console.error('admin create 需要 --username 与 --display-name / requires --username and --display-name');
    return 2;
  }
  return withPlatform(config, (platform) =>
    platform.db.tx(SYSTEM_SCOPE, async (trx) => {
      let unit = await trx.selectFrom('units').select(['id', 'name', 'type']).where('type', '=', 'operator').orderBy('created_at').executeTakeFirst();
      if (!unit) {
        const name = values['unit-name'] ?? platform.policy.operator.zh;
        const code = values['credit-code'];
        if (!code || !isValidCreditCode(code)) {
          console.error(`没有运行管理单位，需用 --unit-name 与有效的 --credit-code 创建 / no operator unit yet: pass --unit-name and a valid --credit-code (18 characters, check character per GB 32100-2015${code && code.length >= 17 ? `; expected check character ${creditCodeCheckCharacter(code.slice(0, 17).toUpperCase())}` : ''})`);
          return 2;
        }
        unit = await trx
          .insertInto('units')
          .values({ name, short_name: null, type: 'operator', category: null, credit_code: code.toUpperCase(), contact_name: values['display-name'] as string, contact_phone: '-', district_budget: true })
          .returning(['id', 'name', 'type'])
          .executeTakeFirstOrThrow();
      }
      assertRolesAssignable(['system_admin'], 'operator');
      const password = generateOneTimePassword();
      const user = await trx
        .insertInto('users')
        .values({ username: values.username as string, display_name: values['display-name'] as string, unit_id: unit.id, password_hash: await hashPassword(password), must_change_password: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('user_roles').values({ user_id: user.id, role: 'system_admin', granted_by: null }).execute();
      await platform.auditLog.append(trx, {
        actorId: null,
        actorUsername: 'cli',
        actorRoles: [],
        unitId: unit.id,
        unitName: unit.name,
        sourceIp: null,
        action: 'user.create',
        objectType: 'user',
        objectId: user.id,
        result: 'success',
        reason: null,
        requestId: null,
        detail: { username: values.username, roles: ['system_admin'], via: 'cli' },
      });
      console.log(`已创建系统管理员 / system administrator created: ${values.username} (${unit.name})`);
      console.log(`一次性口令 / one-time password (must be changed at first sign-in): ${password}`);
      return 0;
    }),
  );
}

async function monitoringBackfill(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } } });
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!values.from || !values.to || !date.test(values.from) || !date.test(values.to)) {
    console.error('需要 --from 与 --to（YYYY-MM-DD）/ --from and --to (YYYY-MM-DD) are required');
    return 2;
  }
  const range = { from: values.from, to: values.to };
  return withPlatform(config, async (platform) => {
    try {
      const result = await rollUpDays(platform, range);
      console.log(
        `已汇总 / rolled up ${result.days} 天 days, ${result.rows} 条 rows (来源 source: ${result.source}` +
          `${result.source === 'prometheus' ? `, ${result.queries} 次查询 queries, ${result.unmatched} 个未匹配序列 unmatched series` : ''})`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      console.error(`${error.messageZh} / ${error.messageEn}`);
      return 1;
    }
  });
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const config = loadConfig();
  switch (`${command ?? ''} ${sub ?? ''}`.trim()) {
    case 'migrate': {
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(db);
        console.log(applied.length ? `已应用迁移 / applied: ${applied.join(', ')}` : '数据库已是最新 / database is up to date');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'seed demo':
      return withPlatform(config, async (platform) => {
        const seeded = await seedDemo(platform);
        console.log(seeded ? '已写入演示数据 / demo district seeded' : '数据库非空，未写入 / database not empty: nothing seeded');
        return 0;
      });
    case 'admin create':
      return adminCreate(config, rest);
    case 'audit verify':
      return withPlatform(config, async (platform) => {
        const result = await platform.db.tx({ scope: 'all', unitId: null, userId: null }, (trx) => platform.auditLog.verify(trx));
        if (result.ok) {
          console.log(`审计链完整 / audit chain intact: ${result.checked} records verified`);
          return 0;
        }
        console.error(`审计链被篡改 / audit chain broken at seq ${result.firstBrokenSeq}: ${result.reason} (${result.checked} records before it verified)`);
        return 1;
      });
    case 'monitoring backfill':
      return monitoringBackfill(config, rest);
    case 'monitoring rules':
      process.stdout.write(recordingRulesFile(config.monitoring.nodeJob));
      return 0;
    case 'policy list':
      for (const id of listPolicyProfiles(config.policyDir)) console.log(id);
      return 0;
    case 'policy show': {
      const { values } = parseArgs({ args: rest, options: { id: { type: 'string' } } });
      const view = policyView(loadPolicyProfile(values.id ?? config.policyId, config.policyDir));
      console.log(`${view.district.zh} — ${view.regulation.title}（${view.regulation.number}）`);
      for (const p of view.parameters) {
        console.log(`  ${p.key.padEnd(44)} ${p.display.padEnd(28)} ${p.article ?? '—'}${p.basis && !p.article ? `  (${p.basis})` : ''}`);
      }
      return 0;
    }
    default:
      console.log(USAGE);
      return command ? 2 : 0;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof PolicyProfileError ? (error as Error).message : error);
    process.exit(1);
  },
);
