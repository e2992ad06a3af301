/**
 * Building the answer view (`ItemAnswer`: expected against actual, as the conversation debugger shows it) from what
 * is on disk: the precheck entry (answer key, templates), the response (raw and cleaned) and the verdict's details
 * (the file content the scorer read, JSON differences), so nothing is scored twice. Each descriptor's `explain`
 * says which answer key it compares with what; the parts every type shares are built here.
 */
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ItemAnswer } from '../results/item-detail';
import type { ResponseLine, ScoreLine } from '../results/types';
import { cleanResponse } from './cleaner';

export interface AnswerSides {
  /** The answer key as text (a response, a file's content, or paths one per line). */
  expected: string | null;
  /** What the scorer compared it with: the cleaned response, or the content of the file it read. */
  actual: 'response' | 'file';
  /** Whether the comparison was structural JSON (differences and parse errors are shown as such). */
  json: boolean;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The JSON comparison recorded in a verdict: its differences, or why parsing failed. */
function jsonComparison(score: ScoreLine): NonNullable<ItemAnswer['json']> {
  const details = score.details ?? {};
  const differences = Array.isArray(details.differences) ? details.differences.map(String) : [];
  const error = details.parse_error ? (score.error_message ?? String(details.parse_error)) : null;
  return { differences, error };
}

/** The full answer view of one item, given the sides its scoring type compares. */
export function answerView(entry: PrecheckEntry, response: ResponseLine | null, score: ScoreLine | null, sides: AnswerSides): ItemAnswer {
  const raw = response?.response_text ?? null;
  const cleanedText = raw === null ? null : String(cleanResponse(raw));
  const fileContent = str((score?.details ?? {}).actual_content);
  const fromFile = sides.actual === 'file';
  return {
    scoringType: entry.scoring_type,
    questionTemplate: str(entry.template),
    answerTemplate: str(entry.expected_response_before_template_functions) ?? str(entry.expected_content_before_template_functions),
    expected: sides.expected,
    actual: fromFile ? fileContent : cleanedText,
    actualSource: fromFile ? (fileContent === null ? 'none' : 'file') : raw === null ? 'none' : 'response',
    cleaned: cleanedText !== null && cleanedText !== raw ? cleanedText : null,
    json: sides.json && score ? jsonComparison(score) : null,
  };
}

/** A list of paths as the answer view shows it: one per line. */
export function pathLines(paths: readonly string[] | undefined): string | null {
  return Array.isArray(paths) ? paths.join('\n') : null;
}
