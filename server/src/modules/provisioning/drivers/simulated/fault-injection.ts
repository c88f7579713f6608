/**
 * Provider misbehaviour on demand, per API operation: latency, random errors at a rate, the next N
 * calls failing, and "accept then fail" — the cloud performs the request but the caller gets a timeout,
 * as when a response is lost. Random draws come from generators seeded per operation, so a seed
 * reproduces the same sequence of failures and latencies whatever other operations are called meanwhile.
 */
import { type CloudDriver, DriverError } from '../cloud-driver.ts';
import { type Duration, drawDuration, hash32, seededRandom } from './seeded-random.ts';

/** The driver operations, by their method names. */
export type SimulatedOperation = Exclude<keyof CloudDriver, 'kind'>;

export const FAULT_KINDS = {
  unavailable: { status: 503, transient: true, text: '503 Service Unavailable' },
  timeout: { status: null, transient: true, text: 'no answer in time' },
  rate_limited: { status: 429, transient: true, text: '429 Too Many Requests' },
  conflict: { status: 409, transient: true, text: '409 Conflict' },
  internal: { status: 500, transient: true, text: '500 Internal Server Error' },
  bad_request: { status: 400, transient: false, text: '400 Bad Request' },
} as const;

export type FaultKind = keyof typeof FAULT_KINDS;

export interface OperationFaults {
  /** Round trip of each call: fixed, or uniform in [min, max] from the seeded generator. Half passes before the cloud acts, half after. */
  latencyMs?: Duration;
  /** Probability (0–1) that a call fails before the cloud acts on it. */
  errorRate?: number;
  /** What those failures look like; default `unavailable` (503). */
  errorKind?: FaultKind;
  /** Probability (0–1) that a call the cloud performed is answered with a timeout anyway. */
  acceptThenFailRate?: number;
}

/** Faults per operation; `'*'` applies to every operation, an operation's own entry overriding it field by field. */
export type FaultSettings = Partial<Record<SimulatedOperation | '*', OperationFaults>>;

export interface CallPlan {
  latencyMs: number;
  /** Fail before acting, with this kind; null: the cloud acts. */
  failure: FaultKind | null;
}

export function injectedError(op: SimulatedOperation, kind: FaultKind): DriverError {
  const fault = FAULT_KINDS[kind];
  const providerMessage = kind === 'timeout' ? 'no answer from the simulated cloud (injected timeout)' : `${fault.text} (injected fault)`;
  return new DriverError({
    message: `${op}: ${providerMessage}`,
    transient: fault.transient,
    providerMessage,
    status: fault.status,
  });
}

function checkRate(name: string, rate: number | undefined): void {
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${rate}`);
}

export class FaultInjector {
  #seed: number;
  #settings: FaultSettings = {};
  #failNext = new Map<SimulatedOperation, FaultKind[]>();
  #acceptThenFail = new Map<SimulatedOperation, number>();
  #streams = new Map<string, () => number>();

  constructor(seed: number, settings: FaultSettings = {}) {
    this.#seed = seed;
    for (const [op, faults] of Object.entries(settings)) this.configure(op as SimulatedOperation | '*', faults ?? null);
  }

  /** Replaces the standing faults of one operation (or of all, with `'*'`); null removes them. */
  configure(op: SimulatedOperation | '*', faults: OperationFaults | null): void {
    if (faults === null) {
      delete this.#settings[op];
      return;
    }
    checkRate('errorRate', faults.errorRate);
    checkRate('acceptThenFailRate', faults.acceptThenFailRate);
    this.#settings[op] = { ...faults };
  }

  /** The next `count` calls of `op` fail before the cloud acts, with `kind`; queued after earlier ones. */
  failNext(op: SimulatedOperation, count: number, kind: FaultKind = 'unavailable'): void {
    const queue = this.#failNext.get(op) ?? [];
    for (let i = 0; i < count; i++) queue.push(kind);
    this.#failNext.set(op, queue);
  }

  /** The next `count` calls of `op` that the cloud performs are answered with a timeout. */
  acceptThenFail(op: SimulatedOperation, count = 1): void {
    this.#acceptThenFail.set(op, (this.#acceptThenFail.get(op) ?? 0) + count);
  }

  /** Restarts every generator from a new seed. */
  reseed(seed: number): void {
    this.#seed = seed;
    this.#streams.clear();
  }

  /** Removes standing and queued faults; the generators keep their position. */
  clear(): void {
    this.#settings = {};
    this.#failNext.clear();
    this.#acceptThenFail.clear();
  }

  settingsOf(op: SimulatedOperation): OperationFaults {
    return { ...this.#settings['*'], ...this.#settings[op] };
  }

  /** Decides, at the start of a call, its latency and whether it fails before the cloud acts. */
  plan(op: SimulatedOperation): CallPlan {
    const settings = this.settingsOf(op);
    const latencyMs = settings.latencyMs === undefined ? 0 : drawDuration(settings.latencyMs, this.#stream(op, 'latency'));
    const queued = this.#failNext.get(op);
    if (queued && queued.length > 0) return { latencyMs, failure: queued.shift()! };
    if (settings.errorRate && this.#stream(op, 'errors')() < settings.errorRate) {
      return { latencyMs, failure: settings.errorKind ?? 'unavailable' };
    }
    return { latencyMs, failure: null };
  }

  /** Decides, after the cloud performed a call, whether its answer is lost. */
  losesAnswer(op: SimulatedOperation): boolean {
    const queued = this.#acceptThenFail.get(op) ?? 0;
    if (queued > 0) {
      this.#acceptThenFail.set(op, queued - 1);
      return true;
    }
    const rate = this.settingsOf(op).acceptThenFailRate;
    return rate !== undefined && rate > 0 && this.#stream(op, 'lost-answers')() < rate;
  }

  #stream(op: string, purpose: string): () => number {
    const key = `${op}:${purpose}`;
    let stream = this.#streams.get(key);
    if (!stream) {
      stream = seededRandom(hash32(`${this.#seed}:${key}`));
      this.#streams.set(key, stream);
    }
    return stream;
  }
}
