import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import type { RunHandle, RunOptions } from '../../runner/types';
import { addAgentOptions, agentConfigFromFlags } from '../agent-flags';
import { indexOpener } from '../results-index';
import { untilDone } from '../until-done';
import { createProgressPrinter } from '../progress';
import { defaultResultsDir, intArg, numArg } from '../args';

/** The run command's own flags; the agent's flags (declared by the agent registry) come in as `AgentFlags`. */
interface RunFlags {
  definitions?: string;
  label?: string;
  agent: string;
  seed?: number;
  samples?: number;
  resultsDir?: string;
  retries?: number;
  delay?: number;
  concurrency?: number;
  maxErrors?: number;
  failFast?: boolean;
  resume?: string;
  retryErrors?: boolean;
  entityPool?: string;
  quiet?: boolean;
  index?: boolean;
  redis?: string;
}

type AgentFlags = Record<string, unknown>;

export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('Generate instances from a definitions file, run them on an agent, write and score every result as it completes')
    .option('-d, --definitions <file>', 'YAML test definitions')
    .option('-l, --label <label>', 'result folder label (sanitised like the reference)');
  addAgentOptions(cmd)
    .option('--seed <n>', 'random seed (a fresh one is drawn and recorded when omitted)', intArg)
    .option('--samples <n>', 'override every test\'s samples', intArg)
    .option('--results-dir <dir>', 'parent folder for result folders (default $PICARD_RESULTS_DIR or ./results)')
    .option('-r, --retries <n>', 'retries after the first attempt (default 5)', intArg)
    .option('--delay <seconds>', 'base retry delay, doubled per attempt with jitter (default 1)', numArg)
    .option('--concurrency <n>', 'items in flight (lowered automatically on 429s)', intArg)
    .option('--max-errors <n>', 'stop the run after this many errored items', intArg)
    .option('--fail-fast', 'stop at the first errored item (the reference\'s behaviour)')
    .option('--resume <run-dir>', 'continue an interrupted or cancelled run')
    .option('--retry-errors', 'with --resume: re-run only the errored items')
    .option('--entity-pool <file>', 'entity pool word file (default: the bundled pool)')
    .option('-q, --quiet', 'print only the result folder')
    .option('--no-index', 'do not update the results index (<results-dir>/.picard/index.sqlite) as items land')
    .option('--redis <url>', 'distributed: hand the items to `picard worker` processes through Redis (default $PICARD_REDIS_URL); this process coordinates and writes the files')
    .action(async (flags: RunFlags & AgentFlags) => {
      // Loaded here, not at the top: `picard --help` and the other commands start without the runner (see commands/index.ts).
      const [{ resumeRun }, { startRun }] = await Promise.all([import('../../runner/resume-run'), import('../../runner/start-run')]);
      const resultsDir = flags.resume ? dirname(resolve(flags.resume)) : resolve(flags.resultsDir ?? defaultResultsDir());
      const redisUrl = redisUrlFrom(flags.redis);
      // Before anything is written: an unreachable Redis is an error within seconds.
      const distributed = redisUrl ? await Promise.all([import('../../distributed/queue-executor'), import('../../distributed/redis')]) : undefined;
      const executor = distributed ? await distributed[0].connectQueueExecutor({ url: redisUrl! }) : undefined;
      // Opened when the run starts, so refused definitions leave nothing behind in the results folder.
      const opener = await indexOpener(resultsDir);
      const openIndex = flags.index === false ? undefined : opener.open;
      try {
        const handle = flags.resume
          ? await resumeRun(resolve(flags.resume), { retryErrors: flags.retryErrors, concurrency: flags.concurrency, index: openIndex, executor })
          : await startRun({ ...(await toRunOptions(flags)), index: openIndex, executor });
        await followRun(handle, flags.quiet, distributed ? ` --redis ${distributed[1].redactRedisUrl(redisUrl!)}` : '');
      } finally {
        opener.close();
        await executor?.close();
      }
    });
}

export async function toRunOptions(f: RunFlags & AgentFlags): Promise<RunOptions> {
  if (!f.definitions) throw new Error('--definitions <file.yaml> is required (or --resume <run-dir>)');
  return {
    definitionsFile: f.definitions,
    label: f.label,
    resultsDir: f.resultsDir ?? defaultResultsDir(),
    seed: f.seed,
    samples: f.samples,
    agent: await agentConfigFromFlags(f),
    concurrency: f.concurrency,
    retries: f.retries,
    delayS: f.delay,
    maxErrors: f.maxErrors,
    failFast: f.failFast,
    entityPoolFile: f.entityPool,
  };
}

/** `--redis <url>`, else `$PICARD_REDIS_URL`, else none (an in-process run). */
export function redisUrlFrom(flag: string | undefined): string | undefined {
  const url = flag ?? process.env.PICARD_REDIS_URL;
  return url && url.trim() !== '' ? url.trim() : undefined;
}

/** Prints progress, turns Ctrl-C into a clean interrupt, prints the folder last and sets the exit code. */
export async function followRun(handle: RunHandle, quiet = false, resumeFlags = ''): Promise<void> {
  handle.bus.subscribe(createProgressPrinter(process.stderr, { quiet }));
  const result = await untilDone(handle, 'Interrupting: abandoning in-flight items');
  if (result.status === 'failed') {
    // Loud even with --quiet: the reason says what to fix (a refused key, an unknown model, the error budget).
    if (quiet && result.error) process.stderr.write(`Run failed: ${result.error}\n`);
    process.stderr.write(`Continue it after the fix: picard run --resume ${result.dir}${resumeFlags}\n`);
  }
  process.stdout.write(`${result.dir}\n`);
  process.exitCode = result.status === 'completed' ? 0 : result.status === 'interrupted' || result.status === 'cancelled' ? 130 : 1;
}
