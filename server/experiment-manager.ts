import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseExperimentText } from '../lib/experiments/experiment-file';
import { isExperimentFolder } from '../lib/experiments/experiment-folder';
import { ExperimentTracker, experimentSignature } from '../lib/experiments/experiment-tracker';
import type { Disagreement, ExperimentView } from '../lib/experiments/experiment-view';
import { resumeSweep, startSweep, type ResumeSweepOptions, type SweepHandle, type SweepOptions } from '../lib/experiments/sweep';
import { dashboardQueuedExperiments } from '../lib/experiments/queued-experiments';
import type { RunStatus } from '../lib/events/types';
import type { ItemState } from '../lib/state';
import type { RunManager } from './run-manager';
import { isValidRunId } from './run-id';

/** One row of `/experiments`. */
export interface ExperimentListing {
  id: string;
  name: string;
  suite: string;
  seed: number;
  configurations: number;
  status: RunStatus;
  /** The leading configuration and its accuracy (null before any answer). */
  best: { label: string; accuracy: number } | null;
  createdAt: string;
  /** Set when the folder could not be read. */
  error?: string;
}

/** The file name an experiment started from the form is parsed under (relative definitions resolve from the cwd). */
export const FORM_EXPERIMENT_FILE = 'sweep-form.yaml';

/** How often at most a live experiment's view is sent to its viewers. */
const VIEW_THROTTLE_MS = 200;

/**
 * The process's experiments (kept on globalThis beside the run manager, see experiment-manager-access.ts): starts
 * sweeps from the dashboard form (each configuration's run is handed to the run manager too, so its run page is
 * live), follows them from their run events, and reads every other experiment folder from its files (cached while
 * they are unchanged: an experiment opened after a restart, or one a `picard sweep` in another process writes).
 */
export class ExperimentManager {
  private readonly live = new Map<string, { tracker: ExperimentTracker; sweep: SweepHandle }>();
  private readonly cached = new Map<string, { sig: string; tracker: ExperimentTracker }>();
  private readonly listeners = new Set<(id: string) => void>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly runs: RunManager,
    private readonly deps: { startSweep?: (o: SweepOptions) => Promise<SweepHandle>; resumeSweep?: (dir: string, o: ResumeSweepOptions) => Promise<SweepHandle>; throttleMs?: number } = {},
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
    this.follow(sweep);
    return sweep.id;
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
        this.follow(await (this.deps.resumeSweep ?? resumeSweep)(dir, { index: this.runs.index.index, executor }));
        out.resumed.push(id);
      } catch (err) {
        out.failed.push({ id, error: (err as Error).message });
      }
    }
    return out;
  }

  /** A sweep of this process: its runs followed by the run manager, its view kept live until it ends. */
  private follow(sweep: SweepHandle): void {
    for (const c of sweep.configurations) if (c.run) this.runs.watch(c.run);
    const tracker = ExperimentTracker.follow(sweep, () => this.changed(sweep.id));
    this.live.set(sweep.id, { tracker, sweep });
    void sweep.done.then(() => {
      tracker.close();
      this.announce(sweep.id);
      this.live.delete(sweep.id);
    });
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

  private async tracker(id: string): Promise<ExperimentTracker | null> {
    const live = this.live.get(id);
    if (live) return live.tracker;
    const dir = this.dirOf(id);
    if (!dir) return null;
    const sig = experimentSignature(dir);
    const hit = this.cached.get(id);
    if (hit && hit.sig === sig) return hit.tracker;
    const tracker = await ExperimentTracker.load(dir);
    this.cached.delete(id);
    this.cached.set(id, { sig, tracker });
    for (const key of [...this.cached.keys()].slice(0, Math.max(0, this.cached.size - 8))) this.cached.delete(key);
    return tracker;
  }

  /** The view of a live experiment of this process, at once; null otherwise. */
  liveView(id: string): ExperimentView | null {
    return this.live.get(id)?.tracker.view() ?? null;
  }

  /** An experiment's view: live, or from its files. Null for an unknown experiment. */
  async view(id: string): Promise<ExperimentView | null> {
    return (await this.tracker(id))?.view() ?? null;
  }

  /** Every experiment folder of the results folder, newest first. */
  async list(): Promise<ExperimentListing[]> {
    if (!existsSync(this.resultsDir)) return [];
    const out: ExperimentListing[] = [];
    for (const d of readdirSync(this.resultsDir, { withFileTypes: true })) {
      if (!d.isDirectory() || !this.dirOf(d.name)) continue;
      try {
        const v = (await this.view(d.name))!;
        const top = v.leaderboard[0];
        out.push({
          id: v.id, name: v.name, suite: v.suite, seed: v.seed, configurations: v.leaderboard.length, status: v.status, createdAt: v.createdAt,
          best: top && top.accuracy !== null ? { label: top.label, accuracy: top.accuracy } : null,
        });
      } catch (err) {
        out.push({ id: d.name, name: d.name, suite: '', seed: 0, configurations: 0, status: 'failed', best: null, createdAt: '', error: (err as Error).message });
      }
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  }

  /** The items where two configurations disagree; null for an unknown experiment or label. */
  async disagreements(id: string, a: string, b: string): Promise<{ runA: string | null; runB: string | null; items: Disagreement[] } | null> {
    return (await this.tracker(id))?.disagreements(a, b) ?? null;
  }

  /** A configuration's items of one question (a heatmap cell); null for an unknown experiment or label. */
  async questionItems(id: string, label: string, question: string): Promise<{ runId: string | null; items: ItemState[] } | null> {
    return (await this.tracker(id))?.questionItems(label, question) ?? null;
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
