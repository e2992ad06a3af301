import type { Command } from 'commander';
import { intArg, numArg } from '../args';
import { redisUrlFrom } from './run';

interface WorkerFlags {
  redis?: string;
  concurrency?: number;
  name?: string;
  lockSeconds?: number;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('Serve distributed runs: take items from Redis, run the agent, score, send the results back to the coordinator')
    .option('--redis <url>', 'Redis URL, e.g. redis://10.0.0.5:6379 (default $PICARD_REDIS_URL)')
    .option('--concurrency <n>', 'items this worker runs at once (default 4)', intArg)
    .option('--name <name>', 'worker name shown in progress and on /workers (default <host>-<pid>)')
    .option('--lock-seconds <s>', 'how long before a silent worker\'s items are given to another (default 30)', numArg)
    .action(async (flags: WorkerFlags) => {
      const url = redisUrlFrom(flags.redis);
      if (!url) throw new Error('--redis <url> is required (or set PICARD_REDIS_URL)');
      // Loaded here, not at the top: `picard --help` and the other commands start without BullMQ (see commands/index.ts).
      const [{ redactRedisUrl }, { startWorker }] = await Promise.all([import('../../distributed/redis'), import('../../distributed/worker')]);
      const worker = await startWorker({ redisUrl: url, concurrency: flags.concurrency, name: flags.name, lockSeconds: flags.lockSeconds });
      const st = worker.status();
      process.stderr.write(`picard worker ${worker.name}: ${st.slots} slot(s), waiting for items at ${redactRedisUrl(url)} (SIGTERM or Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        let signals = 0;
        const onSignal = () => {
          signals += 1;
          if (signals === 1) process.stderr.write(`picard worker ${worker.name}: finishing the items it holds (again to hand them back now)…\n`);
          // The first signal lets running items finish within the lock time; a second hands them back at once.
          void worker.close(signals === 1 ? undefined : 0).then(resolve);
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
      });
      process.stderr.write(`picard worker ${worker.name}: stopped after ${worker.status().done} item(s)\n`);
    });
}
