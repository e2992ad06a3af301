/**
 * Reading a result folder (ours or the reference's) without loading more than needed: tolerant of torn
 * last lines, bad lines and missing optional files. Used by scoring, reports and the dashboard.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { readJsonl, type JsonlRead } from './jsonl-reader';
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
