import type { Redis } from 'ioredis';
import { listWorkers } from './heartbeats';

type Say = (message: string) => void;

/**
 * Makes a waiting distributed run say why it waits: from the workers' heartbeats, once per worker and reason, a
 * live worker that does not serve the run (no API key in its environment, another version's specification); and,
 * while no result comes, that no worker is connected or that none of those connected serves it. The run keeps
 * waiting either way: a worker that can serve it may join at any time.
 */
export class DeclineReporter {
  private readonly said = new Set<string>();
  private saidNone = false;
  private saidAllDecline = false;

  constructor(
    private readonly queue: string,
    private readonly say: Say,
  ) {}

  /** `idle`: no result came since the last check. */
  async check(client: Redis, idle: boolean): Promise<void> {
    const workers = await listWorkers(client);
    let declining = 0;
    for (const w of workers) {
      const mine = (w.declined ?? []).filter((d) => d.queue === this.queue);
      if (mine.length > 0) declining++;
      for (const d of mine) {
        const id = `${w.name}\0${d.reason}`;
        if (this.said.has(id)) continue;
        this.said.add(id);
        this.say(`Worker ${w.name} (${w.host}) does not serve this run: ${d.reason}`);
      }
    }
    if (workers.length > 0) this.saidNone = false;
    if (declining < workers.length || workers.length === 0) this.saidAllDecline = false;
    if (!idle) return;
    if (workers.length === 0 && !this.saidNone) {
      this.saidNone = true;
      this.say('No worker is connected to Redis: the items wait until one starts (npx picard worker --redis <url>)');
    } else if (workers.length > 0 && declining === workers.length && !this.saidAllDecline) {
      this.saidAllDecline = true;
      this.say(`None of the ${workers.length} connected worker(s) serves this run: the items wait until one that can joins`);
    }
  }
}
