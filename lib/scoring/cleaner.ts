/**
 * The reference's `ResponseCleaner` (spec §8.3), used by `stringmatch` and `jsonmatch` only:
 * Harmony (`<|channel|>` … `<|message|>`) → text after the last `<|message|>`; otherwise remove thinking
 * blocks (non-greedy, case-insensitive, across lines) and keep what follows the last orphaned `</think>`;
 * then Python `strip()`.
 */
import { pyStrip } from '../py';

const TAGS = ['thinking', 'think', 'reasoning', 'thought', 'internal', 'reflection', 'analysis'] as const;

/** Characters Python's `re.IGNORECASE` treats as equal to each letter (incl. `ı`, `İ`, `ſ`, Kelvin `K`). */
const FOLD_EXTRA: Record<string, string> = { i: 'ıİ', s: 'ſ', k: '\u212a' };

function foldClass(word: string): string {
  return [...word].map((ch) => `[${ch}${ch.toUpperCase()}${FOLD_EXTRA[ch] ?? ''}]`).join('');
}

/** One regex per tag, applied in the reference's order (order matters for nested or overlapping tags). */
const TAG_PATTERNS = TAGS.map((t) => new RegExp(`<${foldClass(t)}>[\\s\\S]*?</${foldClass(t)}>`, 'g'));
const THINK_CLOSE = new RegExp(`</${foldClass('think')}>`, 'g');

const CHANNEL = '<|channel|>';
const MESSAGE = '<|message|>';

/** Both Harmony tokens present. */
export function hasHarmonyFormat(text: unknown): boolean {
  return typeof text === 'string' && text.includes(CHANNEL) && text.includes(MESSAGE);
}

/** Removes every thinking block (`strip_thinking_tags`). */
export function stripThinkingTags(text: string): string {
  let out = text;
  for (const re of TAG_PATTERNS) out = out.replace(re, '');
  return out;
}

/** True when `stripThinkingTags` changes the text (an orphan `</think>` alone does not count). */
export function hasThinkingTags(text: unknown): boolean {
  if (typeof text !== 'string' || text === '') return false;
  return stripThinkingTags(text).length !== text.length;
}

/** Text after the last `</think>` (case-insensitive), or the text unchanged. */
export function stripOrphanedThinkClosing(text: string): string {
  let end = -1;
  for (const m of text.matchAll(THINK_CLOSE)) end = m.index + m[0].length;
  return end < 0 ? text : text.slice(end);
}

/** Text after the last `<|message|>`. */
export function stripHarmonyFormat(text: string): string {
  const i = text.lastIndexOf(MESSAGE);
  return i < 0 ? text : text.slice(i + MESSAGE.length);
}

/**
 * `ResponseCleaner.clean_response(text)`. Falsy input (`''`, `null`) comes back unchanged, as in Python.
 * Non-string input is returned unchanged too (the reference would raise; the scorers report that themselves).
 */
export function cleanResponse<T>(text: T): T | string {
  if (typeof text !== 'string' || text === '') return text;
  let cleaned: string;
  if (hasHarmonyFormat(text)) cleaned = stripHarmonyFormat(text);
  else cleaned = stripOrphanedThinkClosing(stripThinkingTags(text));
  return pyStrip(cleaned);
}
