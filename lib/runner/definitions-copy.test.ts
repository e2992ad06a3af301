import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBundledSuite } from '../suites';
import { resumeRun } from './resume-run';
import { startRun } from './start-run';

const quickstart = findBundledSuite('quickstart')!.file;

describe('the run folder keeps the definitions it was made from', () => {
  it('copies them byte for byte, and a resume regenerates from the copy when the original is gone or changed', async () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-defs-copy-'));
    const defs = join(base, 'mine.yaml');
    copyFileSync(quickstart, defs);
    const handle = await startRun({ definitionsFile: defs, resultsDir: join(base, 'results'), seed: 9, agent: { kind: 'simulated', thinkMs: 0 } });
    const first = await handle.done;
    expect(first.status).toBe('completed');
    expect(readFileSync(join(handle.dir, 'definitions.yaml'))).toEqual(readFileSync(quickstart));
    const precheck = readFileSync(join(handle.dir, 'precheck.jsonl'), 'utf8');

    // The original changes and the precheck is lost: only the copy can regenerate the same instances.
    writeFileSync(defs, 'tests: []\n');
    rmSync(join(handle.dir, 'precheck.jsonl'));
    const resumed = await resumeRun(handle.dir);
    expect((await resumed.done).status).toBe('completed');
    expect(readFileSync(join(handle.dir, 'precheck.jsonl'), 'utf8').split('\n').length).toBe(precheck.split('\n').length);

    rmSync(defs);
    rmSync(join(handle.dir, 'precheck.jsonl'));
    expect((await (await resumeRun(handle.dir)).done).status).toBe('completed');
  });
});
