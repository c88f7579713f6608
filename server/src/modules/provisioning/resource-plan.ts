/**
 * From approved lines to servers and volumes. Compute is sold per vCPU and per GiB of memory (the
 * catalog's `vcpu_month` and `gib_month` compute items) and block storage per GiB, so the application
 * form says how those amounts are cut into servers; without servers, one server takes all of the
 * approved compute and the block storage becomes its data disk. Pure: the service loads, this decides.
 */
import type { ServerRequest } from '@yunshu/shared/applications-api';
import { Money as Decimal } from '@yunshu/shared/money';
import { errors } from '../../platform/errors.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';

/** The system disk every server gets; not sold as a line (it is part of the instance). */
export const SYSTEM_DISK_GIB = 40;

export interface PlanLine {
  category: string;
  unitOfMeasure: string;
  quantity: string;
}

export interface PlannedServer {
  name: string;
  vcpus: number;
  memoryGiB: number;
  dataDiskGiB: number | null;
}

export interface ComputeAmounts {
  vcpus: Decimal;
  memoryGiB: Decimal;
  storageGiB: Decimal;
}

/** The vCPU, memory and block storage the lines grant. */
export function computeAmounts(lines: readonly PlanLine[]): ComputeAmounts {
  const sum = (match: (line: PlanLine) => boolean) => lines.filter(match).reduce((total, line) => total.plus(line.quantity), new Decimal(0));
  return {
    vcpus: sum((l) => l.category === 'compute' && l.unitOfMeasure === 'vcpu_month'),
    memoryGiB: sum((l) => l.category === 'compute' && l.unitOfMeasure === 'gib_month'),
    storageGiB: sum((l) => l.category === 'block_storage' && l.unitOfMeasure === 'gib_month'),
  };
}

const fmt = (d: Decimal) => d.toString();

/**
 * The servers to create. Requested servers must fit the approved amounts (together, per kind of
 * amount) and have distinct names; without a request, one server is derived when the lines grant
 * whole vCPU and whole GiB of memory, and a lone volume when they grant only block storage.
 */
export function planServers(lines: readonly PlanLine[], requested: readonly ServerRequest[] | undefined, defaultName: string): { servers: PlannedServer[]; looseVolumeGiB: number | null } {
  const granted = computeAmounts(lines);
  if (requested && requested.length > 0) {
    const names = new Set<string>();
    requested.forEach((server, index) => {
      if (names.has(server.name)) throw errors.field(`servers.${index}.name`, `云主机名称 ${server.name} 重复`, `Server name ${server.name} is used twice`);
      names.add(server.name);
    });
    const total = (pick: (s: ServerRequest) => number | undefined) => requested.reduce((sum, s) => sum.plus(pick(s) ?? 0), new Decimal(0));
    const checks: [string, Decimal, Decimal, string, string][] = [
      ['vcpus', total((s) => s.vcpus), granted.vcpus, 'vCPU', 'vCPU'],
      ['memoryGiB', total((s) => s.memoryGiB), granted.memoryGiB, 'GiB 内存', 'GiB of memory'],
      ['dataDiskGiB', total((s) => s.dataDiskGiB), granted.storageGiB, 'GiB 数据盘', 'GiB of data disk'],
    ];
    for (const [field, asked, limit, zh, en] of checks) {
      if (asked.greaterThan(limit)) {
        throw errors.field(
          `servers.0.${field}`,
          `云主机合计 ${fmt(asked)} ${zh}，超过本申请资源清单的 ${fmt(limit)} ${zh}`,
          `The servers add up to ${fmt(asked)} ${en}, more than the ${fmt(limit)} ${en} this application lists`,
        );
      }
    }
    return { servers: requested.map((s) => ({ name: s.name, vcpus: s.vcpus, memoryGiB: s.memoryGiB, dataDiskGiB: s.dataDiskGiB ?? null })), looseVolumeGiB: null };
  }
  const whole = (d: Decimal) => d.greaterThan(0) && d.isInteger();
  if (whole(granted.vcpus) && whole(granted.memoryGiB)) {
    const dataDiskGiB = whole(granted.storageGiB) ? granted.storageGiB.toNumber() : null;
    return { servers: [{ name: defaultName, vcpus: granted.vcpus.toNumber(), memoryGiB: granted.memoryGiB.toNumber(), dataDiskGiB }], looseVolumeGiB: null };
  }
  if (granted.vcpus.isZero() && granted.memoryGiB.isZero() && whole(granted.storageGiB)) {
    return { servers: [], looseVolumeGiB: granted.storageGiB.toNumber() };
  }
  return { servers: [], looseVolumeGiB: null };
}

/** A host name derived from the application: `app-<number>`, lower case. */
export function defaultServerName(applicationNumber: string): string {
  return `app-${applicationNumber.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 40).replace(/-+$/, '');
}

export interface CurrentServer {
  id: string;
  name: string;
  vcpus: number;
  memoryGiB: number;
}

/**
 * Resizes in an expansion add at most what its lines grant (QP-10, with the new servers); in a
 * change (SJ-13) they only reshape or shrink: growing needs an expansion.
 */
export function checkResizes(
  profile: PolicyProfile,
  kind: 'expansion' | 'change',
  resizes: readonly { resourceId: string; vcpus: number; memoryGiB: number }[],
  current: ReadonlyMap<string, CurrentServer>,
  granted: ComputeAmounts | null,
  newServers: readonly PlannedServer[],
): void {
  const seen = new Set<string>();
  let addedVcpus = 0;
  let addedMemory = 0;
  resizes.forEach((resize, index) => {
    const server = current.get(resize.resourceId);
    if (!server) throw errors.field(`resizes.${index}.resourceId`, '请选择本信息系统在用的云主机', 'Choose a server of this system that is in use');
    if (seen.has(resize.resourceId)) throw errors.field(`resizes.${index}.resourceId`, `云主机 ${server.name} 重复`, `Server ${server.name} is listed twice`);
    seen.add(resize.resourceId);
    if (resize.vcpus === server.vcpus && resize.memoryGiB === server.memoryGiB) {
      throw errors.field(`resizes.${index}`, `云主机 ${server.name} 的规格没有变化`, `Server ${server.name} keeps its shape`);
    }
    addedVcpus += resize.vcpus - server.vcpus;
    addedMemory += resize.memoryGiB - server.memoryGiB;
  });
  if (kind === 'change') {
    if (addedVcpus > 0 || addedMemory > 0) {
      throw policyViolation(profile, 'expansion.ceilingRatio', {
        code: 'change_cannot_grow',
        zh: `变更后合计增加 ${Math.max(addedVcpus, 0)} vCPU、${Math.max(addedMemory, 0)} GiB 内存；增加资源请提交扩容申请`,
        en: `The change adds ${Math.max(addedVcpus, 0)} vCPU and ${Math.max(addedMemory, 0)} GiB of memory; apply for an expansion to add resources`,
        path: 'resizes',
      });
    }
    return;
  }
  if (!granted) return;
  const totalVcpus = addedVcpus + newServers.reduce((sum, s) => sum + s.vcpus, 0);
  const totalMemory = addedMemory + newServers.reduce((sum, s) => sum + s.memoryGiB, 0);
  if (granted.vcpus.lessThan(totalVcpus) || granted.memoryGiB.lessThan(totalMemory)) {
    throw errors.field(
      'resizes',
      `扩容后新增 ${totalVcpus} vCPU、${totalMemory} GiB 内存，超过本申请资源清单的 ${fmt(granted.vcpus)} vCPU、${fmt(granted.memoryGiB)} GiB`,
      `The expansion adds ${totalVcpus} vCPU and ${totalMemory} GiB, more than the ${fmt(granted.vcpus)} vCPU and ${fmt(granted.memoryGiB)} GiB its lines list`,
    );
  }
}
