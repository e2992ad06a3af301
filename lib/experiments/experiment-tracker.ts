/**
 * An experiment's configurations as `RunState`s, for its view (experiment-view.ts): kept current by folding each
 * configuration's run events through the run pages' reducer (`ExperimentTracker.follow`, for a sweep started in
 * this process), or rebuilt from the run folders (`ExperimentTracker.load`: every item of every configuration; the
 * dashboard reads an experiment opened later from the results index instead, experiment-index-view.ts, and the
 * tests hold the two equal).
 */
import { join } from 'node:path';
import type { RunStatus } from '../results/types';
import type { RunHandle } from '../runner/types';
import { loadRunState, readConversationStats, reduceRunEventInPlace } from '../state';
import { experimentStatus, readExperimentManifest, runModelOf, type ExperimentConfigurationRecord, type ExperimentManifest } from './experiment-folder';
import { disagreements, experimentViewOfStates, questionItems, type ConfigurationState, type Disagreement, type ExperimentView } from './experiment-view';
import type { SweepHandle } from './sweep';
import type { ItemState } from '../state/types';

async function configurationFromFiles(expDir: string, record: ExperimentConfigurationRecord): Promise<ConfigurationState> {
  if (record.run === null) return { label: record.label, runId: null, run: null, model: '' };
  const dir = join(expDir, record.run);
  const stats = await readConversationStats(dir);
  return { label: record.label, runId: record.run, run: loadRunState(dir, { stats }), model: runModelOf(dir) };
}

export class ExperimentTracker {
  private liveSweep = false;
  private readonly offs: Array<() => void> = [];

  private constructor(
    readonly dir: string,
    public manifest: ExperimentManifest,
    readonly configs: Map<string, ConfigurationState>,
  ) {}

  get id(): string {
    return this.manifest.id;
  }

  /** True while a sweep of this process is writing the experiment (its events keep the view current). */
  get live(): boolean {
    return this.liveSweep;
  }

  /** The experiment as its files say now. */
  static async load(dir: string): Promise<ExperimentTracker> {
    const manifest = readExperimentManifest(dir);
    const configs = new Map<string, ConfigurationState>();
    for (const c of manifest.configurations) configs.set(c.label, await configurationFromFiles(dir, c));
    return new ExperimentTracker(dir, manifest, configs);
  }

  /**
   * Follows a sweep of this process: each configuration's state starts from its folder and then folds its run's
   * events (the same ones the run pages get); `onChange` is called after each event and when a configuration or
   * the sweep ends.
   */
  static follow(sweep: SweepHandle, onChange: () => void): ExperimentTracker {
    const manifest = readExperimentManifest(sweep.dir);
    const configs = new Map<string, ConfigurationState>();
    const t = new ExperimentTracker(sweep.dir, manifest, configs);
    t.liveSweep = true;
    for (const c of sweep.configurations) {
      if (!c.run) {
        configs.set(c.label, { label: c.label, runId: manifest.configurations.find((r) => r.label === c.label)?.run ?? null, run: null, model: '' });
        continue;
      }
      configs.set(c.label, t.attach(c.label, c.run, onChange));
    }
    t.offs.push(sweep.subscribe((e) => {
      t.manifest = readExperimentManifest(sweep.dir);
      if (e.type === 'sweep-finished') t.liveSweep = false;
      onChange();
    }));
    return t;
  }

  private attach(label: string, handle: RunHandle, onChange: () => void): ConfigurationState {
    // As the run manager does: the folder as it is now, then every later event (a resumed run restarts its seq).
    const run = { ...loadRunState(handle.dir, { isRunning: () => true }), runId: handle.runId, lastSeq: handle.bus.lastSeq };
    // Items answered before we subscribed have their token split from their conversation files, later ones from events.
    this.offs.push(handle.bus.subscribe((e) => {
      reduceRunEventInPlace(run, e);
      onChange();
    }));
    return { label, runId: handle.runId, run, model: runModelOf(handle.dir) };
  }

  /** The experiment's status; a `running` manifest whose writer is gone (crash, kill) reads `interrupted`. */
  status(): RunStatus {
    return this.liveSweep ? this.manifest.status : experimentStatus(this.dir, this.manifest);
  }

  view(): ExperimentView {
    return experimentViewOfStates(this.manifest, this.configs, this.status());
  }

  /** The items where configurations `a` and `b` disagree (null when either label is unknown). */
  disagreements(a: string, b: string): { runA: string | null; runB: string | null; items: Disagreement[] } | null {
    const ca = this.configs.get(a);
    const cb = this.configs.get(b);
    if (!ca || !cb) return null;
    return { runA: ca.runId, runB: cb.runId, items: disagreements(ca.run, cb.run) };
  }

  /** A configuration's items of one question (null for an unknown label). */
  questionItems(label: string, question: string): { runId: string | null; items: ItemState[] } | null {
    const c = this.configs.get(label);
    return c ? { runId: c.runId, items: questionItems(c.run, question) } : null;
  }

  /** Stops following the sweep's events. */
  close(): void {
    for (const off of this.offs.splice(0)) off();
    this.liveSweep = false;
  }
}
