import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../lib/events/types';
import type { RunHandle, RunOptions, RunResult } from '../lib/runner/types';
import { loadRunState, readConversationStats, reduceRunEventInPlace, withConversationStats } from '../lib/state';
import type { RunSnapshot, RunState } from '../lib/state';
import { isValidRunId } from './run-id';
import { previewFile, readItemDetail, viewSandbox } from '../lib/results';
import type { FilePreview, ItemDetail, SandboxView } from '../lib/results';
import { compareRunDirs } from '../lib/reports';
import { explainAnswer } from '../lib/scoring/registry';
import type { RunComparison } from '../lib/reports';
import { effectiveStatus, listRuns, readManifestIfAny } from '../lib/results/list-runs';
import { findExperimentRunDir } from '../lib/experiments/experiment-folder';
import type { RunListing } from '../lib/results/list-runs';

/** Starts a run (lib/runner/start-run); injected so the manager stays testable and import-light. */
export type StartRunFn = (options: RunOptions) => Promise<RunHandle>;
/** Resumes an interrupted run folder (lib/runner/resume-run). */
export type ResumeRunFn = (dir: string, opts?: { apiKey?: string; concurrency?: number; retryErrors?: boolean }) => Promise<RunHandle>;

/** A bundled definitions file offered on the new-run form. */
export interface SuiteInfo {
  id: string;
  title: string;
  file: string;
  description?: string;
}

/** Called for every event of every run this process starts; `runId` is the result folder name. */
export type RunEventListener = (runId: string, event: RunEvent) => void;

interface ManagedRun {
  handle: RunHandle;
  /** Private, mutated in place by the reducer: one copy per event would cost O(items). */
  state: RunState;
  result: RunResult | null;
}

export { isValidRunId };

/** Longer questions are cut in table states (the panel fetches the item whole). */
const QUESTION_CHARS = 160;
/** Up to this many items, conversation statistics are read at once rather than in the background. */
const SYNC_STATS_LIMIT = 2000;

/**
 * Sizes and mtimes of the files a folder's state is built from, plus whether its writer is alive (a crash
 * changes no file but turns `running` into `interrupted`): equal signatures mean an equal state.
 */
function folderSignature(dir: string): string {
  const manifest = readManifestIfAny(dir);
  return [manifest ? effectiveStatus(manifest, dir) : '', ...['run.json', 'precheck.jsonl', 'responses.jsonl', 'scores.progress.jsonl', 'scores.json'].map((f) => {
    try {
      const st = statSync(path.join(dir, f));
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  })].join('|');
}

/**
 * The one run manager of the process (kept on globalThis, see run-manager-access.ts): starts runs in this
 * process, keeps a live `RunState` per run through the shared reducer, and fans events out to listeners
 * (the Socket.IO bridge). Runs it did not start (CLI, older) are read from their folders.
 */
export class RunManager {
  private readonly runs = new Map<string, ManagedRun>();
  private readonly listeners = new Set<RunEventListener>();
  private readonly adoptListeners = new Set<(runId: string) => void>();
  /** States rebuilt from folders, keyed by folder, valid while the folder's files are unchanged (`sig`). */
  private readonly fileStates = new Map<string, { sig: string; state: RunState }>();
  private readonly refreshListeners = new Set<(runId: string) => void>();
  /** API keys typed into the form, per run, in memory only: a resume in the same process reuses them. */
  private readonly apiKeys = new Map<string, string>();

  constructor(
    readonly resultsDir: string,
    private readonly deps: { startRun: StartRunFn; resumeRun?: ResumeRunFn; simThinkMs?: number | null; listSuites?: () => SuiteInfo[] },
  ) {}

  /**
   * Bundled definitions files. Resolved here, in server/ code run by tsx, because inside Next's bundle
   * `import.meta.url` no longer points at lib/suites/.
   */
  listSuites(): SuiteInfo[] {
    return this.deps.listSuites?.() ?? [];
  }

  /** Default simulated think time for runs started from the dashboard (PICARD_SIM_THINK_MS). */
  get simThinkMs(): number | null {
    return this.deps.simThinkMs ?? null;
  }

  /** Called when a run (new or resumed) starts streaming: viewers must take a fresh snapshot (seq restarts). */
  onAdopt(listener: (runId: string) => void): () => void {
    this.adoptListeners.add(listener);
    return () => this.adoptListeners.delete(listener);
  }

  /** Called when a folder-built state gained its conversation statistics: viewers should take a new snapshot. */
  onRefresh(listener: (runId: string) => void): () => void {
    this.refreshListeners.add(listener);
    return () => this.refreshListeners.delete(listener);
  }

  onEvent(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a run in this process; resolves once its folder exists (definition errors reject before). */
  async start(options: Omit<RunOptions, 'resultsDir'>): Promise<string> {
    const handle = await this.deps.startRun({ ...options, resultsDir: this.resultsDir });
    const runId = this.adopt(handle);
    if (options.apiKey) this.apiKeys.set(runId, options.apiKey);
    return runId;
  }

  /**
   * Stores a definitions file uploaded from the form under `<resultsDir>/.uploads/<uuid>/<name>` and returns
   * its path. It stays there: a resumed run may need it to regenerate its instances.
   */
  saveUpload(name: string, text: string): string {
    const safe = path.basename(name).replace(/[^A-Za-z0-9._-]/g, '_') || 'definitions.yaml';
    const dir = path.join(this.resultsDir, '.uploads', randomUUID());
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, safe);
    writeFileSync(file, text);
    return file;
  }

  /** Resumes an interrupted run folder in this process. */
  async resume(runId: string, opts: { apiKey?: string; concurrency?: number; retryErrors?: boolean } = {}): Promise<string> {
    if (!this.deps.resumeRun) throw new Error('Resuming runs is not available in this build');
    if (this.isActive(runId)) throw new Error(`Run ${runId} is already running`);
    const dir = this.runDir(runId);
    if (!dir) throw new Error(`No run folder named ${runId} in ${this.resultsDir}`);
    const apiKey = opts.apiKey || this.apiKeys.get(runId);
    const runIdOut = this.adopt(await this.deps.resumeRun(dir, { ...opts, apiKey }));
    if (opts.apiKey) this.apiKeys.set(runIdOut, opts.apiKey);
    return runIdOut;
  }

  /** Stops a run started here; false when there is no such active run. */
  cancel(runId: string, reason = 'cancelled from the dashboard'): boolean {
    const run = this.runs.get(runId);
    if (!run || run.result) return false;
    run.handle.cancel(reason);
    return true;
  }

  /**
   * Shutdown: every active run is marked `interrupted` (not `cancelled`), so after a restart the page offers
   * Resume. Resolves once each run has written its manifest, or after `timeoutMs`.
   */
  async interruptAll(reason: string, timeoutMs = 1500): Promise<void> {
    const active = [...this.runs.values()].filter((r) => r.result === null);
    for (const r of active) r.handle.interrupt(reason);
    const settled = Promise.all(active.map((r) => r.handle.done));
    await Promise.race([settled, new Promise((res) => setTimeout(res, timeoutMs).unref())]);
  }

  /** Ids of runs started here that have not finished. */
  activeRunIds(): string[] {
    return [...this.runs.entries()].filter(([, r]) => r.result === null).map(([id]) => id);
  }

  isActive(runId: string): boolean {
    const run = this.runs.get(runId);
    return !!run && run.result === null;
  }

  /** Absolute folder of a run, or null when the id is invalid or no such folder exists. */
  runDir(runId: string): string | null {
    const managed = this.runs.get(runId);
    if (managed) return managed.handle.dir;
    if (!isValidRunId(runId)) return null;
    const dir = path.join(this.resultsDir, runId);
    // A configuration's run of an experiment (picard sweep) lives inside the experiment's folder.
    return existsSync(dir) ? dir : findExperimentRunDir(this.resultsDir, runId);
  }

  /**
   * The state of a run and the seq it is current to. Runs started here answer from memory (live until they
   * finish); others are rebuilt from their files with seq 0. Null for an unknown run.
   */
  snapshot(runId: string): RunSnapshot | null {
    const run = this.runs.get(runId);
    if (run) return { runId, state: structuredClone(run.state), seq: run.state.lastSeq, live: run.result === null };
    const dir = this.runDir(runId);
    if (!dir) return null;
    return { runId, state: this.fileState(runId, dir), seq: 0, live: false };
  }

  /**
   * A folder's state, cached while its files are unchanged. Large runs come back at once without per-item
   * rounds/tokens (reading 20,000 conversation files takes seconds); those are read in parallel in the
   * background, then `onRefresh` listeners are told so open pages take the complete snapshot.
   */
  private fileState(runId: string, dir: string): RunState {
    const sig = folderSignature(dir);
    const hit = this.fileStates.get(dir);
    if (hit && hit.sig === sig) return hit.state;
    const quick = loadRunState(dir, { conversations: false, questionChars: QUESTION_CHARS });
    if (quick.total <= SYNC_STATS_LIMIT) return this.cacheState(dir, sig, loadRunState(dir, { questionChars: QUESTION_CHARS }));
    this.cacheState(dir, sig, quick);
    void readConversationStats(dir).then((stats) => {
      if (this.fileStates.get(dir)?.sig !== sig || folderSignature(dir) !== sig) return;
      this.cacheState(dir, sig, withConversationStats(quick, stats));
      for (const l of this.refreshListeners) l(runId);
    });
    return quick;
  }

  private cacheState(dir: string, sig: string, state: RunState): RunState {
    this.fileStates.delete(dir);
    this.fileStates.set(dir, { sig, state });
    // Keep the few most recently opened folders (a 20,000-item state is ~10 MB).
    for (const key of [...this.fileStates.keys()].slice(0, Math.max(0, this.fileStates.size - 4))) this.fileStates.delete(key);
    return state;
  }

  /*
   * File reads for pages and route handlers go through here (server code run by tsx), so the Next bundle
   * does no dynamic filesystem access of its own (Turbopack would trace the whole project for it).
   */

  /** Every result folder, newest first. */
  listRuns(): RunListing[] {
    return listRuns(this.resultsDir);
  }

  /** One item's question, conversation, response and verdict; null for an unknown run. */
  itemDetail(runId: string, key: string): ItemDetail | null {
    const dir = this.runDir(runId);
    return dir ? readItemDetail(dir, key, explainAnswer) : null;
  }

  /** A folder listing or file head inside the run's sandbox; undefined for an unknown run, null outside the sandbox. */
  sandbox(runId: string, rel: string): SandboxView | null | undefined {
    const dir = this.runDir(runId);
    return dir ? viewSandbox(path.join(dir, 'sandbox'), rel) : undefined;
  }

  /** A sandbox file rendered for the debugger (CSV table, SQLite tables, pretty JSON/YAML/XML); see `sandbox`. */
  preview(runId: string, rel: string): FilePreview | null | undefined {
    const dir = this.runDir(runId);
    return dir ? previewFile(path.join(dir, 'sandbox'), rel) : undefined;
  }

  /** Paired comparison of runs (the first is the base); unknown run ids give an `error`. */
  async compare(runIds: string[]): Promise<RunComparison> {
    const dirs: Array<{ runId: string; dir: string }> = [];
    for (const runId of runIds) {
      const dir = this.runDir(runId);
      if (!dir) return { runs: [], pairs: [], error: `No run folder named ${runId}` };
      dirs.push({ runId, dir });
    }
    if (dirs.length < 2) return { runs: [], pairs: [], error: 'Pick at least two runs' };
    return compareRunDirs(dirs);
  }

  /** Follows a run started elsewhere in this process (a sweep's configuration): live state, events, run page. */
  watch(handle: RunHandle): string {
    return this.adopt(handle);
  }

  private adopt(handle: RunHandle): string {
    const runId = path.basename(handle.dir);
    // Start from the folder: a resumed run keeps its done items; its new bus counts seq from 1 again.
    const state: RunState = { ...loadRunState(handle.dir, { isRunning: () => true }), runId: handle.runId, lastSeq: handle.bus.lastSeq };
    const run: ManagedRun = { handle, state, result: null };
    this.runs.set(runId, run);
    handle.bus.subscribe((event) => {
      reduceRunEventInPlace(run.state, event);
      for (const l of this.listeners) l(runId, event);
    });
    for (const l of this.adoptListeners) l(runId);
    void handle.done.then((result) => {
      run.result = result;
      this.evictOldRuns();
    });
    return runId;
  }

  /** Keeps the 20 most recent finished runs in memory; older ones are read from disk again. */
  private evictOldRuns(): void {
    const finished = [...this.runs.entries()].filter(([, r]) => r.result !== null);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - 20))) this.runs.delete(id);
  }
}
