/** `picard compare <run-a> <run-b>`: paired comparison with McNemar's exact test. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { compareRuns, type CompareResult } from '../../reports/compare';
import { pyFixed } from '../../py';

function fmtP(p: number): string {
  return p < 0.0001 ? p.toExponential(2) : pyFixed(p, 4);
}

/** Human-readable comparison report. */
export function formatCompare(r: CompareResult): string[] {
  const o = r.overall;
  const lines = [
    `A: ${r.a.dir}  accuracy ${pyFixed(r.a.accuracy, 2)}% of ${r.a.scored} scored items`,
    `B: ${r.b.dir}  accuracy ${pyFixed(r.b.accuracy, 2)}% of ${r.b.scored} scored items`,
    `Same test instances (checked via ${r.basis}); ${o.paired} paired items${r.unpaired ? `, ${r.unpaired} scored in one run only (left out)` : ''}`,
    `Paired: A ${o.correctA}/${o.paired} correct, B ${o.correctB}/${o.paired} correct; right in A only ${o.onlyA}, in B only ${o.onlyB}`,
    `McNemar exact p-value (two-sided): ${fmtP(o.pValue)}`,
    '',
    'Per question (A correct / B correct / A only / B only / p):',
    ...r.byQuestion.map((q) => `  Q${q.question_id}: ${q.correctA}/${q.paired}  ${q.correctB}/${q.paired}  ${q.onlyA}  ${q.onlyB}  p=${fmtP(q.pValue)}`),
    '',
    `Items that differ (${r.differing.length}):`,
    ...r.differing.map((d) => `  Q${d.question_id}.${d.sample_number} (${d.scoring_type}): A ${d.a ? 'correct' : 'incorrect'}, B ${d.b ? 'correct' : 'incorrect'}`),
  ];
  return lines;
}

export async function runCompare(a: string, b: string, out: (s: string) => void): Promise<CompareResult> {
  const r = await compareRuns(resolve(a), resolve(b));
  for (const l of formatCompare(r)) out(`${l}\n`);
  return r;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description('Compare two runs of the same test instances item by item (McNemar exact test)')
    .argument('<run-a>', 'first result folder')
    .argument('<run-b>', 'second result folder')
    .action(async (a: string, b: string) => {
      await runCompare(a, b, (s) => process.stdout.write(s));
    });
}
