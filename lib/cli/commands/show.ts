/** `picard show <run-dir>`: prints a scores.json like the reference's `visualize_cli_score.py`. */
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderScores } from '../../reports/show';
import { runFiles } from '../../results/run-files';

export interface ShowFlags {
  failuresOnly?: boolean;
  color?: boolean;
}

/** Renders `<run-dir>/scores.json` (or a scores file given directly). Throws a located error if unreadable. */
export function runShow(target: string, flags: ShowFlags, isTty: boolean): string {
  const p = resolve(target);
  const file = existsSync(p) && statSync(p).isDirectory() ? join(p, runFiles.scores) : p;
  if (!existsSync(file)) throw new Error(`Error: File '${file}' not found. Run \`picard score ${target}\` first.`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`Error reading file '${file}': ${(e as Error).message}`, { cause: e });
  }
  try {
    // commander's --no-color sets color=false; colour only on a TTY, as in the reference.
    return renderScores(text, { failuresOnly: flags.failuresOnly, color: flags.color !== false && isTty });
  } catch (e) {
    throw new Error(`Error: Invalid JSON in '${file}': ${(e as Error).message}`, { cause: e });
  }
}

export function register(program: Command): void {
  program
    .command('show')
    .description('Print a run’s scores (summary, by scoring type, every item)')
    .argument('<run-dir>', 'result folder (or a scores.json file)')
    .option('-f, --failures-only', 'show only incorrect items')
    .option('--no-color', 'disable colour')
    .action((target: string, flags: ShowFlags) => {
      process.stdout.write(runShow(target, flags, process.stdout.isTTY === true));
    });
}
