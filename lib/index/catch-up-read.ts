/**
 * The read state of a run's files: each JSONL file read in batches from the byte offset where the last read
 * stopped, that offset saved with the rows, and a file rewritten under its offset noticed by the bytes kept before it.
 */
import { join } from 'node:path';

import { bytesAt, iterJsonlLines } from '../results/jsonl-reader';
import { runFiles } from '../results/run-files';
import { ConcurrentUpdate, type Ctx, type Pending } from './catch-up-context';
import { MISSING, type FileState, type Stamp, type TrackedFile } from './file-stamps';

/** Bytes kept from just before an offset, to notice a file rewritten under it. */
const TAIL_BYTES = 32;

/** A JSONL file was rewritten (shorter than what was read, or different bytes before the offset): re-read the run. */
export function rewritten(dir: string, states: ReadonlyMap<string, FileState>, stamps: Record<TrackedFile, Stamp>): boolean {
  for (const f of [runFiles.precheck, runFiles.responses, runFiles.scoresProgress] as const) {
    const st = states.get(f);
    if (!st || st.offset === 0) continue;
    if (stamps[f].size < st.offset) return true;
    if (st.tail && !bytesAt(join(dir, f), st.offset - st.tail.length, st.tail.length).equals(st.tail)) return true;
  }
  return false;
}

export function sameAsStored(ctx: Ctx, f: TrackedFile): boolean {
  const st = ctx.states.get(f) ?? MISSING;
  return st.size === ctx.stamps[f].size && st.mtimeMs === ctx.stamps[f].mtimeMs;
}

export function saveState(ctx: Ctx, f: string, s: FileState): void {
  ctx.stmts.putState.run(ctx.runId, f, s.size, s.mtimeMs, s.offset, s.line, s.tail);
  ctx.states.set(f, s);
}

/**
 * Reads the complete lines after the stored offset in batches: `prepare` does any slow reading for a batch (off
 * the write lock) and returns the writes, run in one transaction with the new offset. A last line without its
 * newline is applied if it parses but not consumed (it is read again next time); one that does not parse is a
 * torn write and waits. Unreadable complete lines are recorded as problems and skipped.
 */
export async function readNewLines(ctx: Ctx, f: TrackedFile, prepare: (rows: Pending[]) => Promise<() => void>): Promise<void> {
  const stamp = ctx.stamps[f];
  const from = ctx.states.get(f) ?? { ...MISSING, offset: 0, line: 0, tail: null };
  if (stamp.size < 0 || (sameAsStored(ctx, f) && ctx.states.has(f))) return;
  const file = join(ctx.dir, f);
  let start = { offset: from.offset, line: from.line };
  let pos = { ...start, tail: from.tail };
  let rows: Pending[] = [];
  let problems: Array<{ line: number; message: string }> = [];
  let lastText: string | null = null;
  const flush = async (final: boolean) => {
    if (lastText !== null) pos.tail = tailOf(lastText);
    lastText = null;
    const write = await prepare(rows);
    const expected = start.offset;
    ctx.db.transaction(() => {
      const stored = (ctx.stmts.getState.get(ctx.runId, f) as number | undefined) ?? 0;
      if (stored !== expected) throw new ConcurrentUpdate();
      write();
      for (const p of problems) ctx.stmts.problem.run(ctx.runId, f, p.line, p.message);
      // The stamp is saved with the last batch only: until then the file still reads as stale.
      const stampNow = final ? stamp : { size: -2, mtimeMs: 0 };
      saveState(ctx, f, { ...stampNow, offset: pos.offset, line: pos.line, tail: pos.tail });
    }).immediate();
    ctx.result.bytesRead += pos.offset - start.offset;
    ctx.result.problems.push(...problems.map((p) => `${f} line ${p.line}: ${p.message}`));
    start = { offset: pos.offset, line: pos.line };
    rows = [];
    problems = [];
  };
  for (const l of iterJsonlLines(file, start)) {
    let value: unknown;
    let parseError: string | null = null;
    try {
      value = JSON.parse(l.text);
    } catch (err) {
      parseError = (err as Error).message;
    }
    if (!l.terminated) {
      if (parseError === null) rows.push({ value, line: l.line, offset: l.offset });
      break;
    }
    if (parseError === null && isObject(value)) rows.push({ value, line: l.line, offset: l.offset });
    else problems.push({ line: l.line, message: parseError ?? 'not a JSON object' });
    const end = l.offset + l.length + 1;
    pos = { offset: end, line: l.line, tail: null };
    lastText = l.text;
    if (rows.length >= ctx.batch) await flush(false);
  }
  await flush(true);
}

export function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function tailOf(text: string): Buffer {
  const b = Buffer.from(`${text}\n`, 'utf8');
  return Buffer.from(b.subarray(Math.max(0, b.length - TAIL_BYTES)));
}
