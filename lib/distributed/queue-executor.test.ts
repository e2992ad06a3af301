import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBundledSuite } from '../suites';
import { cliArgs, REPO_ROOT } from '../testing/entries';
import { resumeRun } from '../runner/resume-run';
import { connectQueueExecutor } from './queue-executor';
import { useTestRedis } from './testing/redis-client-fixture';
import { waitUntil } from '../testing/wait-until';

/**
 * The coordinator's batches (XREAD COUNT 1000, the next full batch read ahead, trimmed once on disk) against a
 * results stream made by a real `picard worker`: a batch partly made of results already in the files, and a
 * coordinator that died after writing a batch's files but before trimming it (so the stream delivers them again).
 */
const fx = useTestRedis();
const ITEMS = 6;

function picard(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.PICARD_REDIS_URL;
  const child = spawn(process.execPath, cliArgs(args), { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, err: () => err, exit: new Promise<void>((r) => child.once('exit', () => r())) };
}


const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
const keyOf = (line: string) => {
  const l = JSON.parse(line) as { question_id: number; sample_number: number };
  return `q${l.question_id}_s${l.sample_number}`;
};
const runDirIn = (base: string) => join(base, readdirSync(base).filter((n) => !n.startsWith('.'))[0]);

/** Nothing of the run is left in Redis. */
async function expectRunGone(): Promise<void> {
  expect(await fx.client.hlen('picard:runs')).toBe(0);
  expect([...(await fx.client.keys('picard:spec:*')), ...(await fx.client.keys('picard:results:*'))]).toEqual([]);
}

/** Resumes `dir` in this process as a coordinator; returns its status and run log. */
async function drain(dir: string): Promise<{ status: string; log: string[] }> {
  const executor = await connectQueueExecutor({ url: fx.redis.url, recoveryCheckMs: 60_000 });
  try {
    const handle = await resumeRun(dir, { executor });
    const log: string[] = [];
    handle.bus.subscribe((e) => {
      if (e.type === 'run-log') log.push(e.message);
    });
    const r = await handle.done;
    return { status: r.status, log };
  } finally {
    await executor.close();
  }
}

describe('the coordinator’s batches', () => {
  it('a batch partly already in the files, and one delivered again after a crash before its trim: every item once, duplicates counted', async () => {
    // Results made while no coordinator runs: it is killed once the items are queued, one worker does them all.
    const base = mkdtempSync(join(tmpdir(), 'picard-qexec-'));
    const coord = picard(['run', '-d', findBundledSuite('quickstart')!.file, '--samples', '1', '--seed', '4', '--think-ms', '0', '--redis', fx.redis.url, '--results-dir', base, '--no-index']);
    const waitKey = async () => (await fx.client.keys('picard-bull:*:wait'))[0];
    await waitUntil(async () => {
      const k = await waitKey();
      return k !== undefined && (await fx.client.llen(k)) === ITEMS;
    }, 'the items to be queued');
    coord.child.kill('SIGKILL');
    await coord.exit;
    const worker = picard(['worker', '--redis', fx.redis.url, '--name', 'batch-w']);
    const stream = async () => (await fx.client.keys('picard:results:*'))[0];
    const results = async () => {
      const key = await stream();
      return key ? (await fx.client.xrange(key, '-', '+')).filter(([, f]) => f[1].startsWith('{"kind":"result"')) : [];
    };
    await waitUntil(async () => (await results()).length >= ITEMS, 'the worker’s results', 90_000);
    worker.child.kill('SIGTERM');
    await worker.exit;
    const key = (await stream())!;
    const entries = await fx.client.xrange(key, '-', '+');
    const dir = runDirIn(base);

    // The same folder before any result is written, for the crash below.
    const crashed = join(mkdtempSync(join(tmpdir(), 'picard-qexec-crash-')), 'run');
    cpSync(dir, crashed, { recursive: true });

    // 1. One batch: every result, then the first two again (a job that ran twice).
    const again = (await results()).slice(0, 2);
    for (const [, f] of again) await fx.client.xadd(key, '*', ...f);
    const first = await drain(dir);
    expect(first.status).toBe('completed');
    const responses = lines(join(dir, 'responses.jsonl'));
    expect(responses.map(keyOf).sort()).toEqual([...new Set(responses.map(keyOf))].sort());
    expect(responses).toHaveLength(ITEMS);
    expect(lines(join(dir, 'scores.progress.jsonl'))).toHaveLength(ITEMS);
    expect(first.log).toContain('2 late duplicate result(s) dropped: an item ran twice (a slow or killed worker), its first result was kept');
    await expectRunGone();

    // 2. A coordinator that wrote three items' files and died before trimming them: the stream still has them
    // (here many times over, so the drain takes several full batches, each next one read ahead).
    const onDisk = responses.slice(0, 3).map(keyOf);
    for (const file of ['responses.jsonl', 'scores.progress.jsonl']) {
      for (const l of lines(join(dir, file))) if (onDisk.includes(keyOf(l))) appendFileSync(join(crashed, file), `${l}\n`);
    }
    for (const k of onDisk) {
      cpSync(join(dir, 'conversations', `${k}.json`), join(crashed, 'conversations', `${k}.json`));
      cpSync(join(dir, 'sandbox', k), join(crashed, 'sandbox', k), { recursive: true });
    }
    const copies = 400;
    for (let i = 0; i < copies; i++) {
      const batch = fx.client.multi();
      for (const [, f] of entries) batch.xadd(key, '*', ...f);
      await batch.exec();
    }
    expect(await fx.client.xlen(key)).toBeGreaterThan(2000);
    const second = await drain(crashed);
    expect(second.status).toBe('completed');
    const again2 = lines(join(crashed, 'responses.jsonl'));
    expect(again2.map(keyOf).sort()).toEqual(responses.map(keyOf).sort());
    // The same files as the first folder, line for line and byte for byte.
    expect([...again2].sort()).toEqual([...responses].sort());
    // Score lines: the same but for when this coordinator announced them.
    const scores = (d: string) =>
      lines(join(d, 'scores.progress.jsonl'))
        .map((l) => l.replace(/"(started|finished)_at": "[^"]*"/g, ''))
        .sort();
    expect(scores(crashed)).toEqual(scores(dir));
    for (const f of readdirSync(join(dir, 'conversations'))) expect(readFileSync(join(crashed, 'conversations', f), 'utf8')).toBe(readFileSync(join(dir, 'conversations', f), 'utf8'));
    expect(second.log).toContain(`${copies * ITEMS - (ITEMS - onDisk.length)} late duplicate result(s) dropped: an item ran twice (a slow or killed worker), its first result was kept`);
    await expectRunGone();
  }, 180_000);
});
