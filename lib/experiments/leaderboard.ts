/**
 * An experiment's `leaderboard.csv` (a row per configuration, best accuracy first, Wilson 95% interval) and
 * `pairwise.csv` (a row per pair on the items both answered: exact McNemar, Holm-corrected over all pairs),
 * computed from the configurations' run folders, so they are the same whether the sweep just ended, was
 * resumed, or is still running (the dashboard can call `experimentStandings` at any time).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { erroredItemKeys } from '../reports/load-scores';
import { itemVerdicts } from '../reports/compare';
import { csvFloat, toCsv, type CsvCell } from '../reports/csv';
import { holm, mcnemarExact, wilson } from '../stats';
import { loadRunManifest } from '../results/read-run';
import { itemMatchKey } from '../scoring/score-run';
import { readConversationStats } from '../state/conversation-stats';
import { pyRound } from '../py';
import type { RunStatus } from '../results/types';
import { experimentFiles, type ExperimentManifest } from './experiment-folder';

export interface LeaderboardRow {
  label: string;
  agent: string;
  model: string;
  status: RunStatus;
  error: string;
  /** Items of the design (every configuration has the same). */
  items: number;
  /** Items with a response (scored), errored ones included. */
  answered: number;
  correct: number;
  /** Answered items whose response says `execution_successful: false` (scored as wrong). */
  errored: number;
  /** correct / answered, as a proportion; null before the first answer. */
  accuracy: number | null;
  wilsonLow: number | null;
  wilsonHigh: number | null;
  meanRounds: number | null;
  meanToolCalls: number | null;
  totalTokens: number;
  promptTokens: number;
  completionTokens: number;
  /** From `price_per_mtok` and the recorded prompt/completion tokens; null without a price or without such tokens. */
  costUsd: number | null;
  durationS: number;
}

export interface PairwiseRow {
  labelA: string;
  labelB: string;
  pairs: number;
  bothCorrect: number;
  aOnly: number;
  bOnly: number;
  bothWrong: number;
  mcnemarP: number;
  holmP: number;
}

export interface Standings {
  leaderboard: LeaderboardRow[];
  pairwise: PairwiseRow[];
}

/** A configuration's leaderboard row and its per-item verdicts: what ranking and pairing need. */
export interface RankInput {
  row: LeaderboardRow;
  /** match key → correct, for the items answered. */
  verdicts: Map<string, boolean>;
}

async function loadConfiguration(expDir: string, m: ExperimentManifest, i: number): Promise<RankInput> {
  const c = m.configurations[i];
  const config = c.agent as Record<string, unknown>;
  const row: LeaderboardRow = {
    label: c.label, agent: c.agent.kind, model: typeof config.model === 'string' ? config.model : '', status: c.status, error: c.error ?? '',
    items: 0, answered: 0, correct: 0, errored: 0, accuracy: null, wilsonLow: null, wilsonHigh: null, meanRounds: null, meanToolCalls: null,
    totalTokens: 0, promptTokens: 0, completionTokens: 0, costUsd: null, durationS: Math.round(c.duration_ms / 100) / 10,
  };
  const verdicts = new Map<string, boolean>();
  if (c.run === null) return { row, verdicts };
  const dir = join(expDir, c.run);
  const manifest = loadRunManifest(dir);
  if (manifest) {
    row.items = manifest.total_items;
    row.status = manifest.status;
    row.error = manifest.error ?? '';
    const described = manifest.agent?.model;
    if (typeof described === 'string' && described) row.model = described;
  }
  for (const v of await itemVerdicts(dir)) verdicts.set(itemMatchKey(v.question_id, v.sample_number), v.correct);
  row.answered = verdicts.size;
  row.correct = [...verdicts.values()].filter(Boolean).length;
  row.errored = erroredItemKeys(dir).size;
  if (row.answered > 0) {
    const w = wilson(row.correct, row.answered)!;
    row.accuracy = row.correct / row.answered;
    row.wilsonLow = w.low;
    row.wilsonHigh = w.high;
  }
  const stats = [...(await readConversationStats(dir)).values()];
  if (stats.length > 0) {
    row.meanRounds = stats.reduce((s, x) => s + (x.inference_rounds ?? 0), 0) / stats.length;
    row.meanToolCalls = stats.reduce((s, x) => s + (x.tool_calls ?? 0), 0) / stats.length;
  }
  for (const s of stats) {
    row.totalTokens += s.total_tokens ?? s.total_tokens_estimated ?? 0;
    row.promptTokens += s.prompt_tokens ?? 0;
    row.completionTokens += s.completion_tokens ?? 0;
  }
  row.totalTokens = Math.round(row.totalTokens);
  const split = stats.some((s) => s.prompt_tokens !== undefined || s.completion_tokens !== undefined);
  if (c.price_per_mtok && split) row.costUsd = (row.promptTokens * c.price_per_mtok.input + row.completionTokens * c.price_per_mtok.output) / 1e6;
  return { row, verdicts };
}

/** Best accuracy first; then the higher Wilson lower bound (more evidence), then the label. No answers: last. */
export function byStanding(a: LeaderboardRow, b: LeaderboardRow): number {
  return (b.accuracy ?? -1) - (a.accuracy ?? -1) || (b.wilsonLow ?? -1) - (a.wilsonLow ?? -1) || a.label.localeCompare(b.label);
}

/** Paired counts of two configurations on the items both answered. */
export function pairCounts(a: ReadonlyMap<string, boolean>, b: ReadonlyMap<string, boolean>): PairCounts {
  let bothCorrect = 0;
  let aOnly = 0;
  let bOnly = 0;
  let bothWrong = 0;
  for (const [key, ca] of a) {
    const cb = b.get(key);
    if (cb === undefined) continue;
    if (ca && cb) bothCorrect++;
    else if (ca) aOnly++;
    else if (cb) bOnly++;
    else bothWrong++;
  }
  return { pairs: bothCorrect + aOnly + bOnly + bothWrong, bothCorrect, aOnly, bOnly, bothWrong };
}

/** The leaderboard and pairwise table of an experiment folder, from what is on disk now. */
export async function experimentStandings(expDir: string, m: ExperimentManifest): Promise<Standings> {
  const loaded: RankInput[] = [];
  for (let i = 0; i < m.configurations.length; i++) loaded.push(await loadConfiguration(expDir, m, i));
  // A configuration whose run never started still has the design's items (all configurations share them).
  const design = Math.max(0, ...loaded.map((l) => l.row.items));
  for (const l of loaded) if (m.configurations.find((c) => c.label === l.row.label)?.run === null) l.row.items = design;
  return rankAndPair(loaded, (a, b) => pairCounts(a.verdicts, b.verdicts));
}

/** Paired counts of two configurations: pairs, both correct, A only, B only, both wrong. */
export type PairCounts = Omit<PairwiseRow, 'labelA' | 'labelB' | 'mcnemarP' | 'holmP'>;

/**
 * Ranks rows best first and pairs every two on the items both answered (`count`: from per-item verdicts, or by
 * SQL over the index), exact McNemar, Holm over all pairs. Shared by the files' standings and the dashboard's
 * views (experiment-view.ts). Sorts `loaded` in place.
 */
export function rankAndPair<T extends { row: LeaderboardRow }>(loaded: T[], count: (a: T, b: T) => PairCounts): Standings {
  loaded.sort((x, y) => byStanding(x.row, y.row));
  const pairs: Array<Omit<PairwiseRow, 'holmP'>> = [];
  for (let i = 0; i < loaded.length; i++) {
    for (let j = i + 1; j < loaded.length; j++) {
      const counts = count(loaded[i], loaded[j]);
      pairs.push({ labelA: loaded[i].row.label, labelB: loaded[j].row.label, ...counts, mcnemarP: mcnemarExact(counts.aOnly, counts.bOnly) });
    }
  }
  const adjusted = holm(pairs.map((p) => p.mcnemarP));
  return { leaderboard: loaded.map((l) => l.row), pairwise: pairs.map((p, k) => ({ ...p, holmP: adjusted[k] })) };
}

const pct = (x: number | null): CsvCell => (x === null ? '' : csvFloat(pyRound(x * 100, 2)));
const fixed = (x: number | null, digits: number): CsvCell => (x === null ? '' : csvFloat(pyRound(x, digits)));

export const leaderboardHeader = [
  'label', 'agent', 'model', 'status', 'error', 'items', 'answered', 'correct', 'errored', 'accuracy_percentage', 'wilson95_low_percentage',
  'wilson95_high_percentage', 'mean_rounds', 'mean_tool_calls', 'total_tokens', 'cost_usd', 'duration_s',
] as const;

export const pairwiseHeader = ['label_a', 'label_b', 'pairs', 'both_correct', 'a_only', 'b_only', 'both_wrong', 'mcnemar_p', 'holm_p'] as const;

export function leaderboardCsv(rows: readonly LeaderboardRow[]): string {
  return toCsv([
    [...leaderboardHeader],
    ...rows.map((r) => [
      r.label, r.agent, r.model, r.status, r.error, r.items, r.answered, r.correct, r.errored, pct(r.accuracy), pct(r.wilsonLow), pct(r.wilsonHigh),
      fixed(r.meanRounds, 2), fixed(r.meanToolCalls, 2), r.totalTokens, fixed(r.costUsd, 6), csvFloat(r.durationS),
    ]),
  ]);
}

export function pairwiseCsv(rows: readonly PairwiseRow[]): string {
  return toCsv([[...pairwiseHeader], ...rows.map((r) => [r.labelA, r.labelB, r.pairs, r.bothCorrect, r.aOnly, r.bOnly, r.bothWrong, csvFloat(r.mcnemarP), csvFloat(r.holmP)])]);
}

/** Writes `leaderboard.csv` and `pairwise.csv` into the experiment folder; returns what they hold. */
export async function writeStandings(expDir: string, m: ExperimentManifest): Promise<Standings> {
  const s = await experimentStandings(expDir, m);
  writeFileSync(join(expDir, experimentFiles.leaderboard), leaderboardCsv(s.leaderboard));
  writeFileSync(join(expDir, experimentFiles.pairwise), pairwiseCsv(s.pairwise));
  return s;
}
