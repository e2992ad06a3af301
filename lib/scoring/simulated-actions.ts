/** Sandbox actions shared by the path-based scorers' `simulate`: a trailing `/` is a folder, anything else an empty file. */
import type { SimulatedAction } from './types';

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
