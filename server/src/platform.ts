/** Boot order, shared by the server, the CLI and the tests: config → policy → database → migrations → services. */
import type { Config } from './config.ts';
import { AuditLog } from './platform/audit/audit-log.ts';
import { loadKeys } from './platform/crypto/keys.ts';
import { SecretBox } from './platform/crypto/sm.ts';
import { type Db, migrateToLatest, openDatabase } from './platform/db/database.ts';
import type { Services } from './platform/http/route.ts';
import { loadPolicyProfile } from './platform/policy/policy-profile.ts';
import { seedCalendarFromPackage } from './modules/calendar/calendar.service.ts';
import { configureDeliveryChannels } from './modules/notifications/index.ts';
import { seedDemo } from './seed/demo.ts';

export interface Platform extends Services {
  close(): Promise<void>;
}

export async function openPlatform(config: Config, options: { db?: Db; migrate?: boolean } = {}): Promise<Platform> {
  const policy = loadPolicyProfile(config.policyId, config.policyDir);
  const keys = loadKeys(config);
  configureDeliveryChannels(config);
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  try {
    if (options.migrate !== false) {
      await migrateToLatest(db);
      await seedCalendarFromPackage(db);
    }
    const services: Services = { config, db, auditLog: new AuditLog(keys.audit), policy, secretBox: new SecretBox(keys.secret) };
    if (config.demo) await seedDemo(services);
    return { ...services, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}
