/** `readfile_jsonmatch`: existence first, then read + strip, parse expected, parse the file, deep compare. */
import { deepJsonEqual, jsonDifferences } from './json-compare';
import { PyJsonDecodeError, pyJsonLoads, toPlain, type PyJson } from '../py';
import { readTarget } from './read-target';
import { answerView } from './answer-view';
import { jsonAnswerKeyProblem } from './jsonmatch';
import { requiredScoringFields } from '../definitions/scoring-types';
import { answerFileAnswer } from './simulated-actions';
import type { Scorer, ScorerDescriptor } from './types';

const score: Scorer = (entry, _response, ctx) => {
  const t = readTarget(entry, ctx);
  if (t.done) return t.done;
  let expected: PyJson;
  try {
    expected = pyJsonLoads(t.expected);
  } catch (err) {
    if (!(err instanceof PyJsonDecodeError)) throw err;
    return {
      correct: false,
      error_message: `Invalid expected JSON: ${err.message}`,
      details: { ...t.base, parse_error: 'expected_json' },
    };
  }
  let actual: PyJson;
  try {
    actual = pyJsonLoads(t.actual);
  } catch (err) {
    if (!(err instanceof PyJsonDecodeError)) throw err;
    return {
      correct: false,
      error_message: `File contains invalid JSON: ${err.message}`,
      details: { ...t.base, expected_json: toPlain(expected), parse_error: 'actual_json', file_exists: true },
    };
  }
  const correct = deepJsonEqual(expected, actual);
  const details: Record<string, unknown> = {
    ...t.base,
    expected_json: toPlain(expected),
    actual_json: toPlain(actual),
    file_exists: true,
    comparison_method: 'semantic_json_match',
  };
  if (!correct) details.differences = jsonDifferences(expected, actual);
  return { correct, error_message: correct ? null : 'JSON structures do not match', details };
};

export const readfileJsonmatch: ScorerDescriptor<'readfile_jsonmatch'> = {
  id: 'readfile_jsonmatch',
  requiredFields: requiredScoringFields.readfile_jsonmatch,
  score,
  explain: (entry, response, verdict) => answerView(entry, response, verdict, { expected: entry.expected_content ?? null, actual: 'file', json: true }),
  simulate: answerFileAnswer,
  answerKeyProblem: (entry) => jsonAnswerKeyProblem(entry, 'expected_content'),
};
