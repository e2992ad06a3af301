import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs } from '../testing/entries';

const root = resolve(__dirname, '../..');
const suite = join(root, 'lib/suites/quickstart.yaml');

function picard(args: string[]) {
  return spawnSync(process.execPath, cliArgs(args), { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
}

/** Starts the CLI and SIGKILLs it `afterMs` after `ready()` first holds. */
async function runAndKill(args: string[], ready: () => boolean, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, cliArgs(args), { cwd: root, stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const t0 = Date.now();
  while (!ready() && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, afterMs));
  child.kill('SIGKILL');
  await exited;
}

function jsonLines(file: string): Array<Record<string, unknown>> {
  const text = readFileSync(file, 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

const verdicts = (dir: string) =>
  Object.fromEntries(jsonLines(join(dir, 'scores.progress.jsonl')).map((l) => [`q${l.question_id}_s${l.sample_number}`, l.correct]));

describe('a CLI run killed with SIGKILL at several moments', () => {
  it('resumes each time and ends with every item exactly once and the scores of an uninterrupted run', async () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-kill-'));
    const common = ['-d', suite, '--seed', '11', '--accuracy', '0.6'];
    const clean = picard(['run', ...common, '--think-ms', '0', '--results-dir', join(base, 'clean'), '-q']);
    expect(clean.status).toBe(0);
    const cleanDir = clean.stdout.trim().split('\n').at(-1)!;

    const killedRoot = join(base, 'killed');
    const runDir = () => {
      if (!existsSync(killedRoot)) return null;
      const d = readdirSync(killedRoot).filter((n) => !n.startsWith('.'))[0];
      return d ? join(killedRoot, d) : null;
    };
    const responsesCount = () => {
      const d = runDir();
      return d && existsSync(join(d, 'responses.jsonl')) ? readFileSync(join(d, 'responses.jsonl'), 'utf8').split('\n').length - 1 : 0;
    };
    await runAndKill(['run', ...common, '--think-ms', '40', '--results-dir', killedRoot], () => responsesCount() >= 1, 60);
    const dir = runDir()!;
    let before = responsesCount();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(18);
    for (const delay of [30, 120, 10]) {
      await runAndKill(['run', '--resume', dir], () => responsesCount() > before, delay);
      // Every line on disk is valid JSON after each kill (a torn tail is repaired on resume).
      const now = responsesCount();
      expect(now).toBeGreaterThan(before);
      before = now;
    }
    const last = picard(['run', '--resume', dir, '-q']);
    expect(last.status).toBe(0);
    expect(last.stdout.trim().split('\n').at(-1)).toBe(dir);

    const responses = jsonLines(join(dir, 'responses.jsonl'));
    const keys = responses.map((r) => `q${r.question_id}_s${r.sample_number}`);
    expect(new Set(keys).size).toBe(18);
    expect(keys).toHaveLength(18);
    expect(readdirSync(join(dir, 'conversations')).filter((f) => f.endsWith('.json'))).toHaveLength(18);
    expect(verdicts(dir)).toEqual(verdicts(cleanDir));
    const scores = JSON.parse(readFileSync(join(dir, 'scores.json'), 'utf8'));
    const cleanScores = JSON.parse(readFileSync(join(cleanDir, 'scores.json'), 'utf8'));
    expect(scores.metadata.correct_answers).toBe(cleanScores.metadata.correct_answers);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('completed');

    // The offline scorer agrees with the live scores.
    const scored = picard(['score', dir]);
    expect(scored.status).toBe(0);
    const rescored = JSON.parse(readFileSync(join(dir, 'scores.json'), 'utf8'));
    expect(rescored.metadata.correct_answers).toBe(cleanScores.metadata.correct_answers);
  }, 120_000);

  it('Ctrl-C stops cleanly: in-flight items abandoned, manifest interrupted, exit 130, then resumable', async () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-sigint-'));
    const child = spawn(process.execPath, cliArgs(['run', '-d', suite, '--seed', '3', '--think-ms', '150', '--results-dir', base]), { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const responses = () => {
      const d = existsSync(base) ? readdirSync(base).filter((n) => !n.startsWith('.'))[0] : undefined;
      const f = d ? join(base, d, 'responses.jsonl') : '';
      return f && existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 1 : 0;
    };
    const t0 = Date.now();
    while (responses() < 2 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    const dir = stdout.trim().split('\n').at(-1)!;
    const manifest = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(manifest.status).toBe('interrupted');
    const done = jsonLines(join(dir, 'responses.jsonl')).length;
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(18);
    expect(existsSync(join(dir, 'scores.json'))).toBe(true);
    const resumed = picard(['run', '--resume', dir, '-q']);
    expect(resumed.status).toBe(0);
    expect(jsonLines(join(dir, 'responses.jsonl'))).toHaveLength(18);
  }, 60_000);
});
