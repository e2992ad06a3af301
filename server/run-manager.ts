import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../lib/events/types';
import type { RunHandle, RunOptions, RunResult } from '../lib/runner/types';
import { loadRunState, reduceRunEventInPlace } from '../lib/state';
import type { RunSnapshot, RunState } from '../lib/state';
import { isValidRunId } from './run-id';
import { readItemDetail } from './item-detail';
import type { ItemDetail } from './item-detail';
import { viewSandbox } from './sandbox-files';
import type { SandboxView } from './sandbox-files';
import { listRuns } from '../lib/results/list-runs';
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

/**
 * The one run manager of the process (kept on globalThis, see run-manager-access.ts): starts runs in this
 * process, keeps a live `RunState` per run through the shared reducer, and fans events out to listeners
 * (the Socket.IO bridge). Runs it did not start (CLI, older) are read from their folders.
 */
export class RunManager {
  private readonly runs = new Map<string, ManagedRun>();
  private readonly listeners = new Set<RunEventListener>();
  private readonly adoptListeners = new Set<(runId: string) => void>();
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
    return existsSync(dir) ? dir : null;
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
    return { runId, state: loadRunState(dir), seq: 0, live: false };
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
    return dir ? readItemDetail(dir, key) : null;
  }

  /** A folder listing or file head inside the run's sandbox; undefined for an unknown run, null outside the sandbox. */
  sandbox(runId: string, rel: string): SandboxView | null | undefined {
    const dir = this.runDir(runId);
    return dir ? viewSandbox(path.join(dir, 'sandbox'), rel) : undefined;
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
