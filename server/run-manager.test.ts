import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../lib/definitions/errors';
import { loadDefinitions } from '../lib/definitions/parse';
import { checkInstances } from '../lib/generation/check-instances';
import { loadEntityPool } from '../lib/generation/entity-pool';
import { isUnreapedZombie } from '../lib/results/testing/zombie';
import { resumeRun } from '../lib/runner/resume-run';
import { fixedClock } from '../lib/util/clock';
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
    expect((await m.snapshot(runId))?.state.done).toBe(18);
  }, 30_000);

  it.skipIf(process.platform !== 'linux')('a run another process writes lists as running and refuses Resume; killed -9 (still unreaped) it lists as interrupted and resumes', async () => {
    const m = manager();
    const root = path.resolve(__dirname, '..');
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/cli/main.ts'), 'run', '-d', quickstart(), '--seed', '2', '--think-ms', '100', '--results-dir', m.resultsDir, '-q'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise((r) => cli.on('exit', r));
    try {
      const responses = () => {
        const d = readdirSync(m.resultsDir).find((n) => !n.startsWith('.')); // not .picard (the results index)
        const f = d ? path.join(m.resultsDir, d, 'responses.jsonl') : '';
        return f && existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 1 : 0;
      };
      for (const t0 = Date.now(); responses() < 1 && Date.now() - t0 < 20_000;) await new Promise((r) => setTimeout(r, 10));
      const [listed] = (await m.runsPage()).rows;
      expect(listed.status).toBe('running');
      expect((await m.snapshot(listed.runId))?.state.status).toBe('running');
      await expect(m.resume(listed.runId, {})).rejects.toThrow(/already running \(process \d+\)/);

      cli.kill('SIGKILL');
      // Busy-wait without yielding, so Node cannot reap the child: it is a zombie while the dashboard looks.
      for (const t0 = Date.now(); !isUnreapedZombie(cli.pid!) && Date.now() - t0 < 10_000;);
      expect(isUnreapedZombie(cli.pid!)).toBe(true);
      expect((await m.runsPage()).rows[0].status).toBe('interrupted');
      expect((await m.snapshot(listed.runId))?.state.status).toBe('interrupted');
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
      expect((await m.snapshot(runId))?.state.error).toMatch(/refused the API key entered in the form \(401/);

      // Resume without a key reuses the remembered (wrong) one: refused again.
      const again = finished(runId);
      await m.resume(runId, {});
      expect(await again).toBe('failed');

      // Resume with the right key: every item answered.
      const done = finished(runId);
      await m.resume(runId, { apiKey: good });
      expect(await done).toBe('completed');
      const snap = await m.snapshot(runId);
      expect(snap?.state.done).toBe(snap?.state.total);
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

  it("an uploaded file whose instances cannot be generated is refused with the CLI's located issues, nothing written", async () => {
    const m = manager();
    const outside = path.join(realpathSync(mkdtempSync(path.join(os.tmpdir(), 'picard-outside-'))), 'area');
    mkdirSync(outside);
    const yaml = `tests:
  - question_id: 1
    samples: 2
    template: "Count"
    scoring_type: stringmatch
    expected_response: "{{csv_count:ID:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - {type: create_csv, name: c1, target_file: "${outside}/x.csv", content: {headers: [ID], rows: 2}}
  - {question_id: 2, samples: 1, template: "Q", scoring_type: jsonmatch, expected_response: "{{nosuch:1:x.json}}"}
`;
    const file = m.saveUpload('bad.yaml', yaml);
    let err: unknown;
    try {
      await m.start({ definitionsFile: file, agent: { kind: 'simulated', thinkMs: 0 }, seed: 4 });
    } catch (e) {
      err = e;
    }
    // What the new-run form lists (app/actions/start-run.ts shows `err.issues`): the same issues as the lib check.
    expect(err).toBeInstanceOf(DefinitionError);
    const issues = (err as DefinitionError).issues;
    const expected = checkInstances(loadDefinitions(file).tests, { seed: 4, pools: loadEntityPool(), clock: fixedClock('2026-01-01T00:00:00Z') });
    expect(issues).toEqual(expected);
    expect(issues.map((i) => [i.path, i.line, i.code])).toEqual([
      ['tests[0].sandbox_setup.components[0].target_file', 9, 'DEF_OUTSIDE_SANDBOX'],
      ['tests[1].expected_response', 10, 'DEF_UNKNOWN_TEMPLATE_FUNCTION'],
    ]);
    expect(issues[0].message).toMatch(/^q1_s1: target_file .* outside the instance's sandbox area .*\(and 1 more instance\)$/);
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(m.resultsDir).sort()).toEqual(['.picard', '.uploads']); // the results index, and no run folder
  });

  it.each([
    { ids: ['only_one'], error: /No run folder named only_one/ },
    { ids: [], error: /at least two/ },
  ])('compare refuses $ids with a readable error', async ({ ids, error }) => {
    expect((await manager().compare(ids)).error).toMatch(error);
  });
});
