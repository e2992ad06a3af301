import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ScoreProgressLine, ConversationFile, ResponseLine, RunManifest } from './types';
import { pyJsonDumps } from '../py';
import { writeFileAtomic } from './atomic';
import { JsonlAppender } from './jsonl';
import { conversationFile, runFiles } from './run-files';
import { itemKey } from '../generation/precheck-entry';

/**
 * The one writer of a result folder. Every method leaves the folder valid: whole files are written atomically
 * (temp name + rename); JSONL lines are appended whole. `appendResponse`/`appendScore` queue their line and the
 * queue is written at the end of the current event-loop turn (`setImmediate`): the items that finish in the same
 * turn share one `write` per file, response lines always before score lines. A crash loses at most that turn's
 * lines (their items are run again on resume, as if the crash had come a moment earlier) and tears at most the
 * last line, which resume repairs. `flush()` writes the queue now; `close()` flushes first.
 */
export class RunWriter {
  private responses: JsonlAppender | null = null;
  private scores: JsonlAppender | null = null;
  private flushScheduled: NodeJS.Immediate | null = null;

  constructor(readonly dir: string) {
    mkdirSync(join(dir, runFiles.conversations), { recursive: true });
  }

  writePrecheck(entries: PrecheckEntry[]): void {
    const body = entries.map((e) => pyJsonDumps(e)).join('\n');
    writeFileAtomic(join(this.dir, runFiles.precheck), entries.length ? `${body}\n` : '');
  }

  /** Creates `responses.jsonl` (empty) so a folder is recognisable as a run from the start. */
  openResponses(): void {
    this.responses ??= new JsonlAppender(join(this.dir, runFiles.responses));
    this.scores ??= new JsonlAppender(join(this.dir, runFiles.scoresProgress));
  }

  appendResponse(line: ResponseLine): void {
    this.openResponses();
    this.responses!.queueLine(pyJsonDumps(line));
    this.scheduleFlush();
  }

  /**
   * Writes an item's conversation file atomically, on the calling thread: four system calls that go to the page
   * cache. (The promise API costs a thread-pool round trip per call, four per file: measured slower at any
   * concurrency on this machine, see docs/benchmarks.md.)
   */
  writeConversation(conv: ConversationFile): void {
    this.writeConversationText(itemKey(conv.question_id, conv.sample_number), conversationText(conv));
  }

  /** Writes item `key`'s conversation file from its text (`conversationText`, made elsewhere: a worker). */
  writeConversationText(key: string, text: string): void {
    writeFileAtomic(conversationFile(this.dir, key), text);
  }

  /**
   * A score line is written like Python `json.dumps` (`pyJsonDumps`), so float kinds in `details` survive
   * (`41.0` stays a float): `scores.json` is assembled from these lines at the end of a run.
   */
  appendScore(score: ScoreProgressLine): void {
    this.openResponses();
    this.scores!.queueLine(pyJsonDumps(score));
    this.scheduleFlush();
  }

  /** Writes the queued response lines, then the queued score lines. */
  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    this.responses?.flush();
    this.scores?.flush();
  }

  private scheduleFlush(): void {
    this.flushScheduled ??= setImmediate(() => {
      this.flushScheduled = null;
      try {
        this.flush();
      } catch (err) {
        // As a failed append always was: reported, and the run goes on (resume re-runs items without a line).
        console.error(`[picard] writing ${this.dir} failed:`, err);
      }
    });
  }

  writeManifest(manifest: RunManifest): void {
    writeFileAtomic(join(this.dir, runFiles.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  close(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    this.responses?.close(); // flushes: response lines before score lines
    this.scores?.close();
    this.responses = null;
    this.scores = null;
  }
}

/** A conversation file's text: Python `json.dumps(conversation, indent=2)`. */
export function conversationText(conv: ConversationFile): string {
  return pyJsonDumps(conv, { indent: 2 });
}

/** Creates `<resultsDir>/<name>`; if a run already took that second, the timestamp moves on by a second. */
export function createRunDir(resultsDir: string, nameAt: (at: Date) => string, at: Date): { dir: string; runId: string } {
  mkdirSync(resultsDir, { recursive: true });
  for (let i = 0; i < 3600; i++) {
    const runId = nameAt(new Date(at.getTime() + i * 1000));
    const dir = join(resultsDir, runId);
    if (!existsSync(dir)) {
      mkdirSync(dir);
      return { dir, runId };
    }
  }
  throw new Error(`Could not find a free result folder name in ${resultsDir}`);
}
