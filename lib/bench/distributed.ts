import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectQueueExecutor } from '../distributed/queue-executor';
import { startTestRedis, type TestRedis } from '../distributed/testing/redis-server';
import { readJsonl } from '../results/jsonl-reader';
import { resumeRun } from '../runner/resume-run';
import { startRun } from '../runner/start-run';
import { findBundledSuite } from '../suites';
import { timeNode } from './process-timer';
import { cliArgs } from '../testing/entries';
import { waitUntil } from '../testing/wait-until';

type Figures = Record<string, number | string>;

const DRAIN_FLOOR = fileURLToPath(new URL('./floors/drain-stream.mjs', import.meta.url));

const suite = () => findBundledSuite('quickstart')!.file;

function spawnPicard(args: string[]): { child: ChildProcess; err: () => string; exit: Promise<void> } {
  // The compiled CLI (`npm run bench` compiles it first), as users run it.
  const child = spawn(process.execPath, cliArgs(args), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PICARD_REDIS_URL: '' } });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, err: () => err, exit: new Promise((r) => child.once('exit', () => r())) };
}

const until = (cond: () => boolean, ms = 120_000) => waitUntil(cond, 'the benchmark\'s condition', ms, 20);

async function workers(redis: TestRedis, n: number, slots: number): Promise<Array<ReturnType<typeof spawnPicard>>> {
  const ws = Array.from({ length: n }, (_, i) => spawnPicard(['worker', '--redis', redis.url, '--name', `bench-${i}`, '--concurrency', String(slots)]));
  await until(() => ws.every((w) => w.err().includes('waiting for items')));
  return ws;
}

async function stop(ws: Array<ReturnType<typeof spawnPicard>>): Promise<void> {
  for (const w of ws) w.child.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exit));
}

const verdictsOf = (dir: string) =>
  JSON.stringify(
    readJsonl<{ question_id: number; sample_number: number; correct: boolean }>(join(dir, 'scores.progress.jsonl'))
      .rows.map((s) => [`q${s.question_id}_s${s.sample_number}`, s.correct])
      .sort(),
  );

/**
 * A think-time-bound run (simulated agent, fixed think time) on 1 worker, then on 3 (same slots per worker);
 * each distributed run's verdicts are compared with an in-process run of the same seed.
 */
export async function distributedScaling(): Promise<Figures> {
  const redis = await startTestRedis();
  const results = mkdtempSync(join(tmpdir(), 'picard-bench-dist-'));
  const samples = 20;
  const slots = 4;
  const agent = { kind: 'simulated' as const, thinkMs: 200, accuracy: 0.7 };
  try {
    const local = await startRun({ definitionsFile: suite(), resultsDir: join(results, 'local'), seed: 5, samples, agent: { ...agent, thinkMs: 0 }, concurrency: 8, retries: 0 });
    await local.done;
    const expected = verdictsOf(local.dir);
    const executor = await connectQueueExecutor({ url: redis.url });
    const timeWith = async (n: number) => {
      const ws = await workers(redis, n, slots);
      try {
        const handle = await startRun({ definitionsFile: suite(), resultsDir: join(results, `w${n}`), seed: 5, samples, agent, concurrency: slots * 3, retries: 0, executor });
        let t0 = 0;
        handle.bus.subscribe((e) => {
          if (e.type === 'run-started') t0 = performance.now();
        });
        const r = await handle.done;
        const seconds = (performance.now() - t0) / 1000;
        return { seconds, same: verdictsOf(r.dir) === expected && r.status === 'completed' };
      } finally {
        await stop(ws);
      }
    };
    const one = await timeWith(1);
    const three = await timeWith(3);
    await executor.close();
    return { items: samples * 6, thinkMs: agent.thinkMs, slotsPerWorker: slots, oneWorkerS: one.seconds, threeWorkersS: three.seconds, ratio: three.seconds / one.seconds, sameVerdicts: String(one.same && three.same) };
  } finally {
    await redis.stop();
    rmSync(results, { recursive: true, force: true });
  }
}

/**
 * The coordinator's write rate: a run's results are produced while no coordinator is there (it is killed
 * once the items are queued), then a resume drains them all from Redis into the folder; items/s is measured
 * from the first item written to the last. Its floor, measured on the same entries just before:
 * lib/bench/floors/drain-stream.mjs, a bare script writing the same files.
 */
export async function distributedWriteRate(): Promise<Figures> {
  const redis = await startTestRedis();
  const results = mkdtempSync(join(tmpdir(), 'picard-bench-distw-'));
  const samples = 1667;
  const items = samples * 6;
  try {
    const coord = spawnPicard(['run', '-d', suite(), '--samples', String(samples), '--seed', '3', '--think-ms', '0', '--concurrency', '64', '--redis', redis.url, '--results-dir', results, '--no-index']);
    const queued = () => {
      const keys = redis.cli('--scan', '--pattern', 'picard-bull:*:wait');
      return keys ? Number(redis.cli('llen', keys.split('\n')[0])) : 0;
    };
    await until(() => queued() >= items);
    coord.child.kill('SIGKILL');
    await coord.exit;
    const t0 = performance.now();
    const ws = await workers(redis, 3, 16);
    const stream = () => redis.cli('--scan', '--pattern', 'picard:results:*').split('\n')[0];
    await until(() => Number(redis.cli('xlen', stream())) >= items * 2, 600_000);
    const produceS = (performance.now() - t0) / 1000;
    await stop(ws);
    // The floor reads the same entries and writes the same files (it leaves the stream as it is).
    const floorRun = await timeNode([DRAIN_FLOOR, '--redis', redis.url, '--stream', stream(), '--dir', join(results, '.floor')], { rss: false });
    const floor = JSON.parse(floorRun.stdout.trim().split('\n').at(-1)!) as { items: number; seconds: number; cpuSeconds: number };
    const dir = join(results, readdirSync(results).filter((n) => !n.startsWith('.'))[0]);
    const { written, status, seconds, cpuS } = await timedDrain(dir, redis.url, items);
    return {
      items,
      written,
      status,
      workersProduceS: produceS,
      drainS: seconds,
      itemsPerSecond: Math.round(written / seconds),
      coordinatorCpuS: cpuS,
      itemsPerCpuSecond: Math.round(written / cpuS),
      floorItemsPerSecond: Math.round(floor.items / floor.seconds),
      floorItemsPerCpuSecond: Math.round(floor.items / floor.cpuSeconds),
    };
  } finally {
    await redis.stop();
    rmSync(results, { recursive: true, force: true });
  }
}

/**
 * A resume of the run in `dir` as its coordinator, draining the results waiting in Redis: items written, the run's
 * status, seconds from the first item written to the last, and the CPU seconds this process spent meanwhile (the
 * figure that does not depend on the machine's load).
 */
async function timedDrain(dir: string, url: string, items: number): Promise<{ written: number; status: string; seconds: number; cpuS: number }> {
  const executor = await connectQueueExecutor({ url });
  const handle = await resumeRun(dir, { executor });
  let first = 0;
  let last = 0;
  let written = 0;
  let cpu0: NodeJS.CpuUsage | undefined;
  let cpu: NodeJS.CpuUsage | undefined;
  handle.bus.subscribe((e) => {
    if (e.type !== 'item-scored') return;
    if (first === 0) {
      first = performance.now();
      cpu0 = process.cpuUsage();
    }
    last = performance.now();
    written += 1;
    if (written === items) cpu = process.cpuUsage(cpu0);
  });
  const r = await handle.done;
  await executor.close();
  return { written, status: r.status, seconds: (last - first) / 1000, cpuS: cpu ? (cpu.user + cpu.system) / 1e6 : Number.NaN };
}
