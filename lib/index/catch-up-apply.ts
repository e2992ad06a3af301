/** The writes of parsed lines into item rows: precheck, response and score lines, and `scores.json`'s verdicts. */
import { join } from 'node:path';

import { itemKey, type PrecheckEntry } from '../generation/precheck-entry';
import { readJsonFile } from '../results/read-run';
import { runFiles } from '../results/run-files';
import type { ConversationStatistics, ResponseLine, ScoreProgressLine } from '../results/types';
import { itemRef, setText, type Ctx, type Pending } from './catch-up-context';
import { statsArgs } from './item-columns';
import { isObject } from './catch-up-read';
import { liveStatsFields, precheckFields, responseFields, scoreFields } from './item-fields';
import { ORPHAN_RESPONSE_SEQ, ORPHAN_SCORE_SEQ, RUN_SPAN } from './schema';

export function applyPrecheck(ctx: Ctx, rows: Pending[]): void {
  for (const r of rows) {
    const p = r.value as PrecheckEntry;
    const f = precheckFields(p);
    const id = ctx.runNo * RUN_SPAN + r.line;
    ctx.stmts.precheck.run(id, ctx.runNo, itemKey(p.question_id, p.sample_number), f.question_id, f.sample_number, f.scoring_type, r.offset ?? null);
    ctx.stmts.precheckText.run(id, f.question);
  }
  ctx.result.lines.precheck += rows.length;
}

export function applyResponses(ctx: Ctx, rows: Pending[], stats: Array<ConversationStatistics | undefined>, live: boolean): void {
  let model: string | null = null;
  rows.forEach((r, i) => {
    const line = r.value as ResponseLine;
    const f = responseFields(line, stats[i]);
    const ref = itemRef(ctx, line, ORPHAN_RESPONSE_SEQ + r.line);
    const at = r.offset ?? null;
    const id = (live ? ctx.stmts.responseBare.get(...ref, f.exec_ok, f.error_class, at) : ctx.stmts.response.get(...ref, f.exec_ok, f.error_class, at, ...statsArgs(f))) as number;
    setText(ctx.stmts.responseText, ctx.stmts.clearError, id, f.error_message);
    model ??= f.model_info;
  });
  if (model !== null) ctx.stmts.model.run(model, ctx.runNo);
  ctx.result.lines.responses += rows.length;
}

export function applyScores(ctx: Ctx, rows: Pending[]): void {
  for (const r of rows) {
    const s = r.value as ScoreProgressLine;
    const f = scoreFields(s);
    const live = liveStatsFields(s);
    const id = ctx.stmts.score.get(...itemRef(ctx, s, ORPHAN_SCORE_SEQ + r.line), f.scoring_type, f.correct, f.scored_at,
      live ? 1 : 0, r.offset ?? null, ...statsArgs(live)) as number;
    setText(ctx.stmts.scoreText, ctx.stmts.clearVerdict, id, f.verdict_message);
  }
  ctx.result.lines.scores += rows.length;
}

/** A reference folder's verdicts: `scores.json` → `detailed_results`, when there is no `scores.progress.jsonl`. */
export function applyScoresJson(ctx: Ctx, apply: (rows: Pending[]) => void): void {
  const { value, error } = readJsonFile<{ detailed_results?: unknown }>(join(ctx.dir, runFiles.scores));
  if (error) {
    ctx.result.problems.push(error);
    ctx.db.prepare('INSERT OR REPLACE INTO problems (run_id, file, line, message) VALUES (?, ?, 0, ?)').run(ctx.runId, runFiles.scores, error);
    return;
  }
  const list = Array.isArray(value?.detailed_results) ? value.detailed_results : [];
  const rows = list.filter(isObject).map((v, i) => ({ value: v, line: i + 1 }));
  for (let i = 0; i < rows.length; i += ctx.batch) {
    ctx.db.transaction(() => apply(rows.slice(i, i + ctx.batch))).immediate();
  }
}
