import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun } from '../lib/runner/resume-run';
import { startRun } from '../lib/runner/start-run';
import { findBundledSuite } from '../lib/suites';
import { RunManager } from './run-manager';

const quickstart = () => findBundledSuite('quickstart')!.file;
const manager = () => new RunManager(mkdtempSync(path.join(os.tmpdir(), 'picard-')), { startRun, resumeRun });

describe('RunManager', () => {
  it('interruptAll marks running runs interrupted (resumable after a restart), then they resume to completion', async () => {
    const m = manager();
    const runId = await m.start({ definitionsFile: quickstart(), agent: { kind: 'simulated', thinkMs: 200 }, seed: 1, label: 'stop_me' });
    await m.interruptAll('test shutdown');
    const manifest = JSON.parse(readFileSync(path.join(m.runDir(runId)!, 'run.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('interrupted');
    expect(m.isActive(runId)).toBe(false);

    await m.resume(runId, {});
    const done = await new Promise<string>((resolve) => m.onEvent((id, e) => { if (id === runId && e.type === 'run-finished') resolve(e.status); }));
    expect(done).toBe('completed');
    expect(m.snapshot(runId)?.state.done).toBe(18);
  }, 30_000);

  it('saveUpload keeps only a safe base name under the results folder', () => {
    const m = manager();
    const file = m.saveUpload('../../etc/evil name.yaml', 'tests: []\n');
    expect(file.startsWith(path.join(m.resultsDir, '.uploads') + path.sep)).toBe(true);
    expect(path.basename(file)).toBe('evil_name.yaml');
    expect(readFileSync(file, 'utf8')).toBe('tests: []\n');
  });

  it.each([
    { ids: ['only_one'], error: /No run folder named only_one/ },
    { ids: [], error: /at least two/ },
  ])('compare refuses $ids with a readable error', async ({ ids, error }) => {
    expect((await manager().compare(ids)).error).toMatch(error);
  });
});
