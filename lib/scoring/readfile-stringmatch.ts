/** `readfile_stringmatch`: the file's text (UTF-8, universal newlines, stripped) equals `expected_content.strip()`. No response cleaning. */
import { readTarget } from './read-target';
import { answerView } from './answer-view';
import { requiredScoringFields } from '../definitions/scoring-types';
import { answerFileAnswer } from './simulated-actions';
import type { Scorer, ScorerDescriptor } from './types';

const score: Scorer = (entry, _response, ctx) => {
  const t = readTarget(entry, ctx);
  if (t.done) return t.done;
  const correct = t.expected === t.actual;
  return {
    correct,
    error_message: correct ? null : `File content mismatch. Expected '${t.expected}', got '${t.actual}'`,
    details: { ...t.base, file_exists: true, content_match: correct },
  };
};

export const readfileStringmatch: ScorerDescriptor<'readfile_stringmatch'> = {
  id: 'readfile_stringmatch',
  requiredFields: requiredScoringFields.readfile_stringmatch,
  score,
  explain: (entry, response, verdict) => answerView(entry, response, verdict, { expected: entry.expected_content ?? null, actual: 'file', json: false }),
  simulate: answerFileAnswer,
};
