/**
 * Cinder (block storage v3) requests of the driver, at the base microversion 3.0: volumes, their
 * metadata filter, and the project's quota usage. Attaching goes through Nova (`nova-api.ts`).
 */
import { listAll, type OpenStackClient } from './openstack-client.ts';

export interface CinderVolume {
  id: string;
  name: string | null;
  size: number;
  /** creating, available, reserved, attaching, in-use, detaching, deleting, error, error_deleting, … */
  status: string;
  attachments?: { server_id: string }[];
  metadata?: Record<string, string>;
  created_at?: string;
}

interface QuotaItem {
  limit: number;
  in_use: number;
  reserved?: number;
}

/**
 * Volumes of the project. `metadata` asks Cinder to narrow the list, which it does where its
 * resource filters allow it and silently ignores otherwise (as openstack-lab does): callers check.
 */
export function listVolumes(client: OpenStackClient, metadata?: Record<string, string>): Promise<CinderVolume[]> {
  const filter = metadata ? `?metadata=${encodeURIComponent(JSON.stringify(metadata))}` : '';
  return listAll<CinderVolume>(client, 'volume', `/volumes/detail${filter}`, 'volumes');
}

/** null when Cinder does not know the id (malformed ids included). */
export async function getVolume(client: OpenStackClient, id: string): Promise<CinderVolume | null> {
  const answer = await client.call<{ volume: CinderVolume }>('volume', 'GET', `/volumes/${encodeURIComponent(id)}`, { accept: [404] });
  return answer.status === 404 ? null : (answer.body?.volume ?? null);
}

/** Accepted (202): the volume exists from now on, in `creating`. */
export async function createVolume(client: OpenStackClient, volume: { name: string; size: number; metadata: Record<string, string> }): Promise<CinderVolume> {
  const { body } = await client.call<{ volume: CinderVolume }>('volume', 'POST', '/volumes', { body: { volume } });
  return body!.volume;
}

/** Deletes a volume; a 404 (already gone) counts as done. */
export async function deleteVolume(client: OpenStackClient, id: string): Promise<void> {
  await client.call('volume', 'DELETE', `/volumes/${encodeURIComponent(id)}`, { accept: [404] });
}

/**
 * The project's gigabytes quota with usage. The quota API sits under the caller's project in the URL
 * (`/v3/{caller}/os-quota-sets/{target}`); the caller and the target are the same project here.
 */
export async function gigabytesQuota(client: OpenStackClient, projectId: string): Promise<QuotaItem> {
  const { body } = await client.call<{ quota_set: { gigabytes: QuotaItem } }>('volume', 'GET', `/os-quota-sets/${encodeURIComponent(projectId)}?usage=true`);
  return body!.quota_set.gigabytes;
}
