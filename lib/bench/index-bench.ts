/**
 * `npm run bench:index [-- <items> [runs]]`: the results index's figures, each beside a floor.
 *  - catch-up of a synthetic 200,000-item folder with no index (time, peak RSS of the process doing it), beside a
 *    bare loop reading and JSON.parse-ing the same JSONL files;
 *  - the run list over 1,000 runs (a page sorted by date, a search), and the stat-only staleness scan;
 *  - every filter and sort the item table offers, a text search and the aggregates on the 200,000-item run
 *    (realistic statistics: tokens, rounds, tool calls, attempts, durations on every item);
 *  - opening one item's detail (the conversation panel) in that run: a scan of its JSONL files, beside the read at
 *    the line offsets the index holds (time, and bytes read from the kernel's count where /proc/self/io exists).
 * Catch-up and floor run in child processes so each peak RSS is their own. Nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAggregates } from '../index/aggregates';
import { catchUpResults } from '../index/catch-up-results';
import { catchUpRun } from '../index/catch-up-run';
import { itemLineHints } from '../index/item-line-hints';
import { openResultsIndex } from '../index/open';
import { queryItems } from '../index/query-items';
import { queryRuns } from '../index/query-runs';
import { writeSyntheticRun } from '../index/testing/synthetic-run';
import { iterJsonlLines } from '../results/jsonl-reader';
import { readExplainedItemDetail } from '../scoring/item-detail';

const self = fileURLToPath(import.meta.url);

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(0)} ms`;
}

/** CPU time (user + system) since `from`: what the process did, whatever else shares the cores. */
function cpuMs(from: NodeJS.CpuUsage): string {
  const u = process.cpuUsage(from);
  return ((u.user + u.system) / 1000).toFixed(0);
}

function median(fn: () => void, n = 5): string {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return `${times[Math.floor(n / 2)].toFixed(1)} ms`;
}

/** Bytes this process read while `fn` ran (the kernel's `rchar`), or null where /proc/self/io does not exist. */
function bytesRead(fn: () => void): number | null {
  const rchar = () => {
    try {
      return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
    } catch {
      return NaN;
    }
  };
  const before = rchar();
  fn();
  const n = rchar() - before;
  return Number.isFinite(n) ? n : null;
}

function kb(n: number | null): string {
  return n === null ? 'bytes read unknown' : `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB read`;
}

function child(mode: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, mode, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Child: catch one run up into a fresh index. */
async function childCatchUp(resultsDir: string, dir: string): Promise<void> {
  const index = openResultsIndex(resultsDir);
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await catchUpRun(index, dir);
  index.close();
  process.stdout.write(`${(performance.now() - t).toFixed(0)} ms (CPU ${cpuMs(c)} ms), ${r.lines.responses} responses, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

/** Child: the floor: read and JSON.parse every line of the same three JSONL files. */
function childFloor(dir: string): void {
  const t = performance.now();
  const c = process.cpuUsage();
  let n = 0;
  for (const f of ['precheck.jsonl', 'responses.jsonl', 'scores.progress.jsonl']) for (const l of iterJsonlLines(join(dir, f))) n += JSON.parse(l.text) ? 1 : 0;
  process.stdout.write(`${(performance.now() - t).toFixed(0)} ms (CPU ${cpuMs(c)} ms) for ${n} lines, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

export async function benchIndex(items = 200_000, runs = 1000, log: (s: string) => void = console.log): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'picard-bench-index-'));
  try {
    const big = join(root, 'big');
    let t = performance.now();
    const dir = writeSyntheticRun(big, 'big_20261126_100000', { items });
    log(`generated a ${items}-item folder in ${ms(t)}`);
    log(`catch-up, no index (statistics from scores.progress.jsonl): ${child('catch-up', big, dir)}`);
    log(`floor, read + JSON.parse the same JSONL:   ${child('floor', dir)}`);

    const index = openResultsIndex(big);
    const runId = 'big_20261126_100000';
    log(`status filter (failed), first page of 100:     ${median(() => queryItems(index, runId, { status: ['failed'], limit: 100 }))}`);
    log(`status filter (failed), page at offset 50,000: ${median(() => queryItems(index, runId, { status: ['failed'], offset: 50_000, limit: 100 }))}`);
    log(`sort by tokens desc, first page of 100:        ${median(() => queryItems(index, runId, { sort: 'tokens', dir: 'desc', limit: 100 }))}`);
    log(`sort by tokens asc, page at offset 100,000:    ${median(() => queryItems(index, runId, { sort: 'tokens', dir: 'asc', offset: 100_000, limit: 100 }))}`);
    log(`sort by duration desc, first page:             ${median(() => queryItems(index, runId, { sort: 'durationMs', dir: 'desc', limit: 100 }))}`);
    log(`sort by rounds desc, first page:               ${median(() => queryItems(index, runId, { sort: 'rounds', dir: 'desc', limit: 100 }))}`);
    log(`status filter (failed) sorted by tokens desc:  ${median(() => queryItems(index, runId, { status: ['failed'], sort: 'tokens', dir: 'desc', limit: 100 }))}`);
    log(`sort by verdict message, first page:           ${median(() => queryItems(index, runId, { sort: 'verdict', limit: 100 }))}`);
    log(`text search 'q1234_', first page:             ${median(() => queryItems(index, runId, { search: 'q1234_', limit: 100 }))}`);
    log(`text search 'value-12' (question text), first page: ${median(() => queryItems(index, runId, { search: 'value-12', limit: 100 }))}`);
    log(`aggregates (counts, Wilson, per type, per question): ${median(() => runAggregates(index, runId))}`);
    log(`aggregates of one scoring type:                ${median(() => runAggregates(index, runId, { scoringType: ['stringmatch'] }))}`);
    log(`aggregates under a status filter (failed):     ${median(() => runAggregates(index, runId, { status: ['failed'] }))}`);
    const key = `q${Math.floor(items / 20)}_s5`; // halfway through the run
    const scan = () => readExplainedItemDetail(dir, key);
    const byOffset = () => readExplainedItemDetail(dir, key, { lines: itemLineHints(index, runId, key) ?? undefined });
    log(`one item's detail, scanning the JSONL files:   ${median(scan)}, ${kb(bytesRead(scan))}`);
    log(`one item's detail, at the index's offsets:     ${median(byOffset)}, ${kb(bytesRead(byOffset))}`);
    index.close();

    const many = join(root, 'many');
    t = performance.now();
    for (let i = 0; i < runs; i++) {
      writeSyntheticRun(many, `run${i}_20261126_100000`, { items: 20, seed: i, label: `run ${i}`, model: i % 2 ? 'gpt-x' : 'llama-y', createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() });
    }
    log(`generated ${runs} run folders in ${ms(t)}`);
    const idx = openResultsIndex(many);
    t = performance.now();
    await catchUpResults(idx);
    log(`catch-up of ${runs} runs with no index: ${ms(t)}`);
    t = performance.now();
    await catchUpResults(idx);
    log(`staleness scan of ${runs} unchanged runs (stat only): ${ms(t)}`);
    log(`run list, page of 50 newest first: ${median(() => queryRuns(idx, { limit: 50 }))}`);
    log(`run list, search 'llama' sorted by accuracy: ${median(() => queryRuns(idx, { search: 'llama', sort: 'accuracy', limit: 50 }))}`);
    idx.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'catch-up') await childCatchUp(a, b);
  else if (mode === 'floor') childFloor(a);
  else await benchIndex(mode ? Number(mode) : undefined, a ? Number(a) : undefined);
}
