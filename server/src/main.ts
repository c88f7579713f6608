/** `npm start`: the API and the web console on one port, and the scheduler of periodic jobs. */
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { scheduledJobs } from './jobs.ts';
import { platformDrivers, Reconciler, ReconcilerLoop } from './modules/provisioning/index.ts';
import { seedDemoWorkloadOnce } from './seed/demo-workload.ts';
import { openPlatform } from './platform.ts';
import { Scheduler } from './platform/jobs/scheduler.ts';
import { PolicyProfileError } from './platform/policy/policy-profile.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await openPlatform(config);
  const app = await createApp(platform);
  const scheduler = new Scheduler(platform, scheduledJobs(config), { tickSeconds: config.scheduler.tickSeconds, log: app.log });
  const reconciler = new ReconcilerLoop(new Reconciler(platform, platformDrivers(platform), { concurrency: config.reconciler.concurrency }), {
    idleMs: config.reconciler.idleMs,
    log: app.log,
  });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await scheduler.stop();
    await reconciler.stop();
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  if (config.scheduler.enabled) scheduler.start();
  if (config.reconciler.enabled) reconciler.start();
  if (config.demo && config.demoWorkload) {
    seedDemoWorkloadOnce(platform).then(
      (seeded) => seeded.applications > 0 && app.log.info(seeded, 'demo: applications seeded; the reconciler provisions their servers'),
      (error: unknown) => app.log.error({ err: error }, 'demo: seeding the work in progress failed'),
    );
  }
  app.log.info(
    { database: platform.db.kind, policy: config.policyId, demo: config.demo },
    `云枢 Yunshu ready on http://${config.host}:${config.port} (${platform.db.kind}, policy ${config.policyId})`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PolicyProfileError) {
    console.error((error as Error).message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
