import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repairJsonlTail } from './repair';
import { RunWriter } from './run-writer';

const child = resolve(__dirname, 'testing/batched-writer-process.ts');
const keyOf = (l: { question_id: number; sample_number: number }) => `q${l.question_id}_s${l.sample_number}`;

/** Parses every line; a last line without its newline is reported, not parsed. */
function readLines(file: string): { rows: Array<{ question_id: number; sample_number: number }>; tornTail: boolean } {
  const text = readFileSync(file, 'utf8');
  const parts = text.split('\n');
  const tail = parts.pop()!;
  return { rows: parts.map((l) => JSON.parse(l)), tornTail: tail !== '' };
}

describe('RunWriter', () => {
  it('queues lines until the end of the turn, then writes responses before scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'picard-writer-'));
    const writer = new RunWriter(dir);
    const ref = { question_id: 1, sample_number: 1 };
    writer.appendResponse({ ...ref, timestamp: 't', response_text: 'a', execution_successful: true, error_message: null, model_info: 'm' });
    writer.appendScore({ ...ref, scoring_type: 'stringmatch', correct: true, error_message: null, details: {}, timestamp: 't' });
    expect(readFileSync(join(dir, 'responses.jsonl'), 'utf8')).toBe('');
    await new Promise((r) => setImmediate(r));
    expect(readLines(join(dir, 'responses.jsonl')).rows.map(keyOf)).toEqual(['q1_s1']);
    expect(readLines(join(dir, 'scores.progress.jsonl')).rows.map(keyOf)).toEqual(['q1_s1']);
    writer.appendResponse({ ...ref, sample_number: 2, timestamp: 't', response_text: 'b', execution_successful: true, error_message: null, model_info: 'm' });
    writer.close(); // close flushes what is queued
    expect(readLines(join(dir, 'responses.jsonl')).rows.map(keyOf)).toEqual(['q1_s1', 'q1_s2']);
  });

  it('killed with SIGKILL mid-stream, leaves only whole lines, and no score line without its response line', async () => {
    for (const killAfterMs of [5, 40, 150]) {
      const dir = mkdtempSync(join(tmpdir(), 'picard-writer-kill-'));
      const p = spawn(process.execPath, ['--import', 'tsx', child, dir, '40'], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((res, rej) => {
        p.stdout.once('data', () => res());
        p.once('exit', (code) => rej(new Error(`writer exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, killAfterMs));
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
      const responsesFile = join(dir, 'responses.jsonl');
      const scoresFile = join(dir, 'scores.progress.jsonl');
      // A torn last line is possible only on power loss; resume's repair cuts it either way.
      for (const f of [responsesFile, scoresFile]) if (readLines(f).tornTail) repairJsonlTail(f);
      const responses = readLines(responsesFile);
      const scores = readLines(scoresFile);
      expect(responses.tornTail || scores.tornTail).toBe(false);
      expect(responses.rows.length).toBeGreaterThanOrEqual(40); // at least the first batch
      const answered = new Set(responses.rows.map(keyOf));
      expect(answered.size).toBe(responses.rows.length);
      expect(scores.rows.every((s) => answered.has(keyOf(s)))).toBe(true);
      // The lines are the writer's, in order: 1, 2, 3, … with none missing in between.
      expect(responses.rows.map((r) => r.sample_number)).toEqual(responses.rows.map((_, i) => i + 1));
    }
  }, 60_000);
});
