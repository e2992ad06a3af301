import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../lib/events/types';
import type { RunsQuery, IndexedRun, Page } from '../lib/index/query-runs';
import { itemViewOf, type ItemsQuery } from '../lib/index/query-items';
import type { ResultsIndex } from '../lib/index/open';
import type { RunHandle, RunOptions, RunResult } from '../lib/runner/types';
import type { ItemExecutor } from '../lib/runner/executor';
import { effectiveStatus, readManifestIfAny } from '../lib/results/list-runs';
import type { WorkerStatus } from '../lib/distributed/heartbeats';
import type { DashboardDistributed, DistributedInfo } from './distributed';
import { createRunState, loadRunState, reduceRunEventInPlace } from '../lib/state';
import type { ItemState, RunSnapshot, RunState } from '../lib/state';
import { isValidRunId } from './run-id';
import { previewFile, viewSandbox } from '../lib/results';
import type { FilePreview, ItemDetail, SandboxView } from '../lib/results';
import { compareRunDirs } from '../lib/reports';
import { readExplainedItemDetail } from '../lib/scoring/item-detail';
import type { RunComparison } from '../lib/reports';
import { findExperimentRunDir } from '../lib/experiments/experiment-folder';
import { DashboardIndex } from './index-access';

/** Starts a run (lib/runner/start-run); injected so the manager stays testable and import-light. */
export type StartRunFn = (options: RunOptions) => Promise<RunHandle>;
/** Resumes an interrupted run folder (lib/runner/resume-run). */
export type ResumeRunFn = (dir: string, opts?: { apiKey?: string; concurrency?: number; retryErrors?: boolean; index?: ResultsIndex; executor?: ItemExecutor }) => Promise<RunHandle>;

/** A bundled definitions file offered on the new-run form. */
export interface SuiteInfo {
  id: string;
  title: string;
  file: string;
  description?: string;
}

/**
 * Called for every event of every run this process starts; `runId` is the result folder name, `prev` the
 * event's item as it was just before (item events only).
 */
export type RunEventListener = (runId: string, event: RunEvent, prev?: ItemState) => void;

/** A window of a run's item table: rows `offset…` of `total` under the query, current to the run's event `seq`. */
export interface ItemWindow {
  total: number;
  offset: number;
  rows: ItemState[];
  /** The run's last event folded into these rows (0 for runs not running in this process). */
  seq: number;
}

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
 * (the Socket.IO bridge). Runs it did not start (CLI, older, copied in) are read from the results index.
 */
export class RunManager {
  private readonly runs = new Map<string, ManagedRun>();
  private readonly listeners = new Set<RunEventListener>();
  private readonly adoptListeners = new Set<(runId: string) => void>();
  private indexAccess: DashboardIndex | null = null;
  /** API keys typed into the form, per run, in memory only: a resume in the same process reuses them. */
  private readonly apiKeys = new Map<string, string>();

  constructor(
    readonly resultsDir: string,
    private readonly deps: {
      startRun: StartRunFn;
      resumeRun?: ResumeRunFn;
      simThinkMs?: number | null;
      listSuites?: () => SuiteInfo[];
      /** Set when PICARD_REDIS_URL is: every run started or resumed here is handed to workers (server/distributed.ts). */
      distributed?: DashboardDistributed;
    },
  ) {}

  /** Whether runs started here go to workers, and the Redis problem if it cannot be reached. */
  distributedInfo(): DistributedInfo {
    return this.deps.distributed?.info() ?? { enabled: false, url: null, error: null };
  }

  /** The live workers (empty without PICARD_REDIS_URL). */
  workers(): Promise<WorkerStatus[]> {
    return this.deps.distributed?.workers() ?? Promise.resolve([]);
  }

  /**
   * The queue executor when distributed runs are on (rejects with `cannot reach Redis at …`), else undefined.
   * The experiment manager hands it to the sweeps it starts, so their configurations are queued too.
   */
  async executor(): Promise<ItemExecutor | undefined> {
    return this.deps.distributed ? this.deps.distributed.executor() : undefined;
  }

  /**
   * At dashboard start (distributed runs on): resumes, with no button pressed, the runs this dashboard
   * coordinated (manifest `executor.coordinator: 'dashboard'`) that were interrupted or whose coordinator died
   * (`running` with no writer lock). Their workers kept going; the resume drains the results waiting in Redis.
   * Returns the resumed run ids and the runs that could not be resumed (with why).
   */
  async resumeDistributed(): Promise<{ resumed: string[]; failed: Array<{ runId: string; error: string }> }> {
    const out = { resumed: [] as string[], failed: [] as Array<{ runId: string; error: string }> };
    if (!this.deps.distributed || !this.deps.resumeRun || !existsSync(this.resultsDir)) return out;
    for (const ent of readdirSync(this.resultsDir, { withFileTypes: true })) {
      if (!ent.isDirectory() || !isValidRunId(ent.name) || this.isActive(ent.name)) continue;
      const dir = path.join(this.resultsDir, ent.name);
      const m = readManifestIfAny(dir);
      if (m?.executor?.coordinator !== 'dashboard' || effectiveStatus(m, dir) !== 'interrupted') continue;
      try {
        out.resumed.push(await this.resume(ent.name));
      } catch (err) {
        out.failed.push({ runId: ent.name, error: (err as Error).message });
      }
    }
    return out;
  }

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

  /** The results index of this results folder, opened on first use. */
  get index(): DashboardIndex {
    this.indexAccess ??= new DashboardIndex(this.resultsDir, (runId) => this.isActive(runId));
    return this.indexAccess;
  }

  onEvent(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a run in this process; resolves once its folder exists (definition errors reject before). */
  async start(options: Omit<RunOptions, 'resultsDir'>): Promise<string> {
    const executor = await this.executor();
    const handle = await this.deps.startRun({ ...options, resultsDir: this.resultsDir, index: this.index.index, executor });
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
    const executor = await this.executor();
    const runIdOut = this.adopt(await this.deps.resumeRun(dir, { ...opts, apiKey, index: this.index.index, executor }));
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
   * The aggregates of a run started here (counts, tallies, totals; no items) and the seq they are current to,
   * or null for a run not started here. Synchronous, so a socket can join and take it in the same tick.
   */
  liveSnapshot(runId: string): RunSnapshot | null {
    const run = this.runs.get(runId);
    if (!run) return null;
    const { items: _items, order: _order, ...rest } = run.state;
    return { runId, state: { ...structuredClone(rest), items: {}, order: [] }, seq: run.state.lastSeq, live: run.result === null };
  }

  /**
   * A run's aggregates without its items: from memory for runs started here, else from the results index
   * (caught up first when the folder changed). Null for an unknown run.
   */
  async snapshot(runId: string, opts: { tallies?: boolean } = {}): Promise<RunSnapshot | null> {
    const live = this.liveSnapshot(runId);
    if (live) return live;
    const dir = this.runDir(runId);
    if (!dir) return null;
    await this.index.ensureRun(runId, dir);
    const run = this.index.run(runId);
    if (!run) return null;
    return { runId, state: opts.tallies === false ? this.stateFromRunRow(run) : this.stateFromIndex(run), seq: 0, live: false };
  }

  /**
   * A run's header from its index row alone (no scan of its items): counts and totals, no per-type or
   * per-question tallies. The page renders with it; the socket's snapshot brings the tallies.
   */
  private stateFromRunRow(run: IndexedRun): RunState {
    const finished = run.status !== 'running';
    return {
      ...createRunState(run.runId),
      label: run.label, dir: run.dir, seed: run.seed, agent: run.agent ?? run.model ?? '', status: run.status as RunState['status'],
      counts: { ...run.counts, retrying: 0 }, total: run.total, done: run.counts.passed + run.counts.failed + run.counts.errored,
      correct: run.correct, scored: run.scored, accuracy: run.accuracy, rounds: run.rounds, toolCalls: run.toolCalls, tokens: run.tokens,
      startedAt: run.createdAt, finishedAt: finished ? run.updatedAt : null, updatedAt: run.updatedAt,
      ...(run.error ? { error: run.error } : {}),
    };
  }

  /** A run's header state from its index row and SQL aggregates. */
  private stateFromIndex(run: IndexedRun): RunState {
    const agg = this.index.aggregates(run.runId);
    const tallies = (g: typeof agg.byQuestion) => Object.fromEntries(Object.entries(g).map(([k, t]) => [k, { correct: t.correct, total: t.total, errored: t.errored }]));
    const total = Math.max(run.total, agg.items);
    const finished = run.status !== 'running';
    return {
      ...createRunState(run.runId),
      label: run.label, dir: run.dir, seed: run.seed, agent: run.agent ?? run.model ?? '', status: run.status as RunState['status'],
      counts: { ...agg.counts, pending: agg.counts.pending + (total - agg.items) }, total,
      done: agg.counts.passed + agg.counts.failed + agg.counts.errored, correct: agg.correct, scored: agg.scored, accuracy: agg.accuracy,
      byScoringType: tallies(agg.byScoringType), byQuestion: tallies(agg.byQuestion),
      rounds: agg.rounds, toolCalls: agg.toolCalls, tokens: agg.tokens,
      startedAt: run.createdAt, finishedAt: finished ? run.updatedAt : null, updatedAt: run.updatedAt,
      ...(run.error ? { error: run.error } : {}),
    };
  }

  /**
   * A window of a run's item table from the index (positions, order, filters); for a run started here each
   * row is the item as it stands in memory (the index follows a few milliseconds behind). Null for an unknown run.
   */
  async items(runId: string, q: ItemsQuery & { key?: string }): Promise<ItemWindow | null> {
    const dir = this.runDir(runId);
    if (!dir) return null;
    await this.index.ensureRun(runId, dir);
    const managed = this.runs.get(runId);
    // Finished but its index writer's last catch-up still under way: `done` settles after it.
    if (managed && managed.result === null && managed.state.status !== 'running' && managed.state.status !== 'pending') await managed.handle.done;
    const seq = managed?.state.lastSeq ?? 0;
    const page = q.key !== undefined
      ? (() => { const one = this.index.item(runId, q.key); return { total: one ? 1 : 0, rows: one ? [one] : [] }; })()
      : this.index.items(runId, q);
    const rows = page.rows.map((r) => {
      const mem = managed?.state.items[r.key];
      return mem ? { ...mem, question: r.question } : itemViewOf(r);
    });
    return { total: page.total, offset: q.key !== undefined ? 0 : Math.max(0, q.offset ?? 0), rows, seq };
  }

  /** One page of the run list from the index (stale folders caught up first). */
  runsPage(q: RunsQuery = {}): Promise<Page<IndexedRun>> {
    return this.index.runs(q);
  }

  /*
   * File reads for pages and route handlers go through here (server code run by tsx), so the Next bundle
   * does no dynamic filesystem access of its own (Turbopack would trace the whole project for it).
   */

  /**
   * One item's question, conversation, response and verdict; null for an unknown run. Its lines are read where the
   * results index saw them (checked; the files are scanned when the index has no row for it or a check fails).
   */
  itemDetail(runId: string, key: string): ItemDetail | null {
    const dir = this.runDir(runId);
    return dir ? readExplainedItemDetail(dir, key, { lines: this.index.itemLines(runId, key) ?? undefined }) : null;
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
      const prev = 'key' in event ? run.state.items[event.key] : undefined;
      reduceRunEventInPlace(run.state, event);
      for (const l of this.listeners) l(runId, event, prev);
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
