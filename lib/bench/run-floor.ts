/**
 * The floor for a run's throughput: a bare loop doing only the file-system work the durability promise needs per
 * item — create the instance folder, write the conversation file atomically (temp name + rename), append one
 * `responses.jsonl` line and one `scores.progress.jsonl` line — with `concurrency` items in flight, no agent, no
 * scoring, no events. Payload sizes default to those of a simulated PAST run (≈ 4.4 KB conversation, 240 B
 * response line, 680 B score line). A run's items/s divided by the floor's, measured in the same process, is
 * the figure the issues track (a ratio survives a busy machine better than an absolute rate).
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FloorOptions {
  items: number;
  /** Items in flight (default 32). */
  concurrency?: number;
  /** Parent of the scratch folder (default the OS temp dir); the folder is removed afterwards. */
  dir?: string;
  conversationBytes?: number;
  responseBytes?: number;
  scoreBytes?: number;
}

export interface FloorResult {
  items: number;
  concurrency: number;
  seconds: number;
  itemsPerSecond: number;
}

/** Runs the floor loop over `items` items and returns its throughput. */
export async function runFloor(opts: FloorOptions): Promise<FloorResult> {
  const concurrency = opts.concurrency ?? 32;
  const root = mkdtempSync(join(opts.dir ?? tmpdir(), 'picard-floor-'));
  const pad = (n: number) => 'x'.repeat(Math.max(0, n));
  const conversationPad = pad((opts.conversationBytes ?? 4400) - 120);
  const responsePad = pad((opts.responseBytes ?? 240) - 60);
  const scorePad = pad((opts.scoreBytes ?? 680) - 60);
  try {
    const sandbox = join(root, 'sandbox');
    const conversations = join(root, 'conversations');
    mkdirSync(sandbox);
    mkdirSync(conversations);
    const responses = openSync(join(root, 'responses.jsonl'), 'a');
    const scores = openSync(join(root, 'scores.progress.jsonl'), 'a');
    let next = 0;
    const one = async (i: number) => {
      const key = `q${100 + (i % 10)}_s${i}`;
      mkdirSync(join(sandbox, key));
      const file = join(conversations, `${key}.json`);
      const tmp = `${file}.tmp-${process.pid}-${i}`;
      await writeFile(tmp, JSON.stringify({ question_id: 100 + (i % 10), sample_number: i, conversation_history: conversationPad }, null, 2));
      await rename(tmp, file);
      writeSync(responses, `${JSON.stringify({ question_id: 100 + (i % 10), sample_number: i, response_text: responsePad })}\n`);
      writeSync(scores, `${JSON.stringify({ question_id: 100 + (i % 10), sample_number: i, details: scorePad })}\n`);
    };
    const worker = async () => {
      while (next < opts.items) await one(next++);
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    const seconds = (performance.now() - t0) / 1000;
    closeSync(responses);
    closeSync(scores);
    return { items: opts.items, concurrency, seconds, itemsPerSecond: Math.round(opts.items / seconds) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
