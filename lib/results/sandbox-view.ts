import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { bytesAt } from './jsonl-reader';

export interface SandboxEntry {
  name: string;
  /** Path relative to the sandbox root, with `/` separators. */
  rel: string;
  kind: 'dir' | 'file' | 'other';
  size: number;
}

export type SandboxView =
  | { kind: 'missing'; rel: string }
  | { kind: 'dir'; rel: string; entries: SandboxEntry[]; truncated: boolean }
  | { kind: 'file'; rel: string; size: number; text: string | null; truncated: boolean };

const MAX_ENTRIES = 1000;
const MAX_BYTES = 256 * 1024;

/**
 * Resolves `rel` inside `root` and refuses anything that escapes it (`..`, absolute paths, symlinks that
 * point outside). Returns null when the path is outside the sandbox.
 */
export function resolveInside(root: string, rel: string): string | null {
  const target = path.resolve(root, `.${path.sep}${rel}`);
  if (target !== root && !target.startsWith(root + path.sep)) return null;
  if (!existsSync(target)) return target;
  const real = realpathSync(target);
  const realRoot = realpathSync(root);
  return real === realRoot || real.startsWith(realRoot + path.sep) ? target : null;
}

function readHead(file: string, size: number): { text: string | null; truncated: boolean } {
  const n = Math.min(size, MAX_BYTES);
  const buf = bytesAt(file, 0, n);
  // A NUL byte means binary (SQLite files, archives): show the size only.
  return buf.includes(0) ? { text: null, truncated: false } : { text: buf.toString('utf8'), truncated: size > n };
}

/** Lists a sandbox folder or reads the start of a sandbox file, confined to `root`. */
export function viewSandbox(root: string, rel: string): SandboxView | null {
  const clean = rel.replace(/^\/+/, '');
  const target = resolveInside(root, clean);
  if (target === null) return null;
  if (!existsSync(target)) return { kind: 'missing', rel: clean };
  const st = lstatSync(target);
  if (st.isFile()) return { kind: 'file', rel: clean, size: st.size, ...readHead(target, st.size) };
  if (!st.isDirectory()) return { kind: 'missing', rel: clean };
  const names = readdirSync(target, { withFileTypes: true }).sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
  const entries = names.slice(0, MAX_ENTRIES).map((d): SandboxEntry => {
    const childRel = clean ? `${clean}/${d.name}` : d.name;
    const kind = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
    return { name: d.name, rel: childRel, kind, size: kind === 'file' ? lstatSync(path.join(target, d.name)).size : 0 };
  });
  return { kind: 'dir', rel: clean, entries, truncated: names.length > MAX_ENTRIES };
}
