/**
 * A one-consumer-at-a-time async queue: a producer `push`es values and `end`s (or `fail`s) it; readers iterate
 * it (`for await`, or several callers of `next()` at once, each getting the next value in order). Values pushed
 * before anyone reads are kept; a reader waits while the queue is empty and not ended.
 */
export class AsyncFeed<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private head = 0;
  private readonly waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (err: unknown) => void }> = [];
  private ended = false;
  private error: { err: unknown } | null = null;
  private room_: { limit: number; resolve: () => void } | null = null;
  private released = false;

  /** Values pushed and not read yet. */
  get buffered(): number {
    return this.values.length - this.head;
  }

  /**
   * For a producer that must not run far ahead: resolves once at most `limit` values wait to be read (at once if so
   * already), or at once after `release()`. One waiter at a time.
   */
  room(limit: number): Promise<void> {
    if (this.released || this.buffered <= limit) return Promise.resolve();
    return new Promise((resolve) => (this.room_ = { limit, resolve }));
  }

  /** The readers are gone (the run stopped): `room` no longer waits. */
  release(): void {
    this.released = true;
    this.room_?.resolve();
    this.room_ = null;
  }

  push(value: T): void {
    if (this.ended) throw new Error('AsyncFeed: push after end');
    const w = this.waiting.shift();
    if (w) w.resolve({ value, done: false });
    else this.values.push(value);
  }

  /** No more values: readers get what is queued, then `done`. */
  end(): void {
    this.ended = true;
    for (const w of this.waiting.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** The producer failed: readers get what is queued, then the error. */
  fail(err: unknown): void {
    this.error = { err };
    this.ended = true;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.values.length) {
      const value = this.values[this.head]!;
      this.values[this.head++] = undefined as T;
      if (this.head > 1024 && this.head * 2 > this.values.length) {
        this.values.splice(0, this.head);
        this.head = 0;
      }
      if (this.room_ && this.buffered <= this.room_.limit) {
        this.room_.resolve();
        this.room_ = null;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.error) return Promise.reject(this.error.err);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
