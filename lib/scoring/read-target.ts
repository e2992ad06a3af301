/** The common first half of `readfile_stringmatch` / `readfile_jsonmatch`: resolve, check, read, strip. */
import type { PrecheckEntry } from '../generation/precheck-entry';
import { PyError, pyStrip, pyTruthy, pyTypeName, pyGetStripped } from '../py';
import { pyStat, readIfPresentPy, readTextPy, textPy } from './py-text';
import { resolveScorePath } from './resolve-path';
import type { ScoreContext, ScoreVerdict } from './types';

export type ReadTarget =
  | { done: ScoreVerdict }
  | { done?: undefined; file: string; expected: string; actual: string; base: Record<string, unknown> };

/** Returns either a finished verdict (no file, missing file, read error) or the stripped contents. */
export function readTarget(entry: PrecheckEntry, ctx: ScoreContext): ReadTarget {
  const fileToRead = entry.file_to_read ?? '';
  const expected = pyGetStripped(entry, 'expected_content');
  if (!pyTruthy(fileToRead)) {
    return { done: { correct: false, error_message: 'No file_to_read specified in precheck entry', details: {} } };
  }
  if (typeof fileToRead !== 'string') {
    throw new PyError(`expected str, bytes or os.PathLike object, not ${pyTypeName(fileToRead)}`);
  }
  const p = resolveScorePath(fileToRead, ctx);
  const remapped = p.check !== p.display ? { checked_path: p.check } : {};
  // One open instead of a stat then an open when the read settles it; otherwise exactly the stat-then-read order.
  const read = readIfPresentPy(p.check);
  if (read === 'missing' || (read === 'unsure' && !pyStat(p.check, p.display))) {
    return {
      done: {
        correct: false,
        error_message: `File does not exist: ${p.display}`,
        details: { expected_file: p.display, expected_content: expected, file_exists: false, ...remapped },
      },
    };
  }
  let actual: string;
  try {
    actual = pyStrip(typeof read === 'object' ? textPy(read.buf) : readTextPy(p.check, p.display));
  } catch (err) {
    const msg = err instanceof PyError ? err.message : String(err);
    return {
      done: {
        correct: false,
        error_message: `Error reading file ${p.display}: ${msg}`,
        details: { expected_file: p.display, expected_content: expected, file_exists: true, read_error: msg, ...remapped },
      },
    };
  }
  return { file: p.display, expected, actual, base: { expected_file: p.display, expected_content: expected, actual_content: actual } };
}
