/** `picard score <run-dir> [--artifacts DIR]`: writes `<run-dir>/scores.json` (reference format + `picard_live`). */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { scoreRun, type ScoreRunResult } from '../../scoring/score-run';
import { pyFixed } from '../../py';

export interface ScoreFlags {
  artifacts?: string;
  verbose?: boolean;
}

/** Summary lines printed after scoring; says which accuracy is the reference's and which is PICARD Live's. */
export function scoreSummary(res: ScoreRunResult): string[] {
  const m = res.metadata;
  const live = res.picardLive;
  const acc = m.total_questions ? (m.correct_answers / m.total_questions) * 100 : 0;
  const accAll = live.total_items ? (live.correct / live.total_items) * 100 : 0;
  return [
    'SCORING SUMMARY',
    `Total questions: ${m.total_questions}`,
    `Correct answers: ${m.correct_answers}`,
    `Incorrect answers: ${m.total_questions - m.correct_answers}`,
    `Accuracy: ${pyFixed(acc, 2)}%  (reference figure: correct / scored items; unanswered items are left out)`,
    `Accuracy over all items: ${pyFixed(accAll, 2)}%  (PICARD Live: correct / all ${live.total_items} items; unanswered and unreadable count as not correct)`,
    `Unanswered: ${live.unanswered} | Unreadable lines: ${live.unreadable_lines.length} | Unknown scoring type: ${live.unknown_scoring_type} | Scoring errors: ${live.scoring_errors} | Errored responses: ${live.errored_responses}`,
    ...live.unreadable_lines.map((u) => `  ${u.file} line ${u.line}${u.torn ? ' (torn last line)' : ''}: ${u.error}`),
    `Sandbox: ${live.artifacts_dir}${live.recorded_artifacts_dir && live.recorded_artifacts_dir !== live.artifacts_dir ? ` (recorded as ${live.recorded_artifacts_dir})` : ''}`,
    ...(res.scoresFile ? [`Saved scores to: ${res.scoresFile}`] : []),
    ...(res.threads > 1 ? [`Scored on ${res.threads} threads`] : []),
  ];
}

/** `PICARD_SCORE_THREADS`: 1 or 2 threads to score on; unset, `scoreRun` decides (two for a large run on 2+ cores). */
export function scoreThreadsFromEnv(env: Record<string, string | undefined> = process.env): number | undefined {
  const v = env.PICARD_SCORE_THREADS;
  if (v === undefined || v === '') return undefined;
  if (v !== '1' && v !== '2') throw new Error(`PICARD_SCORE_THREADS must be 1 or 2, got '${v}'`);
  return Number(v);
}

/** Scores a run folder and writes the summary (and per-item lines with `verbose`) to `out`. */
export async function runScore(runDir: string, flags: ScoreFlags, out: (s: string) => void): Promise<ScoreRunResult> {
  const res = await scoreRun(resolve(runDir), {
    threads: scoreThreadsFromEnv(),
    artifactsDir: flags.artifacts,
    onItem: flags.verbose
      ? (l) => {
          out(`Q${l.question_id}.${l.sample_number} (${l.scoring_type}): ${l.correct ? '✅ CORRECT' : '❌ INCORRECT'}\n`);
          if (l.error_message) out(`   Error: ${l.error_message}\n`);
        }
      : undefined,
  });
  for (const line of scoreSummary(res)) out(`${line}\n`);
  return res;
}

export function register(program: Command): void {
  program
    .command('score')
    .description('Score a result folder offline and write <run-dir>/scores.json (reference format)')
    .argument('<run-dir>', 'result folder with precheck.jsonl and responses.jsonl')
    .option('--artifacts <dir>', 'where the sandbox is now (the recorded sandbox root is remapped onto it)')
    .option('-v, --verbose', 'print one line per item, like the reference scorer')
    .action(async (runDir: string, flags: ScoreFlags) => {
      await runScore(runDir, flags, (s) => process.stdout.write(s));
    });
}
