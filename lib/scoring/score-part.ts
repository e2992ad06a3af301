/**
 * The second thread of `scoreRun` on a large run: the items of `precheck.jsonl` from a line start to the end are
 * scored in a worker thread (the compiled `.build/score-worker.mjs`) while the calling thread scores the ones before.
 * The worker indexes `responses.jsonl` for itself, lays its items out as they will read in `scores.json`, and hands
 * back that text (spooled to `<scores.json>.part.spool` beyond the writer's memory cap) with its totals, which
 * `scoreRun` merges after its own: the file is byte for byte the one a single thread writes.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { countLines, JsonlLineWindow } from '../results/jsonl-reader';
import { fixedClock, systemClock } from '../util/clock';
import { emptyTotals, indexResponses, scoreRange, type UnreadableLine } from './score-range';
import { ScoresWriter, type DetachedItems, type QuestionTally, type TypeTally } from './scores-file';
import type { ScoreContext } from './types';

/** What the worker is asked to do (plain data: it crosses to the thread). */
export interface PartInput {
  precheckFile: string;
  responsesFile: string;
  /** The line start its share begins at. */
  from: number;
  ctx: ScoreContext;
  perItem: boolean;
  /** `clock.frozenAt` of the run's clock, else null (the system clock). */
  frozenAt: string | null;
  /** The `scores.json` being written (its items are spooled beside it), or null when nothing is written. */
  scoresFile: string | null;
  keepParsedBytes: number;
}

/** What the share adds up to, in plain data. */
export interface PartOutput {
  total: number;
  correct: number;
  byQuestion: Array<[string, QuestionTally]>;
  byType: Array<[string, TypeTally]>;
  items: number;
  unknown: number;
  errors: number;
  errored: number;
  matched: string[];
  unanswered: Array<{ question_id: unknown; sample_number: unknown }>;
  unreadable: UnreadableLine[];
  detached: DetachedItems | null;
}

/** Where the worker's spool goes: beside `scores.json`, removed by whoever writes or abandons the file. */
export function partSpoolBase(scoresFile: string): string {
  return `${scoresFile}.part`;
}

/** Scores the share in this thread (the worker's body; tests call it directly too). */
export function scorePart(input: PartInput): PartOutput {
  const index = indexResponses(input.responsesFile, [], input.keepParsedBytes);
  const totals = emptyTotals();
  const writer = input.scoresFile === null ? null : new ScoresWriter(partSpoolBase(input.scoresFile));
  const responses = new JsonlLineWindow(input.responsesFile);
  try {
    scoreRange(
      {
        precheckFile: input.precheckFile,
        from: { offset: input.from, line: countLines(input.precheckFile, input.from) },
        until: Infinity,
        index,
        responses,
        progress: null,
        ctx: input.ctx,
        perItem: input.perItem,
        clock: input.frozenAt === null ? systemClock : fixedClock(input.frozenAt),
        writer,
      },
      totals,
    );
  } catch (err) {
    writer?.abort();
    throw err;
  } finally {
    responses.close();
  }
  const { tally } = totals;
  return {
    total: tally.total,
    correct: tally.correct,
    byQuestion: [...tally.byQuestion],
    byType: [...tally.byType],
    items: totals.items,
    unknown: totals.unknown,
    errors: totals.errors,
    errored: totals.errored,
    matched: [...totals.matched],
    unanswered: totals.unanswered,
    unreadable: totals.unreadable,
    detached: writer?.detach() ?? null,
  };
}

/**
 * The compiled worker (lib/build/compile.mjs bundles lib/scoring/score-worker.ts there). Built with `path.join`, not
 * `new URL(…, import.meta.url)`, which the dashboard's bundler would take for an asset to copy (the dashboard never
 * scores on two threads: it scores with `onItem` or `fromProgress`).
 */
export function scoreWorkerFile(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.build', 'score-worker.mjs');
}

/** Whether the compiled worker is there to start (a checkout that was never compiled scores on one thread). */
export function workerAvailable(): boolean {
  return existsSync(scoreWorkerFile());
}

export interface RunningPart {
  result: Promise<PartOutput>;
  /** Stops the worker (the calling thread failed) and removes what it spooled. */
  cancel(): Promise<void>;
}

/** Starts the share in a worker thread. */
export function startPart(input: PartInput): RunningPart {
  const worker = new Worker(scoreWorkerFile(), { workerData: input });
  const result = new Promise<PartOutput>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: { ok: true; out: PartOutput } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.out);
      else reject(new Error(`scoreRun: the second scoring thread failed: ${m.error}`));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(new Error(`scoreRun: the second scoring thread failed: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`scoreRun: the second scoring thread exited (code ${code}) without its results`));
    });
  });
  // The caller may fail before it waits for the result: that rejection is handled where it awaits, or dropped by `cancel`.
  result.catch(() => undefined);
  return {
    result,
    async cancel() {
      await worker.terminate();
      if (input.scoresFile !== null) rmSync(`${partSpoolBase(input.scoresFile)}.spool`, { force: true });
    },
  };
}
