import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBundledSuite } from '../suites';
import { startRun } from './start-run';

const quickstart = findBundledSuite('quickstart')!.file;
let results: string | undefined;
afterEach(() => {
  if (results) rmSync(results, { recursive: true, force: true });
  results = undefined;
});

const lineCount = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;

describe('runLoop on items that never wait (simulated agent, think time 0)', () => {
  it('writes result lines while the run goes, not all at the end', async () => {
    results = mkdtempSync(join(tmpdir(), 'picard-loop-'));
    const handle = await startRun({
      definitionsFile: quickstart,
      resultsDir: results,
      samples: 100,
      seed: 3,
      concurrency: 8,
      agent: { kind: 'simulated', thinkMs: 0 },
    });
    const onDisk: Array<[number, number]> = [];
    let scored = 0;
    handle.bus.subscribe((e) => {
      if (e.type !== 'item-scored') return;
      scored += 1;
      if (scored % 100 === 0) onDisk.push([scored, lineCount(join(handle.dir, 'scores.progress.jsonl'))]);
    });
    const result = await handle.done;
    expect(result.completed).toBe(600);
    // Lines are written at the end of each event-loop turn: at most a turn's items (the concurrency) are pending.
    for (const [n, lines] of onDisk) expect(lines, `score lines on disk when item ${n} was scored`).toBeGreaterThanOrEqual(n - 8 - 1);
  });
});
