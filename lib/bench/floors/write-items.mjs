/**
 * Floor for a run: a bare Node script doing, per item, the file-system work a simulated item must do at least —
 * create its instance folder, write its conversation atomically (temporary name + rename), append one line to
 * responses.jsonl and one to scores.progress.jsonl — with `--concurrency` items in flight, and nothing else (no
 * generation, no agent, no scoring, no events).
 *
 * `node lib/bench/floors/write-items.mjs --dir DIR --items N [--concurrency 32] [--conversation-bytes 3000]`.
 * Prints one JSON line: { items, seconds }.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dir = arg('--dir');
const items = Number(arg('--items'));
const concurrency = Number(arg('--concurrency', '32'));
const conversationBytes = Number(arg('--conversation-bytes', '3000'));
if (!dir || !(items > 0) || !(concurrency > 0)) {
  process.stderr.write('usage: write-items.mjs --dir DIR --items N [--concurrency N] [--conversation-bytes N]\n');
  process.exit(2);
}

const t0 = performance.now();
mkdirSync(join(dir, 'sandbox'), { recursive: true });
mkdirSync(join(dir, 'conversations'), { recursive: true });
const responses = openSync(join(dir, 'responses.jsonl'), 'a');
const scores = openSync(join(dir, 'scores.progress.jsonl'), 'a');
const filler = 'x'.repeat(conversationBytes);

async function item(i) {
  const key = `q${(i % 6) + 1}_s${i}`;
  await mkdir(join(dir, 'sandbox', key));
  const conversation = JSON.stringify({ question_id: (i % 6) + 1, sample_number: i, messages: [{ role: 'assistant', content: filler }] });
  const file = join(dir, 'conversations', `${key}.json`);
  await writeFile(`${file}.tmp`, conversation);
  await rename(`${file}.tmp`, file);
  writeSync(responses, `${JSON.stringify({ question_id: (i % 6) + 1, sample_number: i, timestamp: new Date().toISOString(), response_text: 'done', execution_successful: true, error_message: null, model_info: 'floor' })}\n`);
  writeSync(scores, `${JSON.stringify({ question_id: (i % 6) + 1, sample_number: i, scoring_type: 'stringmatch', correct: true, error_message: null, details: { expected: 'done', actual: 'done' } })}\n`);
}

let next = 0;
async function worker() {
  while (next < items) await item(next++);
}
await Promise.all(Array.from({ length: Math.min(concurrency, items) }, worker));
closeSync(responses);
closeSync(scores);
process.stdout.write(`${JSON.stringify({ items, seconds: (performance.now() - t0) / 1000 })}\n`);
