import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * An instance's final sandbox area as it travels from a worker to the coordinator: a gzipped JSON document
 * (`{dirs, files: [{path, data(base64)}], cut}`), base64 for the JSON message. Files are kept while their total
 * size stays under the cap; the rest are left out and `cut` says so. Symbolic links are never followed or sent.
 */
export interface SandboxArchive {
  /** base64 of the gzipped document. */
  data: string;
  /** What was left out, in words; absent when the area is complete. */
  note?: string;
}

interface ArchiveDoc {
  dirs: string[];
  files: Array<{ path: string; data: string }>;
  cut?: { files: number; bytes: number; links: number };
}

/** Packs `dir` (an instance's sandbox area); a missing folder packs as empty. */
export function packSandbox(dir: string, capBytes: number): SandboxArchive {
  const doc: ArchiveDoc = { dirs: [], files: [] };
  const cut = { files: 0, bytes: 0, links: 0 };
  let total = 0;
  const walk = (abs: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const a = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(a);
      if (st.isSymbolicLink()) cut.links += 1;
      else if (st.isDirectory()) {
        doc.dirs.push(r);
        walk(a, r);
      } else if (st.isFile()) {
        if (total + st.size > capBytes) {
          cut.files += 1;
          cut.bytes += st.size;
          continue;
        }
        total += st.size;
        doc.files.push({ path: r, data: readFileSync(a).toString('base64') });
      }
    }
  };
  walk(dir, '');
  const parts: string[] = [];
  if (cut.files) parts.push(`${cut.files} file(s), ${cut.bytes} bytes, left out: the area is over the ${capBytes}-byte cap`);
  if (cut.links) parts.push(`${cut.links} symbolic link(s) left out`);
  if (parts.length) doc.cut = cut;
  return { data: gzipSync(JSON.stringify(doc)).toString('base64'), ...(parts.length ? { note: `sandbox archive incomplete: ${parts.join('; ')}` } : {}) };
}

/** Thrown for an archive that is not ours or names a path outside its area. */
export class SandboxArchiveError extends Error {}

function safeRelative(p: unknown): string {
  if (typeof p !== 'string' || p === '' || isAbsolute(p) || p.includes('\0')) throw new SandboxArchiveError(`bad path in sandbox archive: ${JSON.stringify(p)}`);
  const n = normalize(p);
  if (n === '..' || n.startsWith(`..${sep}`) || n.split(sep).includes('..')) throw new SandboxArchiveError(`path leads outside the sandbox area: ${p}`);
  return n;
}

/**
 * Replaces `dir` with the archived area. An incomplete archive is laid over what is there (the files generated
 * at precheck time stay where the archive has nothing better), a complete one leaves the area exactly as the
 * worker had it. Files already there with the same bytes (most of an area is what precheck generated) are left
 * alone. Paths are checked before anything is written: nothing lands outside `dir`. Synchronous: an area is a
 * handful of small files, and one readdir per folder plus one read or write per file costs the coordinator less
 * than the thread pool's round trips.
 */
export function unpackSandbox(archive: SandboxArchive, dir: string): void {
  let doc: ArchiveDoc;
  try {
    doc = JSON.parse(gunzipSync(Buffer.from(archive.data, 'base64')).toString('utf8')) as ArchiveDoc;
  } catch (err) {
    throw new SandboxArchiveError(`unreadable sandbox archive: ${(err as Error).message}`);
  }
  if (!Array.isArray(doc?.dirs) || !Array.isArray(doc?.files)) throw new SandboxArchiveError('unreadable sandbox archive: not a PICARD Live archive');
  const dirs = doc.dirs.map(safeRelative);
  const files = doc.files.map((f) => ({ path: safeRelative(f.path), data: Buffer.from(String(f.data), 'base64') }));
  // What is there now; a complete archive also removes what it does not have (the agent deleted it).
  const keep = doc.cut ? null : { dirs: new Set(dirs), files: new Set(files.map((f) => f.path)) };
  const present = new Map<string, Kind>();
  if (!survey(dir, '', keep, present)) mkdirSync(dir, { recursive: true });
  const clear = (rel: string) => {
    if (present.has(rel)) rmSync(join(dir, rel), { recursive: true, force: true });
    present.delete(rel);
  };
  const ensureDir = (rel: string) => {
    if (rel === '.' || rel === '' || present.get(rel) === 'dir') return;
    clear(rel);
    mkdirSync(join(dir, rel), { recursive: true });
    present.set(rel, 'dir');
  };
  for (const d of dirs) ensureDir(d);
  for (const f of files) {
    const target = join(dir, f.path);
    if (present.get(f.path) === 'file') {
      if (sameBytes(target, f.data)) continue;
    } else {
      clear(f.path);
      ensureDir(dirname(f.path));
    }
    writeFileSync(target, f.data);
  }
}

type Kind = 'dir' | 'file' | 'other';

/**
 * Records in `present` what is under `abs` (relative paths); with `keep`, removes on the way what is not in it.
 * False when `abs` itself is not there.
 */
function survey(abs: string, rel: string, keep: { dirs: Set<string>; files: Set<string> } | null, present: Map<string, Kind>): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    const r = rel ? join(rel, e.name) : e.name;
    const a = join(abs, e.name);
    const kind: Kind = e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
    if (keep && !(kind === 'dir' ? keep.dirs.has(r) : kind === 'file' && keep.files.has(r))) {
      rmSync(a, { recursive: true, force: true });
      continue;
    }
    present.set(r, kind);
    if (kind === 'dir') survey(a, r, keep, present);
  }
  return true;
}

function sameBytes(file: string, data: Buffer): boolean {
  try {
    return readFileSync(file).equals(data);
  } catch {
    return false;
  }
}
