import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySamplesOverride, loadDefinitions } from '../definitions/parse';
import type { RunEvent } from '../events/types';
import { buildInstances } from '../generation/build-instances';
import { PACK_ABOVE_INSTANCES } from '../generation/check-instances';
import { loadEntityPool } from '../generation/entity-pool';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { findBundledSuite } from '../suites';
import { useTempDirs } from '../testing/temp-dirs';
import { fixedClock } from '../util/clock';
import { writePrecheckStream } from './precheck-file';
import { startRun } from './start-run';

const quickstart = findBundledSuite('quickstart')!.file;
const tempDir = useTempDirs('picard-large-run-');
const nonBlank = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('a run above PACK_ABOVE_INSTANCES items (instances held packed, sandbox written before the first item)', () => {
  it('writes the precheck and sandbox a direct generation writes, then runs and scores every item', async () => {
    const clock = fixedClock('2026-12-02T10:00:00Z');
    const samples = Math.floor(PACK_ABOVE_INSTANCES / 6) + 1; // six definitions: just above the threshold
    const total = samples * 6;
    expect(total).toBeGreaterThan(PACK_ABOVE_INSTANCES);
    const base = tempDir();
    const events: RunEvent[] = [];
    const handle = await startRun({ definitionsFile: quickstart, samples, resultsDir: join(base, 'results'), seed: 9, agent: { kind: 'simulated', thinkMs: 0 }, concurrency: 32, clock });
    handle.bus.subscribe((e) => events.push(e));
    const result = await handle.done;
    expect(result.status).toBe('completed');
    const dir = handle.dir;
    const root = join(dir, 'sandbox');

    // The precheck is, byte for byte, the one a direct generation of the same instances writes (its root aside).
    const refRoot = join(base, 'ref', 'sandbox');
    const tests = applySamplesOverride(loadDefinitions(quickstart), samples).tests;
    mkdirSync(join(base, 'ref'));
    writePrecheckStream(join(base, 'ref'), buildInstances(tests, { seed: 9, sandboxRoot: refRoot, pools: loadEntityPool(), clock }), total);
    const precheck = nonBlank(join(dir, 'precheck.jsonl'));
    expect(precheck).toHaveLength(total);
    expect(precheck.map((l) => l.split(root).join('<ROOT>'))).toEqual(nonBlank(join(base, 'ref', 'precheck.jsonl')).map((l) => l.split(refRoot).join('<ROOT>')));
    // Every generated file is in its instance's area with the bytes of the direct generation.
    let files = 0;
    for (const line of precheck) {
      for (const f of (JSON.parse(line) as PrecheckEntry).sandbox_generation?.all_files_created ?? []) {
        expect(readFileSync(f).equals(readFileSync(f.replace(root, refRoot))), f).toBe(true);
        files++;
      }
    }
    expect(files).toBeGreaterThanOrEqual(total / 2);

    // Every item answered once and scored; the start event lists every item, without question texts at this size.
    expect(nonBlank(join(dir, 'responses.jsonl'))).toHaveLength(total);
    expect(nonBlank(join(dir, 'scores.progress.jsonl'))).toHaveLength(total);
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.items.length).toBe(total);
    expect(started?.type === 'run-started' && started.items.some((i) => i.question !== undefined)).toBe(false);
    const scores = JSON.parse(readFileSync(join(dir, 'scores.json'), 'utf8')) as { metadata: { total_questions: number; correct_answers: number } };
    expect(scores.metadata.total_questions).toBe(total);
    expect(scores.metadata.correct_answers).toBe(result.correct);
    const summary = JSON.parse(readFileSync(join(dir, 'test_summary.json'), 'utf8')) as { statistics: { total_samples: number } };
    expect(summary.statistics.total_samples).toBe(total);
  }, 240_000);
});
