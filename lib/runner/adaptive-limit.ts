/**
 * Concurrency limit that halves on rate limiting and grows back by one after a quiet period (AIMD).
 * Workers call `acquire()` before an attempt and `release()` after it.
 */
export class AdaptiveLimit {
  private current: number;
  private active = 0;
  private waiters: Array<() => void> = [];
  private lastThrottle = -Infinity;

  constructor(
    readonly max: number,
    private readonly quietMs = 30_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.current = Math.max(1, max);
  }

  get limit(): number {
    return this.current;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    this.maybeGrow();
    while (this.active >= this.current) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.active += 1;
  }

  release(): void {
    this.active = Math.max(0, this.active - 1);
    this.maybeGrow();
    this.wake();
  }

  /** Called on a 429: halve the limit (at least 1). Returns the new limit. */
  throttle(): number {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.lastThrottle = this.now();
    return this.current;
  }

  /** Wakes every waiter (for cancellation). */
  wakeAll(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  private maybeGrow(): void {
    if (this.current < this.max && this.now() - this.lastThrottle >= this.quietMs) {
      this.current += 1;
      this.lastThrottle = this.now() - this.quietMs + Math.min(this.quietMs, 5_000);
    }
  }

  private wake(): void {
    // Woken waiters re-check the limit themselves; wake as many as there is room for.
    let room = this.current - this.active;
    while (room > 0 && this.waiters.length > 0) {
      this.waiters.shift()!();
      room -= 1;
    }
  }
}
