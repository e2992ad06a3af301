import type { ScoreLine } from '../scoring/types';
import type { Clock } from '../util/clock';
import { pyStamp } from '../util/clock';
import { PyFloat, pyRound } from '../util/py-format';

/**
 * `scores.json` in the reference's format (spec §8.5) from score lines in precheck order.
 * `by_question` keys are strings in order of first appearance.
 */
export function buildScoresJson(testId: string, lines: ScoreLine[], clock: Clock): Record<string, unknown> {
  const byQuestion: Record<string, { correct: number; total: number; scoring_type: string }> = {};
  const byType: Record<string, { correct: number; total: number }> = {};
  let correct = 0;
  for (const l of lines) {
    const q = (byQuestion[String(l.question_id)] ??= { correct: 0, total: 0, scoring_type: l.scoring_type });
    const t = (byType[l.scoring_type] ??= { correct: 0, total: 0 });
    q.total += 1;
    t.total += 1;
    if (l.correct) {
      q.correct += 1;
      t.correct += 1;
      correct += 1;
    }
  }
  return {
    metadata: {
      test_id: testId,
      timestamp: pyStamp(clock.now()),
      total_questions: lines.length,
      correct_answers: correct,
      accuracy_percentage: lines.length ? new PyFloat(pyRound((correct / lines.length) * 100, 2)) : 0,
    },
    by_question: byQuestion,
    by_scoring_type: byType,
    detailed_results: lines,
  };
}
