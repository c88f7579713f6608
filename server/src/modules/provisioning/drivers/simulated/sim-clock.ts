/**
 * The simulated cloud's sense of time. State transitions are deadlines compared with `now()`, and
 * injected latency is a `sleep()`, so tests drive both with a `ManualClock` instead of waiting.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => (ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))),
};

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

/** Lets promise chains and `setImmediate` callbacks queued so far run to their next wait. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  #seq = 0;

  constructor(start: Date | string | number = '2026-11-24T01:00:00.000Z') {
    this.#now = typeof start === 'number' ? start : new Date(start).getTime();
    if (!Number.isFinite(this.#now)) throw new Error(`ManualClock: invalid start ${String(start)}`);
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((wake) => {
      this.#sleepers.push({ at: this.#now + ms, seq: this.#seq++, wake });
    });
  }

  /** Sleeps not yet woken (e.g. calls still inside their injected latency). */
  get pendingSleeps(): number {
    return this.#sleepers.length;
  }

  /**
   * Moves time forward by `ms`. Sleepers due on the way wake in order, and the code each one resumes
   * runs before time moves on, so a call whose latency is split around its action completes within
   * one `advance`.
   */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new Error('ManualClock: time does not go backwards');
    const target = this.#now + ms;
    for (;;) {
      await flush();
      let next: Sleeper | undefined;
      for (const s of this.#sleepers) {
        if (s.at <= target && (!next || s.at < next.at || (s.at === next.at && s.seq < next.seq))) next = s;
      }
      if (!next) break;
      this.#sleepers.splice(this.#sleepers.indexOf(next), 1);
      this.#now = Math.max(this.#now, next.at);
      next.wake();
    }
    this.#now = target;
    await flush();
  }
}
