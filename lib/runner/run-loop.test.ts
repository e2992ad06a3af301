import { getEventListeners } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedAgent } from '../agents/simulated';
import type { Agent, AgentRequest } from '../agents/types';
import { RunEventBus } from '../events/bus';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { ConversationFile } from '../results/types';
import { findBundledSuite } from '../suites';
import { systemClock } from '../util/clock';
import { AdaptiveLimit } from './adaptive-limit';
import { runLoop } from './run-loop';
import { startRun } from './start-run';

const quickstart = findBundledSuite('quickstart')!.file;
let results: string | undefined;
afterEach(() => {
  if (results) rmSync(results, { recursive: true, force: true });
  results = undefined;
});

const lineCount = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;

/** Items `1..n` of question 1 for a scorer nobody has (the loop's verdict is the test's `score`). */
const entriesOf = (n: number): PrecheckEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    scoring_type: 'no_such_scorer', question_id: 1, sample_number: i + 1, template: 'q', substituted_question: 'q', expected_response: 'yes',
  }));

/** The simulated agent (seed 1, no think time), with `spy` seeing each request first; a result from `spy` replaces the agent's. */
function watchedAgent(spy: (req: AgentRequest) => ReturnType<Agent['run']> | void): Agent {
  const sim = createSimulatedAgent({ seed: 1, thinkMs: 0 });
  return { kind: sim.kind, describe: sim.describe, run: (req: AgentRequest) => spy(req) ?? sim.run(req) };
}

/** `runLoop` over `entries` with `agent`, every verdict correct, conversations kept in `saved`. */
function loopOver(entries: PrecheckEntry[], agent: Agent, o: { sandboxRoot: string; concurrency: number; maxAttempts: number; signal?: AbortSignal; saved?: ConversationFile[] }) {
  return runLoop(
    entries,
    {
      agent,
      bus: new RunEventBus('t'),
      clock: systemClock,
      limit: new AdaptiveLimit(o.concurrency),
      signal: o.signal ?? new AbortController().signal,
      sandboxRoot: o.sandboxRoot,
      maxAttempts: o.maxAttempts,
      baseDelayMs: 0,
      score: (e) => ({ question_id: e.question_id, sample_number: e.sample_number, scoring_type: e.scoring_type, correct: true, error_message: null, details: {}, timestamp: '' }),
      saveConversation: async (c) => void o.saved?.push(c),
    },
    { concurrency: o.concurrency, maxErrors: null },
    () => undefined,
  );
}

describe('runLoop on items that never wait (simulated agent, think time 0)', () => {
  it('writes result lines while the run goes, not all at the end', async () => {
    results = mkdtempSync(join(tmpdir(), 'picard-loop-'));
    const handle = await startRun({
      definitionsFile: quickstart,
      resultsDir: results,
      samples: 100,
      seed: 3,
      concurrency: 8,
      agent: { kind: 'simulated', thinkMs: 0 },
    });
    const onDisk: Array<[number, number]> = [];
    let scored = 0;
    handle.bus.subscribe((e) => {
      if (e.type !== 'item-scored') return;
      scored += 1;
      if (scored % 100 === 0) onDisk.push([scored, lineCount(join(handle.dir, 'scores.progress.jsonl'))]);
    });
    const result = await handle.done;
    expect(result.completed).toBe(600);
    // Lines are written at the end of each event-loop turn: at most a turn's items (the concurrency) are pending.
    for (const [n, lines] of onDisk) expect(lines, `score lines on disk when item ${n} was scored`).toBeGreaterThanOrEqual(n - 8 - 1);
  });
});

describe('runLoop and the sandbox realpath', () => {
  it('resolves the run\'s sandbox folder once it exists and hands its realpath to every attempt; tools name real paths', async () => {
    results = realpathSync(mkdtempSync(join(tmpdir(), 'picard-loop-')));
    mkdirSync(join(results, 'real'));
    symlinkSync(join(results, 'real'), join(results, 'alias'));
    const sandboxRoot = join(results, 'alias', 'sandbox'); // spelled through a symlink, and not there yet
    const seen: Array<string | undefined> = [];
    const agent = watchedAgent((req) => void seen.push(req.sandboxRealParent));
    const saved: ConversationFile[] = [];
    const loop = await loopOver(entriesOf(3), agent, { sandboxRoot, concurrency: 2, maxAttempts: 1, saved });
    expect(loop.completed).toBe(3);
    const real = join(results, 'real', 'sandbox');
    expect(seen).toEqual([real, real, real]);
    const listings = saved.map((c) => c.conversation_history.find((m) => m.role === 'tool')?.content).sort();
    expect(listings).toEqual([1, 2, 3].map((n) => `Contents of directory '${join(real, `q1_s${n}`)}': (empty)`));
  });

  it('names the instance folder it has just created to that first attempt only; one already there, or a retry, is the agent\'s to check', async () => {
    results = realpathSync(mkdtempSync(join(tmpdir(), 'picard-loop-')));
    mkdirSync(join(results, 'real'));
    symlinkSync(join(results, 'real'), join(results, 'alias'));
    const sandboxRoot = join(results, 'alias', 'sandbox');
    mkdirSync(join(sandboxRoot, 'q1_s2'), { recursive: true }); // there before the run
    const seen: string[] = [];
    const agent = watchedAgent((req) => {
      const key = req.sandboxDir.slice(req.sandboxDir.lastIndexOf('/') + 1);
      seen.push(`${key}#${req.attempt} ${req.sandboxRealDir ?? '-'}`);
      if (key === 'q1_s3' && req.attempt === 1) {
        return Promise.resolve({ ok: false, error: { reason: 'server-error', message: '503', retryable: true }, conversation: [], statistics: {}, modelInfo: 'x' });
      }
    });
    const saved: ConversationFile[] = [];
    const loop = await loopOver(entriesOf(3), agent, { sandboxRoot, concurrency: 1, maxAttempts: 2, saved });
    expect(loop.completed).toBe(3);
    const real = join(results, 'real', 'sandbox');
    expect(seen).toEqual([`q1_s1#1 ${join(real, 'q1_s1')}`, 'q1_s2#1 -', `q1_s3#1 ${join(real, 'q1_s3')}`, 'q1_s3#2 -']);
    // The tools work from it as from the checked folder: real paths, the same listing.
    const listings = saved.map((c) => c.conversation_history.find((m) => m.role === 'tool')?.content).sort();
    expect(listings).toEqual([1, 2, 3].map((n) => `Contents of directory '${join(real, `q1_s${n}`)}': (empty)`));
  });
});

describe('runLoop and the items\' signals', () => {
  it('gives a worker\'s items one child signal while they leave no listener on it, and a fresh one after an item that does', async () => {
    results = realpathSync(mkdtempSync(join(tmpdir(), 'picard-loop-')));
    const signals: AbortSignal[] = [];
    const agent = watchedAgent((req) => {
      signals.push(req.signal);
      if (req.entry.sample_number === 2) req.signal.addEventListener('abort', () => undefined); // left behind
    });
    const run = new AbortController();
    const loop = await loopOver(entriesOf(4), agent, { sandboxRoot: join(results, 'sandbox'), concurrency: 1, maxAttempts: 1, signal: run.signal });
    expect(loop.completed).toBe(4);
    expect(signals[1]).toBe(signals[0]);
    expect(signals[2]).not.toBe(signals[1]);
    expect(signals[3]).toBe(signals[2]);
    expect(signals.every((s) => s !== run.signal && !s.aborted)).toBe(true);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0); // the fanout's listener is gone with the loop
  });
});
