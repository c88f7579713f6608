/**
 * What a simulated cloud keeps, and its JSON file. The file is replaced atomically (write a temporary
 * file beside it, then rename over it), so a process killed at any point leaves either the previous
 * state or the new one, never half of either. Limits, host pool and timings are configuration, not
 * state: they come from the options each time the cloud is opened.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Flavor, ServerStatus, VolumeStatus } from '../cloud-driver.ts';
import type { UtilizationProfile } from './server-utilization.ts';

export const STATE_FORMAT = 'yunshu-simulated-cloud/1';

/** Work in progress on a server; `until` is when it completes (ISO 8601). */
export interface ServerTask {
  kind: 'building' | 'powering-off' | 'powering-on' | 'resizing' | 'deleting';
  until: string;
}

export interface ServerResize {
  from: Flavor;
  to: Flavor;
  fromHost: string;
  /** Where the new flavor fits; null: nowhere, the resize will fail. */
  toHost: string | null;
  /** The status the server returns to once the resize is confirmed (or fails). */
  returnTo: 'ACTIVE' | 'SHUTOFF';
}

export interface ServerRecord {
  id: string;
  name: string;
  image: string;
  flavor: Flavor;
  metadata: Record<string, string>;
  createdAt: string;
  status: ServerStatus;
  task: ServerTask | null;
  /** The compute host holding the server; null when the scheduler found none. */
  host: string | null;
  address: string | null;
  /** Nova's `fault.message`: why the server is in ERROR or why its last action failed. */
  fault: string | null;
  resize: ServerResize | null;
  /** Created directly on the cloud, not through the driver. */
  outOfBand: boolean;
  /** Set to pin a utilization pattern; null: the one chosen by the server's id. */
  utilizationProfile: UtilizationProfile | null;
}

export interface VolumeTask {
  kind: 'creating' | 'attaching' | 'detaching' | 'deleting';
  until: string;
}

export interface VolumeRecord {
  id: string;
  name: string;
  sizeGiB: number;
  status: VolumeStatus;
  attachedTo: string | null;
  metadata: Record<string, string>;
  createdAt: string;
  task: VolumeTask | null;
  /** Whether the storage back end had room; a volume without one ends in `error`. */
  placed: boolean;
  fault: string | null;
  outOfBand: boolean;
}

export interface CloudState {
  servers: ServerRecord[];
  volumes: VolumeRecord[];
  /** Next fixed IP to hand out, as an offset in the simulated tenant network. */
  nextAddress: number;
}

interface StateFile extends CloudState {
  format: typeof STATE_FORMAT;
  platformId: string;
  savedAt: string;
}

export function emptyState(): CloudState {
  return { servers: [], volumes: [], nextAddress: 0 };
}

const tempPrefix = (file: string) => `${basename(file)}.tmp-`;

/**
 * Reads a cloud's file; a missing file is an empty cloud. A file that is not a simulated cloud's
 * state stops the start with its path rather than being overwritten. Leftover temporary files of a
 * writer killed mid-write are removed.
 */
export function readStateFile(file: string, platformId: string): CloudState {
  const dir = dirname(file);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (name.startsWith(tempPrefix(file))) rmSync(join(dir, name), { force: true });
    }
  }
  if (!existsSync(file)) return emptyState();
  let doc: Partial<StateFile>;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<StateFile>;
  } catch (error) {
    throw new Error(`simulated cloud state ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (doc.format !== STATE_FORMAT) throw new Error(`simulated cloud state ${file}: expected format ${STATE_FORMAT}, found ${String(doc.format)}`);
  if (doc.platformId !== platformId) throw new Error(`simulated cloud state ${file} belongs to platform ${String(doc.platformId)}, not ${platformId}`);
  if (!Array.isArray(doc.servers) || !Array.isArray(doc.volumes) || typeof doc.nextAddress !== 'number') {
    throw new Error(`simulated cloud state ${file}: servers, volumes and nextAddress are required`);
  }
  return { servers: doc.servers, volumes: doc.volumes, nextAddress: doc.nextAddress };
}

/**
 * Replaces the file with the state. Synchronous on purpose: when it returns the state is in the
 * file system, so a request the cloud accepted survives the process being killed right after.
 * `fsync` also flushes it to the disk (survives power loss; slower).
 */
export function writeStateFile(file: string, platformId: string, state: CloudState, savedAt: string, options: { fsync: boolean }): void {
  mkdirSync(dirname(file), { recursive: true });
  const doc: StateFile = { format: STATE_FORMAT, platformId, savedAt, ...state };
  const temp = `${join(dirname(file), tempPrefix(file))}${process.pid}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(doc, null, 1)}\n`);
    if (options.fsync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  if (options.fsync) {
    const dirFd = openSync(dirname(file), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
