import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../lib/events/types';
import type { RunHandle, RunOptions, RunResult } from '../lib/runner/types';
import { createRunState, loadRunState, reduceRunEventInPlace } from '../lib/state';
import type { RunSnapshot, RunState } from '../lib/state';
import { isValidRunId } from './run-id';

/** Starts a run (lib/runner/start-run); injected so the manager stays testable and import-light. */
export type StartRunFn = (options: RunOptions) => Promise<RunHandle>;
/** Resumes an interrupted run folder (lib/runner/resume-run). */
export type ResumeRunFn = (dir: string, opts: Partial<RunOptions>) => Promise<RunHandle>;

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

  constructor(
    readonly resultsDir: string,
    private readonly deps: { startRun: StartRunFn; resumeRun?: ResumeRunFn; simThinkMs?: number | null },
  ) {}

  /** Default simulated think time for runs started from the dashboard (PICARD_SIM_THINK_MS). */
  get simThinkMs(): number | null {
    return this.deps.simThinkMs ?? null;
  }

  onEvent(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a run in this process; resolves once its folder exists (definition errors reject before). */
  async start(options: Omit<RunOptions, 'resultsDir'>): Promise<string> {
    const handle = await this.deps.startRun({ ...options, resultsDir: this.resultsDir });
    return this.adopt(handle);
  }

  /** Resumes an interrupted run folder in this process. */
  async resume(runId: string, opts: Partial<RunOptions> = {}): Promise<string> {
    if (!this.deps.resumeRun) throw new Error('Resuming runs is not available in this build');
    if (this.isActive(runId)) throw new Error(`Run ${runId} is already running`);
    const dir = this.runDir(runId);
    if (!dir) throw new Error(`No run folder named ${runId} in ${this.resultsDir}`);
    return this.adopt(await this.deps.resumeRun(dir, opts));
  }

  /** Stops a run started here; false when there is no such active run. */
  cancel(runId: string, reason = 'cancelled from the dashboard'): boolean {
    const run = this.runs.get(runId);
    if (!run || run.result) return false;
    run.handle.cancel(reason);
    return true;
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

  private adopt(handle: RunHandle): string {
    const runId = path.basename(handle.dir);
    const prev = this.runs.get(runId);
    // A resumed run continues the folder's state; a new one starts empty.
    let state = prev?.state ?? createRunState(handle.runId);
    if (handle.bus.lastSeq > 0 && state.lastSeq === 0) {
      // Events were emitted before we could subscribe: start from the files so nothing is lost.
      state = { ...loadRunState(handle.dir), runId: handle.runId, lastSeq: handle.bus.lastSeq };
    }
    const run: ManagedRun = { handle, state, result: null };
    this.runs.set(runId, run);
    handle.bus.subscribe((event) => {
      reduceRunEventInPlace(run.state, event);
      for (const l of this.listeners) l(runId, event);
    });
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
