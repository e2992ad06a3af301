import type { ItemSummary, RunEvent, RunEventInput } from '../events/types';
import type { ScoreLine } from '../results/types';

/** Builds stamped events for tests: `seq` counts from 1, times are fixed. Not used outside tests. */
export function eventFactory(runId = 'r1') {
  let seq = 0;
  const make = (input: RunEventInput, at = '2026-11-26T10:00:00.000Z'): RunEvent =>
    ({ ...input, runId, seq: ++seq, at }) as RunEvent;
  const ref = (q: number | string, s: number) => ({ key: `q${q}_s${s}`, question_id: q, sample_number: s });
  const summary = (q: number, s: number, scoring_type = 'stringmatch'): ItemSummary => ({ ...ref(q, s), scoring_type, question: `Q${q}?` });
  const score = (q: number, s: number, correct: boolean, scoring_type = 'stringmatch'): ScoreLine => ({
    question_id: q, sample_number: s, scoring_type, correct, error_message: correct ? null : 'wrong', details: {}, timestamp: 't',
  });
  const response = (q: number, s: number, ok = true) => ({
    question_id: q, sample_number: s, timestamp: 't', response_text: 'x', execution_successful: ok,
    error_message: ok ? null : 'boom', model_info: 'sim',
  });
  return {
    make, ref, summary, score, response,
    started: (items: ItemSummary[], alreadyDone = 0) =>
      make({ type: 'run-started', label: 'lab', dir: '/tmp/x', seed: 7, agent: 'simulated', items, alreadyDone }),
    itemStarted: (q: number, s: number, attempt = 1) => make({ type: 'item-started', attempt, ...ref(q, s) }),
    finished: (q: number, s: number, ok = true) =>
      make({ type: 'item-finished', ...ref(q, s), response: response(q, s, ok), durationMs: 100, rounds: 2, toolCalls: 1, tokens: 50, attempts: 1 }),
    scored: (q: number, s: number, correct: boolean, errored = false, type = 'stringmatch') =>
      make({ type: 'item-scored', ...ref(q, s), score: score(q, s, correct, type), errored }),
  };
}
