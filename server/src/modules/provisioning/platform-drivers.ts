/**
 * The cloud driver of a platform: the simulated cloud of the process-wide registry (persisted under
 * `DATA_DIR`), or an OpenStack driver from the platform's connection settings and its SM4-sealed
 * credentials. OpenStack drivers are kept for a few minutes so their Keystone token is reused, and
 * rebuilt when the platform's settings or credentials change.
 */
import { SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { openPlatformCredentials, requirePlatform } from '../platforms/index.ts';
import { type CloudDriver, DriverError } from './drivers/cloud-driver.ts';
import { openstackCredentials } from './drivers/openstack/openstack-client.ts';
import { OpenStackDriver } from './drivers/openstack/openstack-driver.ts';
import { simulatedClouds } from './drivers/simulated/simulated-driver.ts';

const KEEP_MS = 5 * 60_000;

export type DriverSource = (platformId: string) => Promise<CloudDriver>;

const kept = new Map<string, { driver: CloudDriver; version: string; at: number }>();

/** The driver of a platform, read within the caller's transaction. */
export async function driverOf(trx: Trx, services: Services, platformId: string): Promise<CloudDriver> {
  const platform = await requirePlatform(trx, platformId);
  if (platform.provisioningMode !== 'driver' || !platform.driver) {
    throw new DriverError({ message: `Platform ${platform.name} is fulfilled by work order`, transient: false, providerMessage: 'a work-order platform has no driver' });
  }
  if (platform.driver === 'simulated') return simulatedClouds.driver(platformId, { dataDir: services.config.dataDir });
  const stamp = await trx.selectFrom('platforms').select(['updated_at', 'credentials_updated_at']).where('id', '=', platformId).executeTakeFirstOrThrow();
  const version = `${stamp.updated_at.toISOString()}|${stamp.credentials_updated_at?.toISOString() ?? ''}`;
  const cached = kept.get(platformId);
  if (cached && cached.version === version && Date.now() - cached.at < KEEP_MS) return cached.driver;
  const credentials = await openPlatformCredentials(trx, services.secretBox, platformId);
  if (!credentials) throw new DriverError({ message: `Platform ${platform.name} has no credentials`, transient: false, providerMessage: 'no credentials are set for this platform' });
  const { network, image, createMissingFlavors } = platform.connection;
  const driver = new OpenStackDriver(openstackCredentials(platform.connection, credentials), {
    ...(network ? { network } : {}),
    ...(image ? { defaultImage: image } : {}),
    ...(createMissingFlavors ? { createMissingFlavors } : {}),
  });
  kept.set(platformId, { driver, version, at: Date.now() });
  return driver;
}

/** Drivers by platform id, each looked up in a short transaction of its own. */
export function platformDrivers(services: Services): DriverSource {
  return (platformId) => services.db.tx(SYSTEM_SCOPE, (trx) => driverOf(trx, services, platformId));
}
