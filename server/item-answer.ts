import type { PrecheckEntry } from '../lib/generation/precheck-entry';
import type { ItemAnswer } from '../lib/results/item-detail';
import type { ResponseLine } from '../lib/results/types';
import { cleanResponse } from '../lib/scoring/cleaner';
import type { ScoreLine } from '../lib/scoring/types';

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The expected answer, whichever form the scoring type uses. */
export function expectedOf(e: PrecheckEntry): string | null {
  if (e.expected_response !== undefined) return e.expected_response;
  if (e.expected_content !== undefined) return e.expected_content;
  if (e.files_to_check) return e.files_to_check.join('\n');
  if (e.expected_paths) return e.expected_paths.join('\n');
  return null;
}

/**
 * Builds the answer-key view from files already on disk: the precheck entry (answer key, templates), the
 * response (raw and cleaned) and the verdict's details (file content read by the scorer, JSON differences),
 * so nothing is scored twice. The view type is lib's (`ItemAnswer`); this builder knows the scoring types.
 */
export function itemAnswer(entry: PrecheckEntry | null, response: ResponseLine | null, score: ScoreLine | null): ItemAnswer | null {
  if (!entry) return null;
  const details = (score?.details ?? {}) as Record<string, unknown>;
  const raw = response?.response_text ?? null;
  const cleanedText = raw === null ? null : String(cleanResponse(raw));
  const fileContent = str(details.actual_content);
  const isFile = entry.scoring_type.startsWith('readfile_');
  const isJson = entry.scoring_type.endsWith('jsonmatch');
  let json: ItemAnswer['json'] = null;
  if (isJson && score) {
    const diffs = Array.isArray(details.differences) ? details.differences.map(String) : [];
    const parseError = details.parse_error ? (score.error_message ?? String(details.parse_error)) : null;
    json = { differences: diffs, error: parseError };
  }
  return {
    scoringType: entry.scoring_type,
    questionTemplate: str(entry.template),
    answerTemplate: str(entry.expected_response_before_template_functions) ?? str(entry.expected_content_before_template_functions),
    expected: expectedOf(entry),
    actual: isFile ? fileContent : cleanedText,
    actualSource: isFile ? (fileContent === null ? 'none' : 'file') : raw === null ? 'none' : 'response',
    cleaned: cleanedText !== null && cleanedText !== raw ? cleanedText : null,
    json,
  };
}
