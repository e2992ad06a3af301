/** `jsonmatch`: parse `expected_response` and the cleaned response with Python `json.loads`, deep compare. */
import type { PrecheckEntry } from '../generation/precheck-entry';
import { answerView } from './answer-view';
import { replyAnswer } from './simulated-actions';
import { cleanResponse, hasHarmonyFormat, hasThinkingTags } from './cleaner';
import { deepJsonEqual, jsonDifferences } from './json-compare';
import { PyJsonDecodeError, pyJsonLoads, pyStrip, toPlain, type PyJson, pyGetStripped } from '../py';
import { requiredScoringFields } from '../definitions/scoring-types';
import { rawResponseText } from './stringmatch';
import type { Scorer, ScorerDescriptor } from './types';

const score: Scorer = (entry, response) => {
  const expectedRaw = pyGetStripped(entry, 'expected_response');
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

/** Why a JSON answer key (`expected_response`, `expected_content`) can never match: it does not parse. */
export function jsonAnswerKeyProblem(entry: PrecheckEntry, field: 'expected_response' | 'expected_content'): string | null {
  const v = entry[field];
  if (typeof v !== 'string') return null;
  try {
    pyJsonLoads(pyStrip(v));
    return null;
  } catch (err) {
    if (!(err instanceof PyJsonDecodeError)) throw err;
    return `'${field}' is not valid JSON: ${err.message}`;
  }
}

export const jsonmatch: ScorerDescriptor<'jsonmatch'> = {
  id: 'jsonmatch',
  requiredFields: requiredScoringFields.jsonmatch,
  score,
  explain: (entry, response, verdict) => answerView(entry, response, verdict, { expected: entry.expected_response ?? null, actual: 'response', json: true }),
  simulate: replyAnswer,
  answerKeyProblem: (entry) => jsonAnswerKeyProblem(entry, 'expected_response'),
};
