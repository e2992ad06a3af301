import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startTestRedis, type TestRedis } from '../../lib/distributed/testing/redis-server';
import { cliArgs, REPO_ROOT } from '../../lib/testing/entries';
import { startProcess } from '../../lib/testing/processes';
import { waitUntil } from '../../lib/testing/wait-until';
import { RedisDistributed } from '../distributed';

/**
 * For the dashboard's distributed tests: a real redis-server on a free port and one real `picard worker` (the
 * compiled CLI, 4 slots) for the whole test file, started before its tests and stopped after them with every child
 * and connection the tests made.
 */
export function useRedisWithWorker(workerName: string) {
  let redis: TestRedis | undefined;
  const children: ChildProcess[] = [];
  const closers: Array<() => Promise<void>> = [];

  /** A child with its output (stdout and stderr together), without the developer's own PICARD_REDIS_URL. */
  function spawnLogged(args: string[]): { child: ChildProcess; out: () => string } {
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
    delete env.PICARD_REDIS_URL;
    const p = startProcess(args, { cwd: REPO_ROOT, env, children });
    return { child: p.child, out: p.all };
  }

  beforeAll(async () => {
    redis = await startTestRedis();
    const w = spawnLogged(cliArgs(['worker', '--redis', redis.url, '--name', workerName, '--concurrency', '4']));
    await waitUntil(() => w.out().includes('waiting for items'), 'the worker to start', 30_000);
  }, 40_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const close of closers) await close();
    await redis?.stop();
  });

  return {
    redis: () => redis!,
    spawnLogged,
    /** The dashboard's Redis connection for a manager, closed after the file's tests. */
    distributed(): RedisDistributed {
      const d = new RedisDistributed(redis!.url);
      closers.push(() => d.close());
      return d;
    },
  };
}

/** The item keys (`q{X}_s{Y}`) of a JSONL result file's lines, in order; none when it does not exist. */
export const itemKeysOf = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
        const r = JSON.parse(l) as { question_id: unknown; sample_number: unknown };
        return `q${r.question_id}_s${r.sample_number}`;
      })
    : [];
