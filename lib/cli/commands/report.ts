/** `picard report <results-root>`: consolidated CSVs like the reference's `process_results.py`. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { writeReport, type ReportResult } from '../../reports/consolidate';

/** Writes `<root>/consolidated_results/*.csv` and reports what was written to `out`/`err`. */
export function runReport(root: string, out: (s: string) => void, err: (s: string) => void): ReportResult {
  const res = writeReport(resolve(root));
  for (const w of res.warnings) err(`${w}\n`);
  out(`Runs: ${res.llms.join(', ')}\n`);
  for (const f of res.files) out(`Generated ${f}\n`);
  return res;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('Write consolidated CSVs (overall, by scoring type, by question, rounds) for every scored run in a folder')
    .argument('<results-root>', 'folder whose sub-folders are result folders with scores.json')
    .action((root: string) => {
      runReport(root, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
    });
}
