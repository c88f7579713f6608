/** `npm start`: the API and the web console on one port. */
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openPlatform } from './platform.ts';
import { PolicyProfileError } from './platform/policy/policy-profile.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await openPlatform(config);
  const app = await createApp(platform);
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
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
