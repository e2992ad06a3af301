/** `stringmatch`: `expected_response.strip() == clean_response(response_text)`, case-sensitive, exact. */
import { cleanResponse, hasHarmonyFormat, hasThinkingTags } from './cleaner';
import { PyError, pyStr, pyTypeName, pyGetStripped } from '../py';
import { answerView } from './answer-view';
import { replyAnswer } from './simulated-actions';
import { requiredScoringFields } from '../definitions/scoring-types';
import type { Scorer, ScorerDescriptor } from './types';

/** `response_entry.get('response_text', '')`, rejecting types the reference's cleaner would crash on. */
export function rawResponseText(response: object): unknown {
  const v = (response as Record<string, unknown>).response_text;
  if (v === undefined) return '';
  if (v !== null && typeof v !== 'string' && v) {
    throw new PyError(`argument of type '${pyTypeName(v)}' is not iterable`);
  }
  return v;
}

const score: Scorer = (entry, response) => {
  const expected = pyGetStripped(entry, 'expected_response');
  const raw = rawResponseText(response);
  const cleaned = cleanResponse(raw);
  const correct = expected === cleaned;
  return {
    correct,
    error_message: correct ? null : `Expected '${expected}', got '${pyStr(cleaned)}'`,
    details: {
      expected,
      actual_raw: raw,
      actual_cleaned: cleaned,
      comparison_method: 'exact_match_trimmed_cleaned',
      thinking_tags_found: hasThinkingTags(raw),
      harmony_format_found: hasHarmonyFormat(raw),
    },
  };
};

export const stringmatch: ScorerDescriptor<'stringmatch'> = {
  id: 'stringmatch',
  requiredFields: requiredScoringFields.stringmatch,
  score,
  explain: (entry, response, verdict) => answerView(entry, response, verdict, { expected: entry.expected_response ?? null, actual: 'response', json: false }),
  simulate: replyAnswer,
};
