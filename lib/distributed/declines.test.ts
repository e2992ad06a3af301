import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../runner/start-run';
import { findBundledSuite } from '../suites';
import { cliArgs, REPO_ROOT } from '../testing/entries';
import { startProcess, type TestProcess } from '../testing/processes';
import { waitUntil } from '../testing/wait-until';
import { listWorkers } from './heartbeats';
import { redisKeys } from './keys';
import { connectQueueExecutor } from './queue-executor';
import { RUN_SPEC_FORMAT } from './run-spec';
import { useTestRedis } from './testing/redis-client-fixture';

/**
 * A distributed run that no worker serves says why it waits: a real Redis, a real `picard worker` process that lacks
 * the run's API key, and one run whose specification another version of PICARD Live wrote.
 */
const children: ChildProcess[] = [];
const fx = useTestRedis(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function worker(name: string): TestProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.PICARD_REDIS_URL;
  delete env.PICARD_DECLINE_KEY;
  return startProcess(cliArgs(['worker', '--redis', fx.redis.url, '--name', name]), { cwd: REPO_ROOT, env, children });
}

describe('runs no worker serves', () => {
  it('the run log says that no worker is connected, then which worker declines the run and why', async () => {
    const executor = await connectQueueExecutor({ url: fx.redis.url, recoveryCheckMs: 300 });
    let w: TestProcess | undefined;
    try {
      const handle = await startRun({
        definitionsFile: findBundledSuite('quickstart')!.file,
        samples: 1,
        seed: 5,
        resultsDir: mkdtempSync(join(tmpdir(), 'picard-declines-')),
        agent: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKeyEnv: 'PICARD_DECLINE_KEY' },
        executor,
      });
      const log: string[] = [];
      handle.bus.subscribe((e) => {
        if (e.type === 'run-log') log.push(e.message);
      });
      await waitUntil(() => log.some((m) => m.startsWith('No worker is connected to Redis')), 'the no-worker warning', 20_000);

      w = worker('nokey');
      const declined = `Worker nokey (`;
      await waitUntil(() => log.some((m) => m.startsWith(declined)), 'the decline to reach the run log', 60_000);
      expect(log.find((m) => m.startsWith(declined))).toMatch(/^Worker nokey \(.+\) does not serve this run: PICARD_DECLINE_KEY is not set in this worker's environment$/);
      await waitUntil(() => log.includes('None of the 1 connected worker(s) serves this run: the items wait until one that can joins'), 'the none-serves warning', 20_000);
      expect(w.err()).toContain(`not serving run ${handle.runId}: PICARD_DECLINE_KEY is not set in this worker's environment`);
      // Each is said once, however long the run waits.
      await new Promise((r) => setTimeout(r, 1000));
      expect(log.filter((m) => m.startsWith(declined))).toHaveLength(1);
      expect(log.filter((m) => m.startsWith('No worker is connected'))).toHaveLength(1);

      handle.cancel('test over');
      expect((await handle.done).status).toBe('cancelled');
    } finally {
      w?.child.kill('SIGTERM');
      await w?.exit;
      await executor.close();
    }
  }, 120_000);

  it('a worker refuses a run whose specification another version wrote, and says why on its heartbeat', async () => {
    const queue = 'run-old_20250101_000000-0badc0de';
    await fx.client.set(redisKeys.spec(queue), JSON.stringify({ format: 'picard-run-spec/1', runId: 'old_20250101_000000' }));
    await fx.client.hset(redisKeys.runs, queue, JSON.stringify({ runId: 'old_20250101_000000', state: 'running', coordinator: { host: 'h', pid: 1 }, updatedAt: new Date().toISOString() }));
    const w = worker('newer');
    try {
      await waitUntil(async () => (await listWorkers(fx.client)).some((s) => s.name === 'newer' && (s.declined ?? []).length > 0), 'the heartbeat to list the declined run', 60_000);
      const status = (await listWorkers(fx.client)).find((s) => s.name === 'newer')!;
      expect(status.declined).toEqual([
        {
          queue,
          runId: 'old_20250101_000000',
          reason: `run ${queue} comes from another version of PICARD Live (its specification has 'picard-run-spec/1', this worker reads '${RUN_SPEC_FORMAT}'): run the coordinator and the workers from the same version`,
        },
      ]);
      // Once the run is gone from Redis, the worker forgets it.
      await fx.client.multi().hdel(redisKeys.runs, queue).del(redisKeys.spec(queue)).exec();
      await waitUntil(async () => ((await listWorkers(fx.client)).find((s) => s.name === 'newer')?.declined ?? ['x']).length === 0, 'the decline to be dropped', 30_000);
    } finally {
      w.child.kill('SIGTERM');
      await w.exit;
    }
  }, 120_000);
});
