/**
 * Keeps the reconciler going in an app instance: a round whenever work is due, a short sleep when
 * none is. Every instance runs one; the claims (FOR UPDATE SKIP LOCKED plus a lease) share the work.
 */
import type { Reconciler } from './reconciler.ts';

export interface LoopLog {
  error(details: object, message: string): void;
}

export class ReconcilerLoop {
  readonly #reconciler: Reconciler;
  readonly #idleMs: number;
  readonly #log: LoopLog;
  #running: Promise<void> | null = null;
  #stopped = true;
  #wake: (() => void) | null = null;

  constructor(reconciler: Reconciler, options: { idleMs: number; log: LoopLog }) {
    this.#reconciler = reconciler;
    this.#idleMs = options.idleMs;
    this.#log = options.log;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#running = this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#running;
    this.#running = null;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      let claimed = 0;
      try {
        claimed = (await this.#reconciler.round()).claimed;
      } catch (error) {
        this.#log.error({ err: error }, 'reconciler: a round failed');
      }
      if (claimed === 0 && !this.#stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#idleMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
      }
    }
  }
}
