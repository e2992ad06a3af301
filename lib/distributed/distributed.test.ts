import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../agents/testing/fake-openai-server';
import { connectQueueExecutor } from './queue-executor';
import { startTestRedis, type TestRedis } from './testing/redis-server';
import { waitUntil } from '../testing/wait-until';
import { startProcess, type TestProcess } from '../testing/processes';

/**
 * Distributed runs end to end: a real `redis-server` (started here, random port, no persistence), real
 * `picard worker` processes and a real coordinator (`picard run --redis`), killed with SIGKILL at chosen moments.
 */
const root = resolve(__dirname, '../..');
const cli = join(root, 'lib/cli/main.ts');
const suite = join(root, 'lib/suites/quickstart.yaml');
const ITEMS = 18;

let redis: TestRedis;
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await redis?.stop();
});

const baseEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.PICARD_REDIS_URL;
  return env;
};

function picard(args: string[], env: NodeJS.ProcessEnv = baseEnv()) {
  return spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
}

/** Like `picard` without blocking this process (the fake model server here must keep answering). */
async function picardAsync(args: string[], env: NodeJS.ProcessEnv = baseEnv()) {
  const p = start(args, env);
  const status = await p.exit;
  return { status, stdout: p.out(), stderr: p.err() };
}

type Proc = TestProcess;

function start(args: string[], env: NodeJS.ProcessEnv = baseEnv()): Proc {
  return startProcess(['--import', 'tsx', cli, ...args], { cwd: root, env, children });
}


async function startWorker(name: string, extra: string[] = [], env: NodeJS.ProcessEnv = baseEnv()): Promise<Proc> {
  const w = start(['worker', '--redis', redis.url, '--name', name, ...extra], env);
  await waitUntil(() => w.err().includes('waiting for items'), `worker ${name} to start`, 30_000);
  return w;
}

async function stopWorker(w: Proc): Promise<number | null> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return w.child.exitCode;
  w.child.kill('SIGTERM');
  return w.exit;
}

function jsonLines(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}
const keyOf = (l: Record<string, unknown>) => `q${l.question_id}_s${l.sample_number}`;
const verdicts = (dir: string) => Object.fromEntries(jsonLines(join(dir, 'scores.progress.jsonl')).map((l) => [keyOf(l), l.correct]));
const responseKeys = (dir: string) => jsonLines(join(dir, 'responses.jsonl')).map(keyOf);
const runDirIn = (base: string) => {
  if (!existsSync(base)) return null;
  const d = readdirSync(base).filter((n) => !n.startsWith('.'))[0];
  return d ? join(base, d) : null;
};
const responsesIn = (base: string) => {
  const d = runDirIn(base);
  return d ? responseKeys(d).length : 0;
};

/** Every item exactly once in every file that lists items. */
function expectExactlyOnce(dir: string): void {
  const keys = responseKeys(dir);
  expect(keys).toHaveLength(ITEMS);
  expect(new Set(keys).size).toBe(ITEMS);
  const scored = jsonLines(join(dir, 'scores.progress.jsonl')).map(keyOf);
  expect(scored).toHaveLength(ITEMS);
  expect(new Set(scored).size).toBe(ITEMS);
  expect(readdirSync(join(dir, 'conversations')).filter((f) => f.endsWith('.json'))).toHaveLength(ITEMS);
  expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('completed');
}

/** No run left in Redis: the run list, specs, results streams and the item queue are gone. */
function expectRedisClean(): void {
  expect(redis.cli('hlen', 'picard:runs')).toBe('0');
  expect(redis.cli('--scan', '--pattern', 'picard:spec:*')).toBe('');
  expect(redis.cli('--scan', '--pattern', 'picard:results:*')).toBe('');
  expect(redis.cli('--scan', '--pattern', 'picard-bull:*:wait')).toBe('');
}

const cleanVerdicts = new Map<string, Record<string, unknown>>();
/** The verdicts of an in-process run with the same settings (the reference for every distributed run). */
function inProcessVerdicts(seed: number): Record<string, unknown> {
  const hit = cleanVerdicts.get(String(seed));
  if (hit) return hit;
  const base = mkdtempSync(join(tmpdir(), 'picard-dist-clean-'));
  const r = picard(['run', '-d', suite, '--seed', String(seed), '--accuracy', '0.6', '--think-ms', '0', '--results-dir', base, '-q', '--no-index']);
  expect(r.status).toBe(0);
  const v = verdicts(r.stdout.trim().split('\n').at(-1)!);
  cleanVerdicts.set(String(seed), v);
  return v;
}

describe('picard run --redis / picard worker (real Redis, real processes)', () => {
  it('an unreachable Redis is a clear error within seconds, before any folder is made', () => {
    const base = mkdtempSync(join(tmpdir(), 'picard-dist-noredis-'));
    const t0 = Date.now();
    const r = picard(['run', '-d', suite, '--redis', 'redis://127.0.0.1:1', '--results-dir', base]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(readdirSync(base)).toEqual([]);
    const w = picard(['worker', '--redis', 'redis://127.0.0.1:1']);
    expect(w.status).not.toBe(0);
    expect(w.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(Date.now() - t0).toBeLessThan(25_000);
  }, 60_000);

  it('a worker stops on SIGTERM (exit 0) even when Redis has gone away', async () => {
    const own = await startTestRedis();
    const w = start(['worker', '--redis', own.url, '--name', 'orphan', '--lock-seconds', '2']);
    await waitUntil(() => w.err().includes('waiting for items'), 'the worker to start', 30_000);
    await own.stop();
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 60_000);

  it('warns when Redis may evict keys (maxmemory-policy is not noeviction)', async () => {
    const ok = await connectQueueExecutor({ url: redis.url });
    expect(ok.warnings).toEqual([]);
    await ok.close();
    redis.cli('config', 'set', 'maxmemory-policy', 'allkeys-lru');
    try {
      const bad = await connectQueueExecutor({ url: redis.url });
      expect(bad.warnings.join('\n')).toMatch(/maxmemory-policy is allkeys-lru, not noeviction/);
      await bad.close();
    } finally {
      redis.cli('config', 'set', 'maxmemory-policy', 'noeviction');
    }
  });

  it('two workers: the same verdicts as an in-process run, every item once, sandbox areas back in the folder', async () => {
    const expected = inProcessVerdicts(7);
    const a = await startWorker('wa', ['--concurrency', '2']);
    const b = await startWorker('wb', ['--concurrency', '2']);
    try {
      const base = mkdtempSync(join(tmpdir(), 'picard-dist-two-'));
      const r = picard(['run', '-d', suite, '--seed', '7', '--accuracy', '0.6', '--think-ms', '60', '--concurrency', '4', '--redis', redis.url, '--results-dir', base, '--no-index']);
      expect(r.status, r.stderr).toBe(0);
      const dir = r.stdout.trim().split('\n').at(-1)!;
      expectExactlyOnce(dir);
      expect(verdicts(dir)).toEqual(expected);
      // Who ran what is recorded; both workers took items.
      const workers = new Set(readdirSync(join(dir, 'conversations')).map((f) => JSON.parse(readFileSync(join(dir, 'conversations', f), 'utf8')).statistics.worker));
      expect(workers).toEqual(new Set(['wa', 'wb']));
      // The worker's sandbox paths became the folder's, and the agent's files are in the folder.
      const conv = JSON.parse(readFileSync(join(dir, 'conversations', 'q4_s1.json'), 'utf8'));
      expect(conv.initial_question).toContain(join(dir, 'sandbox', 'q4_s1'));
      expect(readFileSync(join(dir, 'run.json'), 'utf8')).not.toContain('picard-worker-');
      expect(existsSync(join(dir, 'sandbox', 'q4_s1', 'q4_s1', 'answer.txt'))).toBe(true);
      expect(readFileSync(join(dir, 'definitions.yaml'), 'utf8')).toBe(readFileSync(suite, 'utf8'));
      // The offline scorer, from the folder alone, agrees with the workers' scores.
      const live = JSON.parse(readFileSync(join(dir, 'scores.json'), 'utf8')).metadata.correct_answers;
      expect(picard(['score', dir]).status).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'scores.json'), 'utf8')).metadata.correct_answers).toBe(live);
      expectRedisClean();
    } finally {
      expect(await stopWorker(a)).toBe(0);
      expect(await stopWorker(b)).toBe(0);
    }
  }, 120_000);

  it('a worker killed with -9 mid-run: its items go to the other after the lock time, each once in the files', async () => {
    const expected = inProcessVerdicts(11);
    const a = await startWorker('ka', ['--concurrency', '2', '--lock-seconds', '2']);
    const b = await startWorker('kb', ['--concurrency', '2', '--lock-seconds', '2']);
    try {
      const base = mkdtempSync(join(tmpdir(), 'picard-dist-killw-'));
      const coord = start(['run', '-d', suite, '--seed', '11', '--accuracy', '0.6', '--think-ms', '400', '--concurrency', '4', '--redis', redis.url, '--results-dir', base, '--no-index']);
      await waitUntil(() => responsesIn(base) >= 2, 'the first results');
      a.child.kill('SIGKILL');
      expect(await coord.exit).toBe(0);
      const dir = coord.out().trim().split('\n').at(-1)!;
      expectExactlyOnce(dir);
      expect(verdicts(dir)).toEqual(expected);
      expectRedisClean();
    } finally {
      await stopWorker(b);
    }
  }, 120_000);

  it('the coordinator killed with -9: workers keep going, results wait in Redis, a resume drains them; late duplicates are dropped', async () => {
    const expected = inProcessVerdicts(11);
    const w = await startWorker('cw', ['--concurrency', '3']);
    try {
      const base = mkdtempSync(join(tmpdir(), 'picard-dist-killc-'));
      const coord = start(['run', '-d', suite, '--seed', '11', '--accuracy', '0.6', '--think-ms', '150', '--concurrency', '3', '--redis', redis.url, '--results-dir', base, '--no-index']);
      await waitUntil(() => responsesIn(base) >= 2, 'the first results');
      coord.child.kill('SIGKILL');
      await coord.exit;
      const dir = runDirIn(base)!;
      const before = responseKeys(dir).length;
      expect(before).toBeLessThan(ITEMS);
      // The worker finishes the run on its own: every missing result waits in the stream.
      const stream = () => redis.cli('--scan', '--pattern', 'picard:results:*');
      const waiting = () => (redis.cli('xrange', stream(), '-', '+').match(/"kind":"result"/g) ?? []).length;
      await waitUntil(() => before + waiting() >= ITEMS, 'the worker to finish every item');
      // Deliver two results twice (as a redelivered job would): the second copies must be dropped.
      const key = stream();
      const xadd = (m: string) => spawnSync('redis-cli', ['-p', String(redis.port), '-x', 'xadd', key, '*', 'm'], { input: m, encoding: 'utf8' });
      const results = spawnSync('redis-cli', ['-p', String(redis.port), '--raw', 'xrange', key, '-', '+'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.startsWith('{"kind":"result"'));
      expect(results.length).toBe(ITEMS - before);
      for (const m of results.slice(0, 2)) xadd(m);

      const r = picard(['run', '--resume', dir, '--redis', redis.url, '--no-index']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('2 late duplicate result(s) dropped');
      expectExactlyOnce(dir);
      expect(verdicts(dir)).toEqual(expected);
      expectRedisClean();

      // Across coordinator restarts too: results for items already in the files are dropped, the files unchanged.
      const files = readFileSync(join(dir, 'responses.jsonl'), 'utf8');
      for (const m of results) xadd(m);
      const again = picard(['run', '--resume', dir, '--redis', redis.url, '--no-index']);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).toContain(`${results.length} late duplicate result(s) dropped`);
      expect(readFileSync(join(dir, 'responses.jsonl'), 'utf8')).toBe(files);
      expectRedisClean();
    } finally {
      await stopWorker(w);
    }
  }, 120_000);

  it('Ctrl-C on the coordinator removes the waiting items and aborts the running ones; a resume finishes', async () => {
    const w = await startWorker('iw', ['--concurrency', '2']);
    try {
      const base = mkdtempSync(join(tmpdir(), 'picard-dist-int-'));
      const coord = start(['run', '-d', suite, '--seed', '3', '--think-ms', '500', '--concurrency', '2', '--redis', redis.url, '--results-dir', base, '--no-index']);
      await waitUntil(() => responsesIn(base) >= 2, 'the first results');
      coord.child.kill('SIGINT');
      expect(await coord.exit).toBe(130);
      const dir = coord.out().trim().split('\n').at(-1)!;
      expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('interrupted');
      expect(responseKeys(dir).length).toBeLessThan(ITEMS);
      expectRedisClean();
      await waitUntil(() => w.err().includes('left run'), 'the worker to drop the run', 10_000);
      // Nothing more arrives for the cancelled run.
      const n = responseKeys(dir).length;
      await new Promise((r) => setTimeout(r, 800));
      expect(responseKeys(dir).length).toBe(n);
      const r = picard(['run', '--resume', dir, '--redis', redis.url, '--no-index', '-q']);
      expect(r.status, r.stderr).toBe(0);
      expectExactlyOnce(dir);
    } finally {
      await stopWorker(w);
    }
  }, 120_000);

  describe('with an OpenAI-compatible model', () => {
    let fake: FakeOpenAIServer;
    beforeAll(async () => {
      fake = await startFakeOpenAIServer({ apiKey: 'sk-dist-right-4242', respond: () => ({ content: 'I do not know.' }) });
    });
    afterAll(async () => fake?.close());
    const openaiArgs = () => ['-d', suite, '--agent', 'openai', '--base-url', fake.url, '--model', 'fake-model', '--api-key-env', 'PICARD_DIST_KEY', '--retries', '0', '--redis', redis.url, '--no-index'];

    it('keys come only from each worker\'s environment: never through Redis or into the files', async () => {
      const monitor = spawn('redis-cli', ['-p', String(redis.port), 'monitor'], { stdio: ['ignore', 'pipe', 'ignore'] });
      children.push(monitor);
      let seen = '';
      monitor.stdout!.on('data', (d: Buffer) => (seen += d.toString()));
      await waitUntil(() => seen.includes('OK'), 'MONITOR');
      const keyless = await startWorker('nokey');
      const w = await startWorker('withkey', [], { ...baseEnv(), PICARD_DIST_KEY: 'sk-dist-right-4242' });
      try {
        const base = mkdtempSync(join(tmpdir(), 'picard-dist-key-'));
        const r = await picardAsync(['run', ...openaiArgs(), '--results-dir', base]);
        expect(r.status, r.stderr).toBe(0);
        const dir = r.stdout.trim().split('\n').at(-1)!;
        expectExactlyOnce(dir);
        expect(keyless.err()).toContain("PICARD_DIST_KEY is not set in this worker's environment");
        expect(seen).toContain('picard:spec:'); // the monitor saw the run go by …
        expect(seen).not.toContain('sk-dist-right-4242'); // … and never the key
        const grep = spawnSync('grep', ['-r', '-l', 'sk-dist-right-4242', dir], { encoding: 'utf8' });
        expect(grep.stdout).toBe('');
      } finally {
        monitor.kill('SIGKILL');
        await stopWorker(keyless);
        await stopWorker(w);
      }
    }, 120_000);

    it('a 429 with Retry-After holds the whole run\'s queue (every worker), not just the item that met it', async () => {
      const firstSeen = new Map<string, number>();
      let limitedAt = 0;
      const slow = await startFakeOpenAIServer({
        chunkDelayMs: 25,
        respond: (req) => {
          if (!firstSeen.has(req.question)) firstSeen.set(req.question, performance.now());
          if (limitedAt === 0 && firstSeen.size === 4) {
            limitedAt = performance.now();
            return { content: 'I do not know.', faults: [{ fault: 'rate-limit', retryAfter: '2' }] };
          }
          return { content: 'I do not know.' };
        },
      });
      const env = { ...baseEnv(), PICARD_DIST_KEY: 'sk-any' };
      const a = await startWorker('ra', ['--concurrency', '1'], env);
      const b = await startWorker('rb', ['--concurrency', '1'], env);
      try {
        const base = mkdtempSync(join(tmpdir(), 'picard-dist-429-'));
        const args = ['run', '-d', suite, '--agent', 'openai', '--base-url', slow.url, '--model', 'fake-model', '--api-key-env', 'PICARD_DIST_KEY', '--retries', '2', '--delay', '0.1', '--concurrency', '2', '--redis', redis.url, '--no-index', '--results-dir', base];
        const r = await picardAsync(args);
        expect(r.status, r.stderr).toBe(0);
        expect(limitedAt).toBeGreaterThan(0);
        // While the queue is held, the other worker finishes what it has but takes nothing new.
        const startedWhileHeld = [...firstSeen.values()].filter((t) => t > limitedAt + 400 && t < limitedAt + 1700);
        expect(startedWhileHeld).toEqual([]);
        expectExactlyOnce(runDirIn(base)!);
      } finally {
        await stopWorker(a);
        await stopWorker(b);
        await slow.close();
      }
    }, 120_000);

    it('a run-fatal failure on a worker (a refused key) stops the whole run on every worker', async () => {
      const env = { ...baseEnv(), PICARD_DIST_KEY: 'sk-dist-wrong' };
      const a = await startWorker('fa', ['--concurrency', '2'], env);
      const b = await startWorker('fb', ['--concurrency', '2'], env);
      try {
        const base = mkdtempSync(join(tmpdir(), 'picard-dist-fatal-'));
        const r = await picardAsync(['run', ...openaiArgs(), '--concurrency', '4', '--results-dir', base]);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain('refused the API key in $PICARD_DIST_KEY (401');
        expect(r.stderr).toContain(`picard run --resume ${runDirIn(base)} --redis ${redis.url}`);
        const dir = r.stdout.trim().split('\n').at(-1)!;
        expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('failed');
        expect(responseKeys(dir)).toHaveLength(0); // not written as errored: a resume after the fix runs them
        // Every worker that served the run has dropped it (one may not have seen it at all: it ended that fast).
        const runId = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).test_id as string;
        const dropped = (w: Proc) => w.err().split(`serving run ${runId}`).length === w.err().split(`left run ${runId}`).length;
        await waitUntil(() => dropped(a) && dropped(b), 'both workers to drop the run', 10_000);
        expect(a.err().includes(`serving run ${runId}`) || b.err().includes(`serving run ${runId}`)).toBe(true);
        expectRedisClean();
      } finally {
        await stopWorker(a);
        await stopWorker(b);
      }
    }, 120_000);
  });
});
