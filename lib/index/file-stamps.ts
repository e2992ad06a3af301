/**
 * The files of a run folder the index follows, and their size/mtime stamps: a run is stale when any stamp
 * differs from the one stored when it was last read.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { runFiles } from '../results/run-files';

/** Read incrementally: only the bytes after the stored offset. */
export const JSONL_FILES = [runFiles.precheck, runFiles.responses, runFiles.scoresProgress] as const;
/** Read whole when their stamp changes (small, or written once at the end). */
export const WHOLE_FILES = [runFiles.manifest, runFiles.summary, runFiles.scores] as const;
export const TRACKED_FILES = [...JSONL_FILES, ...WHOLE_FILES] as const;
export type TrackedFile = (typeof TRACKED_FILES)[number];

/** Size and mtime of a file; size -1 for a missing file. */
export interface Stamp {
  size: number;
  mtimeMs: number;
}

export const MISSING: Stamp = { size: -1, mtimeMs: 0 };

/** A `file_state` row. */
export interface FileState extends Stamp {
  offset: number;
  line: number;
  tail: Buffer | null;
}

export function stampOf(file: string): Stamp {
  try {
    const s = statSync(file);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return MISSING;
  }
}

export function stampsOf(dir: string): Record<TrackedFile, Stamp> {
  const out = {} as Record<TrackedFile, Stamp>;
  for (const f of TRACKED_FILES) out[f] = stampOf(join(dir, f));
  return out;
}

export function sameStamp(a: Stamp | undefined, b: Stamp): boolean {
  return (a ?? MISSING).size === b.size && (a ?? MISSING).mtimeMs === b.mtimeMs;
}

/** True when any tracked file's stamp differs from the stored state. */
export function isStale(stored: ReadonlyMap<string, FileState> | undefined, current: Record<TrackedFile, Stamp>): boolean {
  return TRACKED_FILES.some((f) => !sameStamp(stored?.get(f), current[f]));
}

interface FileStateRow {
  run_id: string;
  file: string;
  size: number;
  mtime_ms: number;
  offset: number;
  line: number;
  tail: Buffer | null;
}

function toState(r: FileStateRow): FileState {
  return { size: r.size, mtimeMs: r.mtime_ms, offset: r.offset, line: r.line, tail: r.tail };
}

/** The stored file states of one run, by file name. */
export function loadFileStates(db: Database.Database, runId: string): Map<string, FileState> {
  const rows = db.prepare('SELECT * FROM file_state WHERE run_id = ?').all(runId) as FileStateRow[];
  return new Map(rows.map((r) => [r.file, toState(r)]));
}

/** Every run's stored file states, by run id then file name (one query for a whole results folder). */
export function loadAllFileStates(db: Database.Database): Map<string, Map<string, FileState>> {
  const out = new Map<string, Map<string, FileState>>();
  for (const r of db.prepare('SELECT * FROM file_state').iterate() as Iterable<FileStateRow>) {
    let m = out.get(r.run_id);
    if (!m) out.set(r.run_id, (m = new Map()));
    m.set(r.file, toState(r));
  }
  return out;
}
