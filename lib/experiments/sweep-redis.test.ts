import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../agents/testing/fake-openai-server';
import { startTestRedis, type TestRedis } from '../distributed/testing/redis-server';
import { cliArgs, REPO_ROOT, runPicard } from '../testing/entries';
import { waitUntil } from '../testing/wait-until';
import { startProcess, type TestProcess } from '../testing/processes';

/**
 * `picard sweep --redis`: every configuration of an experiment is a coordinated run whose items go to real
 * `picard worker` processes through a real `redis-server` (started here, random port, no persistence).
 */
let redis: TestRedis;
const children: ChildProcess[] = [];
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await redis?.stop();
});

/** The environment without a Redis URL of the developer's own. */
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', ...extra };
  if (!('PICARD_REDIS_URL' in extra)) delete e.PICARD_REDIS_URL;
  return e;
};

type Proc = TestProcess;

function start(args: string[], extra: Record<string, string> = {}): Proc {
  return startProcess(cliArgs(args), { cwd: REPO_ROOT, env: env(extra), children });
}


/** A `picard worker`, stopped (SIGTERM, exit 0) after the test. */
async function startWorker(name: string, slots: number, extra: Record<string, string> = {}): Promise<Proc> {
  const w = start(['worker', '--redis', redis.url, '--name', name, '--concurrency', String(slots), '--lock-seconds', '5'], extra);
  await waitUntil(() => w.err().includes('waiting for items'), `worker ${name} to start`, 30_000);
  closers.push(async () => {
    if (w.child.exitCode !== null || w.child.signalCode !== null) return;
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  });
  return w;
}

function jsonLines(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}
const keyOf = (l: Record<string, unknown>) => `q${l.question_id}_s${l.sample_number}`;

interface ExperimentJson {
  status: string;
  configurations: Array<{ label: string; run: string | null; status: string; error?: string }>;
}
const experimentJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8')) as ExperimentJson;

/** Each configuration's verdicts, item by item (from its run folder's scores). */
function verdictsByLabel(dir: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const c of experimentJson(dir).configurations) {
    out[c.label] = c.run ? Object.fromEntries(jsonLines(join(dir, c.run, 'scores.progress.jsonl')).map((l) => [keyOf(l), l.correct])) : {};
  }
  return out;
}

/** A CSV without the given columns (timing differs between any two sweeps). */
function csvWithout(file: string, drop: string[]): string[][] {
  const rows = readFileSync(file, 'utf8').split('\r\n').filter(Boolean).map((l) => l.split(','));
  const idx = rows[0].map((h, i) => (drop.includes(h) ? -1 : i)).filter((i) => i >= 0);
  return rows.map((r) => idx.map((i) => r[i]));
}

function experimentFile(dir: string, body: string): string {
  const file = join(dir, 'exp.yaml');
  writeFileSync(file, body);
  return file;
}

/** The experiment folder printed last. */
const folderOf = (stdout: string) => stdout.trim().split('\n').at(-1)!;

function expectRedisClean(): void {
  expect(redis.cli('hlen', 'picard:runs')).toBe('0');
  expect(redis.cli('--scan', '--pattern', 'picard:spec:*')).toBe('');
  expect(redis.cli('--scan', '--pattern', 'picard:results:*')).toBe('');
}

describe('picard sweep --redis (real Redis, real workers)', () => {
  it('an unreachable Redis (flag or PICARD_REDIS_URL) is a clear error within seconds, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'picard-sweep-noredis-'));
    const file = experimentFile(dir, 'name: nr\ndefinitions: quickstart\nseed: 1\nmodels:\n  - { label: a, agent: simulated }\n');
    const results = join(dir, 'results');
    const t0 = Date.now();
    const flag = await runPicard(['sweep', file, '--results-dir', results, '--redis', 'redis://127.0.0.1:1']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
    const fromEnv = await runPicard(['sweep', file, '--results-dir', results], { PICARD_REDIS_URL: 'redis://127.0.0.1:1' });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(existsSync(results)).toBe(false);
  }, 60_000);

  it('over 2 workers: the same verdicts item by item and the same leaderboard/pairwise as in-process; a refused key fails alone, exit 1 naming it; --resume --redis finishes it', async () => {
    const good = 'sk-sweep-redis-good-0000';
    const server = await startFakeOpenAIServer({ apiKey: good, respond: () => ({ content: 'no idea' }) });
    closers.push(() => server.close());
    const dir = mkdtempSync(join(tmpdir(), 'picard-sweep-redis-'));
    const file = experimentFile(
      dir,
      `name: over workers
definitions: quickstart
seed: 5
samples: 2
models:
  - { label: strong, agent: simulated, accuracy: 0.9, think_ms: 150 }
  - { label: middle, agent: simulated, accuracy: 0.5, think_ms: 150, concurrency: 3 }
  - { label: weak, agent: simulated, accuracy: 0.15, think_ms: 150, concurrency: 2 }
  - { label: keyed, agent: openai, base_url: "${server.url}", model: fake-model, api_key_env: PICARD_SWEEP_REDIS_KEY }
`,
    );
    const wrong = { PICARD_SWEEP_REDIS_KEY: 'sk-wrong-9999' };
    const local = await runPicard(['sweep', file, '--results-dir', join(dir, 'local'), '-q', '--no-index'], wrong);
    expect(local.code, local.stderr).toBe(1);
    const localDir = folderOf(local.stdout);

    // The key reaches the workers from their own environment only; the coordinator has none at all.
    await startWorker('sa', 2, wrong);
    await startWorker('sb', 2, wrong);
    const remote = await runPicard(['sweep', file, '--results-dir', join(dir, 'remote'), '--redis', redis.url, '--no-index']);
    expect(remote.code, remote.stderr).toBe(1);
    const remoteDir = folderOf(remote.stdout);
    expect(remote.stderr).toMatch(/Configuration keyed failed: The provider at .* refused/);
    expect(remote.stderr).toContain(`Sweep failed: keyed did not complete. Continue after the fix: picard sweep --resume ${remoteDir} --redis ${redis.url}`);
    expect(remote.stderr).not.toContain('sk-wrong-9999');

    const m = experimentJson(remoteDir);
    expect(m.configurations.map((c) => [c.label, c.status])).toEqual([['strong', 'completed'], ['middle', 'completed'], ['weak', 'completed'], ['keyed', 'failed']]);
    const v = verdictsByLabel(remoteDir);
    for (const label of ['strong', 'middle', 'weak']) expect(Object.keys(v[label])).toHaveLength(12);
    expect(v).toEqual(verdictsByLabel(localDir));
    // Every configuration's items went through the workers, and both workers took some (think time keeps the runs
    // going for seconds, well past a worker's 500 ms poll for new runs, so neither finishes them alone).
    const workers = new Set<string>();
    for (const c of m.configurations.slice(0, 3)) {
      const run = join(remoteDir, c.run!);
      expect(JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')).executor).toEqual({ kind: 'queue', coordinator: 'cli' });
      for (const f of readdirSync(join(run, 'conversations'))) workers.add(JSON.parse(readFileSync(join(run, 'conversations', f), 'utf8')).statistics.worker);
    }
    expect(workers).toEqual(new Set(['sa', 'sb']));
    // Timing differs between any two sweeps; so do the simulated agent's token estimates, made from the text it
    // saw, which holds its sandbox path (a worker's own folder, not the experiment folder's).
    const timing = ['duration_s', 'total_tokens'];
    expect(csvWithout(join(remoteDir, 'leaderboard.csv'), timing)).toEqual(csvWithout(join(localDir, 'leaderboard.csv'), timing));
    expect(readFileSync(join(remoteDir, 'pairwise.csv'), 'utf8')).toBe(readFileSync(join(localDir, 'pairwise.csv'), 'utf8'));
    expect(csvWithout(join(remoteDir, 'leaderboard.csv'), timing).map((r) => r[0])).toEqual(['label', 'strong', 'middle', 'weak', 'keyed']);
    expectRedisClean();

    // After the fix (the workers' key), the refused configuration alone is continued through the workers.
    while (closers.length > 1) await closers.pop()!();
    await startWorker('sc', 3, { PICARD_SWEEP_REDIS_KEY: good });
    const again = await runPicard(['sweep', '--resume', remoteDir, '--redis', redis.url, '-q', '--no-index']);
    expect(again.code, again.stderr).toBe(0);
    expect(folderOf(again.stdout)).toBe(remoteDir);
    expect(experimentJson(remoteDir)).toMatchObject({ status: 'completed' });
    expect(Object.keys(verdictsByLabel(remoteDir).keyed)).toHaveLength(12);
    expectRedisClean();
  }, 180_000);

  it("one configuration's 429s (Retry-After 30 s) do not slow another's items on the same workers", async () => {
    // Every request is refused with 429 and Retry-After: 30, for every attempt.
    const limited: FakeOpenAIServer = await startFakeOpenAIServer({ respond: () => ({ content: 'x', faults: Array.from({ length: 50 }, () => ({ fault: 'rate-limit' as const, retryAfter: '30' })) }) });
    closers.push(() => limited.close());
    const dir = mkdtempSync(join(tmpdir(), 'picard-sweep-redis-429-'));
    const file = experimentFile(
      dir,
      `name: four two nine
definitions: quickstart
seed: 3
samples: 2
concurrency: 2
models:
  - { label: limited, agent: openai, base_url: "${limited.url}", model: fake-model, api_key_env: PICARD_SWEEP_429_KEY }
  - { label: free, agent: simulated, accuracy: 0.5, think_ms: 40 }
`,
    );
    // One worker with 2 slots: if a rate-limited item kept its slot while it sleeps, `free` would wait 30 s.
    await startWorker('rl', 2, { PICARD_SWEEP_429_KEY: 'sk-any' });
    const results = join(dir, 'results');
    const sweep = start(['sweep', file, '--results-dir', results, '--redis', redis.url, '--no-index']);
    const runDir = (label: string) => {
      const exp = existsSync(results) ? readdirSync(results).find((n) => !n.startsWith('.')) : undefined;
      const run = exp ? experimentJson(join(results, exp)).configurations.find((c) => c.label === label)?.run : null;
      return exp && run ? join(results, exp, run) : null;
    };
    const answered = (label: string) => {
      const d = runDir(label);
      return d ? jsonLines(join(d, 'responses.jsonl')).length : 0;
    };
    await waitUntil(() => limited.requests.length >= 2, 'the limited configuration to be refused', 30_000);
    const t0 = Date.now();
    await waitUntil(() => answered('free') === 12, 'every item of the free configuration', 20_000);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(answered('limited')).toBe(0);
    expect(limited.requests.every((r) => r.fault === 'rate-limit')).toBe(true);
    sweep.child.kill('SIGINT');
    expect(await sweep.exit).toBe(130);
    expect(sweep.err()).toContain('Configuration limited interrupted');
    expectRedisClean();
  }, 120_000);
});
