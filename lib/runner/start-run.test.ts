import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events/types';
import { findBundledSuite } from '../suites';
import { fixedClock } from '../util/clock';
import { startRun } from './start-run';
import { resumeRun } from './resume-run';

const quickstart = findBundledSuite('quickstart')!.file;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'picard-run-'));
}

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('startRun on the simulated agent', () => {
  it('writes every reference file in the reference formats and scores each item', async () => {
    const results = tmp();
    const events: RunEvent[] = [];
    const handle = await startRun({
      definitionsFile: quickstart,
      label: 'Spine Test',
      resultsDir: results,
      seed: 42,
      agent: { kind: 'simulated', thinkMs: 0, accuracy: 0.7 },
      clock: fixedClock('2026-11-26T10:00:00Z'),
    });
    handle.bus.subscribe((e) => events.push(e));
    const result = await handle.done;
    expect(result.status).toBe('completed');
    expect(handle.runId).toMatch(/^spine_test_\d{8}_\d{6}$/);
    const dir = handle.dir;
    const precheck = lines(join(dir, 'precheck.jsonl'));
    expect(precheck).toHaveLength(18);
    expect(Object.keys(precheck[0]).slice(0, 5)).toEqual(['scoring_type', 'question_id', 'sample_number', 'template', 'substituted_question']);
    // Reference JSON separators in precheck lines.
    expect(readFileSync(join(dir, 'precheck.jsonl'), 'utf8').split('\n')[0]).toContain('", "question_id": 1, ');

    const responses = lines(join(dir, 'responses.jsonl'));
    expect(responses).toHaveLength(18);
    expect(Object.keys(responses[0])).toEqual(['question_id', 'sample_number', 'timestamp', 'response_text', 'execution_successful', 'error_message', 'model_info']);
    expect(readdirSync(join(dir, 'conversations')).sort()).toHaveLength(18);
    const conv = JSON.parse(readFileSync(join(dir, 'conversations', 'q4_s1.json'), 'utf8'));
    expect(Object.keys(conv)).toEqual(['question_id', 'sample_number', 'timestamp', 'initial_question', 'conversation_history', 'statistics', 'final_response', 'execution_successful', 'error_message', 'model_info']);
    expect(conv.conversation_history.some((m: { role: string }) => m.role === 'tool')).toBe(true);

    const scores = JSON.parse(readFileSync(join(dir, 'scores.json'), 'utf8'));
    expect(scores.metadata.total_questions).toBe(18);
    const progress = lines(join(dir, 'scores.progress.jsonl'));
    expect(progress).toHaveLength(18);
    expect(scores.metadata.correct_answers).toBe(progress.filter((p) => p.correct).length);
    expect(scores.metadata.correct_answers).toBe(result.correct);
    // The simulated agent is right about 70 % of the time: neither all right nor all wrong.
    expect(result.correct).toBeGreaterThan(3);
    expect(result.correct).toBeLessThan(18);

    const summary = JSON.parse(readFileSync(join(dir, 'test_summary.json'), 'utf8'));
    expect(Object.keys(summary)).toEqual(['test_id', 'timestamp', 'test_directory', 'sandbox_status', 'statistics', 'files_generated']);
    expect(summary.sandbox_status.path).toBe(join(dir, 'sandbox'));
    expect(summary.statistics.total_samples).toBe(18);

    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'completed', seed: 42, total_items: 18 });
    expect(manifest.definitions.sha256).toMatch(/^[0-9a-f]{64}$/);

    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(events.filter((e) => e.type === 'item-scored')).toHaveLength(18);
    expect(events.at(-1)?.type).toBe('run-finished');
  });

  it('gives the same instances and verdicts for the same seed', async () => {
    const run = async () => {
      const h = await startRun({ definitionsFile: quickstart, resultsDir: tmp(), seed: 7, agent: { kind: 'simulated', thinkMs: 0 }, clock: fixedClock('2026-11-26T10:00:00Z') });
      await h.done;
      return h.dir;
    };
    const [a, b] = [await run(), await run()];
    const strip = (d: string) => readFileSync(join(d, 'precheck.jsonl'), 'utf8').split(d).join('<DIR>');
    expect(strip(a)).toBe(strip(b));
    const verdicts = (d: string) => lines(join(d, 'scores.progress.jsonl')).map((l) => `${l.question_id}/${l.sample_number}:${l.correct}`).sort();
    expect(verdicts(a)).toEqual(verdicts(b));
  });

  it('refuses invalid definitions before writing anything', async () => {
    const results = tmp();
    const bad = join(results, 'bad.yaml');
    writeFileSync(bad, 'tests:\n  - question_id: 1\n    samples: 1\n    template: x\n    scoring_type: nope\n');
    await expect(startRun({ definitionsFile: bad, resultsDir: join(results, 'out'), agent: { kind: 'simulated', thinkMs: 0 } })).rejects.toThrow(/scoring_type/);
    expect(existsSync(join(results, 'out'))).toBe(false);
  });

  it('refuses agent settings that fail their kind\'s schema before writing anything, naming each one', async () => {
    const results = tmp();
    const agent = { kind: 'openai', baseUrl: 'not a url', model: ' ', maxRounds: 0 } as const;
    await expect(startRun({ definitionsFile: quickstart, resultsDir: join(results, 'out'), agent })).rejects.toThrow(
      'agent.baseUrl: expected an http(s) URL; agent.model: required; agent.maxRounds: at least 1',
    );
    expect(existsSync(join(results, 'out'))).toBe(false);
  });

  it('a resume refuses a manifest whose agent settings were edited into invalid ones, and leaves the manifest as it was', async () => {
    const h = await startRun({ definitionsFile: quickstart, resultsDir: tmp(), seed: 5, agent: { kind: 'simulated', thinkMs: 0 } });
    await h.done;
    const file = join(h.dir, 'run.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.status = 'interrupted';
    manifest.agent.config = { kind: 'simulated', accuracy: 3 };
    const edited = JSON.stringify(manifest);
    writeFileSync(file, edited);
    await expect(resumeRun(h.dir)).rejects.toThrow(`${h.dir}/run.json agent.config.accuracy: expected a probability (0–1)`);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('records errored items and goes on; resume --retry-errors re-runs only them', async () => {
    const results = tmp();
    const h = await startRun({
      definitionsFile: quickstart,
      resultsDir: results,
      seed: 3,
      retries: 0,
      agent: { kind: 'simulated', thinkMs: 0, accuracy: 1, errorRate: 0.3 },
    });
    const r = await h.done;
    expect(r.status).toBe('completed');
    expect(r.errored).toBeGreaterThan(0);
    expect(r.completed).toBe(18);
    const errored = lines(join(h.dir, 'responses.jsonl')).filter((l) => !l.execution_successful);
    expect(errored.length).toBe(r.errored);
    expect(String(errored[0].error_message)).toMatch(/^Failed after 1 attempts\. Last error: Simulated 503/);
    const again = await resumeRun(h.dir, { retryErrors: true });
    const events: RunEvent[] = [];
    again.bus.subscribe((e) => events.push(e));
    await again.done;
    const started = events.find((e) => e.type === 'run-started');
    expect(started && started.type === 'run-started' && started.alreadyDone).toBe(18 - r.errored);
    const keys = lines(join(h.dir, 'responses.jsonl')).map((l) => `${l.question_id}/${l.sample_number}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(18);
  });

  it('relative answer paths resolve in the instance area, live and offline alike', async () => {
    const results = tmp();
    const defs = join(results, 'rel.yaml');
    writeFileSync(defs, 'tests:\n  - question_id: 9\n    samples: 4\n    template: "Write {{entity1}} to out.txt"\n    scoring_type: readfile_stringmatch\n    file_to_read: "out.txt"\n    expected_content: "{{entity1}}"\n');
    const h = await startRun({ definitionsFile: defs, resultsDir: results, seed: 1, agent: { kind: 'simulated', thinkMs: 0, accuracy: 1 } });
    const r = await h.done;
    expect(r.correct).toBe(4);
    const live = lines(join(h.dir, 'scores.progress.jsonl')).map((l) => l.correct);
    const final = JSON.parse(readFileSync(join(h.dir, 'scores.json'), 'utf8')).detailed_results.map((d: { correct: boolean }) => d.correct);
    expect(final).toEqual(live);
    expect(existsSync(join(h.dir, 'sandbox', 'q9_s1', 'out.txt'))).toBe(true);
  });
});

describe('cancel', () => {
  it('stops a concurrent run cleanly: status cancelled, every written line valid, resumable to completion', async () => {
    const results = tmp();
    const h = await startRun({ definitionsFile: quickstart, resultsDir: results, seed: 2, concurrency: 3, agent: { kind: 'simulated', thinkMs: 40 } });
    let scored = 0;
    h.bus.subscribe((e) => {
      if (e.type === 'item-scored' && ++scored === 4) h.cancel('test cancel');
    });
    const r = await h.done;
    expect(r.status).toBe('cancelled');
    expect(r.completed).toBeLessThan(18);
    const manifest = JSON.parse(readFileSync(join(h.dir, 'run.json'), 'utf8'));
    expect(manifest.status).toBe('cancelled');
    expect(lines(join(h.dir, 'responses.jsonl')).length).toBe(r.completed);
    const again = await resumeRun(h.dir);
    const done = await again.done;
    expect(done.status).toBe('completed');
    expect(lines(join(h.dir, 'responses.jsonl'))).toHaveLength(18);
  });
});

describe('startRun while its sandbox is written', () => {
  it('the writing stays a bounded distance ahead of a slow run loop, and finishes the precheck once the run is cancelled', async () => {
    const handle = await startRun({
      definitionsFile: quickstart,
      samples: 800, // 4,800 instances, more than the writing may run ahead
      resultsDir: tmp(),
      seed: 3,
      concurrency: 2,
      agent: { kind: 'simulated', thinkMs: 200 },
    });
    const partial = join(handle.dir, 'precheck.jsonl.partial');
    const written = () => (existsSync(partial) ? readFileSync(partial, 'utf8').split('\n').filter(Boolean).length : 0);
    // Long enough for an unbounded writer to finish all 4,800 instances many times over.
    for (let t = 0; t < 40 && written() < 2048; t++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    expect(written()).toBeGreaterThanOrEqual(2048);
    expect(written()).toBeLessThan(2048 + 200);
    expect(existsSync(join(handle.dir, 'precheck.jsonl'))).toBe(false);
    handle.cancel('test');
    expect((await handle.done).status).toBe('cancelled');
    // Stopped, the rest is written at once: a whole precheck and sandbox to resume from.
    expect(lines(join(handle.dir, 'precheck.jsonl'))).toHaveLength(4800);
    expect(existsSync(partial)).toBe(false);
    // Questions 4–6 have generated files: all 2,400 of their areas are there.
    expect(readdirSync(join(handle.dir, 'sandbox')).filter((n) => /^q[456]_s\d+$/.test(n))).toHaveLength(2400);
  }, 60_000);
});
