/**
 * Floor for the distributed coordinator: a bare Node script doing what draining a run's results stream must do at
 * least. It reads the stream in batches (XREAD COUNT 1000, as the coordinator does), parses each entry, and per
 * result writes its conversation (the text the worker made) atomically (temporary name + rename), unpacks its sandbox archive (gunzip,
 * parse, one mkdir per folder and one write per file, into an empty area) and, per batch, appends its response
 * and score lines to responses.jsonl and scores.progress.jsonl (one write each) — nothing else: no dedupe, no
 * events, no regenerated sandbox to compare with, no trimming (the stream is left as it was, for the real
 * coordinator to drain after it).
 *
 * `node lib/bench/floors/drain-stream.mjs --redis URL --stream KEY --dir DIR`.
 * Prints one JSON line: { items, seconds, cpuSeconds }, timed as the coordinator's figure is: from the first
 * batch's lines written to the last's.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const url = arg('--redis');
const stream = arg('--stream');
const dir = arg('--dir');
if (!url || !stream || !dir) {
  process.stderr.write('usage: drain-stream.mjs --redis URL --stream KEY --dir DIR\n');
  process.exit(2);
}

const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
await client.connect();
mkdirSync(join(dir, 'sandbox'), { recursive: true });
mkdirSync(join(dir, 'conversations'), { recursive: true });
const responses = openSync(join(dir, 'responses.jsonl'), 'a');
const scores = openSync(join(dir, 'scores.progress.jsonl'), 'a');

let t0 = 0;
let cpu0;
let items = 0;
let last = '0-0';
for (;;) {
  const reply = await client.xread('COUNT', 1000, 'STREAMS', stream, last);
  const batch = reply?.[0]?.[1] ?? [];
  if (batch.length === 0) break;
  let responseLines = '';
  let scoreLines = '';
  for (const [, fields] of batch) {
    const m = JSON.parse(fields[1]);
    if (m.kind !== 'result') continue;
    const conversation = join(dir, 'conversations', `${m.key}.json`);
    writeFileSync(`${conversation}.tmp`, m.conversationFile);
    renameSync(`${conversation}.tmp`, conversation);
    const area = join(dir, 'sandbox', m.key);
    const doc = JSON.parse(gunzipSync(Buffer.from(m.sandbox.data, 'base64')).toString('utf8'));
    mkdirSync(area, { recursive: true });
    for (const d of doc.dirs) mkdirSync(join(area, d), { recursive: true });
    for (const f of doc.files) {
      const target = join(area, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, Buffer.from(f.data, 'base64'));
    }
    responseLines += `${JSON.stringify(m.response)}\n`;
    scoreLines += `${JSON.stringify(m.score)}\n`;
    items += 1;
  }
  writeSync(responses, responseLines);
  writeSync(scores, scoreLines);
  if (t0 === 0) {
    t0 = performance.now();
    cpu0 = process.cpuUsage();
  }
  last = batch[batch.length - 1][0];
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
closeSync(responses);
closeSync(scores);
client.disconnect();
process.stdout.write(`${JSON.stringify({ items, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
