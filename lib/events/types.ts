import type { ConversationFile, ResponseLine, RunStatus, ScoreLine } from '../results/types';

/** Item status as shown everywhere: only `errored` carries an error. */
export type ItemStatus = 'pending' | 'running' | 'retrying' | 'passed' | 'failed' | 'errored';

export interface ItemRef {
  /** `q{question_id}_s{sample_number}` */
  key: string;
  question_id: number | string;
  sample_number: number;
}

/** A pending instance as listed at run start (no answer key: it is not needed by viewers). */
export interface ItemSummary extends ItemRef {
  scoring_type: string;
  /** The question as sent; left out for very large runs to keep the start event small. */
  question?: string;
}

/** Every event carries the run id, a per-run sequence number (1, 2, …) and an ISO time. */
interface EventBase {
  runId: string;
  seq: number;
  at: string;
}

/**
 * The one event union. Subscribers of a run's bus: the progressive writer, the results-index writer, the CLI
 * progress printers and the run manager (its state reducer, which feeds the Socket.IO bridge).
 */
export type RunEvent = EventBase &
  (
    | { type: 'run-started'; label: string; dir: string; seed: number; agent: string; items: ItemSummary[]; alreadyDone: number }
    | ({ type: 'item-started'; attempt: number; /** Distributed runs: the worker that has the item. */ worker?: string } & ItemRef)
    | ({ type: 'item-retrying'; attempt: number; maxAttempts: number; reason: string; message: string; delayMs: number; worker?: string } & ItemRef)
    | ({
        type: 'item-finished';
        response: ResponseLine;
        /**
         * In-process only, for subscribers that want the whole conversation: `runItem` has already written it to
         * `conversations/` (the progressive writer does not store it); `toWireEvent` drops it before events leave the process.
         */
        conversation?: ConversationFile;
        durationMs: number;
        rounds: number;
        toolCalls: number;
        tokens: number;
        /** The conversation's prompt / completion split of `tokens`, when its agent recorded one. */
        promptTokens?: number;
        completionTokens?: number;
        attempts: number;
      } & ItemRef)
    | ({ type: 'item-scored'; score: ScoreLine; errored: boolean } & ItemRef)
    | { type: 'run-log'; level: 'info' | 'warn' | 'error'; message: string }
    | { type: 'run-finished'; status: RunStatus; correct: number; total: number; errored: number; durationMs: number; error?: string }
  );

export type RunEventType = RunEvent['type'];

/** An event before the bus stamps it. */
export type RunEventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq' | 'at' | 'runId'> : never) : never;

/** The event as sent to browsers and logs: without the (possibly large) conversation. */
export function toWireEvent(event: RunEvent): RunEvent {
  if (event.type !== 'item-finished' || event.conversation === undefined) return event;
  const { conversation: _conversation, ...rest } = event;
  return rest as RunEvent;
}
