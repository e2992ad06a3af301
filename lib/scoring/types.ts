import type { PrecheckEntry } from '../generation/precheck-entry';
import type { Rng } from '../util/rng';
import type { ItemAnswer } from '../results/item-detail';
import type { ResponseLine, ScoreLine } from '../results/types';
import type { ScoringType } from '../definitions/scoring-types';

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

/** A file action the simulated agent carries out through its tools (it creates missing parent folders first). */
export type SimulatedAction = { kind: 'write_file'; path: string; content: string } | { kind: 'create_directory'; path: string };

/** What the simulated agent does for an instance: the sandbox actions, then its final reply. */
export interface SimulatedAnswer {
  actions: SimulatedAction[];
  answer: string;
}

export interface SimulateContext {
  /** Whether this answer must pass the scorer (`true`) or fail it. */
  correct: boolean;
  /** The item's attempt-scoped randomness. */
  rng: Rng;
  /** A plausible but different version of a text (numbers nudged, JSON values changed), drawn from `rng`. */
  perturb(text: string): string;
}

/**
 * Everything the rest of the system needs to know about one scoring type; each scorer file exports one and
 * `registry.ts` assembles them. `explain` and `simulate` take and return plain data, so neither the dashboard
 * nor the simulated agent matches on type names.
 */
export interface ScorerDescriptor<T extends ScoringType = ScoringType> {
  id: T;
  /** Definition fields that must be present and non-empty (`requiredScoringFields[id]`). */
  requiredFields: readonly string[];
  score: Scorer;
  /** The answer view (expected against actual) from files already on disk: nothing is scored twice. */
  explain(entry: PrecheckEntry, response: ResponseLine | null, score: ScoreLine | null): ItemAnswer;
  /** How the simulated agent answers this instance right or wrong. */
  simulate(entry: PrecheckEntry, ctx: SimulateContext): SimulatedAnswer;
  /** Why an instance's answer key can never be matched (e.g. not valid JSON); null when it is fine. Optional. */
  answerKeyProblem?(entry: PrecheckEntry): string | null;
}
