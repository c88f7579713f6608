/**
 * The OpenStack cloud driver: Keystone v3, Nova (compute microversion 2.47, see `nova-api.ts`), Cinder
 * v3, Glance v2 and Neutron v2.0 over `fetch`. Each create stores the idempotency key as metadata
 * `yunshu_key` on the server or volume, and `find…ByKey` looks it up. Operations that meet their
 * target state already (stop a stopped server, delete a deleted volume, confirm a confirmed resize,
 * attach an attached volume) succeed instead of failing, so a retry after a lost answer is harmless.
 */
import {
  type CloudDriver,
  type CloudServer,
  type CloudVolume,
  DriverError,
  type Flavor,
  IDEMPOTENCY_METADATA_KEY,
  type QuotaUsage,
  type ServerSpec,
  type VolumeSpec,
} from '../cloud-driver.ts';
import * as cinder from './cinder-api.ts';
import * as glance from './glance-api.ts';
import * as neutron from './neutron-api.ts';
import * as nova from './nova-api.ts';
import { OpenStackClient, type OpenStackClientOptions, type OpenStackCredentials } from './openstack-client.ts';
import {
  chooseDefaultImage,
  chooseFlavor,
  chooseNetwork,
  flavorNameFor,
  noFlavorMessage,
  sameSize,
  serverStatusOf,
  volumeStatusOf,
} from './openstack-rules.ts';

export interface OpenStackDriverOptions extends OpenStackClientOptions {
  /** The network servers go on, by name or id; see `chooseNetwork` for what happens without one. */
  network?: string;
  /** The image of servers whose spec names none, by name or id; else the cloud's only public image. */
  defaultImage?: string;
  /**
   * Create a flavor of exactly the approved size when none exists, instead of taking the smallest
   * larger one. Needs Nova's flavor-manage permission, i.e. admin credentials; off by default because
   * a platform that manages a project should not add flavors every project of the cloud sees.
   */
  createMissingFlavors?: boolean;
}

function permanent(message: string): DriverError {
  return new DriverError({ message, transient: false, providerMessage: message });
}

function notFound(what: 'server' | 'volume', id: string): DriverError {
  return new DriverError({ message: `The ${what} ${id} does not exist`, transient: false, providerMessage: `${what} ${id} not found`, status: 404 });
}

function serverOf(server: nova.NovaServer): CloudServer | null {
  const status = serverStatusOf(server.status);
  if (!status) return null;
  const addresses = Object.values(server.addresses ?? {}).flatMap((list) => list.map((entry) => entry.addr));
  return {
    id: server.id,
    name: server.name,
    status,
    flavor: { vcpus: server.flavor.vcpus, ramMiB: server.flavor.ram, diskGiB: server.flavor.disk },
    addresses,
    metadata: server.metadata ?? {},
    createdAt: server.created,
    taskState: server['OS-EXT-STS:task_state'] ?? null,
    fault: server.fault?.message ?? null,
  };
}

function volumeOf(volume: cinder.CinderVolume): CloudVolume {
  const attachedTo = volume.attachments?.[0]?.server_id ?? null;
  return {
    id: volume.id,
    name: volume.name ?? '',
    sizeGiB: volume.size,
    status: volumeStatusOf(volume.status, attachedTo !== null),
    attachedTo,
    metadata: volume.metadata ?? {},
  };
}

/** The oldest of several resources carrying one key (a double create): the others are orphans. */
function oldestWithKey<T extends { metadata?: Record<string, string> }>(items: T[], key: string, createdAt: (item: T) => string): T | null {
  const matching = items.filter((item) => item.metadata?.[IDEMPOTENCY_METADATA_KEY] === key);
  matching.sort((a, b) => createdAt(a).localeCompare(createdAt(b)));
  return matching[0] ?? null;
}

function taskState(server: nova.NovaServer | null): string | null {
  return server?.['OS-EXT-STS:task_state'] ?? null;
}

export class OpenStackDriver implements CloudDriver {
  readonly kind = 'openstack' as const;
  readonly client: OpenStackClient;
  readonly #options: OpenStackDriverOptions;

  constructor(credentials: OpenStackCredentials, options: OpenStackDriverOptions = {}) {
    this.client = new OpenStackClient(credentials, options);
    this.#options = options;
  }

  /** A token, then a compute request at the driver's microversion (a cloud older than Pike answers 406). */
  async testConnection(): Promise<void> {
    await nova.absoluteLimits(this.client);
  }

  async listServers(): Promise<CloudServer[]> {
    return (await nova.listServers(this.client)).map(serverOf).filter((server) => server !== null);
  }

  async getServer(id: string): Promise<CloudServer | null> {
    const server = await nova.getServer(this.client, id);
    return server ? serverOf(server) : null;
  }

  async findServerByKey(idempotencyKey: string): Promise<CloudServer | null> {
    const servers = (await nova.listServers(this.client)).filter((server) => serverStatusOf(server.status) !== null);
    const found = oldestWithKey(servers, idempotencyKey, (server) => server.created);
    return found ? serverOf(found) : null;
  }

  async createServer(spec: ServerSpec): Promise<CloudServer> {
    const [flavor, imageRef, networks] = await Promise.all([this.#flavorFor(spec.flavor), this.#imageFor(spec.image), this.#networks()]);
    const id = await nova.createServer(this.client, {
      name: spec.name,
      imageRef,
      flavorRef: flavor.id,
      networks,
      metadata: { ...spec.metadata, [IDEMPOTENCY_METADATA_KEY]: spec.idempotencyKey },
    });
    const created = await this.getServer(id);
    return (
      created ?? {
        id,
        name: spec.name,
        status: 'BUILD',
        flavor: { vcpus: flavor.vcpus, ramMiB: flavor.ram, diskGiB: flavor.disk },
        addresses: [],
        metadata: { ...spec.metadata, [IDEMPOTENCY_METADATA_KEY]: spec.idempotencyKey },
        createdAt: new Date().toISOString(),
        taskState: 'scheduling',
        fault: null,
      }
    );
  }

  /** Nothing to do when the server has the flavor already, or is resizing to it. */
  async resizeServer(id: string, wanted: Flavor): Promise<void> {
    const [server, flavor] = await Promise.all([nova.getServer(this.client, id), this.#flavorFor(wanted)]);
    if (!server) throw notFound('server', id);
    if (sameSize(server.flavor, { vcpus: flavor.vcpus, ramMiB: flavor.ram, diskGiB: flavor.disk })) return;
    await nova.serverAction(this.client, id, { resize: { flavorRef: flavor.id } });
  }

  /**
   * Nothing to do when no resize awaits confirmation (it was confirmed already), nor while Nova carries
   * a confirmation out: for a moment after the first confirm the server still shows VERIFY_RESIZE, and
   * Nova refuses a second one with 400 "Instance has not been resized" (a reconciler polling quickly,
   * or restarted after a crash, confirms again).
   */
  async confirmResize(id: string): Promise<void> {
    await this.#actionUnlessThere(
      id,
      { confirmResize: null },
      (server, error) => server.status === 'ACTIVE' || server.status === 'SHUTOFF' || (server.status === 'VERIFY_RESIZE' && error.status === 400),
    );
  }

  async stopServer(id: string): Promise<void> {
    await this.#actionUnlessThere(id, { 'os-stop': null }, (server) => server.status === 'SHUTOFF' || taskState(server) === 'powering-off');
  }

  async startServer(id: string): Promise<void> {
    await this.#actionUnlessThere(id, { 'os-start': null }, (server) => (server.status === 'ACTIVE' && !taskState(server)) || taskState(server) === 'powering-on');
  }

  async deleteServer(id: string): Promise<void> {
    try {
      await nova.deleteServer(this.client, id);
    } catch (error) {
      const server = await this.#settled(error, () => nova.getServer(this.client, id));
      if (server && taskState(server) !== 'deleting' && serverStatusOf(server.status) !== null) throw error;
    }
  }

  async listVolumes(): Promise<CloudVolume[]> {
    return (await cinder.listVolumes(this.client)).map(volumeOf);
  }

  async getVolume(id: string): Promise<CloudVolume | null> {
    const volume = await cinder.getVolume(this.client, id);
    return volume ? volumeOf(volume) : null;
  }

  async findVolumeByKey(idempotencyKey: string): Promise<CloudVolume | null> {
    const volumes = await cinder.listVolumes(this.client, { [IDEMPOTENCY_METADATA_KEY]: idempotencyKey });
    const found = oldestWithKey(volumes, idempotencyKey, (volume) => volume.created_at ?? '');
    return found ? volumeOf(found) : null;
  }

  async createVolume(spec: VolumeSpec): Promise<CloudVolume> {
    const volume = await cinder.createVolume(this.client, {
      name: spec.name,
      size: spec.sizeGiB,
      metadata: { ...spec.metadata, [IDEMPOTENCY_METADATA_KEY]: spec.idempotencyKey },
    });
    return volumeOf(volume);
  }

  /** Nothing to do when the volume is attached, or attaching, to this server already. */
  async attachVolume(serverId: string, volumeId: string): Promise<void> {
    try {
      await nova.attachVolume(this.client, serverId, volumeId);
    } catch (error) {
      const volume = await this.#settled(error, () => cinder.getVolume(this.client, volumeId));
      if (volume?.attachments?.some((a) => a.server_id === serverId)) return;
      throw error;
    }
  }

  /** Nothing to do when the volume is not attached to this server (any more), or the server is gone. */
  async detachVolume(serverId: string, volumeId: string): Promise<void> {
    try {
      await nova.detachVolume(this.client, serverId, volumeId);
    } catch (error) {
      const volume = await this.#settled(error, () => cinder.getVolume(this.client, volumeId));
      if (volume && volume.status !== 'detaching' && volume.attachments?.some((a) => a.server_id === serverId)) throw error;
    }
  }

  /** A second delete while Cinder is still deleting (its 400) counts as done, like a 404. */
  async deleteVolume(id: string): Promise<void> {
    try {
      await cinder.deleteVolume(this.client, id);
    } catch (error) {
      const volume = await this.#settled(error, () => cinder.getVolume(this.client, id));
      if (volume && volume.status !== 'deleting') throw error;
    }
  }

  /** Compute limits from Nova's /limits, volume gigabytes from Cinder's quota set; -1 means unlimited. */
  async quotas(): Promise<QuotaUsage> {
    const projectId = await this.client.projectId();
    const [limits, gigabytes] = await Promise.all([nova.absoluteLimits(this.client), cinder.gigabytesQuota(this.client, projectId)]);
    return {
      cores: { limit: limits.maxTotalCores, used: limits.totalCoresUsed },
      ramMiB: { limit: limits.maxTotalRAMSize, used: limits.totalRAMUsed },
      instances: { limit: limits.maxTotalInstances, used: limits.totalInstancesUsed },
      volumeGiB: { limit: gigabytes.limit, used: gigabytes.in_use },
    };
  }

  /**
   * After a refused request, reads the resource to see whether the refusal only says "it is so
   * already". A request that failed without an answer (transient, status null) is rethrown as is: the
   * caller retries and the next attempt looks again.
   */
  async #settled<T>(error: unknown, read: () => Promise<T>): Promise<T> {
    if (!(error instanceof DriverError) || error.status === null) throw error;
    return read();
  }

  /** Sends a server action; when Nova refuses it, succeeds if the server is where the action leads. */
  async #actionUnlessThere(id: string, action: Record<string, unknown>, there: (server: nova.NovaServer, refusal: DriverError) => boolean): Promise<void> {
    try {
      await nova.serverAction(this.client, id, action);
    } catch (error) {
      const server = await this.#settled(error, () => nova.getServer(this.client, id));
      if (!server) throw notFound('server', id);
      if (there(server, error as DriverError)) return;
      throw error;
    }
  }

  async #flavorFor(wanted: Flavor): Promise<nova.NovaFlavor> {
    const flavors = await nova.listFlavors(this.client);
    const chosen = chooseFlavor(flavors, wanted);
    if (chosen?.exact || (chosen && !this.#options.createMissingFlavors)) return chosen.flavor;
    if (this.#options.createMissingFlavors) {
      return nova.createFlavor(this.client, { name: flavorNameFor(wanted), vcpus: wanted.vcpus, ram: wanted.ramMiB, disk: wanted.diskGiB });
    }
    throw permanent(noFlavorMessage(flavors, wanted));
  }

  async #imageFor(image?: string): Promise<string> {
    const wanted = image ?? this.#options.defaultImage;
    if (!wanted) {
      const chosen = chooseDefaultImage(await glance.listImages(this.client, { visibility: 'public' }));
      if (!chosen.ok) throw permanent(chosen.message);
      return chosen.image.id;
    }
    const byId = await glance.getImage(this.client, wanted);
    if (byId) return byId.id;
    const byName = await glance.listImages(this.client, { name: wanted });
    if (byName.length === 1) return byName[0]!.id;
    throw permanent(byName.length > 1 ? `Several active images are named "${wanted}"; name the image by its id` : `No active image "${wanted}" is visible to the project`);
  }

  async #networks(): Promise<'none' | { uuid: string }[]> {
    const [networks, projectId] = await Promise.all([neutron.listNetworks(this.client), this.client.projectId()]);
    const chosen = chooseNetwork(networks, projectId, this.#options.network);
    if (!chosen.ok) throw permanent(chosen.message);
    return chosen.networks;
  }
}

/**
 * The driver of an OpenStack platform. `credentials` are the platform's connection settings with its
 * unsealed secret (`openstackCredentials(platform.connection, await openPlatformCredentials(…))`).
 * Nothing is requested until the first call.
 */
export function openstackDriver(credentials: OpenStackCredentials, options: OpenStackDriverOptions = {}): OpenStackDriver {
  return new OpenStackDriver(credentials, options);
}
