/**
 * The scorer registry (every scoring type's descriptor, one file each) and the entry points that dispatch on
 * `scoring_type`: `scoreItem`, the one scorer used both live (the runner, per item) and offline (`picard score`);
 * `explainAnswer`, the dashboard's answer view; `answerKeyProblem`. Scoring never throws: an unknown type and an
 * exception become verdicts with the reference's messages. The simulated agent asks `scorerFor` for `simulate`.
 */
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ItemAnswer } from '../results/item-detail';
import type { ResponseLine, ScoreLine } from '../results/types';
import { pyStr } from '../py';
import { systemClock, pyIsoLocal, type Clock } from '../util/clock';
import { answerView } from './answer-view';
import { directoryStructure } from './directory-structure';
import { filesExist } from './files-exist';
import { jsonmatch } from './jsonmatch';
import { readfileJsonmatch } from './readfile-jsonmatch';
import { readfileStringmatch } from './readfile-stringmatch';
import type { ScoringType } from '../definitions/scoring-types';
import { stringmatch } from './stringmatch';
import type { ScoreContext, ScoreVerdict, ScorerDescriptor } from './types';

/** One descriptor per id of `scoring-types.ts`, under its own id (checked by TypeScript). */
export const scorerDescriptors: { readonly [K in ScoringType]: ScorerDescriptor<K> } = {
  stringmatch,
  jsonmatch,
  files_exist: filesExist,
  directory_structure: directoryStructure,
  readfile_stringmatch: readfileStringmatch,
  readfile_jsonmatch: readfileJsonmatch,
};

/** How a scorer's exception starts its verdict's `error_message` (the reference's text). */
export const SCORING_ERROR_PREFIX = 'Scoring error: ';

/** How a verdict came about, beyond right/wrong: PICARD Live reports these separately. */
export type VerdictKind = 'scored' | 'unknown_scoring_type' | 'scoring_error';

export interface ScoredItem {
  line: ScoreLine;
  kind: VerdictKind;
}

export function isScoringType(t: unknown): t is ScoringType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(scorerDescriptors, t);
}

/** The descriptor of a scoring type; undefined for an unknown one. */
export function scorerFor(type: unknown): ScorerDescriptor | undefined {
  return isScoringType(type) ? scorerDescriptors[type] : undefined;
}

/** Scores one precheck entry against its response; `line` is a `scores.json` → `detailed_results` item. */
export function scoreItemDetailed(entry: PrecheckEntry, response: ResponseLine, ctx: ScoreContext, clock: Clock = systemClock): ScoredItem {
  const type = entry.scoring_type;
  let verdict: ScoreVerdict;
  let kind: VerdictKind = 'scored';
  if (!isScoringType(type)) {
    verdict = { correct: false, error_message: `Unknown scoring type: ${pyStr(type)}`, details: {} };
    kind = 'unknown_scoring_type';
  } else {
    try {
      verdict = scorerDescriptors[type].score(entry, response, ctx);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      verdict = { correct: false, error_message: `${SCORING_ERROR_PREFIX}${msg}`, details: {} };
      kind = 'scoring_error';
    }
  }
  const line: ScoreLine = {
    question_id: entry.question_id,
    sample_number: entry.sample_number,
    scoring_type: type,
    correct: verdict.correct,
    error_message: verdict.error_message,
    details: verdict.details,
    timestamp: timestampNow(clock),
  };
  return { line, kind };
}

/** The last millisecond formatted, and its text: items scored within one millisecond share it (one format, not one per item). */
let lastMs = NaN;
let lastText = '';

/** `datetime.now().isoformat()` from `clock`. */
function timestampNow(clock: Clock): string {
  const d = clock.now();
  const ms = d.getTime();
  if (ms !== lastMs) {
    lastText = pyIsoLocal(d);
    lastMs = ms;
  }
  return lastText;
}

/** `scoreItemDetailed(...).line`: the form the runner needs. */
export function scoreItem(entry: PrecheckEntry, response: ResponseLine, ctx: ScoreContext, clock: Clock = systemClock): ScoreLine {
  return scoreItemDetailed(entry, response, ctx, clock).line;
}

/**
 * The answer view of one item (an `ItemAnswerOf` for `readItemDetail`). An unknown scoring type shows its
 * `expected_response` (or `expected_content`) against the response.
 */
export function explainAnswer(entry: PrecheckEntry | null, response: ResponseLine | null, score: ScoreLine | null): ItemAnswer | null {
  if (!entry) return null;
  const descriptor = scorerFor(entry.scoring_type);
  if (descriptor) return descriptor.explain(entry, response, score);
  return answerView(entry, response, score, { expected: entry.expected_response ?? entry.expected_content ?? null, actual: 'response', json: false });
}

/** Why an instance's answer key can never be matched, when its scorer can tell; null otherwise. */
export function answerKeyProblem(entry: PrecheckEntry): string | null {
  return scorerFor(entry.scoring_type)?.answerKeyProblem?.(entry) ?? null;
}
