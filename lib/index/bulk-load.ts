/**
 * A run read from the start, loaded in bulk: each item inserted once, complete, with the group triggers idle until
 * the end of the catch-up.
 */
import { join } from 'node:path';

import { itemKey, type PrecheckEntry } from '../generation/precheck-entry';
import { iterJsonlLines, type JsonlLine } from '../results/jsonl-reader';
import { runFiles } from '../results/run-files';
import type { ConversationStatistics, ResponseLine, ScoreProgressLine } from '../results/types';
import { applyPrecheck, applyResponses, applyScores } from './catch-up-apply';
import { ConcurrentUpdate, type Ctx, type Pending } from './catch-up-context';
import { statsArgs } from './item-columns';
import { isObject, readNewLines, saveState, tailOf } from './catch-up-read';
import { liveStatsFields, precheckFields, responseFields, scoreFields } from './item-fields';
import { RUN_SPAN } from './schema';

/** Response and score lines read ahead of the precheck, held until their item's precheck line comes. */
const LOOKAHEAD = 2_000;

/**
 * A run read from the start: each precheck batch is written together with the response and score lines of its
 * items, read ahead from their files (they come in nearly precheck order), so an item row is inserted once,
 * complete, instead of inserted and then updated twice. Memory holds at most the look-ahead window. Lines the
 * window did not match (out of order, or no precheck line) are applied by the usual upserts at the end, with the
 * offsets up to which both files were read; `readNewLines` then goes on from there.
 */
export async function bulkLoad(ctx: Ctx, o: { live: boolean; statsOf: (rows: Pending[]) => Promise<Array<ConversationStatistics | undefined>>; scores: boolean }): Promise<void> {
  const res = new Lookahead(join(ctx.dir, runFiles.responses));
  const sco = o.scores ? new Lookahead(join(ctx.dir, runFiles.scoresProgress)) : null;
  const stats = new Map<Pending, ConversationStatistics | undefined>();
  let model: string | null = null;
  await readNewLines(ctx, runFiles.precheck, async (rows) => {
    const fresh = res.fill(rows.length + LOOKAHEAD);
    const got = await o.statsOf(fresh);
    fresh.forEach((r, i) => got[i] !== undefined && stats.set(r, got[i]));
    sco?.fill(rows.length + LOOKAHEAD);
    return () => {
      for (const row of rows) {
        const p = row.value as PrecheckEntry;
        const key = itemKey(p.question_id, p.sample_number);
        const r = res.take(key);
        const s = sco?.take(key);
        if (writeMerged(ctx, row, key, r, r && stats.get(r), s, o.live)) {
          ctx.result.lines.precheck++;
        } else {
          applyPrecheck(ctx, [row]);
          if (r) applyResponses(ctx, [r], [stats.get(r)], o.live);
          if (s) applyScores(ctx, [s]);
        }
        if (r) {
          stats.delete(r);
          model ??= (r.value as ResponseLine).model_info ?? null;
        }
      }
      if (model !== null) ctx.stmts.model.run(model, ctx.runNo);
    };
  });
  // What the window holds still, then where each file was read up to (checked against a concurrent reader).
  const left = res.rest();
  const leftStats = left.map((r) => stats.get(r));
  ctx.db.transaction(() => {
    for (const [f, la] of [[runFiles.responses, res], [runFiles.scoresProgress, sco]] as const) {
      if (!la) continue;
      if (((ctx.stmts.getState.get(ctx.runId, f) as number | undefined) ?? 0) !== 0) throw new ConcurrentUpdate();
      for (const p of la.problems) ctx.stmts.problem.run(ctx.runId, f, p.line, p.message);
    }
    applyResponses(ctx, left, leftStats, o.live);
    if (sco) applyScores(ctx, sco.rest());
    for (const [f, la] of [[runFiles.responses, res], [runFiles.scoresProgress, sco]] as const) {
      if (!la || la.pos.offset === 0) continue;
      saveState(ctx, f, { size: -2, mtimeMs: 0, ...la.pos });
      ctx.result.bytesRead += la.pos.offset;
      ctx.result.problems.push(...la.problems.map((p) => `${f} line ${p.line}: ${p.message}`));
    }
  }).immediate();
  res.close();
  sco?.close();
}

/** Inserts an item complete (precheck, response, score); false when its key is already there (a repeated precheck key). */
function writeMerged(ctx: Ctx, row: Pending, key: string, r: Pending | undefined, conv: ConversationStatistics | undefined, s: Pending | undefined, live: boolean): boolean {
  const p = precheckFields(row.value as PrecheckEntry);
  const rf = r ? responseFields(r.value as ResponseLine, conv) : null;
  const sf = s ? scoreFields(s.value as ScoreProgressLine) : null;
  const ls = s ? liveStatsFields(s.value as ScoreProgressLine) : null;
  const id = ctx.runNo * RUN_SPAN + row.line;
  try {
    ctx.stmts.merged.run(id, ctx.runNo, key, p.question_id, p.sample_number, p.scoring_type !== '' || !sf ? p.scoring_type : sf.scoring_type,
      rf ? 1 : 0, rf?.exec_ok ?? null, rf?.error_class ?? null, sf?.correct ?? null, sf?.scored_at ?? null, ls ? 1 : 0,
      row.offset ?? null, r?.offset ?? null, s?.offset ?? null, ...statsArgs(ls ?? (rf && !live ? rf : null)));
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
    throw err;
  }
  ctx.stmts.mergedText.run(id, p.question, sf?.verdict_message ?? null, rf?.error_message ?? null);
  if (r) ctx.result.lines.responses++;
  if (s) ctx.result.lines.scores++;
  return true;
}

/** Reads a JSONL file ahead, by item key (the last line of a key wins), up to its last complete line. */
class Lookahead {
  readonly problems: Array<{ line: number; message: string }> = [];
  pos: { offset: number; line: number; tail: Buffer | null } = { offset: 0, line: 0, tail: null };
  private readonly held = new Map<string, Pending>();
  private readonly lines: Generator<JsonlLine>;
  private done = false;
  private lastText: string | null = null;

  constructor(file: string) {
    this.lines = iterJsonlLines(file);
  }

  /** Reads until `want` lines are held (or the file ends); returns the rows read now. */
  fill(want: number): Pending[] {
    const fresh: Pending[] = [];
    while (!this.done && this.held.size < want) {
      const n = this.lines.next();
      if (n.done || !n.value.terminated) {
        this.done = true; // a torn last line is left to readNewLines
        break;
      }
      const l = n.value;
      try {
        const value = JSON.parse(l.text) as { question_id?: number | string; sample_number?: number };
        if (!isObject(value)) throw new Error('not a JSON object');
        const row = { value, line: l.line, offset: l.offset };
        this.held.set(itemKey(value.question_id as number | string, value.sample_number as number), row);
        fresh.push(row);
      } catch (err) {
        this.problems.push({ line: l.line, message: (err as Error).message });
      }
      this.pos = { offset: l.offset + l.length + 1, line: l.line, tail: null };
      this.lastText = l.text;
    }
    if (this.lastText !== null) this.pos.tail = tailOf(this.lastText);
    this.lastText = null;
    return fresh;
  }

  take(key: string): Pending | undefined {
    const r = this.held.get(key);
    if (r) this.held.delete(key);
    return r;
  }

  /** The rows still held, in file order. */
  rest(): Pending[] {
    const out = [...this.held.values()].sort((a, b) => a.line - b.line);
    this.held.clear();
    return out;
  }

  close(): void {
    this.lines.return(undefined);
  }
}
