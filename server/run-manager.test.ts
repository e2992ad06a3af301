import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUnreapedZombie } from '../lib/results/testing/zombie';
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

  it.skipIf(process.platform !== 'linux')('a run another process writes lists as running and refuses Resume; killed -9 (still unreaped) it lists as interrupted and resumes', async () => {
    const m = manager();
    const root = path.resolve(__dirname, '..');
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/cli/main.ts'), 'run', '-d', quickstart(), '--seed', '2', '--think-ms', '100', '--results-dir', m.resultsDir, '-q'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise((r) => cli.on('exit', r));
    try {
      const responses = () => {
        const d = readdirSync(m.resultsDir)[0];
        const f = d ? path.join(m.resultsDir, d, 'responses.jsonl') : '';
        return f && existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 1 : 0;
      };
      for (const t0 = Date.now(); responses() < 1 && Date.now() - t0 < 20_000;) await new Promise((r) => setTimeout(r, 10));
      const [listed] = m.listRuns();
      expect(listed.status).toBe('running');
      expect(m.snapshot(listed.runId)?.state.status).toBe('running');
      await expect(m.resume(listed.runId, {})).rejects.toThrow(/already running \(process \d+\)/);

      cli.kill('SIGKILL');
      // Busy-wait without yielding, so Node cannot reap the child: it is a zombie while the dashboard looks.
      for (const t0 = Date.now(); !isUnreapedZombie(cli.pid!) && Date.now() - t0 < 10_000;);
      expect(isUnreapedZombie(cli.pid!)).toBe(true);
      expect(m.listRuns()[0].status).toBe('interrupted');
      expect(m.snapshot(listed.runId)?.state.status).toBe('interrupted');
      await m.resume(listed.runId, {});
      const done = await new Promise<string>((resolve) => m.onEvent((id, e) => { if (id === listed.runId && e.type === 'run-finished') resolve(e.status); }));
      expect(done).toBe('completed');
      const keys = readFileSync(path.join(listed.dir, 'responses.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((r) => `${r.question_id}/${r.sample_number}`);
      expect(new Set(keys).size).toBe(18);
      expect(keys).toHaveLength(18);
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
      await exited;
    }
  }, 60_000);

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
