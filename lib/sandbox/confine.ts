import fs from 'node:fs';
import path from 'node:path';

/**
 * Confinement of paths to a sandbox area: the one rule for every path that generation writes and that an agent's
 * tools touch (lib/agents/tools/sandbox-path.ts turns its errors into tool errors).
 */

/** A path refused by the confinement rule (`denied`: it leads outside the area) or unusable (`error`). */
export class ConfinementError extends Error {
  constructor(
    message: string,
    readonly kind: 'denied' | 'error' = 'error',
  ) {
    super(message);
    this.name = 'ConfinementError';
  }
}

/** True when `p` is `root` itself or below it (`..foo` is a name, not an escape). */
export function isWithin(root: string, p: string): boolean {
  // Both absolute and already normal (what `path.resolve` returns): a prefix test says what `path.relative` would.
  if (path.sep === '/' && normalAbsolute(root) && normalAbsolute(p)) return p === root || p.startsWith(`${root}/`);
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A `//`, a `.` or `..` part, or a trailing `/`: what `path.resolve` would change. */
const UNNORMAL = /\/\/|\/\.\.?(?:\/|$)|\/$/;

/** An absolute POSIX path as `path.resolve` writes it, other than `/` itself. */
function normalAbsolute(p: string): boolean {
  return p.length > 1 && p.charCodeAt(0) === 0x2f && !UNNORMAL.test(p);
}

/** The sandbox root as the OS sees it (symlinks resolved); the lexical form when it does not exist yet. */
export function realRoot(root: string): string {
  return existingRealRoot(root) ?? path.resolve(root);
}

/**
 * The root's realpath, or null when it does not exist (then nothing below it can be trusted to be real). A caller
 * that works in one root many times (an item's tools) resolves it once with this and passes it to
 * `resolveInSandbox`/`resolveEntryInSandbox` as `knownRealRoot`: the root is the run's own folder and does not move
 * while the item runs; everything below it is still checked on every call.
 */
export function existingRealRoot(root: string): string | null {
  try {
    // The native realpath(3): one call instead of an lstat per component from JS (a hot path for every tool call).
    return fs.realpathSync.native(path.resolve(root));
  } catch {
    return null;
  }
}

/**
 * `existingRealRoot(root)` for a `root` directly inside a folder whose realpath `realParent` is already known (an
 * instance folder inside the run's sandbox, resolved once per run): one lstat instead of a readlink per path
 * component. A `root` that is not a plain directory (a symlink, say) is resolved the full way; null when missing.
 */
export function existingRealRootIn(realParent: string, root: string): string | null {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(root, { throwIfNoEntry: false });
  } catch {
    return existingRealRoot(root);
  }
  if (st === undefined) return null;
  if (!st.isDirectory()) return existingRealRoot(root);
  return path.join(realParent, path.basename(path.resolve(root)));
}

function deny(userPath: string, root: string): ConfinementError {
  return new ConfinementError(`path '${userPath}' is outside the sandbox ${root}`, 'denied');
}

/** The target of `p` when it is a dangling symlink, else null. */
function danglingTarget(p: string): string | null {
  try {
    return fs.lstatSync(p).isSymbolicLink() ? path.resolve(path.dirname(p), fs.readlinkSync(p)) : null;
  } catch {
    return null;
  }
}

/**
 * Resolves symlinks on the deepest existing ancestor of `p`, keeping the not-yet-existing tail as is.
 * A dangling symlink is followed by hand: writing through it would create its target, possibly outside.
 */
function realpathDeepest(p: string, depth = 0): string {
  if (depth > 40) throw new ConfinementError(`too many levels of symbolic links: ${p}`);
  const tail: string[] = [];
  let probe = p;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(probe), ...tail);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new ConfinementError(`too many levels of symbolic links: ${p}`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const target = danglingTarget(probe);
      if (target !== null) return realpathDeepest(path.join(target, ...tail), depth + 1);
      const up = path.dirname(probe);
      if (up === probe) return p;
      tail.unshift(path.basename(probe));
      probe = up;
    }
  }
}

/**
 * Confines a path given by the model to the sandbox `root` and returns its absolute, symlink-resolved form.
 * Accepted: paths relative to the root, and absolute paths inside it (PICARD questions name absolute
 * `{{artifacts}}/…` paths), under any spelling of the root (configured, realpath, or another symlink to it).
 * Refused with a `ConfinementError` (kind `denied`): `..` escapes, absolute paths elsewhere, and paths whose deepest
 * existing ancestor is a symlink leading outside. Empty paths and NUL bytes are refused too.
 * Sandbox generation uses the same rule for every file it writes (lib/generation/build-instance.ts).
 * `knownRealRoot`: the root's realpath, resolved once by the caller (`existingRealRoot`); absent: resolved here.
 */
export function resolveInSandbox(root: string, userPath: string, knownRealRoot?: string, leaf?: LeafStat): string {
  return resolveWithRoot(root, knownRealRoot ?? existingRealRoot(root), userPath, leaf);
}

/**
 * Filled by `resolveInSandbox`/`resolveEntryInSandbox` when their check already lstat-ed the returned path itself
 * (the usual case: no symlink below the root): `stat` is what that lstat saw (not a symlink), or null when the path
 * (or a folder on the way) is missing. Left undefined otherwise. A tool that would stat the same path again uses it.
 */
export interface LeafStat {
  stat?: fs.Stats | null;
}

function resolveWithRoot(root: string, existing: string | null, userPath: string, leaf?: LeafStat): string {
  const real = existing ?? path.resolve(root);
  const candidate = candidateOf(root, real, userPath);
  const resolved = (existing !== null ? realpathBelow(real, candidate, leaf) : null) ?? realpathDeepest(candidate);
  if (!within(real, resolved)) throw deny(userPath, real);
  return resolved;
}

/** The checked, absolute, normalised form of `userPath` with the configured spelling of the root mapped onto `real`. */
function candidateOf(root: string, real: string, userPath: string): string {
  if (typeof userPath !== 'string' || userPath.trim() === '') {
    throw new ConfinementError('path must be a non-empty string');
  }
  if (userPath.includes('\0')) throw new ConfinementError(`path '${userPath.replace(/\0/g, '\\0')}' contains a NUL byte`);
  const abs = path.isAbsolute(userPath) ? path.resolve(userPath) : path.resolve(real, userPath);
  if (within(real, abs)) return abs;
  // Map the configured spelling of the root onto the real one; any other absolute path is judged by where
  // it really leads (an alias of the root is fine, a link out of it is not).
  const lexicalRoot = path.resolve(root);
  return isWithin(lexicalRoot, abs) ? path.join(real, path.relative(lexicalRoot, abs)) : abs;
}

/**
 * `isWithin` for paths already absolute and normalised (`path.resolve`, `path.join` or realpath output): a prefix
 * test instead of `path.relative`, on the hot path of every tool call.
 */
function within(root: string, p: string): boolean {
  if (p === root) return true;
  if (!p.startsWith(root)) return false;
  return root.endsWith(path.sep) || p.charCodeAt(root.length) === SEP;
}
const SEP = path.sep.charCodeAt(0);

/**
 * `realpathDeepest(p)` for a normalised `p` inside the real (symlink-free) `real` root, checking only the
 * components below the root: one lstat each, stopping at the first missing one. Returns null (use the full
 * resolution) as soon as a component is a symlink, or for anything unusual.
 */
function realpathBelow(real: string, p: string, leaf?: LeafStat): string | null {
  if (p === real) return real;
  if (!within(real, p)) return null;
  const start = real.endsWith(path.sep) ? real.length : real.length + 1;
  for (let end = p.indexOf(path.sep, start); ; end = p.indexOf(path.sep, end + 1)) {
    const cur = end === -1 ? p : p.slice(0, end);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(cur, { throwIfNoEntry: false });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return p;
      return null;
    }
    if (st === undefined) {
      if (leaf) leaf.stat = null;
      return p;
    }
    if (st.isSymbolicLink()) return null;
    if (end === -1) {
      if (leaf) leaf.stat = st;
      return p;
    }
  }
}

/**
 * For creating a new entry at `userPath` with a call that never follows, nor replaces, what is already at the last
 * component (`open` with `O_CREAT|O_EXCL`, which fails with `EEXIST` on any entry there, a symlink included): the
 * absolute path when `userPath` is below the real root `knownRealRoot` and every component between them, the
 * parent's included, is a plain directory (one `lstat` each, as `resolveEntryInSandbox` checks them), else null.
 * The last component is not looked at (the one `lstat` this saves per new file): the creating call settles it, and
 * on `EEXIST` (or null here) the caller takes `resolveEntryInSandbox`, which judges the entry the full way.
 */
export function newEntryInSandbox(root: string, userPath: string, knownRealRoot: string): string | null {
  const real = knownRealRoot;
  const p = candidateOf(root, real, userPath);
  if (p === real || !within(real, p)) return null;
  const start = real.endsWith(path.sep) ? real.length : real.length + 1;
  const last = p.lastIndexOf(path.sep);
  for (let end = p.indexOf(path.sep, start); end !== -1 && end <= last; end = p.indexOf(path.sep, end + 1)) {
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(p.slice(0, end), { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (st === undefined || !st.isDirectory()) return null; // missing, a file, a symlink: the full way
  }
  return p;
}

/**
 * Like `resolveInSandbox` but does not follow a symlink in the LAST component: for removing, moving or
 * replacing a directory entry (deleting a symlink must delete the link, not its target).
 * Returns the real root itself when the path names the root; callers that must not touch the root check that.
 */
export function resolveEntryInSandbox(root: string, userPath: string, knownRealRoot?: string, leaf?: LeafStat): string {
  const existing = knownRealRoot ?? existingRealRoot(root);
  const real = existing ?? path.resolve(root);
  if (existing !== null) {
    // No symlink anywhere below the root on the way (the usual case): the entry is the path itself, and its parent
    // needs no second look.
    const fast = realpathBelow(real, candidateOf(root, real, userPath), leaf);
    if (fast !== null) return fast;
  }
  const dirResolved = resolveWithRoot(root, existing, userPath); // validates the path as a whole first
  if (dirResolved === real) return real;
  const lexical = path.isAbsolute(userPath) ? path.resolve(userPath) : path.resolve(real, userPath);
  const parent = resolveWithRoot(root, existing, path.dirname(lexical));
  return path.join(parent, path.basename(lexical));
}
