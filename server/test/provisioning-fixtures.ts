/** Builders for provisioning tests: a fast simulated cloud per platform, a reconciler, and waiting for it. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimulatedCloud, SimulatedCloudOptions } from '../src/modules/provisioning/drivers/simulated/simulated-cloud.ts';
import { simulatedClouds } from '../src/modules/provisioning/drivers/simulated/simulated-driver.ts';
import { platformDrivers } from '../src/modules/provisioning/platform-drivers.ts';
import { Reconciler, type ReconcilerOptions } from '../src/modules/provisioning/reconciler.ts';
import { approveAll } from './application-fixtures.ts';
import type { TestPlatform } from './harness.ts';

const APPROVER_OF: Record<string, string> = {
  operator_resource_admin: 'res-admin',
  operator_section_chief: 'chief',
  operator_leader: 'leader',
  authority_reviewer: 'authority',
};

/** Approves every step of an application with the demo account holding the step's role. */
export function approveThrough(t: TestPlatform, application: { id: string; steps: { role: string }[] }) {
  return approveAll(
    t,
    application.id,
    application.steps.map((s) => APPROVER_OF[s.role]!),
  );
}

const FAST = { min: 5, max: 15 };
export const FAST_TIMINGS = {
  buildMs: FAST,
  resizeMs: FAST,
  stopMs: FAST,
  startMs: FAST,
  deleteMs: FAST,
  volumeCreateMs: FAST,
  attachMs: FAST,
  detachMs: FAST,
  volumeDeleteMs: FAST,
};

/**
 * The platform's simulated cloud with quick transitions. The registry keeps the first configuration
 * of a cloud, so this must come before anything else touches the platform's cloud in the process.
 */
export function fastCloud(t: TestPlatform, platformId: string, options: Omit<SimulatedCloudOptions, 'platformId' | 'file'> = {}): SimulatedCloud {
  return simulatedClouds.cloud(platformId, { dataDir: t.platform.config.dataDir, timings: FAST_TIMINGS, ...options });
}

export const TEST_RECONCILER: Partial<ReconcilerOptions> = { pollMs: 10, backoffMs: 10, maxBackoffMs: 100, concurrency: 4 };

export function reconcilerFor(t: TestPlatform, options: Partial<ReconcilerOptions> = {}, instance?: string): Reconciler {
  return new Reconciler(t.platform, platformDrivers(t.platform), { ...TEST_RECONCILER, ...options }, instance);
}

/** Rounds until no driver-platform resource is still converging, or fails after `timeoutMs`. */
export async function settle(t: TestPlatform, reconciler: Reconciler, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await reconciler.round();
    const open = (await t.ownerQuery(
      `SELECT count(*)::int AS n FROM resources WHERE observed_generation < generation AND status NOT IN ('failed', 'awaiting_work_order')`,
    )) as { n: number }[];
    if (open[0]!.n === 0) return;
    await sleep(10);
  }
  const left = await t.ownerQuery(`SELECT name, status, last_error, attempts FROM resources WHERE observed_generation < generation AND status <> 'failed'`);
  throw new Error(`resources did not settle: ${JSON.stringify(left)}`);
}
