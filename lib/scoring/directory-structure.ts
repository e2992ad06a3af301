/** `directory_structure`: every expected path exists, and a trailing `/` ⇔ it is a directory. */
import { pyStrRepr, pyTruthy } from '../py';
import { pathItems } from './path-list';
import { pathStates } from './path-stats';
import { resolveScorePath } from './resolve-path';
import { answerView, pathLines } from './answer-view';
import { requiredScoringFields } from '../definitions/scoring-types';
import { pathActions } from './simulated-actions';
import type { Scorer, ScorerDescriptor } from './types';

const listRepr = (xs: string[]) => `[${xs.map(pyStrRepr).join(', ')}]`;

const score: Scorer = (entry, _response, ctx) => {
  const list = entry.expected_paths ?? [];
  if (!pyTruthy(list)) {
    return { correct: false, error_message: 'No expected_paths specified in precheck entry', details: {} };
  }
  const status = new Map<string, unknown>();
  const missing: string[] = [];
  const wrongType: string[] = [];
  const raws = pathItems(list);
  const resolved = raws.map((raw) => resolveScorePath(raw, ctx));
  const states = pathStates(resolved);
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    const st = states[i];
    const expectDir = raw.endsWith('/');
    const info: Record<string, unknown> = {
      expected_path: raw,
      full_path: resolved[i].display,
      exists: st.exists,
      expected_type: expectDir ? 'directory' : 'file',
    };
    if (st.exists) {
      const isDir = st.isDirectory;
      info.actual_type = isDir ? 'directory' : 'file';
      info.type_matches = isDir === expectDir;
      if (isDir !== expectDir) wrongType.push(raw);
    } else {
      missing.push(raw);
      info.actual_type = null;
      info.type_matches = false;
    }
    status.set(raw, info);
  }
  const ok = missing.length === 0 && wrongType.length === 0;
  const errors: string[] = [];
  if (missing.length) errors.push(`Missing paths: ${listRepr(missing)}`);
  if (wrongType.length) errors.push(`Wrong type paths: ${listRepr(wrongType)}`);
  return {
    correct: ok,
    error_message: ok ? null : errors.join('; '),
    details: {
      expected_paths: list,
      path_status: Object.fromEntries(status),
      all_paths_correct: ok,
      missing_paths: missing,
      wrong_type_paths: wrongType,
    },
  };
};

export const directoryStructure: ScorerDescriptor<'directory_structure'> = {
  id: 'directory_structure',
  requiredFields: requiredScoringFields.directory_structure,
  score,
  explain: (entry, response, verdict) => answerView(entry, response, verdict, { expected: pathLines(entry.expected_paths), actual: 'response', json: false }),
  simulate: (entry, { correct }) => ({ actions: pathActions(entry.expected_paths, correct), answer: 'The directory structure is in place.' }),
};
