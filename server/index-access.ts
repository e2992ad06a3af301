import { join } from 'node:path';
import { runAggregates, type RunAggregates } from '../lib/index/aggregates';
import { catchUpResults, type CatchUpResultsSummary } from '../lib/index/catch-up-results';
import { catchUpRun } from '../lib/index/catch-up-run';
import { isStale, loadFileStates, stampsOf } from '../lib/index/file-stamps';
import { openResultsIndex, type ResultsIndex } from '../lib/index/open';
import { itemLineHints } from '../lib/index/item-line-hints';
import { getItem, queryItems, type IndexedItem, type ItemsQuery } from '../lib/index/query-items';
import type { ItemLineHints } from '../lib/results/item-detail';
import { runMeta } from '../lib/index/run-meta';
import { writeRunStatus } from '../lib/index/run-summary';
import { runIdClash } from '../lib/index/run-id-clash';
import { getExperiment, queryExperiments, type ExperimentsQuery, type IndexedExperiment } from '../lib/index/query-experiments';
import { getRun, queryRuns, type IndexedRun, type Page, type RunsQuery } from '../lib/index/query-runs';

/**
 * The dashboard's one results index (`<results dir>/.picard/index.sqlite`) and when to bring it up to date.
 * Runs this process writes are kept current by the runner's index writer; everything else (CLI runs in other
 * processes, folders copied in, reference folders, runs whose writer crashed) is caught up from its files when
 * it is looked at and its files' sizes/mtimes differ from what the index last read. Catch-ups of the same run
 * (or of the whole folder) are shared, never run twice at once.
 */
export class DashboardIndex {
  readonly index: ResultsIndex;
  private all: Promise<CatchUpResultsSummary> | null = null;
  private readonly perRun = new Map<string, Promise<void>>();
  /** Run-id clashes already logged (once each). */
  private readonly clashes = new Set<string>();
  /** Aggregates of runs not written here, valid while the index holds the same bytes of their files. */
  private readonly aggCache = new Map<string, { sig: string; agg: RunAggregates }>();

  constructor(
    readonly resultsDir: string,
    /** Runs whose files this process is writing right now: their writer keeps them current. */
    private readonly isLocal: (runId: string) => boolean = () => false,
  ) {
    this.index = openResultsIndex(resultsDir);
  }

  /** Every stale run folder caught up; unchanged folders cost a few `stat` calls. */
  catchUpAll(): Promise<CatchUpResultsSummary> {
    this.all ??= catchUpResults(this.index).finally(() => { this.all = null; });
    return this.all;
  }

  /**
   * Catches one run folder up when its files changed since the index read them (not for runs written here). `dir`
   * is the run's folder when it is not `<results>/<runId>` (a configuration's run inside an experiment folder).
   */
  async ensureRun(runId: string, dir = join(this.resultsDir, runId)): Promise<void> {
    if (this.isLocal(runId)) return;
    const pending = this.perRun.get(runId);
    if (pending) return pending;
    // A run folder of the same name elsewhere holds this id in the index: never overwritten by this one.
    const clash = runIdClash(this.index, runId, dir);
    if (clash !== null) {
      if (!this.clashes.has(clash)) console.error(`[picard] results index: ${clash}`);
      this.clashes.add(clash);
      return;
    }
    const known = getRun(this.index, runId) !== null;
    if (known && !isStale(loadFileStates(this.index.db, runId), stampsOf(dir))) {
      // Unchanged files, but a `running` run's writer may have died since: ask its lock.
      if (getRun(this.index, runId)?.status === 'running') writeRunStatus(this.index.db, runMeta(dir));
      return;
    }
    const p = catchUpRun(this.index, dir).then(() => undefined).finally(() => this.perRun.delete(runId));
    this.perRun.set(runId, p);
    return p;
  }

  async runs(q: RunsQuery): Promise<Page<IndexedRun>> {
    const summary = await this.catchUpAll();
    for (const f of summary.failed) console.error(`[picard] results index: ${f}`);
    return queryRuns(this.index, q);
  }

  /** One page of the experiment list (stale folders caught up first). */
  async experiments(q: ExperimentsQuery): Promise<Page<IndexedExperiment>> {
    const summary = await this.catchUpAll();
    for (const f of summary.failed) console.error(`[picard] results index: ${f}`);
    return queryExperiments(this.index, q);
  }

  experiment(id: string): IndexedExperiment | null {
    return getExperiment(this.index, id);
  }

  run(runId: string): IndexedRun | null {
    return getRun(this.index, runId);
  }

  items(runId: string, q: ItemsQuery): Page<IndexedItem> {
    return queryItems(this.index, runId, q);
  }

  item(runId: string, key: string): IndexedItem | null {
    return getItem(this.index, runId, key);
  }

  /**
   * Where the index saw the item's lines, for reading its detail without scanning the run's files (no catch-up
   * first: lines the index has not read yet are read from the files, and a rewritten file is scanned whole).
   */
  itemLines(runId: string, key: string): ItemLineHints | null {
    return itemLineHints(this.index, runId, key);
  }

  /**
   * Counts and tallies by SQL. A finished 200,000-item run takes a second or more (one scan per grouping), so
   * for runs not written here they are kept while the index holds the same bytes of the run's files.
   */
  aggregates(runId: string): RunAggregates {
    if (this.isLocal(runId)) return runAggregates(this.index, runId);
    const sig = JSON.stringify([...loadFileStates(this.index.db, runId)].map(([f, st]) => [f, st.offset, st.size, st.mtimeMs]));
    const hit = this.aggCache.get(runId);
    if (hit && hit.sig === sig) return hit.agg;
    const agg = runAggregates(this.index, runId);
    this.aggCache.delete(runId);
    this.aggCache.set(runId, { sig, agg });
    for (const k of [...this.aggCache.keys()].slice(0, Math.max(0, this.aggCache.size - 8))) this.aggCache.delete(k);
    return agg;
  }

  close(): void {
    this.index.close();
  }
}
