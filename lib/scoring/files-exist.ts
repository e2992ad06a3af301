/** `files_exist`: every path in `files_to_check` exists (a directory counts too, as in the reference). */
import { pyStrRepr, pyTruthy } from '../py';
import { pathItems } from './path-list';
import { pathStates } from './path-stats';
import { resolveScorePath } from './resolve-path';
import { answerView, pathLines } from './answer-view';
import { requiredScoringFields } from '../definitions/scoring-types';
import { pathActions } from './simulated-actions';
import type { Scorer, ScorerDescriptor } from './types';

const score: Scorer = (entry, _response, ctx) => {
  const list = entry.files_to_check ?? [];
  if (!pyTruthy(list)) {
    return { correct: false, error_message: 'No files_to_check specified in precheck entry', details: {} };
  }
  const status = new Map<string, unknown>();
  const missing: string[] = [];
  const raws = pathItems(list);
  const resolved = raws.map((raw) => resolveScorePath(raw, ctx));
  const states = pathStates(resolved);
  for (let i = 0; i < raws.length; i++) {
    const st = states[i];
    status.set(raws[i], { expected_path: resolved[i].display, exists: st.exists, is_file: st.isFile });
    if (!st.exists) missing.push(raws[i]);
  }
  const ok = missing.length === 0;
  return {
    correct: ok,
    error_message: ok ? null : `Missing files: [${missing.map(pyStrRepr).join(', ')}]`,
    details: {
      files_to_check: list,
      file_status: Object.fromEntries(status),
      all_files_exist: ok,
      missing_files: missing,
    },
  };
};

export const filesExist: ScorerDescriptor<'files_exist'> = {
  id: 'files_exist',
  requiredFields: requiredScoringFields.files_exist,
  score,
  explain: (entry, response, verdict) => answerView(entry, response, verdict, { expected: pathLines(entry.files_to_check), actual: 'response', json: false }),
  simulate: (entry, { correct }) => {
    const actions = pathActions(entry.files_to_check, correct);
    return { actions, answer: `Created ${actions.length} file(s).` };
  },
};
