import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun } from '../lib/runner/resume-run';
import { startRun } from '../lib/runner/start-run';
import { findBundledSuite } from '../lib/suites';
import { startFakeOpenAIServer } from '../lib/agents/testing/fake-openai-server';
import { RunManager } from './run-manager';

const quickstart = () => findBundledSuite('quickstart')!.file;
/** Files under `dir` containing any of `needles`. */
function filesContaining(dir: string, needles: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((rel) => path.join(dir, rel))
    .filter((p) => statSync(p).isFile() && needles.some((n) => readFileSync(p).includes(n)));
}
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

  it('a run failed by a refused key resumes with a new key from the dashboard, held in memory only', async () => {
    const good = 'sk-right-key-0123456789';
    const bad = 'sk-wrong-key-9876543210';
    const fake = await startFakeOpenAIServer({ apiKey: good, respond: () => ({ content: 'done' }) });
    try {
      const m = manager();
      // Settles once the run has finished and the manager no longer counts it active (so it can be resumed).
      const finished = async (id: string) => {
        const status = await new Promise<string>((resolve) => { const off = m.onEvent((rid, e) => { if (rid === id && e.type === 'run-finished') { off(); resolve(e.status); } }); });
        await expect.poll(() => m.isActive(id)).toBe(false);
        return status;
      };
      const agent = { kind: 'openai', baseUrl: fake.url, model: 'fake-model' } as const;
      const runId = await m.start({ definitionsFile: quickstart(), agent, seed: 2, samples: 1, label: 'bad_key', apiKey: bad });
      expect(await finished(runId)).toBe('failed');
      expect(m.snapshot(runId)?.state.error).toMatch(/refused the API key entered in the form \(401/);

      // Resume without a key reuses the remembered (wrong) one: refused again.
      const again = finished(runId);
      await m.resume(runId, {});
      expect(await again).toBe('failed');

      // Resume with the right key: every item answered.
      const done = finished(runId);
      await m.resume(runId, { apiKey: good });
      expect(await done).toBe('completed');
      expect(m.snapshot(runId)?.state.done).toBe(m.snapshot(runId)?.state.total);
      const auth = fake.requests.map((r) => r.authorization);
      expect(auth.at(-1)).toBe(`Bearer ${good}`);
      expect(auth.filter((a) => a === `Bearer ${bad}`)).toHaveLength(2); // one refusal per attempt at concurrency 1

      // Neither key is written anywhere in the results folder.
      expect(filesContaining(m.resultsDir, [good, bad])).toEqual([]);
    } finally {
      await fake.close();
    }
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
