/**
 * Child process of reconciler-crash.test.ts: one Yunshu instance that does nothing but reconcile.
 * It opens the platform on the parent's database (DATABASE_URL) and DATA_DIR, configures the
 * simulated cloud of the scenario (seeded latency and faults) before anything touches it, and runs
 * Reconciler rounds until the parent SIGKILLs it — or, with `settle`, until nothing converges any
 * more, then exits 0 (1 with the stuck rows after `timeoutMs`).
 *
 * Every driver call is announced on stdout before it starts (`> op`) and after it ends (`< op`);
 * stdout is a pipe, which Node writes synchronously on Linux, so the parent knows whether a kill
 * landed while a call was in flight. `ready` follows the boot; `settled` the last round.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import type { CloudDriver } from '../../src/modules/provisioning/drivers/cloud-driver.ts';
import type { SimulatedCloudOptions } from '../../src/modules/provisioning/drivers/simulated/simulated-cloud.ts';
import { simulatedClouds } from '../../src/modules/provisioning/drivers/simulated/simulated-driver.ts';
import { type DriverSource, platformDrivers } from '../../src/modules/provisioning/platform-drivers.ts';
import { Reconciler, type ReconcilerOptions } from '../../src/modules/provisioning/reconciler.ts';
import { openPlatform } from '../../src/platform.ts';

/** What the parent passes in CRASH_CHILD (JSON). */
export interface ChildSettings {
  /** The simulated cloud's options, configured before the reconciler first reaches it; null on OpenStack. */
  simulated: { platformId: string; options: Omit<SimulatedCloudOptions, 'platformId' | 'file'> } | null;
  reconciler: Partial<ReconcilerOptions>;
  /** Run until nothing is left to converge, then exit; otherwise run until killed. */
  settle: boolean;
  timeoutMs: number;
}

const settings = JSON.parse(process.env.CRASH_CHILD ?? 'null') as ChildSettings | null;
if (!settings) throw new Error('CRASH_CHILD must hold the child settings (JSON)');

const config = loadConfig({ ...process.env, YUNSHU_DEMO: 'false', LOG_LEVEL: 'silent' });
const platform = await openPlatform(config, { migrate: false });

if (settings.simulated) simulatedClouds.cloud(settings.simulated.platformId, { dataDir: config.dataDir, ...settings.simulated.options });

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The driver with each call announced before and after. */
function announced(driver: CloudDriver): CloudDriver {
  return new Proxy(driver, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const op = String(property);
      return async (...args: unknown[]) => {
        say(`> ${op}`);
        try {
          return await value.apply(target, args);
        } finally {
          say(`< ${op}`);
        }
      };
    },
  });
}

const source = platformDrivers(platform);
const drivers: DriverSource = async (platformId) => announced(await source(platformId));
const reconciler = new Reconciler(platform, drivers, settings.reconciler, `crash-child:${process.pid}`);

async function converging(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM resources
    WHERE observed_generation < generation AND status NOT IN ('failed', 'awaiting_work_order')`.execute(platform.db.kysely);
  return rows[0]!.n;
}

say('ready');
const deadline = Date.now() + settings.timeoutMs;
while (Date.now() < deadline) {
  const { claimed } = await reconciler.round();
  if (settings.settle && claimed === 0 && (await converging()) === 0) {
    say('settled');
    await platform.close();
    process.exit(0);
  }
  // Rows leased by a killed predecessor come back when the lease runs out.
  if (claimed === 0) await sleep(20);
}
const { rows } = await sql`
  SELECT name, kind, status, desired_state, generation, observed_generation, attempts, last_error, claimed_by, claimed_until
  FROM resources WHERE observed_generation < generation`.execute(platform.db.kysely);
process.stderr.write(`not settled after ${settings.timeoutMs} ms: ${JSON.stringify(rows)}\n`);
await platform.close();
process.exit(1);
