import { Command } from 'commander';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { register as registerCompare } from './compare';
import { register as registerReport } from './report';
import { register as registerScore, runScore, scoreThreadsFromEnv } from './score';
import { runPicard } from '../../testing/entries';
import { register as registerShow, runShow } from './show';

const root = mkdtempSync(path.join(os.tmpdir(), 'picard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function makeRun(name: string, answer: string): string {
  const dir = path.join(root, 'results', name);
  // A PICARD Live folder (it has run.json): each instance has its own area, where relative paths resolve.
  mkdirSync(path.join(dir, 'sandbox', 'q2_s1'), { recursive: true });
  writeFileSync(path.join(dir, 'sandbox', 'q2_s1', 'a.txt'), 'ok');
  const pre = [
    { scoring_type: 'stringmatch', question_id: 1, sample_number: 1, template: 't', substituted_question: 'Capital?', expected_response: 'Paris' },
    { scoring_type: 'files_exist', question_id: 2, sample_number: 1, template: 't', substituted_question: 'Make a.txt', files_to_check: ['a.txt'] },
  ];
  writeFileSync(path.join(dir, 'precheck.jsonl'), pre.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const res = pre.map((p) => ({ question_id: p.question_id, sample_number: 1, timestamp: 't', response_text: answer, execution_successful: true, error_message: null, model_info: 'm' }));
  writeFileSync(path.join(dir, 'responses.jsonl'), res.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ seed: 1, definitions: { sha256: 'h', samples_override: null }, sandbox_dir: '/elsewhere/sandbox' }));
  return dir;
}

function program(): { p: Command; out: string[] } {
  const out: string[] = [];
  const p = new Command().exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) });
  for (const r of [registerScore, registerReport, registerShow, registerCompare]) r(p);
  return { p, out };
}

describe('score / show / report / compare commands', () => {
  const a = makeRun('model_a', 'Paris');
  const b = makeRun('model_b', 'London');

  it('runScore writes scores.json and prints both accuracies, saying which is which', async () => {
    const lines: string[] = [];
    await runScore(a, { verbose: true }, (s) => lines.push(s));
    const text = lines.join('');
    expect(text).toContain('Q1.1 (stringmatch): ✅ CORRECT');
    expect(text).toContain('Accuracy: 100.00%  (reference figure');
    expect(text).toContain('Accuracy over all items: 100.00%  (PICARD Live');
    expect(text).toContain('(recorded as /elsewhere/sandbox)');
    expect(JSON.parse(readFileSync(path.join(a, 'scores.json'), 'utf8')).metadata.correct_answers).toBe(2);
  });

  it('parses through commander (score, show, report)', async () => {
    const { p } = program();
    await p.parseAsync(['node', 'picard', 'score', b, '--artifacts', path.join(b, 'sandbox')]);
    expect(runShow(b, { failuresOnly: true }, false)).toContain("   Error: Expected 'Paris', got 'London'");
    await p.parseAsync(['node', 'picard', 'report', path.join(root, 'results')]);
    expect(readFileSync(path.join(root, 'results', 'consolidated_results', 'overall_performance.csv'), 'utf8')).toContain('model_b,model_b,');
  });

  it('rejects a missing argument', async () => {
    const { p, out } = program();
    await expect(p.parseAsync(['node', 'picard', 'compare', a])).rejects.toThrow();
    expect(out.join('')).toContain("missing required argument 'run-b'");
  });

  it('show explains a missing scores.json', () => {
    expect(() => runShow(path.join(root, 'nowhere'), {}, false)).toThrow(/not found/);
  });
});

describe('picard score on two threads (PICARD_SCORE_THREADS), through the compiled CLI', () => {
  it('writes the scores.json one thread writes (timestamps aside), and refuses a bad thread count', async () => {
    const dir = makeRun('threads_run', 'Paris');
    const stamps = (text: string) => text.replace(/"timestamp": "[^"]*"/g, '"timestamp": "T"');
    const one = await runPicard(['score', dir], { PICARD_SCORE_THREADS: '1' });
    expect(one.code).toBe(0);
    const oneText = stamps(readFileSync(path.join(dir, 'scores.json'), 'utf8'));
    const two = await runPicard(['score', dir], { PICARD_SCORE_THREADS: '2' });
    expect([two.code, two.stderr]).toEqual([0, '']);
    expect([one.stdout.includes('Scored on 2 threads'), two.stdout.includes('Scored on 2 threads\n')]).toEqual([false, true]);
    expect(stamps(readFileSync(path.join(dir, 'scores.json'), 'utf8'))).toBe(oneText);
    const bad = await runPicard(['score', dir], { PICARD_SCORE_THREADS: '3' });
    expect([bad.code, bad.stderr]).toEqual([1, "picard: PICARD_SCORE_THREADS must be 1 or 2, got '3'\n"]);
  });

  it('scoreThreadsFromEnv: unset or empty leaves the choice to scoreRun', () => {
    expect([scoreThreadsFromEnv({}), scoreThreadsFromEnv({ PICARD_SCORE_THREADS: '' }), scoreThreadsFromEnv({ PICARD_SCORE_THREADS: '2' })]).toEqual([undefined, undefined, 2]);
  });
});
