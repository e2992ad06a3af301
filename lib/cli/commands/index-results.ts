/** `picard index [--rebuild] [results-dir]`: brings a results folder's index up to date (or rebuilds it) from the files. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CatchUpResultsSummary } from '../../index/catch-up-results';
import { defaultResultsDir } from '../args';

export interface IndexFlags {
  rebuild?: boolean;
  conversations?: boolean;
}

export async function runIndex(resultsDir: string, flags: IndexFlags, out: (s: string) => void): Promise<CatchUpResultsSummary> {
  // Loaded here, not at the top: `picard --help` and the other commands start without SQLite (see commands/index.ts).
  const [{ catchUpResults }, { openResultsIndex }] = await Promise.all([import('../../index/catch-up-results'), import('../../index/open')]);
  const started = performance.now();
  const index = openResultsIndex(resultsDir);
  try {
    const s = await catchUpResults(index, {
      rebuild: flags.rebuild,
      conversations: flags.conversations,
      onRun: (r) => {
        out(`${r.runId}: ${r.reread ? 'read again, ' : ''}${r.lines.precheck} precheck, ${r.lines.responses} response, ${r.lines.scores} score lines (${r.bytesRead} bytes)\n`);
        for (const p of r.problems) out(`  ${p}\n`);
      },
    });
    for (const f of s.failed) out(`not indexed: ${f}\n`);
    out(`Index ${index.file}: ${s.runs} runs, ${s.updated.length} updated, ${s.removed.length} removed, ${s.failed.length} unreadable (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    if (s.failed.length > 0) process.exitCode = 1;
    return s;
  } finally {
    index.close();
  }
}

export function register(program: Command): void {
  program
    .command('index')
    .description('Bring the results index (<results-dir>/.picard/index.sqlite) up to date from the result folders')
    .argument('[results-dir]', 'results folder (default $PICARD_RESULTS_DIR or ./results)')
    .option('--rebuild', 'forget the index and read every run folder again')
    .option('--no-conversations', 'do not read conversations/*.json of folders without picard_live statistics (their rounds, tool calls, tokens and durations stay empty)')
    .action(async (dir: string | undefined, flags: IndexFlags) => {
      await runIndex(resolve(dir ?? defaultResultsDir()), flags, (s) => process.stdout.write(s));
    });
}
