import type { Rng } from '../util/rng';

/**
 * A plausible wrong answer: numbers are nudged, JSON values changed, text altered — always different
 * from the input (so a "wrong" simulated answer is really wrong).
 */
export function perturbAnswer(answer: string, rng: Rng): string {
  const trimmed = answer.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return nudgeNumber(trimmed, rng);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const changed = JSON.stringify(perturbJson(parsed, rng));
      if (changed !== JSON.stringify(parsed)) return changed;
    } catch {
      // Not JSON after all: fall through to text.
    }
  }
  const words = ['approximately', 'maybe', 'unknown', 'n/a'];
  return trimmed === '' ? rng.choice(words) : `${trimmed} ${rng.choice(words)}`;
}

function nudgeNumber(s: string, rng: Rng): string {
  const delta = rng.int(1, 5) * (rng.next() < 0.5 ? -1 : 1);
  if (s.includes('.')) return (Number(s) + delta / 10).toFixed(s.split('.')[1].length);
  return String(Number(s) + delta);
}

function perturbJson(v: unknown, rng: Rng): unknown {
  if (typeof v === 'number') return v + rng.int(1, 5);
  if (Array.isArray(v)) return v.length ? [perturbJson(v[0], rng), ...v.slice(1)] : ['extra'];
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return { unexpected: true };
    const [k, first] = entries[0];
    return { ...v, [k]: perturbJson(first, rng) };
  }
  if (typeof v === 'string') return `${v}x`;
  return 'wrong';
}
