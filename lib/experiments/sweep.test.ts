import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { solveWriteWord, writeWordSuite } from '../agents/testing/write-word-task';
import { startFakeOpenAIServer } from '../agents/testing/fake-openai-server';
import { catchUpResults } from '../index/catch-up-results';
import { openResultsIndex } from '../index/open';
import { queryRuns } from '../index/query-runs';
import { writeReport } from '../reports/consolidate';
import { ExperimentError } from './experiment-file';
import { readExperimentManifest } from './experiment-folder';
import { resumeSweep, startSweep, type SweepEvent } from './sweep';

const GOOD = 'sk-sweep-good-31415926';
const WRONG = 'sk-sweep-wrong-27182818';
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  delete process.env.PICARD_SWEEP_GOOD;
  delete process.env.PICARD_SWEEP_BAD;
});

const SAMPLES = 20;

/** A suite the fake model can solve with tools: write a word into a file. */
function workspace(): { root: string; results: string } {
  const root = mkdtempSync(join(tmpdir(), 'picard-sweep-'));
  writeFileSync(
    join(root, 'defs.yaml'),
    writeWordSuite(3),
  );
  return { root, results: join(root, 'results') };
}

function experiment(root: string, baseUrl: string): string {
  const file = join(root, 'experiment.yaml');
  writeFileSync(
    file,
    `name: five-configs
definitions: defs.yaml
seed: 42
samples: ${SAMPLES}
concurrency: 4
delay: 0.01
models:
  - { label: sim-high, agent: simulated, accuracy: 1, think_ms: 0 }
  - { label: sim-mid, agent: simulated, accuracy: 0.5, think_ms: 0 }
  - { label: sim-low, agent: simulated, accuracy: 0, think_ms: 0 }
  - label: gpt-fake
    agent: openai
    base_url: ${baseUrl}
    model: fake-model
    api_key_env: PICARD_SWEEP_GOOD
    concurrency: 3
    price_per_mtok: { input: 0.15, output: 0.60 }
  - label: refused
    agent: openai
    base_url: ${baseUrl}
    model: fake-model
    api_key_env: PICARD_SWEEP_BAD
`,
  );
  return file;
}

/** Rows of a CSV written by Python's csv rules (quoted cells may hold commas and doubled quotes). */
const csv = (file: string): string[][] =>
  readFileSync(file, 'utf8').trimEnd().split('\r\n').map((l) => [...l.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"([\s\S]*)"$/, '$1').replace(/""/g, '"')));
const allFiles = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? allFiles(join(dir, f)) : [join(dir, f)]));
const jsonl = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

/** A precheck with the run's own folder and the generation times taken out: what the instances are. */
function design(runDir: string): unknown[] {
  return jsonl(join(runDir, 'precheck.jsonl')).map((e) => {
    const text = JSON.stringify({ ...e, sandbox_generation: { ...e.sandbox_generation, timestamp: null } });
    return JSON.parse(text.split(runDir).join('<run>'));
  });
}

describe('startSweep / resumeSweep', () => {
  it('runs every configuration on the same instances side by side; a refused key fails alone; resume finishes it', async () => {
    const server = await startFakeOpenAIServer({ apiKey: GOOD, respond: (r) => solveWriteWord(r.question, r.turn), chunkDelayMs: 1 });
    closers.push(() => server.close());
    process.env.PICARD_SWEEP_GOOD = GOOD;
    process.env.PICARD_SWEEP_BAD = WRONG;
    const { root, results } = workspace();
    const index = openResultsIndex(results);
    closers.push(() => index.close());

    const handle = await startSweep({ experiment: experiment(root, server.url), resultsDir: results, index });
    const events: SweepEvent[] = [];
    handle.subscribe((e) => events.push(e));
    expect(handle.configurations.map((c) => c.label)).toEqual(['sim-high', 'sim-mid', 'sim-low', 'gpt-fake', 'refused']);
    const result = await handle.done;

    // The refused key failed its configuration alone, at once; the others completed.
    expect(result.status).toBe('failed');
    expect(result.failed).toEqual([{ label: 'refused', status: 'failed', error: expect.stringContaining('refused the API key in $PICARD_SWEEP_BAD (401') }]);
    expect(events.filter((e) => e.type === 'configuration-finished').map((e) => e.type === 'configuration-finished' && [e.label, e.result.status]).sort()).toEqual(
      [['gpt-fake', 'completed'], ['refused', 'failed'], ['sim-high', 'completed'], ['sim-low', 'completed'], ['sim-mid', 'completed']],
    );
    expect(events.at(-1)?.type).toBe('sweep-finished');
    expect(dirname(handle.dir)).toBe(results);
    expect(handle.id).toMatch(/^five_configs_\d{8}_\d{6}$/);

    // experiment.json: the resolved experiment, no secrets; every run folder knows its experiment.
    const m = readExperimentManifest(handle.dir);
    expect(m).toMatchObject({ id: handle.id, name: 'five-configs', seed: 42, status: 'failed', definitions: { file: join(root, 'defs.yaml'), samples_override: SAMPLES } });
    for (const f of allFiles(handle.dir)) {
      const bytes = readFileSync(f);
      expect(bytes.includes(GOOD), f).toBe(false);
      expect(bytes.includes(WRONG), f).toBe(false);
    }
    const runDirs = m.configurations.map((c) => join(handle.dir, c.run!));
    for (const d of runDirs) expect(JSON.parse(readFileSync(join(d, 'run.json'), 'utf8'))).toMatchObject({ experiment_id: handle.id, seed: 42 });

    // Same instances for everyone: the prechecks are identical up to each run's own folder and generation time.
    const reference = design(runDirs[0]);
    expect(reference).toHaveLength(SAMPLES);
    for (const d of runDirs.slice(1)) expect(design(d)).toEqual(reference);

    // leaderboard.csv: exact columns, best accuracy first (ties: the higher Wilson low, then the label).
    const board = csv(join(handle.dir, 'leaderboard.csv'));
    expect(board[0]).toEqual([
      'label', 'agent', 'model', 'status', 'error', 'items', 'answered', 'correct', 'errored', 'accuracy_percentage', 'wilson95_low_percentage',
      'wilson95_high_percentage', 'mean_rounds', 'mean_tool_calls', 'total_tokens', 'cost_usd', 'duration_s',
    ]);
    const rows = Object.fromEntries(board.slice(1).map((r) => [r[0], Object.fromEntries(board[0].map((h, i) => [h, r[i]]))]));
    expect(board.slice(1).map((r) => r[0])).toEqual(['gpt-fake', 'sim-high', 'sim-mid', 'sim-low', 'refused']);
    // 20/20: Wilson [83.89, 100] (python3: z²=3.8415, (1 + z²/2n ∓ …)/(1 + z²/n)); 0/20: [0, 16.11].
    expect(rows['gpt-fake']).toMatchObject({ status: 'completed', items: '20', answered: '20', correct: '20', errored: '0', accuracy_percentage: '100.0', wilson95_low_percentage: '83.89', wilson95_high_percentage: '100.0', model: 'fake-model' });
    expect(rows['sim-high']).toMatchObject({ correct: '20', accuracy_percentage: '100.0', wilson95_low_percentage: '83.89', cost_usd: '' });
    expect(rows['sim-low']).toMatchObject({ correct: '0', accuracy_percentage: '0.0', wilson95_low_percentage: '0.0', wilson95_high_percentage: '16.11' });
    expect(rows.refused).toMatchObject({ status: 'failed', items: '20', answered: '0', correct: '0', accuracy_percentage: '', wilson95_low_percentage: '' });
    expect(rows.refused.error).toContain('refused the API key');
    // The fake answers every item in two rounds with two tool calls; tokens and cost come from its usage.
    expect(rows['gpt-fake']).toMatchObject({ mean_rounds: '2.0', mean_tool_calls: '2.0' });
    const convs = readdirSync(join(runDirs[3], 'conversations')).map((f) => JSON.parse(readFileSync(join(runDirs[3], 'conversations', f), 'utf8')).statistics);
    const prompt = convs.reduce((s, c) => s + c.prompt_tokens, 0);
    const completion = convs.reduce((s, c) => s + c.completion_tokens, 0);
    expect(Number(rows['gpt-fake'].total_tokens)).toBe(prompt + completion);
    expect(Number(rows['gpt-fake'].cost_usd)).toBeCloseTo((prompt * 0.15 + completion * 0.6) / 1e6, 6);
    const mid = Number(rows['sim-mid'].correct);
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(20);

    // pairwise.csv: every pair on the items both answered, exact McNemar, Holm over the 10 pairs.
    const pw = csv(join(handle.dir, 'pairwise.csv'));
    expect(pw[0]).toEqual(['label_a', 'label_b', 'pairs', 'both_correct', 'a_only', 'b_only', 'both_wrong', 'mcnemar_p', 'holm_p']);
    expect(pw).toHaveLength(11);
    const pair = (a: string, b: string) => pw.find((r) => r[0] === a && r[1] === b)!;
    // gpt-fake vs sim-low: 20 discordant pairs, all for A: p = 2/2^20 (python3: 2*comb(20,0)/2**20).
    expect(pair('gpt-fake', 'sim-low').slice(2, 8)).toEqual(['20', '0', '20', '0', '0', '1.9073486328125e-06']);
    expect(pair('gpt-fake', 'sim-high').slice(2, 8)).toEqual(['20', '20', '0', '0', '0', '1.0']);
    expect(pair('sim-low', 'refused').slice(2, 8)).toEqual(['0', '0', '0', '0', '0', '1.0']);
    // Holm: the smallest p times the number of pairs (the two 2/2^20 ties lead; 10 × 1.9073486328125e-06).
    expect(Number(pair('gpt-fake', 'sim-low')[8])).toBeCloseTo(10 * 1.9073486328125e-6, 15);
    for (const r of pw.slice(1)) expect(Number(r[8])).toBeGreaterThanOrEqual(Number(r[7]));

    // The results index knows the experiment's runs, and a full catch-up keeps them (they live one level down).
    expect(queryRuns(index, { experimentId: handle.id }).total).toBe(5);
    await catchUpResults(index);
    expect(queryRuns(index, { experimentId: handle.id }).rows.map((r) => r.label).sort()).toEqual(['gpt-fake', 'refused', 'sim-high', 'sim-low', 'sim-mid']);

    // `picard report <experiment folder>`: the reference's consolidated CSVs across its runs.
    const report = writeReport(handle.dir);
    expect(report.llms).toHaveLength(5);
    expect(csv(join(handle.dir, 'consolidated_results', 'overall_performance.csv'))).toHaveLength(6);

    // Fix the key and resume: only the unfinished configuration runs again.
    const before = runDirs.map((d) => readFileSync(join(d, 'responses.jsonl'), 'utf8'));
    process.env.PICARD_SWEEP_BAD = GOOD;
    const resumed = await resumeSweep(handle.dir, { index });
    expect(resumed.configurations.map((c) => [c.label, c.run !== null])).toEqual([['sim-high', false], ['sim-mid', false], ['sim-low', false], ['gpt-fake', false], ['refused', true]]);
    const again = await resumed.done;
    expect(again.status).toBe('completed');
    expect(again.failed).toEqual([]);
    runDirs.slice(0, 4).forEach((d, i) => expect(readFileSync(join(d, 'responses.jsonl'), 'utf8')).toBe(before[i]));
    expect(jsonl(join(runDirs[4], 'responses.jsonl'))).toHaveLength(SAMPLES);
    expect(design(runDirs[4])).toEqual(reference);
    const board2 = csv(join(handle.dir, 'leaderboard.csv'));
    expect(board2.slice(1).map((r) => [r[0], r[3], r[7]])).toEqual([
      ['gpt-fake', 'completed', '20'], ['refused', 'completed', '20'], ['sim-high', 'completed', '20'], ['sim-mid', 'completed', String(mid)], ['sim-low', 'completed', '0'],
    ]);
    expect(readExperimentManifest(handle.dir)).toMatchObject({ status: 'completed', resumes: 1 });
    // A resume of a finished experiment runs nothing.
    const idle = await resumeSweep(handle.dir);
    expect(idle.configurations.every((c) => c.run === null)).toBe(true);
    expect((await idle.done).status).toBe('completed');
  }, 60_000);

  it('refuses a bad experiment or definitions before writing anything', async () => {
    const { root, results } = workspace();
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'name: x\ndefinitions: defs.yaml\nmodels:\n  - { label: a, agent: simulated, accuracy: 2 }\n');
    await expect(startSweep({ experiment: bad, resultsDir: results })).rejects.toBeInstanceOf(ExperimentError);
    writeFileSync(bad, 'name: x\ndefinitions: missing.yaml\nmodels:\n  - { label: a, agent: simulated }\n');
    await expect(startSweep({ experiment: bad, resultsDir: results })).rejects.toThrow(/not found/);
    expect(existsSync(results)).toBe(false);
  });

  it('a resume while the sweep is still running is refused', async () => {
    const { root, results } = workspace();
    const file = join(root, 'slow.yaml');
    writeFileSync(file, 'name: slow\ndefinitions: defs.yaml\nseed: 1\nmodels:\n  - { label: a, agent: simulated, think_ms: 300 }\n');
    const handle = await startSweep({ experiment: file, resultsDir: results });
    await expect(resumeSweep(handle.dir)).rejects.toThrow(/still running/);
    handle.interrupt();
    const r = await handle.done;
    expect(r.status).toBe('interrupted');
    expect(readExperimentManifest(handle.dir).status).toBe('interrupted');
    const resumed = await resumeSweep(handle.dir);
    expect((await resumed.done).status).toBe('completed');
  });
});
