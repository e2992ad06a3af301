import path from 'node:path';
import { parseExperimentText } from '../lib/experiments/experiment-file';
import { isExperimentFolder, readExperimentManifest } from '../lib/experiments/experiment-folder';
import { indexedDisagreements, indexedExperimentView, indexedQuestionItems, pageOf, type ItemPage } from '../lib/experiments/experiment-index-view';
import { ExperimentTracker } from '../lib/experiments/experiment-tracker';
import type { Disagreement, ExperimentView } from '../lib/experiments/experiment-view';
import { resumeSweep, startSweep, type ResumeSweepOptions, type SweepHandle, type SweepOptions } from '../lib/experiments/sweep';
import { takesApiKey } from '../lib/agents/agent-kinds';
import { dashboardQueuedExperiments } from '../lib/experiments/queued-experiments';
import type { ItemView } from '../lib/events/item-view';
import type { ExperimentsQuery, IndexedExperiment } from '../lib/index/query-experiments';
import type { Page } from '../lib/index/query-runs';
import type { RunManager } from './run-manager';
import { isValidRunId } from './run-id';

/** The file name an experiment started from the form is parsed under (relative definitions resolve from the cwd). */
export const FORM_EXPERIMENT_FILE = 'sweep-form.yaml';

/** How often at most a live experiment's view is sent to its viewers. */
const VIEW_THROTTLE_MS = 200;

/**
 * The process's experiments (kept on globalThis beside the run manager, see experiment-manager-access.ts): starts
 * sweeps from the dashboard form (each configuration's run is handed to the run manager too, so its run page is
 * live), follows them from their run events, and reads every other experiment (one opened after a restart, or one
 * a `picard sweep` in another process writes) from the results index: its configurations' runs are caught up
 * when their files changed, then standings, pairs, heatmap and item lists are SQL (lib/experiments/experiment-index-view.ts).
 */
export class ExperimentManager {
  private readonly live = new Map<string, { tracker: ExperimentTracker; sweep: SweepHandle }>();
  private readonly listeners = new Set<(id: string) => void>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly runs: RunManager,
    private readonly deps: {
      startSweep?: (o: SweepOptions) => Promise<SweepHandle>;
      resumeSweep?: (dir: string, o: ResumeSweepOptions) => Promise<SweepHandle>;
      throttleMs?: number;
      /** The environment API keys are looked up in (default `process.env`), for `keyless`. */
      env?: Readonly<Record<string, string | undefined>>;
    } = {},
  ) {}

  get resultsDir(): string {
    return this.runs.resultsDir;
  }

  /** Called (throttled) when a live experiment's view changed; the final view of a sweep is always announced. */
  onChange(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates experiment file text (the form writes it) through the experiment parser, so every problem comes back
   * as an `ExperimentError` located at its line and YAML path, then starts the sweep. API keys (by label) stay in
   * memory. Resolves with the experiment id once every configuration has started.
   */
  async start(text: string, opts: { apiKeys?: Record<string, string> } = {}): Promise<string> {
    const spec = parseExperimentText(text, path.resolve(FORM_EXPERIMENT_FILE));
    // With PICARD_REDIS_URL every configuration is queued (the dashboard coordinates it), as runs from the run form are.
    const executor = await this.runs.executor();
    // The configurations' runs update the dashboard's results index as items land, as runs from the run form do.
    const sweep = await (this.deps.startSweep ?? startSweep)({ experiment: spec, resultsDir: this.resultsDir, apiKeys: opts.apiKeys, index: this.runs.index.index, executor });
    return this.adopt(sweep);
  }

  /**
   * At dashboard start (distributed runs on): resumes, with no button pressed, the sweeps this dashboard
   * coordinated that were interrupted or whose coordinator died (see `dashboardQueuedExperiments`), as the run
   * manager does for its runs. Their workers kept going; each configuration's resume drains its results in Redis.
   */
  async resumeDistributed(): Promise<{ resumed: string[]; failed: Array<{ id: string; error: string }> }> {
    const out = { resumed: [] as string[], failed: [] as Array<{ id: string; error: string }> };
    const executor = await this.runs.executor();
    if (!executor) return out;
    for (const dir of dashboardQueuedExperiments(this.resultsDir)) {
      const id = path.basename(dir);
      if (this.live.has(id)) continue;
      try {
        this.adopt(await (this.deps.resumeSweep ?? resumeSweep)(dir, { index: this.runs.index.index, executor }));
        out.resumed.push(id);
      } catch (err) {
        out.failed.push({ id, error: (err as Error).message });
      }
    }
    return out;
  }

  /** Follows a sweep of this process: its runs are live on their run pages, its view streams to its viewers. */
  private adopt(sweep: SweepHandle): string {
    for (const c of sweep.configurations) if (c.run) this.runs.watch(c.run);
    const tracker = ExperimentTracker.follow(sweep, () => this.changed(sweep.id));
    this.live.set(sweep.id, { tracker, sweep });
    void sweep.done.then(() => {
      tracker.close();
      this.announce(sweep.id);
      this.live.delete(sweep.id);
    });
    // The view changed (status running, runs restarted) before any item lands: tell the viewers at once.
    this.announce(sweep.id);
    return sweep.id;
  }

  /**
   * Cancels every running configuration of a sweep of this process (each run stays resumable). False when the
   * experiment is not running here (finished, or written by another process).
   */
  cancel(id: string, reason = 'Cancelled from the dashboard'): boolean {
    const live = this.live.get(id);
    if (!live) return false;
    live.sweep.cancel(reason);
    return true;
  }

  /**
   * Resumes every unfinished configuration of a stopped experiment in this process (`picard sweep --resume`):
   * cancelled, interrupted and failed runs continue in their folders, configurations that never started start.
   * API keys (by label) stay in memory. Throws with a clear message for an unknown experiment or one still running.
   */
  async resume(id: string, opts: { apiKeys?: Record<string, string>; retryErrors?: boolean } = {}): Promise<string> {
    if (this.live.has(id)) throw new Error(`Experiment ${id} is still running in this server`);
    const dir = this.dirOf(id);
    if (!dir) throw new Error(`No experiment ${id} in ${this.resultsDir}`);
    // With PICARD_REDIS_URL the resumed configurations are queued, as they were when the sweep started.
    const executor = await this.runs.executor();
    const sweep = await (this.deps.resumeSweep ?? resumeSweep)(dir, { apiKeys: opts.apiKeys, retryErrors: opts.retryErrors, index: this.runs.index.index, executor });
    return this.adopt(sweep);
  }

  /**
   * Labels of an experiment's unfinished configurations whose agent takes an API key that is not in this server's
   * environment (`api_key_env`, default OPENAI_API_KEY): the page asks for those keys next to Resume.
   */
  keyless(id: string): string[] {
    const dir = this.dirOf(id);
    if (!dir) return [];
    const env = this.deps.env ?? process.env;
    const m = readExperimentManifest(dir);
    return m.configurations
      .filter((c) => c.status !== 'completed' && takesApiKey(c.agent.kind))
      .filter((c) => !env[((c.agent as { apiKeyEnv?: string }).apiKeyEnv) ?? 'OPENAI_API_KEY'])
      .map((c) => c.label);
  }

  isLive(id: string): boolean {
    return this.live.has(id);
  }

  /** Absolute folder of an experiment, or null for an invalid id or a folder that is not an experiment. */
  dirOf(id: string): string | null {
    if (!isValidRunId(id)) return null;
    const dir = path.join(this.resultsDir, id);
    return isExperimentFolder(dir) ? dir : null;
  }

  /**
   * The folder of an experiment not followed live here, with its configurations' runs caught up into the results
   * index (unchanged ones cost a few `stat` calls); null for an unknown experiment.
   */
  private async indexed(id: string): Promise<string | null> {
    const dir = this.dirOf(id);
    if (!dir) return null;
    const m = readExperimentManifest(dir);
    await Promise.all(m.configurations.flatMap((c) => (c.run ? [this.runs.index.ensureRun(c.run, path.join(dir, c.run))] : [])));
    return dir;
  }

  /** The view of a live experiment of this process, at once; null otherwise. */
  liveView(id: string): ExperimentView | null {
    return this.live.get(id)?.tracker.view() ?? null;
  }

  /** An experiment's view: live, or from the results index. Null for an unknown experiment. */
  async view(id: string): Promise<ExperimentView | null> {
    const live = this.live.get(id);
    if (live) return live.tracker.view();
    const dir = await this.indexed(id);
    return dir ? indexedExperimentView(this.runs.index.index, dir) : null;
  }

  /**
   * One page of `/experiments` from the results index (experiment folders whose `experiment.json` or runs changed
   * are caught up first; unchanged ones cost a `stat`): newest first by default.
   */
  list(q: ExperimentsQuery = {}): Promise<Page<IndexedExperiment>> {
    return this.runs.index.experiments(q);
  }

  /**
   * The items where two configurations disagree, one page (default the first 500; `total` counts them all); null
   * for an unknown experiment or label.
   */
  async disagreements(id: string, a: string, b: string, page: ItemPage = {}): Promise<{ runA: string | null; runB: string | null; total: number; items: Disagreement[] } | null> {
    const live = this.live.get(id);
    if (live) {
      const d = live.tracker.disagreements(a, b);
      return d && { ...d, total: d.items.length, items: pageOf(d.items, page) };
    }
    const dir = await this.indexed(id);
    return dir ? indexedDisagreements(this.runs.index.index, dir, a, b, page) : null;
  }

  /** A configuration's items of one question (a heatmap cell), one page; null for an unknown experiment or label. */
  async questionItems(id: string, label: string, question: string, page: ItemPage = {}): Promise<{ runId: string | null; total: number; items: ItemView[] } | null> {
    const live = this.live.get(id);
    if (live) {
      const q = live.tracker.questionItems(label, question);
      return q && { ...q, total: q.items.length, items: pageOf(q.items, page) };
    }
    const dir = await this.indexed(id);
    return dir ? indexedQuestionItems(this.runs.index.index, dir, label, question, page) : null;
  }

  /** Shutdown: every live sweep is interrupted (resumable); resolves once each wrote its files, or after `timeoutMs`. */
  async interruptAll(reason: string, timeoutMs = 2000): Promise<void> {
    const sweeps = [...this.live.values()].map((l) => l.sweep);
    for (const s of sweeps) s.interrupt(reason);
    await Promise.race([Promise.all(sweeps.map((s) => s.done)), new Promise((res) => setTimeout(res, timeoutMs).unref())]);
  }

  private changed(id: string): void {
    if (this.timers.has(id)) return;
    this.timers.set(id, setTimeout(() => this.announce(id), this.deps.throttleMs ?? VIEW_THROTTLE_MS));
  }

  private announce(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
    for (const l of this.listeners) {
      try {
        l(id);
      } catch (err) {
        console.error('[picard] experiment listener failed:', err);
      }
    }
  }
}
