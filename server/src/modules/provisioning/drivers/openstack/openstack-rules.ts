/**
 * The driver's choices and translations, pure: which flavor, network and image a server gets, and how
 * OpenStack's statuses read in the driver interface's terms.
 */
import type { Flavor, ServerStatus, VolumeStatus } from '../cloud-driver.ts';
import type { GlanceImage } from './glance-api.ts';
import type { NeutronNetwork } from './neutron-api.ts';
import type { NovaFlavor } from './nova-api.ts';

export function sameSize(flavor: Pick<NovaFlavor, 'vcpus' | 'ram' | 'disk'>, wanted: Flavor): boolean {
  return flavor.vcpus === wanted.vcpus && flavor.ram === wanted.ramMiB && flavor.disk === wanted.diskGiB;
}

function fits(flavor: NovaFlavor, wanted: Flavor): boolean {
  return flavor.vcpus >= wanted.vcpus && flavor.ram >= wanted.ramMiB && flavor.disk >= wanted.diskGiB;
}

/** Fewer vCPUs first, then less memory, then less disk; the name breaks ties so the choice is stable. */
function bySize(a: NovaFlavor, b: NovaFlavor): number {
  return a.vcpus - b.vcpus || a.ram - b.ram || a.disk - b.disk || a.name.localeCompare(b.name);
}

/**
 * The flavor for an approved size: one of exactly that size, else the smallest that is at least as
 * large in vCPUs, memory and disk (the unit gets no less than approved; metering reads the server's
 * real flavor), else null.
 */
export function chooseFlavor(flavors: NovaFlavor[], wanted: Flavor): { flavor: NovaFlavor; exact: boolean } | null {
  const sorted = [...flavors].sort(bySize);
  const exact = sorted.find((flavor) => sameSize(flavor, wanted));
  if (exact) return { flavor: exact, exact: true };
  const larger = sorted.find((flavor) => fits(flavor, wanted));
  return larger ? { flavor: larger, exact: false } : null;
}

/** The name of a flavor the driver creates for an exact size. */
export function flavorNameFor(wanted: Flavor): string {
  return `yunshu-${wanted.vcpus}c-${wanted.ramMiB}m-${wanted.diskGiB}g`;
}

export function describeFlavor(flavor: Pick<NovaFlavor, 'vcpus' | 'ram' | 'disk'>): string {
  return `${flavor.vcpus} vCPU, ${flavor.ram} MiB, ${flavor.disk} GiB`;
}

/** Why no flavor fits, in words an operator can act on. */
export function noFlavorMessage(flavors: NovaFlavor[], wanted: Flavor): string {
  const largest = [...flavors].sort(bySize).at(-1);
  const offer = largest ? `the largest offered is ${largest.name} (${describeFlavor(largest)})` : 'the project sees no flavor at all';
  return `No flavor offers at least ${wanted.vcpus} vCPU, ${wanted.ramMiB} MiB of memory and ${wanted.diskGiB} GiB of disk; ${offer}`;
}

/**
 * Nova statuses in the interface's six. Transitional states of a server that keeps running read as
 * ACTIVE (REBOOT, HARD_REBOOT, PASSWORD, MIGRATING, RESCUE), of one that is not running as SHUTOFF
 * (PAUSED, SUSPENDED, SHELVED, SHELVED_OFFLOADED), a rebuild as BUILD, a revert as RESIZE, UNKNOWN
 * (its cell is down) as ERROR. DELETED and SOFT_DELETED return null: the server is gone.
 */
export function serverStatusOf(status: string): ServerStatus | null {
  switch (status) {
    case 'BUILD':
    case 'REBUILD':
      return 'BUILD';
    case 'ACTIVE':
    case 'REBOOT':
    case 'HARD_REBOOT':
    case 'PASSWORD':
    case 'MIGRATING':
    case 'RESCUE':
      return 'ACTIVE';
    case 'SHUTOFF':
    case 'PAUSED':
    case 'SUSPENDED':
    case 'SHELVED':
    case 'SHELVED_OFFLOADED':
      return 'SHUTOFF';
    case 'RESIZE':
    case 'REVERT_RESIZE':
      return 'RESIZE';
    case 'VERIFY_RESIZE':
      return 'VERIFY_RESIZE';
    case 'DELETED':
    case 'SOFT_DELETED':
      return null;
    default:
      return 'ERROR';
  }
}

/**
 * Cinder statuses in the interface's seven. A volume busy with something the interface has no word
 * for (extending, uploading to an image, backing up, retyping, maintenance, awaiting a transfer)
 * reads as what it is between those jobs: in-use when attached, else available.
 */
export function volumeStatusOf(status: string, attached: boolean): VolumeStatus {
  switch (status) {
    case 'creating':
    case 'downloading':
      return 'creating';
    case 'available':
    case 'in-use':
    case 'attaching':
    case 'detaching':
    case 'deleting':
    case 'error':
      return status;
    case 'reserved':
      return 'attaching';
    default:
      return status.startsWith('error') ? 'error' : attached ? 'in-use' : 'available';
  }
}

/**
 * The network a server is put on. Configured (`wanted`, a name or an id): that one, or an error.
 * Otherwise the project's only network if it owns exactly one, else the only shared one; none at all
 * gives "none" (a server without a port, as on a project that has no network); several need the
 * platform to name one. External networks (floating-IP pools) are not chosen unless named.
 */
export function chooseNetwork(
  networks: NeutronNetwork[],
  projectId: string,
  wanted?: string,
): { ok: true; networks: 'none' | { uuid: string }[] } | { ok: false; message: string } {
  if (wanted) {
    const byId = networks.find((n) => n.id === wanted);
    const byName = networks.filter((n) => n.name === wanted);
    if (byId) return { ok: true, networks: [{ uuid: byId.id }] };
    if (byName.length === 1) return { ok: true, networks: [{ uuid: byName[0]!.id }] };
    return {
      ok: false,
      message: byName.length > 1 ? `Several networks are named "${wanted}"; configure the network by its id` : `No network "${wanted}" is visible to the project`,
    };
  }
  // An admin sees every project's networks: only its own and shared ones are candidates.
  const usable = networks.filter((n) => !n['router:external']);
  const own = usable.filter((n) => (n.project_id ?? n.tenant_id) === projectId);
  const shared = usable.filter((n) => n.shared && (n.project_id ?? n.tenant_id) !== projectId);
  if (own.length === 1) return { ok: true, networks: [{ uuid: own[0]!.id }] };
  if (own.length === 0 && shared.length === 1) return { ok: true, networks: [{ uuid: shared[0]!.id }] };
  if (own.length === 0 && shared.length === 0) return { ok: true, networks: 'none' };
  const names = (own.length > 0 ? own : shared).map((n) => n.name || n.id).join(', ');
  return { ok: false, message: `The project sees several networks (${names}); configure which one servers go on` };
}

/**
 * The image a server boots from when its spec names none: the configured default, else the only
 * active public image of the cloud; several need a configured default.
 */
export function chooseDefaultImage(publicImages: GlanceImage[]): { ok: true; image: GlanceImage } | { ok: false; message: string } {
  if (publicImages.length === 1) return { ok: true, image: publicImages[0]! };
  if (publicImages.length === 0) return { ok: false, message: 'The cloud offers no active public image; configure a default image' };
  const names = publicImages.map((i) => i.name ?? i.id).join(', ');
  return { ok: false, message: `The cloud offers several public images (${names}); configure a default image` };
}
