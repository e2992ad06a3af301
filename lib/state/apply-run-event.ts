import type { ItemStatus, RunEvent } from '../events/types';
import type { ItemState, RunState, Tally } from './types';

/**
 * An event as the live view receives it: item events may carry `prev`, the item as the server held it just
 * before the event. A client whose state holds only some items (the run page keeps aggregates, not the whole
 * run) takes an item it does not hold from `prev`, so counts, tallies and totals stay exact.
 */
export type LiveRunEvent = RunEvent & { prev?: ItemState };

const FINAL: ReadonlySet<ItemStatus> = new Set(['passed', 'failed', 'errored']);
const MAX_LOGS = 50;

/** True for passed, failed and errored: the item will not change again in this run. */
export function isFinalStatus(s: ItemStatus): boolean {
  return FINAL.has(s);
}

function emptyCounts(): Record<ItemStatus, number> {
  return { pending: 0, running: 0, retrying: 0, passed: 0, failed: 0, errored: 0 };
}

/** An empty state for a run whose events have not arrived yet. */
export function createRunState(runId: string): RunState {
  return {
    runId, label: '', dir: '', seed: null, agent: '', status: 'pending',
    items: {}, order: [], counts: emptyCounts(), total: 0, done: 0, correct: 0, scored: 0, accuracy: null,
    byScoringType: {}, byQuestion: {}, rounds: 0, toolCalls: 0, tokens: 0,
    startedAt: null, finishedAt: null, updatedAt: null, alreadyDone: 0, logs: [], lastSeq: 0,
  };
}

/**
 * Applies one event and returns a new state; `state` is not modified. Events at or below `state.lastSeq`
 * are ignored, so replaying an event twice (snapshot + late event) cannot double-count.
 */
export function applyRunEvent(state: RunState, event: LiveRunEvent): RunState {
  return applyRunEvents(state, [event]);
}

/** Applies a batch with a single copy of the state (the live view batches events per frame). */
export function applyRunEvents(state: RunState, events: readonly LiveRunEvent[]): RunState {
  if (events.every((e) => e.seq <= state.lastSeq)) return state;
  const draft: RunState = {
    ...state,
    items: { ...state.items },
    counts: { ...state.counts },
    byScoringType: { ...state.byScoringType },
    byQuestion: { ...state.byQuestion },
  };
  for (const e of events) reduceRunEventInPlace(draft, e);
  return draft;
}

/**
 * The reducer body. It mutates `state`'s top-level containers (items, counts, tallies) but always
 * replaces nested objects instead of mutating them, which is what lets `applyRunEvents` copy only one level.
 * Exported for owners of a private state (the server's run manager) who must not pay a copy per event.
 */
export function reduceRunEventInPlace(state: RunState, e: LiveRunEvent): void {
  if (e.seq <= state.lastSeq) return;
  if (state.runId && e.runId !== state.runId) return;
  state.lastSeq = e.seq;
  state.updatedAt = e.at;
  switch (e.type) {
    case 'run-started':
      Object.assign(state, { label: e.label, dir: e.dir, seed: e.seed, agent: e.agent, status: 'running' });
      // A resumed run restarts the clock: rate and ETA are about this session.
      state.startedAt = e.at;
      state.finishedAt = null;
      state.alreadyDone = e.alreadyDone;
      addItems(state, e.items);
      return;
    case 'item-started':
      patchItem(state, e, (it) => ({
        status: 'running', attempt: e.attempt, startedAt: it.startedAt ?? e.at, retryReason: undefined, retryAt: undefined,
        worker: e.worker ?? it.worker,
      }));
      return;
    case 'item-retrying':
      patchItem(state, e, () => ({
        status: 'retrying', attempt: e.attempt, retryReason: `${e.reason}: ${e.message}`, retryAt: addMs(e.at, e.delayMs),
      }));
      return;
    case 'item-finished':
      finishItem(state, e);
      return;
    case 'item-scored':
      scoreItem(state, e);
      return;
    case 'run-log':
      state.logs = [...state.logs, { level: e.level, message: e.message, at: e.at }].slice(-MAX_LOGS);
      return;
    case 'run-finished':
      state.status = e.status;
      state.finishedAt = e.at;
      if (e.error) state.error = e.error;
      return;
  }
}

type ItemEvent = Extract<RunEvent, { key: string }> & { prev?: ItemState };

/** The item as it stands before `e`: held, else the server's `prev`. */
function known(state: RunState, e: ItemEvent): ItemState | undefined {
  return state.items[e.key] ?? e.prev;
}

/** `at` plus `ms`, as ISO; undefined when `at` is not a valid time. */
function addMs(at: string, ms: number): string | undefined {
  const t = Date.parse(at);
  return Number.isNaN(t) ? undefined : new Date(t + Math.max(0, ms)).toISOString();
}

function addItems(state: RunState, items: Extract<RunEvent, { type: 'run-started' }>['items']): void {
  const added: string[] = [];
  for (const s of items) {
    if (state.items[s.key]) continue;
    state.items[s.key] = {
      key: s.key, question_id: s.question_id, sample_number: s.sample_number,
      scoring_type: s.scoring_type, question: s.question ?? '', status: 'pending', attempt: 0,
    };
    state.counts.pending += 1;
    added.push(s.key);
  }
  if (added.length > 0) state.order = [...state.order, ...added];
  state.total += added.length;
}

/** Replaces an item with `patch(item)` merged in, keeping status counts right; creates unknown items. */
function patchItem(state: RunState, ref: ItemEvent, patch: (it: ItemState) => Partial<ItemState>): ItemState {
  let it = known(state, ref);
  if (!it) {
    it = { key: ref.key, question_id: ref.question_id, sample_number: ref.sample_number, scoring_type: '', question: '', status: 'pending', attempt: 0 };
    state.counts.pending += 1;
    state.order = [...state.order, ref.key];
    state.total += 1;
  }
  const next = { ...it, ...patch(it) };
  if (next.status !== it.status) {
    state.counts[it.status] -= 1;
    state.counts[next.status] += 1;
    if (isFinalStatus(next.status) !== isFinalStatus(it.status)) state.done += isFinalStatus(next.status) ? 1 : -1;
  }
  state.items[ref.key] = next;
  return next;
}

function finishItem(state: RunState, e: Extract<LiveRunEvent, { type: 'item-finished' }>): void {
  const prev = known(state, e);
  state.rounds += e.rounds - (prev?.rounds ?? 0);
  state.toolCalls += e.toolCalls - (prev?.toolCalls ?? 0);
  state.tokens += e.tokens - (prev?.tokens ?? 0);
  patchItem(state, e, (it) => ({
    // Still "running" until the verdict arrives: finished is not yet passed/failed.
    status: isFinalStatus(it.status) ? it.status : 'running',
    responded: true, finishedAt: e.at, durationMs: e.durationMs, rounds: e.rounds, toolCalls: e.toolCalls, tokens: e.tokens,
    promptTokens: e.promptTokens, completionTokens: e.completionTokens,
    attempt: Math.max(it.attempt, e.attempts),
    error: e.response.execution_successful ? undefined : (e.response.error_message ?? 'execution failed'),
  }));
}

function scoreItem(state: RunState, e: Extract<LiveRunEvent, { type: 'item-scored' }>): void {
  const prev = known(state, e);
  if (prev && isFinalStatus(prev.status)) addVerdict(state, prev, -1);
  const status: ItemStatus = e.errored ? 'errored' : e.score.correct ? 'passed' : 'failed';
  const next = patchItem(state, e, (it) => ({
    status, correct: e.score.correct, verdictMessage: e.score.error_message,
    scoring_type: it.scoring_type || e.score.scoring_type,
    error: e.errored ? (it.error ?? e.score.error_message ?? 'errored') : undefined,
    retryReason: undefined,
    retryAt: undefined,
  }));
  addVerdict(state, next, 1);
}

/** Adds (sign 1) or removes (sign -1) an item's verdict from the totals and tallies. */
function addVerdict(state: RunState, it: ItemState, sign: 1 | -1): void {
  const ok = it.status === 'passed' ? sign : 0;
  const err = it.status === 'errored' ? sign : 0;
  state.scored += sign;
  state.correct += ok;
  state.accuracy = state.scored > 0 ? state.correct / state.scored : null;
  const bump = (t: Tally | undefined): Tally => ({
    correct: (t?.correct ?? 0) + ok, total: (t?.total ?? 0) + sign, errored: (t?.errored ?? 0) + err,
  });
  state.byScoringType[it.scoring_type] = bump(state.byScoringType[it.scoring_type]);
  const q = String(it.question_id);
  state.byQuestion[q] = bump(state.byQuestion[q]);
}
