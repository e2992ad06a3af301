/** `readfile_jsonmatch`: existence first, then read + strip, parse expected, parse the file, deep compare. */
import { deepJsonEqual, jsonDifferences } from './json-compare';
import { PyJsonDecodeError, pyJsonLoads, toPlain, type PyJson } from '../py';
import { readTarget } from './read-target';
import type { Scorer } from './types';

export const readfileJsonmatch: Scorer = (entry, _response, ctx) => {
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
