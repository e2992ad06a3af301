/**
 * `Path.exists()` / `is_file()` / `is_dir()` of a scorer's paths with the fewest `stat` calls: a path that some
 * other path of the same list lies under is known to be a directory once that other path is found (the kernel
 * resolved it as one on the way), so `['d/', 'd/logs/', 'd/logs/a.log']` costs one stat when the file is there, not
 * three. Deepest paths are looked at first. Every answer is the one a stat of that path would give; if any stat
 * raises (permission denied), the list is looked at again one path at a time in its own order, so the error is
 * the one Python meets first.
 */
import type { Stats } from 'node:fs';
import { pyStat } from './py-text';
import type { ResolvedPath } from './resolve-path';

export interface PathState {
  exists: boolean;
  isFile: boolean;
  isDirectory: boolean;
}

const MISSING: PathState = { exists: false, isFile: false, isDirectory: false };
const DIRECTORY: PathState = { exists: true, isFile: false, isDirectory: true };

function stateOf(st: Stats | null): PathState {
  if (st === null) return MISSING;
  return { exists: true, isFile: st.isFile(), isDirectory: st.isDirectory() };
}

/** The state of each path of `paths` (same order), stat-ing `check` and naming `display` in errors. */
export function pathStates(paths: readonly ResolvedPath[]): PathState[] {
  if (paths.length < 2) return paths.map((p) => stateOf(pyStat(p.check, p.display)));
  try {
    return fewestStats(paths);
  } catch {
    return paths.map((p) => stateOf(pyStat(p.check, p.display)));
  }
}

function fewestStats(paths: readonly ResolvedPath[]): PathState[] {
  const n = paths.length;
  // Indices by check path length, longest first (insertion sort: lists are a few paths long).
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    let k = order.length;
    while (k > 0 && paths[order[k - 1]].check.length < paths[i].check.length) k--;
    order.splice(k, 0, i);
  }
  const states: PathState[] = new Array<PathState>(n);
  /** Paths a stat found, deepest first. */
  const found: string[] = [];
  for (const i of order) {
    const check = paths[i].check;
    if (under(found, check)) {
      states[i] = DIRECTORY;
      continue;
    }
    const st = pyStat(check, paths[i].display);
    if (st !== null) found.push(check);
    states[i] = stateOf(st);
  }
  return states;
}

/** Whether some path of `found` lies under `dir` (starts with `dir` and a `/`). */
function under(found: readonly string[], dir: string): boolean {
  if (dir.endsWith('/')) return false;
  for (const f of found) if (f.length > dir.length && f.charCodeAt(dir.length) === 0x2f && f.startsWith(dir)) return true;
  return false;
}
