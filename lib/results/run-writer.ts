import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ScoreProgressLine } from '../scoring/types';
import type { RunManifest } from '../runner/types';
import { pyJsonDumps } from '../py';
import { writeFileAtomic, writeFileAtomicAsync } from './atomic';
import { JsonlAppender } from './jsonl';
import { runFiles } from './run-files';
import type { ConversationFile, ResponseLine } from './types';

/**
 * The one writer of a result folder. Every method leaves the folder valid: JSONL lines are appended with a
 * single write each, whole files are written atomically (temp name + rename).
 */
export class RunWriter {
  private responses: JsonlAppender | null = null;
  private scores: JsonlAppender | null = null;

  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'conversations'), { recursive: true });
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
    this.responses!.appendLine(pyJsonDumps(line));
  }

  writeConversation(conv: ConversationFile): void {
    writeFileAtomic(this.conversationFile(conv), pyJsonDumps(conv, { indent: 2 }));
  }

  /** The same, off the event loop: lets concurrent items overlap their disk writes. */
  writeConversationAsync(conv: ConversationFile): Promise<void> {
    return writeFileAtomicAsync(this.conversationFile(conv), pyJsonDumps(conv, { indent: 2 }));
  }

  private conversationFile(conv: ConversationFile): string {
    return join(this.dir, 'conversations', `q${conv.question_id}_s${conv.sample_number}.json`);
  }

  appendScore(score: ScoreProgressLine): void {
    this.openResponses();
    this.scores!.appendLine(JSON.stringify(score));
  }

  writeManifest(manifest: RunManifest): void {
    writeFileAtomic(join(this.dir, runFiles.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  close(): void {
    this.responses?.close();
    this.scores?.close();
    this.responses = null;
    this.scores = null;
  }
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
