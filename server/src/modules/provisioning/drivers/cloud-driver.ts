/**
 * The one interface every cloud driver implements (simulated, OpenStack). Creates carry an idempotency
 * key that the cloud stores with the resource (server metadata, volume metadata) so that a crash or a
 * timeout after the cloud accepted a request is resolved by looking the key up, never by creating again.
 * Errors are `DriverError`s that say whether retrying may help.
 */

export interface Flavor {
  vcpus: number;
  ramMiB: number;
  diskGiB: number;
}

export type ServerStatus = 'BUILD' | 'ACTIVE' | 'SHUTOFF' | 'RESIZE' | 'VERIFY_RESIZE' | 'ERROR';

export interface CloudServer {
  id: string;
  name: string;
  status: ServerStatus;
  flavor: Flavor;
  /** IPv4/IPv6 addresses the cloud reports, if any. */
  addresses: string[];
  metadata: Record<string, string>;
  createdAt: string;
  /** Work in progress as the provider names it (Nova's task_state: powering-off, resize_prep …); null when idle. */
  taskState: string | null;
  /** The provider's own words on why the server is in ERROR (Nova's fault.message); null otherwise. */
  fault: string | null;
}

export interface ServerSpec {
  name: string;
  flavor: Flavor;
  /** Image name or id; the driver picks a default image when absent. */
  image?: string;
  /** Stored by the cloud as metadata `yunshu_key`; unique per desired resource. */
  idempotencyKey: string;
  metadata?: Record<string, string>;
}

export type VolumeStatus = 'creating' | 'available' | 'in-use' | 'attaching' | 'detaching' | 'deleting' | 'error';

export interface CloudVolume {
  id: string;
  name: string;
  sizeGiB: number;
  status: VolumeStatus;
  attachedTo: string | null;
  metadata: Record<string, string>;
}

export interface VolumeSpec {
  name: string;
  sizeGiB: number;
  idempotencyKey: string;
  metadata?: Record<string, string>;
}

export interface QuotaUsage {
  cores: { limit: number; used: number };
  ramMiB: { limit: number; used: number };
  instances: { limit: number; used: number };
  volumeGiB: { limit: number; used: number };
}

/** The metadata key that carries a desired resource's idempotency key on the cloud. */
export const IDEMPOTENCY_METADATA_KEY = 'yunshu_key';

export interface CloudDriver {
  readonly kind: 'simulated' | 'openstack';
  /** Authenticates and reaches the compute service; throws a DriverError otherwise. */
  testConnection(): Promise<void>;

  listServers(): Promise<CloudServer[]>;
  getServer(id: string): Promise<CloudServer | null>;
  findServerByKey(idempotencyKey: string): Promise<CloudServer | null>;
  /** Accepts the request; the server may still be BUILD when this returns. */
  createServer(spec: ServerSpec): Promise<CloudServer>;
  /** Starts a resize; the server goes RESIZE then VERIFY_RESIZE, to be confirmed. */
  resizeServer(id: string, flavor: Flavor): Promise<void>;
  confirmResize(id: string): Promise<void>;
  stopServer(id: string): Promise<void>;
  startServer(id: string): Promise<void>;
  /** Deleting a server that is already gone succeeds (idempotent). */
  deleteServer(id: string): Promise<void>;

  listVolumes(): Promise<CloudVolume[]>;
  getVolume(id: string): Promise<CloudVolume | null>;
  findVolumeByKey(idempotencyKey: string): Promise<CloudVolume | null>;
  createVolume(spec: VolumeSpec): Promise<CloudVolume>;
  attachVolume(serverId: string, volumeId: string): Promise<void>;
  detachVolume(serverId: string, volumeId: string): Promise<void>;
  /** Deleting a volume that is already gone succeeds (idempotent). */
  deleteVolume(id: string): Promise<void>;

  quotas(): Promise<QuotaUsage>;
}

/**
 * A failure the provider reported or caused. `transient`: a retry with back-off may succeed
 * (timeouts, 5xx, 409 conflicts on a busy resource, rate limits); otherwise the operation fails visibly
 * with the provider's message (bad request, quota exceeded, not found where it must exist).
 */
export class DriverError extends Error {
  readonly transient: boolean;
  readonly providerMessage: string;
  readonly status: number | null;
  constructor(init: { message: string; transient: boolean; providerMessage?: string; status?: number | null; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DriverError';
    this.transient = init.transient;
    this.providerMessage = init.providerMessage ?? init.message;
    this.status = init.status ?? null;
  }
}
