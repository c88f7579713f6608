/** Glance (image v2) requests of the driver: finding the image a server boots from. */
import { listAll, type OpenStackClient } from './openstack-client.ts';

export interface GlanceImage {
  id: string;
  name: string | null;
  status: string;
  visibility?: string;
  min_disk?: number;
  min_ram?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Active images, optionally with this name or visibility. */
export function listImages(client: OpenStackClient, filter: { name?: string; visibility?: 'public' } = {}): Promise<GlanceImage[]> {
  const query = new URLSearchParams({ status: 'active' });
  if (filter.name) query.set('name', filter.name);
  if (filter.visibility) query.set('visibility', filter.visibility);
  return listAll<GlanceImage>(client, 'image', `/images?${query}`, 'images');
}

export async function getImage(client: OpenStackClient, id: string): Promise<GlanceImage | null> {
  if (!UUID.test(id)) return null;
  const answer = await client.call<GlanceImage>('image', 'GET', `/images/${encodeURIComponent(id)}`, { accept: [404] });
  return answer.status === 404 ? null : (answer.body ?? null);
}
