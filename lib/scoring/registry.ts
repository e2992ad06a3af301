/**
 * The scorer registry (a typed map over `scoringTypes`) and `scoreItem`, the one entry point used both live
 * (the runner, per item) and offline (`picard score`). It never throws: an unknown type and an exception
 * become verdicts with the reference's messages.
 */
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ResponseLine } from '../results/types';
import { pyStr } from '../py';
import { systemClock, pyIsoLocal, type Clock } from '../util/clock';
import { directoryStructure } from './directory-structure';
import { filesExist } from './files-exist';
import { jsonmatch } from './jsonmatch';
import { readfileJsonmatch } from './readfile-jsonmatch';
import { readfileStringmatch } from './readfile-stringmatch';
import type { ScoringType } from './scoring-types';
import { stringmatch } from './stringmatch';
import type { ScoreContext, ScoreLine, ScoreVerdict, Scorer } from './types';

export const scorers: Readonly<Record<ScoringType, Scorer>> = {
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
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(scorers, t);
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
      verdict = scorers[type](entry, response, ctx);
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
    timestamp: pyIsoLocal(clock.now()),
  };
  return { line, kind };
}

/** `scoreItemDetailed(...).line`: the form the runner needs. */
export function scoreItem(entry: PrecheckEntry, response: ResponseLine, ctx: ScoreContext, clock: Clock = systemClock): ScoreLine {
  return scoreItemDetailed(entry, response, ctx, clock).line;
}
