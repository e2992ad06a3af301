/** A line of `responses.jsonl` (spec §7.4). Key order matters: it is the reference's. */
export interface ResponseLine {
  question_id: number | string;
  sample_number: number;
  timestamp: string;
  response_text: string;
  execution_successful: boolean;
  error_message: string | null;
  model_info: string;
}

/** One message in OpenAI chat form. Tool results are `role: 'tool'` messages. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
}

/** Per-round detail recorded by PICARD Live agents (extra, inside `statistics.rounds`). */
export interface RoundStat {
  round: number;
  started_at: string;
  duration_ms: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  tool_calls: number;
}

export interface ConversationStatistics {
  total_messages?: number;
  inference_rounds?: number;
  tool_calls?: number;
  tools_used?: string[];
  execution_time_seconds?: number;
  total_tokens_estimated?: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  rounds?: RoundStat[];
  attempts?: number;
  /** Distributed runs: the worker that ran the item (PICARD Live). */
  worker?: string;
  /** Distributed runs: why the item's sandbox area in the folder is incomplete (its archive was over the size cap). */
  sandbox_archive_note?: string;
}

/** `conversations/q{X}_s{Y}.json` (indent 2). */
export interface ConversationFile {
  question_id: number | string;
  sample_number: number;
  timestamp: string;
  initial_question: string;
  conversation_history: ChatMessage[];
  statistics: ConversationStatistics;
  final_response: string;
  execution_successful: boolean;
  error_message: string | null;
  model_info: string;
}

/** A run's status: in `run.json` and in the run's last event. */
export type RunStatus = 'running' | 'completed' | 'cancelled' | 'interrupted' | 'failed';

/** `run.json` in every result folder: what PICARD Live adds to the reference's files. */
export interface RunManifest {
  format: 'picard-live-run/1';
  test_id: string;
  label: string;
  status: RunStatus;
  seed: number;
  definitions: { file: string; sha256: string; samples_override: number | null };
  agent: Record<string, unknown>;
  options: { concurrency: number; retries: number; delay_s: number; max_errors: number | null; fail_fast: boolean };
  sandbox_dir: string;
  entity_pool: { file: string; size: number };
  total_items: number;
  created_at: string;
  updated_at: string;
  pid: number;
  /** How many times the run has been resumed (0 for a fresh run). */
  resumes?: number;
  /** Set when a run ends abnormally. */
  error?: string;
  /** Set for a configuration of an experiment (`picard sweep`): the experiment folder's name. */
  experiment_id?: string;
  /**
   * Distributed runs: who hands the items out (`kind: 'queue'`, workers through Redis) and which kind of
   * process coordinates the current epoch (`cli`: `picard run --redis`; `dashboard`: a run launched from the
   * dashboard, which resumes it by itself when it starts again). Absent: in-process.
   */
  executor?: { kind: string; coordinator: string };
}

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

/**
 * PICARD Live's statistics of one item, written under `picard_live` on its `scores.progress.jsonl` line so that
 * a reader (the results index) gets them from that one line instead of the item's conversation file. Times are
 * ISO UTC; `duration_ms` is the item's wall time, first attempt start to finish (retries included). Never part
 * of `scores.json`.
 */
export interface ItemRunStats {
  attempts: number;
  rounds: number;
  tool_calls: number;
  tokens: number;
  duration_ms: number;
  started_at: string | null;
  finished_at: string;
  /** The conversation's prompt / completion tokens (null when its agent recorded no split; absent in older lines). */
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}

/** A `scores.progress.jsonl` line: a `detailed_results` item plus, from PICARD Live's runner, `picard_live`. */
export interface ScoreProgressLine extends ScoreLine {
  picard_live?: ItemRunStats;
}
