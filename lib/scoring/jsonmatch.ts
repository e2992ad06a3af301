/** `jsonmatch`: parse `expected_response` and the cleaned response with Python `json.loads`, deep compare. */
import { cleanResponse, hasHarmonyFormat, hasThinkingTags } from './cleaner';
import { deepJsonEqual, jsonDifferences } from './json-compare';
import { PyJsonDecodeError, pyJsonLoads, toPlain, type PyJson } from '../py';
import { getStripped } from './py-text';
import { rawResponseText } from './stringmatch';
import type { Scorer } from './types';

export const jsonmatch: Scorer = (entry, response) => {
  const expectedRaw = getStripped(entry, 'expected_response');
  const raw = rawResponseText(response);
  const cleaned = cleanResponse(raw);
  const flags = { thinking_tags_found: hasThinkingTags(raw), harmony_format_found: hasHarmonyFormat(raw) };
  const base = { expected_raw: expectedRaw, actual_raw: raw, actual_cleaned: cleaned };
  let expected: PyJson;
  try {
    expected = pyJsonLoads(expectedRaw);
  } catch (err) {
    if (!(err instanceof PyJsonDecodeError)) throw err;
    return {
      correct: false,
      error_message: `Invalid expected JSON: ${err.message}`,
      details: { ...base, ...flags, parse_error: 'expected_json' },
    };
  }
  let actual: PyJson;
  try {
    actual = pyJsonLoads(cleaned);
  } catch (err) {
    // A null response is a TypeError in Python, not a JSONDecodeError: it surfaces as `Scoring error: …`.
    if (!(err instanceof PyJsonDecodeError)) throw err;
    return {
      correct: false,
      error_message: `LLM response is not valid JSON: ${err.message}`,
      details: { ...base, expected_json: toPlain(expected), ...flags, parse_error: 'actual_json' },
    };
  }
  const correct = deepJsonEqual(expected, actual);
  const details: Record<string, unknown> = {
    ...base,
    expected_json: toPlain(expected),
    actual_json: toPlain(actual),
    ...flags,
    comparison_method: 'semantic_json_match',
  };
  if (!correct) details.differences = jsonDifferences(expected, actual);
  return { correct, error_message: correct ? null : 'JSON structures do not match', details };
};
