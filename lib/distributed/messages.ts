import type { ResponseLine, ScoreLine } from '../results/types';
import type { SandboxArchive } from './sandbox-archive';

/** An item job's data: the instance is regenerated from the run spec, so the key is enough. */
export interface ItemJob {
  key: string;
  question_id: number | string;
  sample_number: number;
}

interface Ref {
  key: string;
  question_id: number | string;
  sample_number: number;
  /** The worker's name. */
  worker: string;
}

/**
 * What workers append to a run's results stream (`picard:results:<queue>`, one JSON field `m` per entry).
 * `started`/`retrying` are live news; `result` carries everything the folder needs; `fatal` stops the run.
 */
export type WorkerMessage =
  | ({ kind: 'started'; attempt: number } & Ref)
  | ({ kind: 'retrying'; attempt: number; maxAttempts: number; reason: string; message: string; delayMs: number } & Ref)
  | ({
      kind: 'result';
      response: ResponseLine;
      /** The conversation file's text, as the coordinator writes it (`conversationText`). */
      conversationFile: string;
      score: ScoreLine;
      errored: boolean;
      durationMs: number;
      rounds: number;
      toolCalls: number;
      tokens: number;
      attempts: number;
      sandbox: SandboxArchive;
    } & Ref)
  | ({ kind: 'fatal'; reason: string } & Ref);

/** The stream entry's field name. */
export const MESSAGE_FIELD = 'm';
