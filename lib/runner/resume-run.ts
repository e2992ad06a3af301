import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemSummary } from '../events/types';
import { itemKey } from '../generation/precheck-entry';
import { writeFileAtomic } from '../results/atomic';
import { readJsonl } from '../results/jsonl-reader';
import { iterJsonlLines } from '../results/jsonl-reader';
import { repairJsonlTail } from '../results/repair';
import { acquireRunLock, RunLockedError, type RunLock } from '../results/run-lock';
import { runFiles } from '../results/run-files';
import { RunWriter } from '../results/run-writer';
import type { ResponseLine, ScoreLine, RunManifest } from '../results/types';
import { scoreItem } from '../scoring/registry';
import { systemClock, type Clock } from '../util/clock';
import { AgentConfigError } from '../agents/agent-config';
import { createAgent, type AgentContext } from '../agents/registry';
import type { Agent } from '../agents/types';
import { launchRun } from './launch';
import { boundHeapGrowth } from './heap-growth';
import { createSandboxReset } from './sandbox-reset';
import type { DefinitionsFile, TestDefinition } from '../definitions/types';
import type { InstanceOptions } from '../generation/build-instance';
import { readPrecheckLazily, writePrecheckStream } from './precheck-file';
import { applySamplesOverride, loadDefinitions } from '../definitions/parse';
import { planInstances } from '../generation/build-instances';
import { loadEntityPool } from '../generation/entity-pool';
import type { AgentConfig } from '../agents/agent-kinds';
import type { RunHandle } from './types';
import type { IndexSource } from '../index/open';
import { manifestExecutor, type ItemExecutor } from './executor';

export interface ResumeOptions {
  /** Re-run items whose last response is errored (their old lines are removed first). */
  retryErrors?: boolean;
  apiKey?: string;
  clock?: Clock;
  concurrency?: number;
  /** Results index to update as items land. */
  index?: IndexSource;
  /** Who runs the items (default: this process); see `ItemExecutor`. */
  executor?: ItemExecutor;
}

export class ResumeError extends Error {
  readonly code = 'RUN_NOT_RESUMABLE';
}

/**
 * Continues an interrupted, cancelled or failed run in place: reuses its precheck and sandbox, repairs a torn
 * last line, skips items that already have a response, and scores answered items that were never scored.
 * Takes the folder's writer lock first, so a run still being written (here or by another process) is refused
 * and of two simultaneous resumes only one goes on.
 */
export async function resumeRun(dir: string, opts: ResumeOptions = {}): Promise<RunHandle> {
  boundHeapGrowth();
  readManifest(dir); // a folder that is not ours is refused before anything is written into it
  const lock = takeLock(dir);
  try {
    return await resumeLocked(dir, opts, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

function takeLock(dir: string): RunLock {
  try {
    return acquireRunLock(dir);
  } catch (err) {
    if (!(err instanceof RunLockedError)) throw err;
    const manifest = readManifest(dir);
    throw new ResumeError(`Run ${manifest.test_id} is already running (process ${manifest.pid})`);
  }
}

async function resumeLocked(dir: string, opts: ResumeOptions, lock: RunLock): Promise<RunHandle> {
  const clock = opts.clock ?? systemClock;
  const manifest = readManifest(dir); // read again under the lock: a writer that just finished may have changed it
  const config = manifest.agent.config as AgentConfig | undefined;
  if (!config) throw new ResumeError(`${dir}/${runFiles.manifest} does not record the agent settings`);
  const epoch = (manifest.resumes ?? 0) + 1;
  const agent = createAgentOrRefuse(config, { seed: manifest.seed, apiKey: opts.apiKey, epoch }, `${dir}/${runFiles.manifest} agent.config`);
  const source = instanceSource(dir, manifest, clock);
  if (!existsSync(join(dir, runFiles.precheck))) {
    if (!source) throw new ResumeError(`${manifest.definitions.file} is missing or changed since the run started; its precheck cannot be regenerated`);
    // Killed before its precheck was complete (the sandbox was still being written while the first items ran):
    // the entries are generated again in memory. No area is written here: answered items keep theirs as the
    // agent left them, and every other item's area is generated afresh before its first attempt (below).
    writePrecheckStream(dir, planInstances(source.tests, source.opts));
  }
  const responsesFile = join(dir, runFiles.responses);
  const scoresFile = join(dir, runFiles.scoresProgress);
  repairJsonlTail(responsesFile);
  repairJsonlTail(scoresFile);
  if (opts.retryErrors) dropErrored(responsesFile, scoresFile);

  const writer = new RunWriter(dir);
  const { items, answered } = await catchUpVerdicts(dir, manifest, clock, writer);
  const resumed = resumedManifest(manifest, epoch, clock, opts.executor);
  writer.writeManifest(resumed);
  const concurrency = opts.concurrency ?? manifest.options.concurrency;
  return launchRun({
    runId: manifest.test_id,
    dir,
    sandboxRoot: manifest.sandbox_dir,
    writer,
    lock,
    manifest: resumed,
    agent,
    items,
    entries: readPrecheckLazily(dir, new Set(answered.keys())),
    alreadyDone: answered.size,
    warnings: [],
    entityPoolSize: manifest.entity_pool?.size ?? 0,
    clock,
    concurrency,
    maxAttempts: manifest.options.retries + 1,
    baseDelayMs: manifest.options.delay_s * 1000,
    maxErrors: manifest.options.max_errors,
    // Items that run again may find an abandoned or failed attempt's changes: restore their sandbox first.
    resetSandbox: source ? createSandboxReset(source.tests, source.opts) : undefined,
    resetBeforeFirstAttempt: source !== null,
    index: opts.index,
    executor: opts.executor,
  });
}

/**
 * The run's items from its precheck, and the answered ones by key; an answered item without a verdict (the process
 * stopped between its response and its score) is scored now, and flushed before anyone (the dashboard) reads the
 * folder to follow the resumed run.
 */
async function catchUpVerdicts(dir: string, manifest: RunManifest, clock: Clock, writer: RunWriter): Promise<{ items: ItemSummary[]; answered: Map<string, ResponseLine> }> {
  const answered = new Map<string, ResponseLine>();
  for (const r of readJsonl<ResponseLine>(join(dir, runFiles.responses)).rows) answered.set(itemKey(r.question_id, r.sample_number), r);
  const scored = new Set(readJsonl<ScoreLine>(join(dir, runFiles.scoresProgress)).rows.map((s) => itemKey(s.question_id, s.sample_number)));
  const items: ItemSummary[] = [];
  for await (const e of readPrecheckLazily(dir)) {
    const key = itemKey(e.question_id, e.sample_number);
    items.push({ key, question_id: e.question_id, sample_number: e.sample_number, scoring_type: e.scoring_type });
    const resp = answered.get(key);
    if (resp && !scored.has(key)) writer.appendScore(scoreItem(e, resp, { artifactsDir: join(manifest.sandbox_dir, key) }, clock));
  }
  writer.flush();
  return { items, answered };
}

/** The manifest of the resumed epoch: running in this process, its error cleared, its coordinator recorded. */
function resumedManifest(manifest: RunManifest, epoch: number, clock: Clock, executor: ResumeOptions['executor']): RunManifest {
  const resumed: RunManifest = { ...manifest, status: 'running', pid: process.pid, resumes: epoch, updated_at: clock.now().toISOString() };
  delete resumed.error;
  // A distributed run resumed in-process is in-process from now on, and vice versa.
  const recorded = manifestExecutor(executor);
  if (recorded) resumed.executor = recorded;
  else delete resumed.executor;
  return resumed;
}

/** The run's agent; settings that fail their kind's schema (a hand-edited manifest) refuse the resume. */
function createAgentOrRefuse(config: AgentConfig, ctx: AgentContext, where: string): Agent {
  try {
    return createAgent(config, ctx, where);
  } catch (err) {
    if (err instanceof AgentConfigError) throw new ResumeError(err.message);
    throw err;
  }
}

export function readManifest(dir: string): RunManifest {
  const file = join(dir, runFiles.manifest);
  if (!existsSync(file)) {
    throw new ResumeError(`${dir} has no ${runFiles.manifest}: only runs made by PICARD Live can be resumed`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
}

/**
 * The run's definitions and instance options, when its copy in the folder (`definitions.yaml`) or its original
 * definitions file is there unchanged: the same seed and definitions regenerate the same instances (a lost
 * precheck, a sandbox to restore). Null otherwise.
 */
function instanceSource(dir: string, manifest: RunManifest, clock: Clock): { tests: TestDefinition[]; opts: InstanceOptions } | null {
  try {
    const defs = unchangedDefinitions([join(dir, runFiles.definitions), manifest.definitions.file], manifest.definitions.sha256);
    if (!defs) return null;
    const n = manifest.definitions.samples_override;
    const tests = n === null ? defs.tests : applySamplesOverride(defs, n).tests;
    const pools = loadEntityPool(manifest.entity_pool.file);
    return { tests, opts: { seed: manifest.seed, sandboxRoot: manifest.sandbox_dir, pools, clock } };
  } catch {
    return null; // definitions or entity pool gone: resume still works, without regeneration
  }
}

/** The first of `files` that is there with the run's bytes (sha256), parsed; null when none is. */
function unchangedDefinitions(files: string[], sha256: string): DefinitionsFile | null {
  for (const f of files) {
    if (!existsSync(f)) continue;
    try {
      const defs = loadDefinitions(f);
      if (defs.sha256 === sha256) return defs;
    } catch {
      // unreadable or no longer valid: try the next one
    }
  }
  return null;
}

/**
 * Removes errored items' response and score lines (atomically), so re-running them keeps one line per item. The
 * kept lines are copied as they are (a score line's float kinds, `41.0`, survive: `scores.json` is built from them).
 */
function dropErrored(responsesFile: string, scoresFile: string): void {
  const { rows } = readJsonl<ResponseLine>(responsesFile);
  const last = new Map<string, ResponseLine>();
  for (const r of rows) last.set(itemKey(r.question_id, r.sample_number), r);
  const bad = new Set([...last].filter(([, r]) => !r.execution_successful).map(([k]) => k));
  if (bad.size === 0) return;
  const keepLines = (file: string) => {
    let out = '';
    for (const l of iterJsonlLines(file)) {
      let key: string;
      try {
        const v = JSON.parse(l.text) as { question_id: number | string; sample_number: number };
        key = itemKey(v.question_id, v.sample_number);
      } catch {
        continue; // an unreadable line: dropped, as before
      }
      if (!bad.has(key)) out += `${l.text}\n`;
    }
    writeFileAtomic(file, out);
  };
  keepLines(responsesFile);
  if (existsSync(scoresFile)) keepLines(scoresFile);
}
