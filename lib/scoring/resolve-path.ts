/**
 * Path resolution shared by the four file-based scorers (spec §8.4): absolute → as is; a `test_artifacts/`
 * prefix is stripped; anything else is joined to the artifacts dir. Paths are normalised like `pathlib`
 * (`//`, `/./` and a trailing `/` collapse), so `f.txt/` names the file `f.txt`.
 *
 * Two paths come out: `display` is what the reference would have printed (relative to the sandbox root
 * recorded in the run), `check` is where the file is now (`--artifacts`), so a copied result folder still scores.
 */
import type { ScoreContext } from './types';

export interface ResolvedPath {
  /** `str(Path(...))` as the reference resolves it against the recorded sandbox root: used in messages. */
  display: string;
  /** The same path remapped onto `ctx.artifactsDir`: used for every filesystem check. */
  check: string;
}

/** Whether `pyPathStr` changes `p`: an empty part (`//`, a trailing `/`) or a `.` part (plain substring tests: this runs for every path scored). */
function notNormal(p: string): boolean {
  return p.includes('//') || p.endsWith('/') || p.includes('/./') || p.endsWith('/.') || p.startsWith('./') || p === '.';
}

/** `str(PurePosixPath(p))`: drops empty and `.` parts; keeps `..`; exactly two leading slashes survive. */
export function pyPathStr(p: string): string {
  if (p === '') return '.';
  // Already in `str(PurePosixPath)` form (the usual case: no `//`, no `.` part, no trailing `/`): as it is.
  if (!notNormal(p)) return p;
  const abs = p.startsWith('/');
  const lead = abs ? (p.startsWith('//') && !p.startsWith('///') ? '//' : '/') : '';
  const parts = p.split('/').filter((x) => x !== '' && x !== '.');
  const body = parts.join('/');
  if (!abs) return body === '' ? '.' : body;
  return lead + body;
}

/** `Path(base) / rel`: an absolute `rel` replaces the base. */
function pyJoin(base: string, rel: string): string {
  if (rel.startsWith('/')) return pyPathStr(rel);
  return pyPathStr(`${base}/${rel}`);
}

/** Re-roots `p` from `from` onto `to` when `p` is `from` or lies under it. */
export function remapRoot(p: string, from: string, to: string): string {
  if (p === from) return to;
  const prefix = from.endsWith('/') ? from : `${from}/`;
  if (p.startsWith(prefix)) return pyPathStr(`${to}/${p.slice(prefix.length)}`);
  return p;
}

/** The last roots normalised and their `pyPathStr` (every path of every item is resolved against the same two or so). */
const rootIn: string[] = ['', ''];
const rootOut: string[] = [pyPathStr(''), pyPathStr('')];
let rootNext = 0;

/** `pyPathStr` of a sandbox root, remembered for the last two roots. */
function rootStr(root: string): string {
  if (root === rootIn[0]) return rootOut[0];
  if (root === rootIn[1]) return rootOut[1];
  const out = pyPathStr(root);
  rootIn[rootNext] = root;
  rootOut[rootNext] = out;
  rootNext = 1 - rootNext;
  return out;
}

/** Resolves a precheck path the way the reference's `_resolve_file_path` does, plus remapping. */
export function resolveScorePath(raw: string, ctx: ScoreContext): ResolvedPath {
  const now = rootStr(ctx.artifactsDir);
  const recorded = ctx.recordedArtifactsDir ? rootStr(ctx.recordedArtifactsDir) : now;
  let display: string;
  if (raw.startsWith('/')) display = pyPathStr(raw);
  else if (raw.startsWith('test_artifacts/')) display = pyJoin(recorded, raw.slice('test_artifacts/'.length));
  else display = pyJoin(recorded, raw);
  const check = recorded === now ? display : remapRoot(display, recorded, now);
  return { display, check };
}
