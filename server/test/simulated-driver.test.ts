/**
 * The simulated driver passes the driver contract every driver passes: once on a cloud in memory,
 * once on a cloud kept in a data directory (each change written to its file). Transitions are
 * shortened so the suite takes a few seconds on the real clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { driverContract } from '../src/modules/provisioning/drivers/driver-contract.ts';
import type { Timings } from '../src/modules/provisioning/drivers/simulated/simulated-cloud.ts';
import { SimulatedCloudRegistry } from '../src/modules/provisioning/drivers/simulated/simulated-driver.ts';

const quick = { min: 20, max: 60 };
const timings: Timings = {
  buildMs: quick,
  resizeMs: quick,
  stopMs: quick,
  startMs: quick,
  deleteMs: quick,
  volumeCreateMs: quick,
  attachMs: quick,
  detachMs: quick,
  volumeDeleteMs: quick,
};
const waiting = { timeoutMs: 5_000, pollMs: 10 };

const registry = new SimulatedCloudRegistry();
const dataDir = mkdtempSync(join(tmpdir(), 'yunshu-simulated-contract-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

driverContract('simulated', async () => registry.driver('contract-in-memory', { dataDir: null, timings }), waiting);

driverContract('simulated, persisted', async () => registry.driver('contract-persisted', { dataDir, timings }), waiting);
