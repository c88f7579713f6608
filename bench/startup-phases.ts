/**
 * Child process of the startup benchmark: the boot sequence of server/src/main.ts (config → policy →
 * keys → PGlite → migrations → demo seed → app → listen), timed step by step in a fresh process on
 * DATA_DIR, printed as one JSON line. Modules are imported dynamically so their loading is timed too.
 */
const processStart = performance.now();
const t0 = performance.now();
const [{ loadConfig }, { openDatabase, migrateToLatest }, { loadKeys }, { loadPolicyProfile }, { AuditLog }, { seedDemo }, { createApp }] =
  await Promise.all([
    import('../server/src/config.ts'),
    import('../server/src/platform/db/database.ts'),
    import('../server/src/platform/crypto/keys.ts'),
    import('../server/src/platform/policy/policy-profile.ts'),
    import('../server/src/platform/audit/audit-log.ts'),
    import('../server/src/seed/demo.ts'),
    import('../server/src/app.ts'),
  ]);
const t1 = performance.now();
const config = loadConfig(process.env);
const policy = loadPolicyProfile(config.policyId, config.policyDir);
const keys = loadKeys(config);
const db = await openDatabase({ databaseUrl: undefined, dataDir: config.dataDir });
const t2 = performance.now();
await migrateToLatest(db);
const t3 = performance.now();
const services = { config, db, auditLog: new AuditLog(keys.audit), policy, secretBox: new (await import('../server/src/platform/crypto/sm.ts')).SecretBox(keys.secret) };
await seedDemo(services);
const t4 = performance.now();
const app = await createApp(services, { logger: false });
const t5 = performance.now();
await app.listen({ host: '127.0.0.1', port: 0 });
const t6 = performance.now();
await app.close();
await db.close();
console.log(
  JSON.stringify({
    nodeBoot: processStart,
    importModules: t1 - t0,
    openDatabase: t2 - t1,
    migrate: t3 - t2,
    seedDemo: t4 - t3,
    createApp: t5 - t4,
    listen: t6 - t5,
  }),
);
