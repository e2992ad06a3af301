/**
 * Reading a result folder (ours or the reference's) without loading more than needed: tolerant of torn
 * last lines, bad lines and missing optional files. Used by scoring, reports and the dashboard.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { readJsonl, type JsonlRead } from './jsonl';
import { runFiles } from './run-files';
import type { ResponseLine, RunManifest } from './types';

/** `test_summary.json` as far as PICARD reads it (spec §7.4). */
export interface TestSummary {
  test_id?: string;
  timestamp?: string;
  test_directory?: string;
  sandbox_status?: { exists?: boolean; path?: string; files?: string[]; directories?: string[]; total_items?: number };
  statistics?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One physical line of a JSONL file: where it is and what it holds. */
export interface JsonlLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset and length (without the newline) for re-reading the line later. */
  offset: number;
  length: number;
  text: string;
  /** False for a last line with no trailing newline (possibly torn by a crash). */
  terminated: boolean;
}

/** Reads a JSON file; a missing file gives `null`, an unreadable one an `error`. */
export function readJsonFile<T>(file: string): { value: T | null; error?: string } {
  if (!existsSync(file)) return { value: null };
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) as T };
  } catch (err) {
    return { value: null, error: `${file}: ${(err as Error).message}` };
  }
}

export function loadTestSummary(runDir: string): TestSummary | null {
  return readJsonFile<TestSummary>(path.join(runDir, runFiles.summary)).value;
}

export function loadRunManifest(runDir: string): RunManifest | null {
  return readJsonFile<RunManifest>(path.join(runDir, runFiles.manifest)).value;
}

export function loadPrecheck(runDir: string): JsonlRead<PrecheckEntry> {
  return readJsonl<PrecheckEntry>(path.join(runDir, runFiles.precheck));
}

export function loadResponses(runDir: string): JsonlRead<ResponseLine> {
  return readJsonl<ResponseLine>(path.join(runDir, runFiles.responses));
}

/** The sandbox root recorded when the run was made: `test_summary.json` → `sandbox_status.path`, else `run.json` → `sandbox_dir`. */
export function recordedSandboxRoot(runDir: string): string | undefined {
  const fromSummary = loadTestSummary(runDir)?.sandbox_status?.path;
  if (typeof fromSummary === 'string' && fromSummary !== '') return fromSummary;
  const fromManifest = loadRunManifest(runDir)?.sandbox_dir;
  return typeof fromManifest === 'string' && fromManifest !== '' ? fromManifest : undefined;
}

/**
 * Iterates the non-blank lines of a JSONL file in 1 MiB chunks, so memory stays flat however long the
 * file is. Yields nothing for a missing file. `from` starts at a byte offset that begins a line (the end of
 * a line already read), numbering lines on from `from.line`: how the results index reads only new bytes.
 */
export function* iterJsonlLines(file: string, from: { offset: number; line: number } = { offset: 0, line: 0 }): Generator<JsonlLine> {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = from.offset;
    let lineNo = from.line;
    let pos = from.offset;
    while (true) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      let nl: number;
      while ((nl = buf.indexOf(0x0a, start)) !== -1) {
        lineNo++;
        const line = makeLine(buf, start, nl, carryOffset + start, lineNo, true);
        if (line) yield line;
        start = nl + 1;
      }
      carry = Buffer.from(buf.subarray(start));
      carryOffset += start;
    }
    if (carry.length) {
      const line = makeLine(carry, 0, carry.length, carryOffset, lineNo + 1, false);
      if (line) yield line;
    }
  } finally {
    closeSync(fd);
  }
}

function makeLine(buf: Buffer, start: number, end: number, offset: number, line: number, terminated: boolean): JsonlLine | null {
  const text = buf.toString('utf8', start, end);
  if (text.trim() === '') return null;
  return { line, offset, length: end - start, text, terminated };
}

/** Re-reads one line located by `iterJsonlLines` (for scoring without keeping every response in memory). */
export function readLineAt(file: string, offset: number, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, offset);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
