import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ResponseLine } from '../results/types';

/** Where file-based scorers look: the sandbox root now, and the root recorded when the run was made. */
export interface ScoreContext {
  /** Directory the sandbox lives in now (may differ from where it was generated). */
  artifactsDir: string;
  /** Sandbox root recorded in the run (`test_summary.json` → `sandbox_status.path`); absolute paths under it are remapped onto `artifactsDir`. */
  recordedArtifactsDir?: string;
}

/** What a scorer returns (the `correct`, `error_message`, `details` of a reference `ScoringResult`). */
export interface ScoreVerdict {
  correct: boolean;
  error_message: string | null;
  details: Record<string, unknown>;
}

/** A scorer: pure apart from reading the sandbox. The same function scores live in the runner and offline. */
export type Scorer = (entry: PrecheckEntry, response: ResponseLine, ctx: ScoreContext) => ScoreVerdict;

/** One item in `scores.json` → `detailed_results` (spec §8.5), also a line of `scores.progress.jsonl`. */
export interface ScoreLine {
  question_id: number | string;
  sample_number: number;
  scoring_type: string;
  correct: boolean;
  error_message: string | null;
  details: Record<string, unknown>;
  timestamp: string;
}
