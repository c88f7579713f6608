/**
 * Nova (compute) requests of the driver, all at one microversion.
 *
 * Compute microversion 2.47: the lowest that gives the driver everything it reads and sends, so the
 * same requests work from Pike (2017, max 2.53) to Zed (max 2.93) and later —
 *   - 2.37 lets a server be created with `networks: "none"` (and makes `networks` required);
 *   - 2.47 embeds the flavor in a server (`vcpus`, `ram`, `disk`, `original_name`), so a server's
 *     size is read from the server itself — a flavor deleted or renamed since does not matter.
 * Nothing newer is needed: 2.55 (flavor description), 2.57 (no injected-file quotas), 2.79 and 2.89
 * (volume-attachment fields) change shapes the driver does not use.
 */
import { DriverError } from '../cloud-driver.ts';
import { type Answer, listAll, type OpenStackClient } from './openstack-client.ts';

export const COMPUTE_MICROVERSION = '2.47';

/** Both headers: `OpenStack-API-Version` since 2.27, the legacy one for proxies that only pass that. */
export const COMPUTE_HEADERS = {
  'openstack-api-version': `compute ${COMPUTE_MICROVERSION}`,
  'x-openstack-nova-api-version': COMPUTE_MICROVERSION,
};

export interface NovaFlavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GiB; 0 means "the size of the image". */
  disk: number;
}

export interface NovaServer {
  id: string;
  name: string;
  /** ACTIVE, BUILD, SHUTOFF, RESIZE, VERIFY_RESIZE, REVERT_RESIZE, ERROR, REBOOT, … */
  status: string;
  'OS-EXT-STS:task_state'?: string | null;
  flavor: { vcpus: number; ram: number; disk: number; original_name?: string };
  addresses?: Record<string, { addr: string; version?: number }[]>;
  metadata?: Record<string, string>;
  created: string;
  fault?: { message?: string; code?: number };
}

export interface NovaAbsoluteLimits {
  maxTotalCores: number;
  totalCoresUsed: number;
  maxTotalRAMSize: number;
  totalRAMUsed: number;
  maxTotalInstances: number;
  totalInstancesUsed: number;
}

function call<T>(client: OpenStackClient, method: string, path: string, options: { body?: unknown; accept?: number[] } = {}): Promise<Answer<T>> {
  return client.call<T>('compute', method, path, { ...options, headers: COMPUTE_HEADERS });
}

function idPath(id: string): string {
  return encodeURIComponent(id);
}

/** The flavors the project may use (public ones and those shared with it). */
export function listFlavors(client: OpenStackClient): Promise<NovaFlavor[]> {
  return listAll<NovaFlavor>(client, 'compute', '/flavors/detail', 'flavors', { headers: COMPUTE_HEADERS });
}

/** Needs Nova's flavor-manage permission (admin by default). */
export async function createFlavor(client: OpenStackClient, flavor: Omit<NovaFlavor, 'id'>): Promise<NovaFlavor> {
  const { body } = await call<{ flavor: NovaFlavor }>(client, 'POST', '/flavors', {
    body: { flavor: { name: flavor.name, vcpus: flavor.vcpus, ram: flavor.ram, disk: flavor.disk, 'os-flavor-access:is_public': true } },
  });
  return body!.flavor;
}

export async function deleteFlavor(client: OpenStackClient, id: string): Promise<void> {
  await call(client, 'DELETE', `/flavors/${idPath(id)}`, { accept: [404] });
}

/** Servers of the project, all pages. Nova has no metadata filter for project users: callers filter. */
export function listServers(client: OpenStackClient): Promise<NovaServer[]> {
  return listAll<NovaServer>(client, 'compute', '/servers/detail', 'servers', { headers: COMPUTE_HEADERS });
}

/** null when Nova does not know the id (malformed ids included: Nova answers 404 for them too). */
export async function getServer(client: OpenStackClient, id: string): Promise<NovaServer | null> {
  const answer = await call<{ server: NovaServer }>(client, 'GET', `/servers/${idPath(id)}`, { accept: [404] });
  return answer.status === 404 ? null : (answer.body?.server ?? null);
}

export interface CreateServerBody {
  name: string;
  imageRef: string;
  flavorRef: string;
  /** "none", "auto", or the networks to put a port on. */
  networks: 'none' | 'auto' | { uuid: string }[];
  metadata: Record<string, string>;
}

/** Accepted (202): the server exists from now on, in BUILD. */
export async function createServer(client: OpenStackClient, server: CreateServerBody): Promise<string> {
  const { body } = await call<{ server: { id: string } }>(client, 'POST', '/servers', { body: { server } });
  const id = body?.server?.id;
  // The server may exist anyway: a retry finds it by its idempotency key.
  if (!id) throw new DriverError({ message: 'Nova accepted the server without returning its id', transient: true });
  return id;
}

/** A server action (`os-stop`, `os-start`, `resize`, `confirmResize`, …); 202 or 204. */
export async function serverAction(client: OpenStackClient, id: string, action: Record<string, unknown>): Promise<void> {
  await call(client, 'POST', `/servers/${idPath(id)}/action`, { body: action });
}

/** Deletes a server; a 404 (already gone) counts as done. */
export async function deleteServer(client: OpenStackClient, id: string): Promise<void> {
  await call(client, 'DELETE', `/servers/${idPath(id)}`, { accept: [404] });
}

export async function attachVolume(client: OpenStackClient, serverId: string, volumeId: string): Promise<void> {
  await call(client, 'POST', `/servers/${idPath(serverId)}/os-volume_attachments`, { body: { volumeAttachment: { volumeId } } });
}

/** Detaches; a 404 (the server is gone, or the volume is not attached to it) counts as done. */
export async function detachVolume(client: OpenStackClient, serverId: string, volumeId: string): Promise<void> {
  await call(client, 'DELETE', `/servers/${idPath(serverId)}/os-volume_attachments/${idPath(volumeId)}`, { accept: [404] });
}

/** The project's compute limits and usage; any project member may read them. */
export async function absoluteLimits(client: OpenStackClient): Promise<NovaAbsoluteLimits> {
  const { body } = await call<{ limits: { absolute: NovaAbsoluteLimits } }>(client, 'GET', '/limits');
  return body!.limits.absolute;
}
