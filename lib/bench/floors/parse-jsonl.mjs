/**
 * Floor for `picard score`: a bare loop reading a run folder's precheck.jsonl and responses.jsonl and parsing every
 * line with JSON.parse — the least any scorer must do — and nothing else.
 *
 * `node lib/bench/floors/parse-jsonl.mjs RUN_DIR`. Prints one JSON line: { lines, seconds }.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: parse-jsonl.mjs RUN_DIR\n');
  process.exit(2);
}
const t0 = performance.now();
let lines = 0;
for (const name of ['precheck.jsonl', 'responses.jsonl']) {
  for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    JSON.parse(line);
    lines += 1;
  }
}
process.stdout.write(`${JSON.stringify({ lines, seconds: (performance.now() - t0) / 1000 })}\n`);
