/** A child signal handed out by `AbortFanout`; `release()` it when its work ends. */
export interface ChildSignal {
  signal: AbortSignal;
  release(): void;
}

/**
 * Child signals of one parent signal, while the parent carries a single listener however many children are alive
 * (Node warns about "a possible memory leak" from 11 listeners on one signal). Aborting the parent aborts every
 * live child with the parent's reason; released children are forgotten. `close()` removes the parent listener.
 */
export class AbortFanout {
  private readonly children = new Set<AbortController>();
  private readonly onAbort = () => {
    const live = [...this.children];
    this.children.clear();
    for (const c of live) c.abort(this.parent.reason);
  };

  constructor(private readonly parent: AbortSignal) {
    parent.addEventListener('abort', this.onAbort, { once: true });
  }

  /** A new child: already aborted when the parent is. */
  child(): ChildSignal {
    const c = new AbortController();
    if (this.parent.aborted) c.abort(this.parent.reason);
    else this.children.add(c);
    return { signal: c.signal, release: () => void this.children.delete(c) };
  }

  /** Children not yet released (for tests and diagnostics). */
  get size(): number {
    return this.children.size;
  }

  close(): void {
    this.parent.removeEventListener('abort', this.onAbort);
  }
}
