/** `picard sweep <experiment.yaml>`: every configuration of an experiment on the same instances, side by side. */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import type { SweepHandle } from '../../experiments/sweep';
import { experimentFiles } from '../../results/run-files';
import { defaultResultsDir } from '../args';
import { indexOpener } from '../results-index';
import { untilDone } from '../until-done';
import { followSweepProgress } from '../sweep-progress';
import { redisUrlFrom } from './run';

interface SweepFlags {
  resultsDir?: string;
  resume?: string;
  retryErrors?: boolean;
  quiet?: boolean;
  index?: boolean;
  redis?: string;
}

export function register(program: Command): void {
  program
    .command('sweep')
    .description('Run every model of an experiment file on the same generated instances, side by side; write a leaderboard and paired significance tests')
    .argument('[experiment]', 'experiment YAML file (see docs/experiments.md)')
    .option('--results-dir <dir>', 'parent folder for the experiment folder (default $PICARD_RESULTS_DIR or ./results)')
    .option('--resume <experiment-dir>', 'continue every unfinished configuration of an experiment folder')
    .option('--retry-errors', 'with --resume: re-run errored items too')
    .option('-q, --quiet', 'print only failures and the experiment folder')
    .option('--no-index', 'do not update the results index as items land')
    .option('--redis <url>', 'distributed: every configuration\'s items go to `picard worker` processes through Redis (default $PICARD_REDIS_URL); this process coordinates and writes the files')
    .action(async (file: string | undefined, flags: SweepFlags) => {
      if (!file && !flags.resume) throw new Error('picard sweep needs an experiment file (or --resume <experiment-dir>)');
      if (file && flags.resume) throw new Error('give either an experiment file or --resume <experiment-dir>, not both');
      // Loaded here, not at the top: `picard --help` and the other commands start without the runner (see commands/index.ts).
      const [{ resumeSweep, startSweep }, { loadExperimentFile }] = await Promise.all([import('../../experiments/sweep'), import('../../experiments/experiment-file')]);
      const resultsDir = flags.resume ? dirname(resolve(flags.resume)) : resolve(flags.resultsDir ?? defaultResultsDir());
      // A bad experiment file is refused before anything (the results index included) is created.
      const spec = file ? loadExperimentFile(resolve(file)) : null;
      const redisUrl = redisUrlFrom(flags.redis);
      // Before anything is written: an unreachable Redis is an error within seconds. One executor for every
      // configuration (one queue per configuration's run, so each keeps its own concurrency and 429 pauses).
      const distributed = redisUrl ? await Promise.all([import('../../distributed/queue-executor'), import('../../distributed/redis')]) : undefined;
      const executor = distributed ? await distributed[0].connectQueueExecutor({ url: redisUrl! }) : undefined;
      try {
        const opener = await indexOpener(resultsDir);
        const index = flags.index === false ? undefined : opener.open();
        try {
          const handle = flags.resume
            ? await resumeSweep(resolve(flags.resume), { index, retryErrors: flags.retryErrors, executor })
            : await startSweep({ experiment: spec!, experimentFile: spec!.file, resultsDir, index, executor });
          await followSweep(handle, flags.quiet, distributed ? ` --redis ${distributed[1].redactRedisUrl(redisUrl!)}` : '');
        } finally {
          opener.close();
        }
      } finally {
        await executor?.close();
      }
    });
}

const pct = (x: number | null) => (x === null ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

/** Progress, Ctrl-C → clean interrupt of every configuration, the leaderboard, the folder last, the exit code. */
async function followSweep(handle: SweepHandle, quiet = false, resumeFlags = ''): Promise<void> {
  const stop = followSweepProgress(handle, process.stderr, { quiet });
  const result = await untilDone(handle, 'Interrupting every configuration');
  stop();
  if (!quiet) {
    const width = Math.max(5, ...result.standings.leaderboard.map((r) => r.label.length));
    process.stderr.write(`\n${'label'.padEnd(width)}  accuracy  wilson95        answered  status\n`);
    for (const r of result.standings.leaderboard) {
      process.stderr.write(`${r.label.padEnd(width)}  ${pct(r.accuracy)}    [${pct(r.wilsonLow)}, ${pct(r.wilsonHigh)}]  ${String(r.answered).padStart(4)}/${r.items}  ${r.status}\n`);
    }
    process.stderr.write(`Wrote ${experimentFiles.leaderboard} and ${experimentFiles.pairwise}\n`);
  }
  if (result.error) process.stderr.write(`${result.error}\n`);
  if (result.failed.length > 0) {
    // Loud even with --quiet: which configurations did not complete, why, and how to go on.
    for (const f of result.failed) process.stderr.write(`Configuration ${f.label} ${f.status}${f.error ? `: ${f.error}` : ''}\n`);
    process.stderr.write(`Sweep ${result.status}: ${result.failed.map((f) => f.label).join(', ')} did not complete. Continue after the fix: picard sweep --resume ${result.dir}${resumeFlags}\n`);
  }
  process.stdout.write(`${result.dir}\n`);
  process.exitCode = result.status === 'completed' && !result.error ? 0 : result.status === 'interrupted' || result.status === 'cancelled' ? 130 : 1;
}
