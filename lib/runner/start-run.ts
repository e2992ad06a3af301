import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applySamplesOverride, loadDefinitions } from '../definitions/parse';
import { assertInstancesValid, PACK_ABOVE_INSTANCES, type CheckedInstances } from '../generation/check-instances';
import { DEFAULT_ENTITY_POOL_FILE, loadEntityPool, type EntityPools } from '../generation/entity-pool';
import { runFolderName } from '../results/label';
import { acquireRunLock, type RunLock } from '../results/run-lock';
import { createRunDir, RunWriter } from '../results/run-writer';
import { runFiles } from '../results/run-files';
import { writeFileAtomic } from '../results/atomic';
import { systemClock, type Clock } from '../util/clock';
import type { Agent } from '../agents/types';
import type { DefinitionsFile, TestDefinition } from '../definitions/types';
import { createAgent } from '../agents/registry';
import { launchRun } from './launch';
import { createSandboxReset } from './sandbox-reset';
import { entryProblems, itemSummary, keepsQuestionTexts, PrecheckFileWriter, readPrecheckLazily, writePrecheckLinesAsync } from './precheck-file';
import { AsyncFeed } from '../util/async-feed';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { LaunchSpec } from './launch';
import type { RunHandle, RunOptions } from './types';
import { manifestExecutor } from './executor';
import { freshSeed } from './seed';
import { boundHeapGrowth } from './heap-growth';
import type { RunManifest } from '../results/types';

export const DEFAULTS = { concurrency: 1, retries: 5, delayS: 1 } as const;

export { freshSeed };

/**
 * Validates the definitions (generating every instance in memory, `assertInstancesValid`) and the agent
 * settings, throwing before anything is written; creates the result folder and takes its writer lock, writes
 * the manifest and `precheck.jsonl` (writing every sandbox file), then starts the run.
 */
export async function startRun(opts: RunOptions): Promise<RunHandle> {
  boundHeapGrowth();
  const clock = opts.clock ?? systemClock;
  const defs = loadDefinitions(resolve(opts.definitionsFile));
  const tests = opts.samples !== undefined && opts.samples !== null ? applySamplesOverride(defs, opts.samples).tests : defs.tests;
  const poolFile = resolve(opts.entityPoolFile ?? DEFAULT_ENTITY_POOL_FILE);
  const pools = loadEntityPool(poolFile);
  const seed = opts.seed ?? freshSeed();
  const agent = createAgent(opts.agent, { seed, apiKey: opts.apiKey });
  // Every instance must be generable and scorable: refused, located, before the result folder exists. The
  // instances are generated once, in memory, for the folder the run will most likely get.
  const resultsDir = resolve(opts.resultsDir);
  const at = clock.now();
  const nameAt = (t: Date) => runFolderName(opts.label, t);
  const total = tests.reduce((n, t) => n + t.samples, 0);
  const hold = total > OVERLAP_MAX_ITEMS ? 'packed' : 'objects';
  const checked = assertInstancesValid(tests, { seed, pools, clock, sandboxRoot: join(resultsDir, nameAt(at), runFiles.sandbox), hold });
  const { dir, runId } = createRunDir(resultsDir, nameAt, at);
  const lock = acquireRunLock(dir);
  try {
    return await launchNew(opts, { dir, runId, seed, tests, total, poolFile, pools, agent, clock, lock, defs, checked });
  } catch (err) {
    lock.release();
    throw err;
  }
}

interface NewRun {
  dir: string;
  runId: string;
  seed: number;
  tests: TestDefinition[];
  /** Their instances: the run's items. */
  total: number;
  poolFile: string;
  pools: EntityPools;
  agent: Agent;
  clock: Clock;
  lock: RunLock;
  defs: DefinitionsFile;
  checked: CheckedInstances;
}

/** Writes the manifest and the precheck into the locked folder and launches the run. */
async function launchNew(opts: RunOptions, { dir, runId, seed, tests, total, poolFile, pools, agent, clock, lock, defs, checked }: NewRun): Promise<RunHandle> {
  const sandboxRoot = join(dir, runFiles.sandbox);
  const writer = new RunWriter(dir);
  const now = clock.now().toISOString();
  const manifest: RunManifest = {
    format: 'picard-live-run/1',
    test_id: runId,
    label: opts.label ?? '',
    status: 'running',
    seed,
    definitions: { file: defs.file, sha256: defs.sha256, samples_override: opts.samples ?? null },
    agent: { ...agent.describe(), config: opts.agent },
    options: {
      concurrency: opts.concurrency ?? DEFAULTS.concurrency,
      retries: opts.retries ?? DEFAULTS.retries,
      delay_s: opts.delayS ?? DEFAULTS.delayS,
      max_errors: opts.failFast ? 1 : (opts.maxErrors ?? null),
      fail_fast: opts.failFast ?? false,
    },
    sandbox_dir: sandboxRoot,
    entity_pool: { file: poolFile, size: pools.default.length },
    total_items: total,
    created_at: now,
    updated_at: now,
    pid: process.pid,
    ...(opts.experimentId !== undefined ? { experiment_id: opts.experimentId } : {}),
    ...(opts.executor ? { executor: manifestExecutor(opts.executor) } : {}),
  };
  writer.writeManifest(manifest);
  // The exact bytes the run was made from: a resume (or a distributed worker) regenerates instances from them.
  writeFileAtomic(join(dir, runFiles.definitions), readFileSync(defs.file));
  writer.openResponses();
  const instanceOptions = { seed, sandboxRoot, pools, clock };
  const common = {
    runId,
    dir,
    sandboxRoot,
    writer,
    lock,
    manifest,
    agent,
    alreadyDone: 0,
    entityPoolSize: pools.default.length,
    clock,
    concurrency: manifest.options.concurrency,
    maxAttempts: manifest.options.retries + 1,
    baseDelayMs: manifest.options.delay_s * 1000,
    maxErrors: manifest.options.max_errors,
    resetSandbox: createSandboxReset(tests, instanceOptions),
    index: opts.index,
    executor: opts.executor,
  };
  // `planned` is a new list at each read: read once. Null for large runs (held packed, see OVERLAP_MAX_ITEMS).
  const planned = checked.planned;
  if (planned === null) {
    // Large runs (their instances held packed), and instances too large to hold: written here, before the first item
    // starts (see OVERLAP_MAX_ITEMS), the files on the sandbox writer thread.
    const { items, problems } = await writePrecheckLinesAsync(dir, checked.writeLinesAsync(sandboxRoot), manifest.total_items);
    return launchRun({ ...common, items, entries: readPrecheckLazily(dir), warnings: problems.map((p) => `Precheck failed for ${p}`) });
  }
  return launchOverlapped(dir, sandboxRoot, checked, planned, manifest.total_items, (spec) => launchRun({ ...common, ...spec }));
}

/** Entries the sandbox writing may run ahead of the run loop. */
const FEED_AHEAD = 2048;
/**
 * Above this many items the sandbox is written before the run starts, as the reference does. Overlapping keeps the
 * generated instances alive while the run goes, and V8 then lets the heap grow to a multiple of them: at 100,000
 * items the peak went from 304 MB to ~900 MB, for a few seconds gained (docs/benchmarks.md).
 */
const OVERLAP_MAX_ITEMS = PACK_ABOVE_INSTANCES;

/**
 * Starts the run while its sandbox is written: the files go to the disk on the sandbox writer thread
 * (lib/sandbox/sandbox-writer.ts) and each item is handed to the run loop as soon as its own instance area is
 * complete; the writing keeps at most `FEED_AHEAD` entries ahead of the loop until the run stops. `precheck.jsonl` is
 * written meanwhile under its temporary name and renamed once every instance is on the disk (so a folder with a precheck always has its
 * whole sandbox; a run killed before that is resumed by regenerating the precheck, see `resumeRun`). The end-of-run
 * files wait for it. An instance whose write fails is generated again on the disk, as before the run, and runs with
 * the entry that records the failure; its problems are announced when found.
 */
function launchOverlapped(
  dir: string,
  sandboxRoot: string,
  checked: CheckedInstances,
  /** `checked.planned`, each entry let go once its instance is written. */
  planned: Array<PrecheckEntry | undefined>,
  total: number,
  launch: (spec: Pick<LaunchSpec, 'items' | 'entries' | 'warnings' | 'prepared' | 'itemsOver'>) => RunHandle,
): RunHandle {
  const keep = keepsQuestionTexts(total);
  const items = planned.map((e) => itemSummary(e!, keep));
  const warnings = planned.flatMap((e) => entryProblems(e!)).map((p) => `Precheck failed for ${p}`);
  const lines = new AsyncFeed<string>();
  let announce: (message: string) => void = () => {};
  const precheck = new PrecheckFileWriter(dir, total);
  const prepared = (async () => {
    // After the run loop's first turn: `run-started` comes before any problem found while writing.
    await new Promise((r) => setImmediate(r));
    let i = 0;
    try {
      for await (const entry of checked.writeAsync(sandboxRoot)) {
        const line = precheck.add(entry);
        if (entry !== planned[i]) for (const p of entryProblems(entry)) announce(`Precheck failed for ${p}`);
        planned[i++] = undefined;
        lines.push(line);
        // A bounded distance ahead of the run loop (memory stays flat); once the run has stopped, to the end.
        await lines.room(FEED_AHEAD);
      }
      precheck.finish();
      lines.end();
    } catch (err) {
      precheck.abandon();
      lines.fail(err);
    }
  })();
  // The run gets each entry as a reader of precheck.jsonl would (the line parsed back).
  const entries = (async function* () {
    for await (const line of lines) yield JSON.parse(line) as PrecheckEntry;
  })();
  const handle = launch({ items, entries, warnings, prepared, itemsOver: () => lines.release() });
  announce = (message) => handle.bus.emit({ type: 'run-log', level: 'error', message });
  return handle;
}
