import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStatus, RunManifest } from './types';
import { readJsonl } from './jsonl-reader';
import { runFiles } from './run-files';
import { isRunLockHeld } from './run-lock';

/** One result folder as shown in a runs list. */
export interface RunListing {
  runId: string;
  dir: string;
  label: string;
  status: RunStatus;
  /** `picard-live` when the folder has a `run.json`; `reference` for folders made by the Python reference. */
  origin: 'picard-live' | 'reference';
  createdAt: string;
  seed: number | null;
  agent: string | null;
  definitions: string | null;
  total: number;
  answered: number;
  correct: number;
  scored: number;
}

/** Every result folder under `resultsDir` (ours and the reference's), newest first. */
export function listRuns(resultsDir: string): RunListing[] {
  if (!existsSync(resultsDir)) return [];
  const out: RunListing[] = [];
  for (const d of readdirSync(resultsDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const dir = join(resultsDir, d.name);
    if (!existsSync(join(dir, runFiles.precheck)) && !existsSync(join(dir, runFiles.manifest))) continue;
    try {
      out.push(describeRun(dir, d.name));
    } catch {
      // A folder being created right now, or damaged beyond reading: leave it out of the list.
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1));
}

/** Summary of one result folder, reading only small files and counting lines. */
export function describeRun(dir: string, runId: string): RunListing {
  const manifest = readManifestIfAny(dir);
  const answered = countLines(join(dir, runFiles.responses));
  const scores = readJsonl<{ correct: boolean; question_id: number | string; sample_number: number }>(join(dir, runFiles.scoresProgress)).rows;
  const lastByKey = new Map<string, boolean>();
  for (const s of scores) lastByKey.set(`${s.question_id}/${s.sample_number}`, s.correct);
  const correct = [...lastByKey.values()].filter(Boolean).length;
  const total = manifest?.total_items ?? countLines(join(dir, runFiles.precheck));
  return {
    runId,
    dir,
    label: manifest?.label ?? runId.replace(/_\d{8}_\d{6}$/, ''),
    status: folderStatus(dir, manifest),
    origin: manifest ? 'picard-live' : 'reference',
    createdAt: manifest?.created_at ?? statSync(dir).mtime.toISOString(),
    seed: manifest?.seed ?? null,
    agent: typeof manifest?.agent?.kind === 'string' ? manifest.agent.kind : null,
    definitions: manifest?.definitions.file ?? null,
    total,
    answered,
    correct,
    scored: lastByKey.size,
  };
}

/**
 * A manifest that says `running` while no process holds the folder's writer lock was interrupted (crash, kill -9,
 * reboot): the lock dies with its process, so a zombie or a stranger that got the old pid does not count.
 */
export function effectiveStatus(m: RunManifest, dir: string, isRunning: (m: RunManifest) => boolean = () => isRunLockHeld(dir)): RunStatus {
  if (m.status !== 'running') return m.status;
  return isRunning(m) ? 'running' : 'interrupted';
}

/**
 * The one rule for a result folder's status: its manifest's (`effectiveStatus`); without one (a reference
 * folder), `completed` once an end-of-run file (`test_summary.json` or `scores.json`) exists, else `interrupted`.
 */
export function folderStatus(dir: string, manifest: RunManifest | null, isRunning?: (m: RunManifest) => boolean): RunStatus {
  if (manifest) return effectiveStatus(manifest, dir, isRunning);
  return existsSync(join(dir, runFiles.summary)) || existsSync(join(dir, runFiles.scores)) ? 'completed' : 'interrupted';
}

export function readManifestIfAny(dir: string): RunManifest | null {
  const file = join(dir, runFiles.manifest);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
  } catch {
    return null;
  }
}

function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  const buf = readFileSync(file);
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) n++;
  if (buf.length > 0 && buf[buf.length - 1] !== 0x0a) n++;
  return n;
}
