import { findAgentKind } from '@/lib/agents';
import { entryKeyOf } from '@/lib/experiments/agent-entry';

/** A model row of the sweep form, as submitted: `models.<i>.<key>` fields (agent fields by their config key). */
export type SweepRow = Record<string, string>;

/** The sweep form's fields grouped: top-level ones, and the model rows in form order. */
export function sweepFormRows(entries: Readonly<Record<string, unknown>>): { top: Record<string, string>; rows: SweepRow[] } {
  const top: Record<string, string> = {};
  const rows = new Map<number, SweepRow>();
  for (const [k, v] of Object.entries(entries)) {
    if (typeof v !== 'string' || k.startsWith('$')) continue;
    const m = /^models\.(\d+)\.([A-Za-z_]+)$/.exec(k);
    if (!m) top[k] = v;
    else {
      const i = Number(m[1]);
      if (!rows.has(i)) rows.set(i, {});
      rows.get(i)![m[2]] = v;
    }
  }
  return { top, rows: [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r) };
}

/** A typed-in number as a number; blank as absent; anything else as the text, for the parser to refuse. */
function numberOrText(v: string | undefined): number | string | undefined {
  const t = v?.trim() ?? '';
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/**
 * The experiment file's mapping the sweep form describes (docs/experiments.md), for the experiment parser to
 * validate like any experiment file: agent settings under their YAML keys (the kind's fields in snake case, as
 * typed: the kind's schema converts them), blanks left out (`fieldDefaults` fill agent fields, e.g. the server's
 * simulated think time). API keys are not part of it: they come back apart, by label, to stay in memory.
 */
export function sweepDocFromForm(entries: Readonly<Record<string, unknown>>, fieldDefaults: Readonly<Record<string, string>> = {}): { doc: Record<string, unknown>; apiKeys: Record<string, string> } {
  const { top, rows } = sweepFormRows(entries);
  const blank = (v: string | undefined) => (v ?? '').trim() === '';
  const doc: Record<string, unknown> = {};
  if (!blank(top.name)) doc.name = top.name.trim();
  const definitions = top.suite === '__path' ? top.definitionsPath : top.suite;
  if (!blank(definitions)) doc.definitions = definitions!.trim();
  for (const key of ['seed', 'samples', 'concurrency'] as const) {
    const v = numberOrText(top[key]);
    if (v !== undefined) doc[key] = v;
  }
  const apiKeys: Record<string, string> = {};
  doc.models = rows.map((r) => {
    const model: Record<string, unknown> = {};
    if (!blank(r.label)) model.label = r.label.trim();
    if (!blank(r.agent)) model.agent = r.agent;
    for (const f of findAgentKind(r.agent ?? '')?.fields ?? []) {
      const v = blank(r[f.key]) ? fieldDefaults[f.key] : r[f.key];
      if (blank(v)) continue;
      if (f.type === 'secret') {
        if (!blank(r.label)) apiKeys[r.label.trim()] = v!;
        continue;
      }
      if (f.type === 'flag') model[entryKeyOf(f.key)] = v === 'true' || v === 'on';
      else model[entryKeyOf(f.key)] = v!.trim();
    }
    const concurrency = numberOrText(r.concurrency);
    if (concurrency !== undefined) model.concurrency = concurrency;
    return model;
  });
  return { doc, apiKeys };
}
