/**
 * The dashboard's view of an experiment (docs/dashboard.md, /experiments/<id>): the leaderboard with Wilson
 * intervals and progress, the pairwise table (exact McNemar, Holm), a heatmap of accuracy per question ×
 * configuration, and for pairs whose intervals still overlap an estimate of the items that would separate them.
 * Pure: built from each configuration's `RunState` (the same reducer as the run pages, fed by the same run events
 * live, or rebuilt from the run folders), so the live page and a page opened later show the same numbers, and a
 * finished experiment's view matches its `leaderboard.csv` / `pairwise.csv` (ranking and pairing are shared with
 * `experimentStandings` through `rankAndPair`).
 */
import type { RunStatus } from '../results/types';
import type { ItemView } from '../events/item-view';
import type { PairFigures, RunFigures } from '../index/experiment-figures';
import type { ItemState, RunState, Tally } from '../state/types';
import { wilson, Z95 } from '../stats';
import type { ExperimentConfigurationRecord, ExperimentManifest } from './experiment-folder';
import { pairCounts, rankAndPair, type LeaderboardRow, type PairwiseRow } from './leaderboard';

export type { RunFigures };

/** A configuration's run state (null when its run never started): the live and folder-built views' input. */
export interface ConfigurationState {
  label: string;
  /** The run folder name (the run id), or null. */
  runId: string | null;
  run: RunState | null;
  /** The model the run's agent reports (run.json `agent.model`), when the configuration names none. */
  model: string;
}

/** A leaderboard row with what the page adds: rank, run id, progress. */
export interface ExperimentRow extends LeaderboardRow {
  rank: number;
  runId: string | null;
  /** Items with a final status (passed, failed, errored). */
  done: number;
  /** Items in flight (running or retrying). */
  active: number;
}

/** Items per configuration at which the observed accuracies' 95% intervals would no longer overlap. */
export interface Separation {
  /** The two intervals overlap now. */
  overlap: boolean;
  /** Items per configuration needed (normal approximation); null when the observed accuracies are equal. */
  itemsNeeded: number | null;
  /** `itemsNeeded` minus the items both answered so far (at least 1 while the intervals overlap). */
  moreItems: number | null;
  /** `moreItems` spread over the suite's questions: extra samples per question. */
  moreSamplesPerQuestion: number | null;
}

export interface ExperimentPair extends PairwiseRow {
  separation: Separation;
}

export interface HeatmapCell {
  correct: number;
  /** Items of this question scored so far. */
  total: number;
  accuracy: number | null;
}

export interface Heatmap {
  /** Question ids (as strings, numeric order). */
  questions: string[];
  /** Configuration labels, in leaderboard order. */
  labels: string[];
  /** `cells[question][label]`. */
  cells: Record<string, Record<string, HeatmapCell>>;
}

export interface ExperimentView {
  id: string;
  name: string;
  /** The definitions as written (a bundled suite id or a path). */
  suite: string;
  seed: number;
  samples: number | null;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  /** Items of the design (every configuration has the same). */
  items: number;
  questions: number;
  leaderboard: ExperimentRow[];
  pairwise: ExperimentPair[];
  heatmap: Heatmap;
}

/** The heatmap's and disagreement lists' order of question ids: numeric when they are numbers. */
export function compareQuestionIds(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** Per-item verdicts of a run: key → correct, for the items that have a verdict. */
export function verdictsOf(run: RunState | null): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!run) return out;
  for (const key of run.order) {
    const it = run.items[key];
    if (it?.correct !== undefined) out.set(key, it.correct);
  }
  return out;
}

/**
 * What the view needs of one configuration, whichever way it was found: from its run's state (`figuresOfState`,
 * live or rebuilt from the folder) or by SQL over the results index (`runFigures`, lib/index/experiment-figures.ts).
 */
export interface ConfigurationFigures {
  label: string;
  runId: string | null;
  /** The model the run's agent reports, when the configuration names none. */
  model: string;
  /** Null when the configuration's run never started. */
  run: RunFigures | null;
}

/** Paired counts of two configurations (by label) on the items both scored. */
export type PairCounter = (labelA: string, labelB: string) => PairFigures;

/** A configuration's figures from its run state: the same sums the index's SQL makes over the item rows. */
export function figuresOfState(cs: ConfigurationState): ConfigurationFigures {
  const run = cs.run;
  if (!run) return { label: cs.label, runId: cs.runId, model: cs.model, run: null };
  const items = run.order.map((k) => run.items[k]).filter((it): it is ItemState => it !== undefined);
  // Means over the answered items' conversations (an item has rounds once its response is recorded).
  const responded = Object.values(run.items).filter((it): it is ItemState => it !== undefined && it.rounds !== undefined);
  let promptTokens = 0;
  let completionTokens = 0;
  let split = false;
  // The items' prompt / completion split (from their conversations or item-finished events): the cost.
  for (const it of items) {
    if (it.promptTokens !== undefined || it.completionTokens !== undefined) split = true;
    promptTokens += it.promptTokens ?? 0;
    completionTokens += it.completionTokens ?? 0;
  }
  const questions = new Set<string>(items.map((it) => String(it.question_id)));
  for (const q of Object.keys(run.byQuestion)) questions.add(q);
  const byQuestion: Record<string, Tally> = {};
  for (const [q, t] of Object.entries(run.byQuestion)) if (t.total > 0) byQuestion[q] = { ...t };
  return {
    label: cs.label, runId: cs.runId, model: cs.model,
    run: {
      status: run.status, ...(run.error ? { error: run.error } : {}), total: run.total, scored: run.scored, correct: run.correct,
      errored: run.counts.errored, done: run.done, active: (run.counts.running ?? 0) + (run.counts.retrying ?? 0), tokens: run.tokens,
      withRounds: responded.length, rounds: responded.reduce((s, it) => s + (it.rounds ?? 0), 0),
      toolCalls: responded.reduce((s, it) => s + (it.toolCalls ?? 0), 0), promptTokens, completionTokens, split,
      startedAt: run.startedAt, updatedAt: run.updatedAt, questions: [...questions], byQuestion,
    },
  };
}

/** Paired counts from the configurations' run states (their per-item verdicts). */
export function statePairCounter(configs: ReadonlyMap<string, ConfigurationState>): PairCounter {
  const verdicts = new Map<string, Map<string, boolean>>();
  const of = (label: string) => {
    let v = verdicts.get(label);
    if (!v) verdicts.set(label, (v = verdictsOf(configs.get(label)?.run ?? null)));
    return v;
  };
  return (a, b) => pairCounts(of(a), of(b));
}

/** The leaderboard row of a configuration from its figures (the same columns as leaderboard.csv). */
export function configurationRow(record: ExperimentConfigurationRecord, cf: ConfigurationFigures): { row: LeaderboardRow; done: number; active: number } {
  const run = cf.run;
  const config = record.agent as Record<string, unknown>;
  const row: LeaderboardRow = {
    label: record.label, agent: record.agent.kind, model: typeof config.model === 'string' ? config.model : cf.model,
    status: run && run.status !== 'pending' ? (run.status as RunStatus) : record.status, error: run?.error ?? record.error ?? '',
    items: run?.total ?? 0, answered: run?.scored ?? 0, correct: run?.correct ?? 0, errored: run?.errored ?? 0,
    accuracy: null, wilsonLow: null, wilsonHigh: null, meanRounds: null, meanToolCalls: null,
    totalTokens: Math.round(run?.tokens ?? 0), promptTokens: run?.promptTokens ?? 0, completionTokens: run?.completionTokens ?? 0, costUsd: null,
    durationS: durationS(record, run),
  };
  if (row.answered > 0) {
    const w = wilson(row.correct, row.answered)!;
    row.accuracy = row.correct / row.answered;
    row.wilsonLow = w.low;
    row.wilsonHigh = w.high;
  }
  if (run && run.withRounds > 0) {
    row.meanRounds = run.rounds / run.withRounds;
    row.meanToolCalls = run.toolCalls / run.withRounds;
  }
  if (record.price_per_mtok && run?.split) row.costUsd = (row.promptTokens * record.price_per_mtok.input + row.completionTokens * record.price_per_mtok.output) / 1e6;
  return { row, done: run?.done ?? 0, active: run?.active ?? 0 };
}

/** Wall time: the recorded total once the configuration has ended, else that plus this session's elapsed time. */
function durationS(record: ExperimentConfigurationRecord, run: RunFigures | null): number {
  let ms = record.duration_ms;
  if (run && run.status === 'running' && run.startedAt && run.updatedAt) ms += Math.max(0, Date.parse(run.updatedAt) - Date.parse(run.startedAt));
  return Math.round(ms / 100) / 10;
}

/**
 * Items per configuration at which the two observed accuracies' 95% intervals stop overlapping, by the normal
 * approximation: the intervals `p ± z·√(p(1−p)/n)` separate once `n ≥ z²·(σa + σb)² / (pa − pb)²` with
 * `σ = √(p(1−p))` (docs/experiments.md). `answered` is the items both configurations answered so far.
 */
export function separation(a: LeaderboardRow, b: LeaderboardRow, answered: number, questions: number): Separation {
  const none: Separation = { overlap: false, itemsNeeded: null, moreItems: null, moreSamplesPerQuestion: null };
  if (a.accuracy === null || b.accuracy === null || a.wilsonLow === null || b.wilsonLow === null || a.wilsonHigh === null || b.wilsonHigh === null) return none;
  const overlap = a.wilsonLow <= b.wilsonHigh && b.wilsonLow <= a.wilsonHigh;
  if (!overlap) return none;
  const diff = Math.abs(a.accuracy - b.accuracy);
  if (diff === 0) return { ...none, overlap };
  const sd = Math.sqrt(a.accuracy * (1 - a.accuracy)) + Math.sqrt(b.accuracy * (1 - b.accuracy));
  const itemsNeeded = Math.max(1, Math.ceil((Z95 * Z95 * sd * sd) / (diff * diff)));
  const moreItems = Math.max(1, itemsNeeded - answered);
  return { overlap, itemsNeeded, moreItems, moreSamplesPerQuestion: questions > 0 ? Math.ceil(moreItems / questions) : null };
}

/** Accuracy per question × configuration, from each configuration's per-question tallies. */
export function heatmapOf(labels: readonly string[], runs: ReadonlyMap<string, RunFigures | null>): Heatmap {
  const questions = new Set<string>();
  for (const run of runs.values()) for (const q of run?.questions ?? []) questions.add(q);
  const sorted = [...questions].sort(compareQuestionIds);
  const cells: Heatmap['cells'] = {};
  for (const q of sorted) {
    cells[q] = {};
    for (const label of labels) {
      const t = runs.get(label)?.byQuestion[q];
      cells[q][label] = { correct: t?.correct ?? 0, total: t?.total ?? 0, accuracy: t && t.total > 0 ? t.correct / t.total : null };
    }
  }
  return { questions: sorted, labels: [...labels], cells };
}

/**
 * The whole view, from each configuration's figures and a pair counter: the one assembly of the live view, the
 * view rebuilt from the folders, and the view read from the results index. `status` is the experiment's effective
 * status (a dead writer's `running` is `interrupted`).
 */
export function experimentView(manifest: ExperimentManifest, configs: ReadonlyMap<string, ConfigurationFigures>, status: RunStatus, count: PairCounter): ExperimentView {
  const extra = new Map<string, { done: number; active: number; runId: string | null }>();
  const inputs = manifest.configurations.map((record) => {
    const cf = configs.get(record.label) ?? { label: record.label, runId: record.run, run: null, model: '' };
    const { row, done, active } = configurationRow(record, cf);
    extra.set(record.label, { done, active, runId: cf.runId ?? record.run });
    return { row };
  });
  const items = Math.max(0, ...inputs.map((i) => i.row.items));
  for (const i of inputs) if (i.row.items === 0) i.row.items = items;
  const { leaderboard, pairwise } = rankAndPair(inputs, (a, b) => count(a.row.label, b.row.label));
  const runs = new Map(manifest.configurations.map((c) => [c.label, configs.get(c.label)?.run ?? null]));
  const heatmap = heatmapOf(leaderboard.map((r) => r.label), runs);
  const byLabel = new Map(leaderboard.map((r) => [r.label, r]));
  return {
    id: manifest.id, name: manifest.name, suite: manifest.definitions.as_written, seed: manifest.seed, samples: manifest.definitions.samples_override,
    status, createdAt: manifest.created_at, updatedAt: manifest.updated_at, items, questions: heatmap.questions.length,
    leaderboard: leaderboard.map((row, i) => ({ ...row, rank: i + 1, ...extra.get(row.label)! })),
    pairwise: pairwise.map((p) => ({ ...p, separation: separation(byLabel.get(p.labelA)!, byLabel.get(p.labelB)!, p.pairs, heatmap.questions.length) })),
    heatmap,
  };
}

/** The view from the configurations' run states (live, or rebuilt from the run folders). */
export function experimentViewOfStates(manifest: ExperimentManifest, configs: ReadonlyMap<string, ConfigurationState>, status: RunStatus): ExperimentView {
  const figures = new Map([...configs].map(([label, cs]) => [label, figuresOfState(cs)]));
  return experimentView(manifest, figures, status, statePairCounter(configs));
}

/** One item of a disagreement between two configurations: right in one, wrong in the other. */
export interface Disagreement {
  key: string;
  question_id: number | string;
  sample_number: number;
  /** The item in each configuration's run (for the conversation panels). */
  a: ItemView;
  b: ItemView;
}

/** The items both runs scored where exactly one is right, in question order. */
export function disagreements(a: RunState | null, b: RunState | null): Disagreement[] {
  if (!a || !b) return [];
  const out: Disagreement[] = [];
  for (const key of a.order) {
    const ia = a.items[key];
    const ib = b.items[key];
    if (!ia || !ib || ia.correct === undefined || ib.correct === undefined || ia.correct === ib.correct) continue;
    out.push({ key, question_id: ia.question_id, sample_number: ia.sample_number, a: ia, b: ib });
  }
  return out.sort((x, y) => compareQuestionIds(String(x.question_id), String(y.question_id)) || x.sample_number - y.sample_number);
}

/** A configuration's items of one question (a heatmap cell), in sample order. */
export function questionItems(run: RunState | null, question: string): ItemState[] {
  if (!run) return [];
  return run.order.map((k) => run.items[k]).filter((it): it is ItemState => it !== undefined && String(it.question_id) === question).sort((x, y) => x.sample_number - y.sample_number);
}
