/**
 * Paired comparison of two runs of the same test instances (`picard compare`, dashboard): both runs must
 * share seed and definitions hash (`run.json`), or, for reference folders without `run.json`, the same
 * precheck items with the same `substituted_question` texts. Reports both accuracies, the items whose
 * verdicts differ, and McNemar's exact p-value overall and per question.
 */
import path from 'node:path';
import { iterJsonlLines } from '../results/jsonl-reader';
import { loadRunManifest } from '../results/read-run';
import { runFiles } from '../results/run-files';
import { itemMatchKey, scoreRun } from '../scoring/score-run';
import { PyFloat, type PyJson } from '../py';
import { getMap, loadScoresDoc } from './load-scores';
import { mcnemarExact } from '../stats';

export interface ItemVerdict {
  question_id: unknown;
  sample_number: unknown;
  scoring_type: string;
  correct: boolean;
}

export interface PairedCounts {
  /** Items scored in both runs. */
  paired: number;
  correctA: number;
  correctB: number;
  /** Right in A only / right in B only (McNemar's b and c). */
  onlyA: number;
  onlyB: number;
  pValue: number;
}

export interface CompareResult {
  a: { dir: string; accuracy: number; scored: number };
  b: { dir: string; accuracy: number; scored: number };
  basis: 'run.json' | 'precheck';
  overall: PairedCounts;
  byQuestion: Array<{ question_id: string } & PairedCounts>;
  differing: Array<{ question_id: unknown; sample_number: unknown; scoring_type: string; a: boolean; b: boolean }>;
  /** Items scored in only one of the runs (not paired). */
  unpaired: number;
}

/** Thrown when two runs are not of the same test instances. */
export class IncomparableRunsError extends Error {}

/** Precheck items as `key → substituted_question`, in file order. */
function precheckTexts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of iterJsonlLines(path.join(dir, runFiles.precheck))) {
    try {
      const e = JSON.parse(l.text) as { question_id: unknown; sample_number: unknown; substituted_question?: unknown };
      out.set(itemMatchKey(e.question_id, e.sample_number), String(e.substituted_question ?? ''));
    } catch {
      // a torn precheck line cannot be compared; it simply is not part of the design
    }
  }
  return out;
}

/** Throws `IncomparableRunsError` unless the two runs are of the same test instances. */
export function checkComparable(a: string, b: string): 'run.json' | 'precheck' {
  const ma = loadRunManifest(a);
  const mb = loadRunManifest(b);
  if (ma && mb) {
    if (ma.seed !== mb.seed) throw new IncomparableRunsError(`Runs differ in seed (${ma.seed} in ${a}, ${mb.seed} in ${b}): a paired comparison needs the same test instances.`);
    if (ma.definitions?.sha256 !== mb.definitions?.sha256) {
      throw new IncomparableRunsError(`Runs differ in definitions (sha256 ${ma.definitions?.sha256} in ${a}, ${mb.definitions?.sha256} in ${b}).`);
    }
    if ((ma.definitions?.samples_override ?? null) === (mb.definitions?.samples_override ?? null)) return 'run.json';
  }
  const pa = precheckTexts(a);
  const pb = precheckTexts(b);
  if (!pa.size) throw new IncomparableRunsError(`${a} has no readable precheck.jsonl.`);
  if (pa.size !== pb.size) throw new IncomparableRunsError(`Runs have different test instances (${pa.size} items in ${a}, ${pb.size} in ${b}).`);
  for (const [k, q] of pa) {
    if (!pb.has(k)) throw new IncomparableRunsError(`Item ${k} of ${a} is not in ${b}.`);
    if (pb.get(k) !== q) throw new IncomparableRunsError(`Item ${k} has a different question in ${b}: the runs were generated differently (another seed?).`);
  }
  return 'precheck';
}

function plain(v: PyJson | undefined): unknown {
  return v instanceof PyFloat ? v.value : typeof v === 'bigint' ? Number(v) : v;
}

/** Per-item verdicts of a run: from `scores.json` when present, else scored now (nothing written). */
export async function itemVerdicts(dir: string, artifactsDir?: string): Promise<ItemVerdict[]> {
  const { doc } = loadScoresDoc(dir);
  const items = doc?.get('detailed_results');
  if (Array.isArray(items)) {
    return items.map((it) => {
      const m = getMap(it);
      return { question_id: plain(m.get('question_id')), sample_number: plain(m.get('sample_number')), scoring_type: String(plain(m.get('scoring_type'))), correct: m.get('correct') === true };
    });
  }
  const out: ItemVerdict[] = [];
  await scoreRun(dir, { artifactsDir, write: false, onItem: (l) => out.push({ question_id: l.question_id, sample_number: l.sample_number, scoring_type: String(l.scoring_type), correct: l.correct }) });
  return out;
}

function counts(pairs: Array<[boolean, boolean]>): PairedCounts {
  const onlyA = pairs.filter(([x, y]) => x && !y).length;
  const onlyB = pairs.filter(([x, y]) => !x && y).length;
  return {
    paired: pairs.length,
    correctA: pairs.filter(([x]) => x).length,
    correctB: pairs.filter(([, y]) => y).length,
    onlyA,
    onlyB,
    pValue: mcnemarExact(onlyA, onlyB),
  };
}

/** Compares two runs item by item. Throws `IncomparableRunsError` for runs of different instances. */
export async function compareRuns(a: string, b: string): Promise<CompareResult> {
  const basis = checkComparable(a, b);
  const va = await itemVerdicts(a);
  const vb = await itemVerdicts(b);
  const mb = new Map(vb.map((v) => [itemMatchKey(v.question_id, v.sample_number), v]));
  const pairs: Array<{ va: ItemVerdict; vb: ItemVerdict }> = [];
  for (const x of va) {
    const y = mb.get(itemMatchKey(x.question_id, x.sample_number));
    if (y) pairs.push({ va: x, vb: y });
  }
  const byQ = new Map<string, Array<[boolean, boolean]>>();
  for (const p of pairs) {
    const q = String(p.va.question_id);
    byQ.set(q, [...(byQ.get(q) ?? []), [p.va.correct, p.vb.correct]]);
  }
  const acc = (v: ItemVerdict[]) => (v.length ? (v.filter((x) => x.correct).length / v.length) * 100 : 0);
  return {
    a: { dir: a, accuracy: acc(va), scored: va.length },
    b: { dir: b, accuracy: acc(vb), scored: vb.length },
    basis,
    overall: counts(pairs.map((p) => [p.va.correct, p.vb.correct])),
    byQuestion: [...byQ].map(([question_id, ps]) => ({ question_id, ...counts(ps) })),
    differing: pairs
      .filter((p) => p.va.correct !== p.vb.correct)
      .map((p) => ({ question_id: p.va.question_id, sample_number: p.va.sample_number, scoring_type: p.va.scoring_type, a: p.va.correct, b: p.vb.correct })),
    unpaired: va.length + vb.length - 2 * pairs.length,
  };
}
