import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RunEventBus } from '../events/bus';
import { createProgressPrinter } from './progress';

/** A real stream that records each `write` call it receives. */
function recorder(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      writes.push(String(chunk));
      cb();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, writes };
}

const turn = () => new Promise((r) => setImmediate(r));

function emitRun(bus: RunEventBus, n: number): void {
  bus.emit({ type: 'run-started', label: 'l', dir: '/d', seed: 1, agent: 'simulated', items: [], alreadyDone: 0 });
  for (let i = 1; i <= n; i++) {
    const ref = { key: `q1_s${i}`, question_id: 1, sample_number: i };
    bus.emit({ type: 'item-scored', ...ref, errored: false, score: { ...ref, key: undefined, scoring_type: 'stringmatch', correct: i % 2 === 0, error_message: null, details: {}, timestamp: 't' } as never });
  }
}

describe('createProgressPrinter', () => {
  it('prints a line per item off a TTY, the items of one turn in one write', async () => {
    const { stream, writes } = recorder(false);
    const bus = new RunEventBus('r1');
    bus.subscribe(createProgressPrinter(stream));
    emitRun(bus, 50);
    expect(writes).toHaveLength(0);
    await turn();
    expect(writes).toHaveLength(1);
    const lines = writes[0].trimEnd().split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[50]).toMatch(/\] q1_s50 \(stringmatch\) CORRECT \(50\/0\)$/);
    // The end of the run is written at once (the process may exit right after).
    bus.emit({ type: 'run-finished', status: 'completed', correct: 25, total: 50, errored: 0, durationMs: 1000 });
    expect(writes.at(-1)).toContain('Run completed: 25/50 correct, 0 errored, 1.0 s');
  });

  it('redraws the TTY status line at most every 100 ms, not once per item', async () => {
    const { stream, writes } = recorder(true);
    const bus = new RunEventBus('r1');
    bus.subscribe(createProgressPrinter(stream));
    const t0 = Date.now();
    emitRun(bus, 1000);
    const elapsed = Date.now() - t0;
    await turn();
    expect(writes).toHaveLength(1);
    // One redraw per 100 ms the 1,000 events took to emit (one, on an idle machine), never one per item.
    const redraws = writes[0].split('\r\x1b[K').length - 1;
    expect(redraws).toBeGreaterThanOrEqual(1);
    expect(redraws).toBeLessThanOrEqual(1 + Math.floor(elapsed / 100));
    await new Promise((r) => setTimeout(r, 150));
    expect(writes.at(-1)!.startsWith('\r\x1b[K1000/0 done · 500 correct')).toBe(true);
    bus.emit({ type: 'run-finished', status: 'completed', correct: 500, total: 1000, errored: 0, durationMs: 2000 });
    expect(writes.at(-1)).toContain('Run completed: 500/1000 correct');
  });
});
