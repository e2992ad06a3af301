/** What the scorers' `simulate` share: path actions (a trailing `/` is a folder, anything else an empty file), the reply and the answer file. */
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { SimulateContext, SimulatedAction, SimulatedAnswer } from './types';

export function pathAction(p: string): SimulatedAction {
  return p.endsWith('/') ? { kind: 'create_directory', path: p } : { kind: 'write_file', path: p, content: '' };
}

/** Creates every path, or (for a wrong answer) all but the last one. */
export function pathActions(paths: readonly string[] | undefined, correct: boolean): SimulatedAction[] {
  const list = [...(paths ?? [])];
  if (!correct && list.length > 0) list.pop();
  return list.map(pathAction);
}

/** Writes the answer file with the expected content, or a perturbed version of it for a wrong answer. */
export function writeAnswerFile(file: string, expected: string, correct: boolean, perturb: (s: string) => string): SimulatedAction {
  return { kind: 'write_file', path: file, content: correct ? expected : perturb(expected) };
}

/** The response scorers' simulated answer: no file, the reply is the expected response (perturbed when wrong). */
export function replyAnswer(entry: PrecheckEntry, { correct, perturb }: SimulateContext): SimulatedAnswer {
  const expected = entry.expected_response ?? '';
  return { actions: [], answer: correct ? expected : perturb(expected) };
}

/** The file scorers' simulated answer: the expected content written to `file_to_read` (perturbed when wrong). */
export function answerFileAnswer(entry: PrecheckEntry, { correct, perturb }: SimulateContext): SimulatedAnswer {
  const file = entry.file_to_read ?? '';
  return { actions: [writeAnswerFile(file, entry.expected_content ?? '', correct, perturb)], answer: `Done: wrote ${file}.` };
}
