import type { ItemStatus, ItemSummary } from './types';

/**
 * One item as the dashboard's table shows it: the one shape of a row, whether it comes from a window of the results
 * index (`IndexedItem`, lib/index, which adds its position and error class) or from the live state (`ItemState`,
 * lib/state, which adds what only a running run knows). Only `errored` items carry `error`.
 */
export interface ItemView extends ItemSummary {
  /** The question as sent (`substituted_question`; the index keeps its first 200 characters). */
  question: string;
  status: ItemStatus;
  /** Attempts started so far (0 while pending). */
  attempt: number;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  rounds?: number;
  toolCalls?: number;
  tokens?: number;
  /** Prompt / completion tokens of the conversation, when its agent recorded the split. */
  promptTokens?: number;
  completionTokens?: number;
  /** A response has been recorded (item-finished): a non-final item with a response is awaiting its score. */
  responded?: boolean;
  /** Verdict once scored. */
  correct?: boolean;
  /** Scorer message (e.g. `Expected 'a', got 'b'`). */
  verdictMessage?: string | null;
  error?: string;
}
