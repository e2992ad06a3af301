import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRun } from '../results/list-runs';
import { isUnreapedZombie } from '../results/testing/zombie';
import { loadRunState } from '../state/load-run-state';
import { waitUntil } from '../testing/wait-until';

const root = resolve(__dirname, '../..');
const cli = join(root, 'lib/cli/main.ts');
const suite = join(root, 'lib/suites/quickstart.yaml');
const cliArgs = ['--import', 'tsx', cli];
const env = { ...process.env, FORCE_COLOR: '0' };

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function picard(args: string[]) {
  return spawnSync(process.execPath, [...cliArgs, ...args], { cwd: root, encoding: 'utf8', env });
}

/** Starts `picard <args>` whose parent never reaps it (`exec sleep`): once killed it stays a zombie. */
function startUnreaped(args: string[], errFile: string): ChildProcess {
  const sh = spawn('sh', ['-c', '"$@" >/dev/null 2>>"$ERR" & exec sleep 300', 'sh', process.execPath, ...cliArgs, ...args], { cwd: root, stdio: 'ignore', env: { ...env, ERR: errFile } });
  started.push(sh);
  return sh;
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '') : []);
const completeLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
const keysOf = (dir: string) => lines(join(dir, 'responses.jsonl')).map((l) => JSON.parse(l)).map((r) => `q${r.question_id}_s${r.sample_number}`);

const until = (cond: () => boolean, what: () => string, ms = 30_000) => waitUntil(cond, what, ms, 10);

function expectEveryItemOnce(dir: string, total: number): void {
  const keys = keysOf(dir);
  expect(keys).toHaveLength(total);
  expect(new Set(keys).size).toBe(total);
  const scored = lines(join(dir, 'scores.progress.jsonl')).map((l) => JSON.parse(l)).map((s) => `q${s.question_id}_s${s.sample_number}`);
  expect(new Set(scored).size).toBe(scored.length);
}

/**
 * A finished 18-item run turned into one that a writer left behind mid-way: only its first `keep` answers and
 * their scores, manifest `running` with the given pid and think time.
 */
function abandonedRun(base: string, pid: number, keep: number, thinkMs: number): string {
  const made = picard(['run', '-d', suite, '--seed', '4', '--think-ms', '0', '--results-dir', base, '-q']);
  expect(made.status).toBe(0);
  const dir = made.stdout.trim().split('\n').at(-1)!;
  const kept = lines(join(dir, 'responses.jsonl')).slice(0, keep);
  writeFileSync(join(dir, 'responses.jsonl'), kept.map((l) => `${l}\n`).join(''));
  const keys = new Set(kept.map((l) => JSON.parse(l)).map((r) => `${r.question_id}/${r.sample_number}`));
  const scores = lines(join(dir, 'scores.progress.jsonl')).filter((l) => { const s = JSON.parse(l); return keys.has(`${s.question_id}/${s.sample_number}`); });
  writeFileSync(join(dir, 'scores.progress.jsonl'), scores.map((l) => `${l}\n`).join(''));
  const m = manifestOf(dir);
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...m, status: 'running', pid, agent: { ...m.agent, config: { ...m.agent.config, thinkMs: thinkMs } } }, null, 2));
  return dir;
}

describe.skipIf(process.platform !== 'linux')('whether a run is still being written', () => {
  it('kill -9 then an immediate resume always proceeds, even while the killed writer is an unreaped zombie', async () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-zombie-'));
    const results = join(base, 'results');
    // Enough items that ten rounds (each killed after its first new line, however slowly this machine polls) never
    // finish the run: a finished run is no longer `running`, and the round would wait for it in vain.
    const total = 6 * 30;
    let args = ['run', '-d', suite, '--seed', '9', '--samples', '30', '--think-ms', '40', '--results-dir', results, '-q'];
    let dir = '';
    let prevPid = 0;
    for (let round = 0; round < 10; round++) {
      const err = join(base, `err-${round}.txt`);
      const before = dir ? completeLines(join(dir, 'responses.jsonl')) : 0;
      startUnreaped(args, err);
      const refused = () => existsSync(err) && /^picard: /m.test(readFileSync(err, 'utf8'));
      await until(() => {
        if (refused()) throw new Error(`round ${round}: ${readFileSync(err, 'utf8')}`);
        const runName = existsSync(results) ? readdirSync(results).find((n) => !n.startsWith('.')) : undefined;
        if (!dir) dir = runName ? join(results, runName) : '';
        if (!dir || !existsSync(join(dir, 'run.json'))) return false;
        const m = manifestOf(dir);
        return m.pid !== prevPid && m.status === 'running' && completeLines(join(dir, 'responses.jsonl')) > before;
      }, () => `round ${round} to make progress`);
      prevPid = manifestOf(dir).pid;
      process.kill(prevPid, 'SIGKILL');
      await until(() => isUnreapedZombie(prevPid), () => `process ${prevPid} to become a zombie`);
      args = ['run', '--resume', dir, '-q'];
    }
    expect(completeLines(join(dir, 'responses.jsonl'))).toBeLessThan(total);
    const last = picard(['run', '--resume', dir, '-q']);
    expect(last.stderr).not.toMatch(/running/);
    expect(last.status).toBe(0);
    expectEveryItemOnce(dir, total);
    expect(manifestOf(dir).status).toBe('completed');
  }, 240_000);

  it('a manifest whose pid is an unrelated live process reads as interrupted in the run list, the state loader and resume', async () => {
    const stranger = spawn('sleep', ['120'], { stdio: 'ignore' });
    started.push(stranger);
    const dir = abandonedRun(mkdtempSync(join(tmpdir(), 'picard-stranger-')), stranger.pid!, 5, 0);
    expect(() => process.kill(stranger.pid!, 0)).not.toThrow();
    expect(describeRun(dir, 'x').status).toBe('interrupted');
    expect(loadRunState(dir).status).toBe('interrupted');
    const resumed = picard(['run', '--resume', dir, '-q']);
    expect(resumed.stderr).not.toMatch(/running/);
    expect(resumed.status).toBe(0);
    expectEveryItemOnce(dir, 18);
    expect(describeRun(dir, 'x').status).toBe('completed');
  }, 60_000);

  it('two resumes of one folder started at the same moment: exactly one writes, the other says "already running"', async () => {
    const dir = abandonedRun(mkdtempSync(join(tmpdir(), 'picard-race-')), 999_999_999, 3, 250);
    const run = () => new Promise<{ code: number | null; stderr: string }>((res) => {
      const c = spawn(process.execPath, [...cliArgs, 'run', '--resume', dir, '-q'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
      started.push(c);
      let stderr = '';
      c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('exit', (code) => res({ code, stderr }));
    });
    const [a, b] = await Promise.all([run(), run()]);
    const winners = [a, b].filter((r) => r.code === 0);
    const losers = [a, b].filter((r) => r.code !== 0);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].stderr).toMatch(/already running/);
    expectEveryItemOnce(dir, 18);
    expect(manifestOf(dir).status).toBe('completed');
    expect(manifestOf(dir).resumes).toBe(1);
  }, 60_000);
});
