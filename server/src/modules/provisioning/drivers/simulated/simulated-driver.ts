/**
 * The `simulated` driver: the `CloudDriver` over a `SimulatedCloud`. App code holds the driver; the
 * cloud's controls (faults, out-of-band changes, utilization) stay with tests, demos and the
 * efficiency module. Clouds are kept per platform in a process-wide registry, so the API, the
 * reconciler and the inventory sync of one process all see the same cloud for a platform, and a
 * cloud with a data directory keeps its servers in `DATA_DIR/simulated-clouds/<platformId>.json`.
 */
import { join, resolve } from 'node:path';
import { type CloudDriver, type CloudServer, type CloudVolume, DriverError, type Flavor, type QuotaUsage, type ServerSpec, type VolumeSpec } from '../cloud-driver.ts';
import { SimulatedCloud, type SimulatedCloudOptions, type SimulatedServer, type SimulatedVolume, sameFlavor } from './simulated-cloud.ts';

function cloudServer(server: SimulatedServer): CloudServer {
  const { id, name, status, flavor, addresses, metadata, createdAt, taskState, fault } = server;
  return { id, name, status, flavor, addresses, metadata, createdAt, taskState, fault };
}

function cloudVolume(volume: SimulatedVolume): CloudVolume {
  const { id, name, sizeGiB, status, attachedTo, metadata } = volume;
  return { id, name, sizeGiB, status, attachedTo, metadata };
}

/**
 * Operations that meet their target state already (stop a stopped server, confirm a confirmed
 * resize, resize to the flavor it has, attach an attached volume, detach a detached one) succeed
 * instead of failing, so a retry after a lost answer is harmless — the same contract as the
 * OpenStack driver, reached the same way: when the cloud refuses, look, then decide.
 */
export class SimulatedDriver implements CloudDriver {
  readonly kind = 'simulated' as const;
  readonly #cloud: SimulatedCloud;

  constructor(cloud: SimulatedCloud) {
    this.#cloud = cloud;
  }

  testConnection(): Promise<void> {
    return this.#cloud.testConnection();
  }

  async listServers(): Promise<CloudServer[]> {
    return (await this.#cloud.listServers()).map(cloudServer);
  }

  async getServer(id: string): Promise<CloudServer | null> {
    const server = await this.#cloud.getServer(id);
    return server ? cloudServer(server) : null;
  }

  async findServerByKey(idempotencyKey: string): Promise<CloudServer | null> {
    const server = await this.#cloud.findServerByKey(idempotencyKey);
    return server ? cloudServer(server) : null;
  }

  async createServer(spec: ServerSpec): Promise<CloudServer> {
    return cloudServer(await this.#cloud.createServer(spec));
  }

  async resizeServer(id: string, flavor: Flavor): Promise<void> {
    await this.#serverActionUnlessThere(id, () => this.#cloud.resizeServer(id, flavor), (server) => sameFlavor(server.flavor, flavor));
  }

  async confirmResize(id: string): Promise<void> {
    await this.#serverActionUnlessThere(id, () => this.#cloud.confirmResize(id), (server) => server.status === 'ACTIVE' || server.status === 'SHUTOFF');
  }

  async stopServer(id: string): Promise<void> {
    await this.#serverActionUnlessThere(id, () => this.#cloud.stopServer(id), (server) => server.status === 'SHUTOFF' || server.taskState === 'powering-off');
  }

  async startServer(id: string): Promise<void> {
    await this.#serverActionUnlessThere(
      id,
      () => this.#cloud.startServer(id),
      (server) => (server.status === 'ACTIVE' && server.taskState === null) || server.taskState === 'powering-on',
    );
  }

  async deleteServer(id: string): Promise<void> {
    try {
      await this.#cloud.deleteServer(id);
    } catch (error) {
      const server = await this.#lookAfter(error, () => this.#cloud.getServer(id));
      if (server && server.taskState !== 'deleting') throw error;
    }
  }

  async listVolumes(): Promise<CloudVolume[]> {
    return (await this.#cloud.listVolumes()).map(cloudVolume);
  }

  async getVolume(id: string): Promise<CloudVolume | null> {
    const volume = await this.#cloud.getVolume(id);
    return volume ? cloudVolume(volume) : null;
  }

  async findVolumeByKey(idempotencyKey: string): Promise<CloudVolume | null> {
    const volume = await this.#cloud.findVolumeByKey(idempotencyKey);
    return volume ? cloudVolume(volume) : null;
  }

  async createVolume(spec: VolumeSpec): Promise<CloudVolume> {
    return cloudVolume(await this.#cloud.createVolume(spec));
  }

  /** Nothing to do when the volume is attached, or attaching, to this server already. */
  async attachVolume(serverId: string, volumeId: string): Promise<void> {
    try {
      await this.#cloud.attachVolume(serverId, volumeId);
    } catch (error) {
      const volume = await this.#lookAfter(error, () => this.#cloud.getVolume(volumeId));
      if (volume?.attachedTo === serverId && (volume.status === 'attaching' || volume.status === 'in-use')) return;
      throw error;
    }
  }

  /** Nothing to do when the volume is not attached to this server (any more), is being detached, or is gone. */
  async detachVolume(serverId: string, volumeId: string): Promise<void> {
    try {
      await this.#cloud.detachVolume(serverId, volumeId);
    } catch (error) {
      const volume = await this.#lookAfter(error, () => this.#cloud.getVolume(volumeId));
      if (volume && volume.status !== 'detaching' && volume.attachedTo === serverId) throw error;
    }
  }

  async deleteVolume(id: string): Promise<void> {
    try {
      await this.#cloud.deleteVolume(id);
    } catch (error) {
      const volume = await this.#lookAfter(error, () => this.#cloud.getVolume(id));
      if (volume && volume.status !== 'deleting') throw error;
    }
  }

  quotas(): Promise<QuotaUsage> {
    return this.#cloud.quotas();
  }

  /**
   * After a refusal, reads the resource to see whether the refusal only says "it is so already". A
   * call that got no answer (status null: a timeout) is rethrown as is; the caller retries and looks.
   */
  async #lookAfter<T>(error: unknown, read: () => Promise<T>): Promise<T> {
    if (!(error instanceof DriverError) || error.status === null) throw error;
    return read();
  }

  async #serverActionUnlessThere(id: string, act: () => Promise<void>, there: (server: SimulatedServer) => boolean): Promise<void> {
    try {
      await act();
    } catch (error) {
      const server = await this.#lookAfter(error, () => this.#cloud.getServer(id));
      if (!server) throw error;
      if (there(server)) return;
      throw error;
    }
  }
}

export type RegistryOptions = Omit<SimulatedCloudOptions, 'platformId' | 'file'> & {
  /** `DATA_DIR`: the cloud persists under it; null keeps it in memory. */
  dataDir: string | null;
};

/** Where a platform's simulated cloud is kept under a data directory. */
export function simulatedCloudFile(dataDir: string, platformId: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(platformId)) throw new Error(`platform id ${JSON.stringify(platformId)} cannot name a simulated cloud file`);
  return join(resolve(dataDir), 'simulated-clouds', `${platformId}.json`);
}

/** One simulated cloud per platform (and data directory). The first caller's options configure it. */
export class SimulatedCloudRegistry {
  readonly #clouds = new Map<string, SimulatedCloud>();

  cloud(platformId: string, options: RegistryOptions = { dataDir: null }): SimulatedCloud {
    const { dataDir, ...rest } = options;
    const file = dataDir === null ? null : simulatedCloudFile(dataDir, platformId);
    const key = file ?? `memory:${platformId}`;
    let cloud = this.#clouds.get(key);
    if (!cloud) {
      cloud = new SimulatedCloud({ ...rest, platformId, file });
      this.#clouds.set(key, cloud);
    }
    return cloud;
  }

  driver(platformId: string, options: RegistryOptions = { dataDir: null }): SimulatedDriver {
    return new SimulatedDriver(this.cloud(platformId, options));
  }

  /** Drops the clouds held in memory (their files stay); the next `cloud()` reopens them. */
  clear(): void {
    this.#clouds.clear();
  }
}

/** The process-wide registry. */
export const simulatedClouds = new SimulatedCloudRegistry();
