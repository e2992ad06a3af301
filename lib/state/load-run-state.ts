import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { itemKey } from '../generation/precheck-entry';
import type { RunEvent } from '../events/types';
import { readJsonl } from '../results/jsonl-reader';
import type { ConversationFile, ConversationStatistics, ResponseLine, RunManifest, ScoreLine } from '../results/types';
import { createRunState, reduceRunEventInPlace } from './apply-run-event';
import type { RunState } from './types';
import { folderStatus } from '../results/list-runs';
import { conversationFile, runFiles } from '../results/run-files';
import { tokenSplitOf } from '../results/token-split';

export interface LoadRunStateOptions {
  /** Read `conversations/*.json` for rounds, tool calls and tokens (default true). */
  conversations?: boolean;
  /** Conversation statistics already read (`readConversationStats`): used instead of reading the files. */
  stats?: ReadonlyMap<string, ConversationStatistics>;
  /** Cut each item's question to this many characters (the table shows one line; the panel fetches it whole). */
  questionChars?: number;
  /** Decides whether a manifest saying `running` is really running (default: a process holds the folder's writer lock). */
  isRunning?: (manifest: RunManifest) => boolean;
}

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null; // a half-written file reads as absent; the next snapshot will see it whole
  }
}


/**
 * Builds a run's state from its result folder (ours or the reference's), by replaying the files as events
 * through the same reducer the live view uses. Tolerates torn last lines and missing files.
 * `lastSeq` of the result is 0: it is not tied to any live event stream.
 */
export function loadRunState(dir: string, opts: LoadRunStateOptions = {}): RunState {
  const runId = path.basename(dir);
  const manifest = readJson<RunManifest>(path.join(dir, runFiles.manifest));
  const precheck = readJsonl<PrecheckEntry>(path.join(dir, runFiles.precheck)).rows;
  const responses = readJsonl<ResponseLine>(path.join(dir, runFiles.responses)).rows;
  let scores = readJsonl<ScoreLine>(path.join(dir, runFiles.scoresProgress)).rows;
  if (scores.length === 0) scores = readJson<{ detailed_results?: ScoreLine[] }>(path.join(dir, runFiles.scores))?.detailed_results ?? [];
  const status = folderStatus(dir, manifest, opts.isRunning);

  const state = createRunState(runId);
  let seq = 0;
  const at = manifest?.created_at ?? '';
  const apply = (e: Record<string, unknown>) => reduceRunEventInPlace(state, { runId, seq: ++seq, at, ...e } as RunEvent);

  apply({
    type: 'run-started', label: manifest?.label ?? runId, dir, seed: manifest?.seed ?? null,
    agent: String(manifest?.agent?.kind ?? manifest?.agent?.model ?? ''), alreadyDone: 0,
    items: precheck.map((p) => ({
      key: itemKey(p.question_id, p.sample_number), question_id: p.question_id, sample_number: p.sample_number,
      scoring_type: p.scoring_type,
      question: opts.questionChars !== undefined && p.substituted_question.length > opts.questionChars
        ? `${p.substituted_question.slice(0, opts.questionChars)}…` : p.substituted_question,
    })),
  });
  const failed = new Set<string>();
  for (const r of responses) {
    const key = itemKey(r.question_id, r.sample_number);
    if (!r.execution_successful) failed.add(key);
    const stats = opts.stats ? opts.stats.get(key) : opts.conversations === false ? undefined
      : readJson<ConversationFile>(conversationFile(dir, key))?.statistics;
    apply({
      type: 'item-finished', key, question_id: r.question_id, sample_number: r.sample_number, response: r,
      at: r.timestamp, durationMs: Math.round((stats?.execution_time_seconds ?? 0) * 1000),
      rounds: stats?.inference_rounds ?? 0, toolCalls: stats?.tool_calls ?? 0,
      tokens: stats?.total_tokens ?? stats?.total_tokens_estimated ?? 0, ...(stats ? tokenSplitOf(stats) : {}), attempts: stats?.attempts ?? 1,
    });
  }
  for (const s of scores) {
    const key = itemKey(s.question_id, s.sample_number);
    apply({ type: 'item-scored', key, question_id: s.question_id, sample_number: s.sample_number, score: s, errored: failed.has(key), at: s.timestamp });
  }
  if (status !== 'running') {
    apply({ type: 'run-finished', status, correct: state.correct, total: state.scored, errored: state.counts.errored, durationMs: 0, at: manifest?.updated_at ?? at, error: manifest?.error });
  }
  state.seed = manifest?.seed ?? null;
  state.startedAt = manifest?.created_at ?? null;
  state.lastSeq = 0;
  return state;
}
