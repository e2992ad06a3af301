/** `readfile_stringmatch`: the file's text (UTF-8, universal newlines, stripped) equals `expected_content.strip()`. No response cleaning. */
import { readTarget } from './read-target';
import type { Scorer } from './types';

export const readfileStringmatch: Scorer = (entry, _response, ctx) => {
  const t = readTarget(entry, ctx);
  if (t.done) return t.done;
  const correct = t.expected === t.actual;
  return {
    correct,
    error_message: correct ? null : `File content mismatch. Expected '${t.expected}', got '${t.actual}'`,
    details: { ...t.base, file_exists: true, content_match: correct },
  };
};
