import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../lib/events';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/live';
import { resumeRun } from '../lib/runner/resume-run';
import { startRun } from '../lib/runner/start-run';
import { applyRunEvents, createRunState, loadRunState, unpackRunState } from '../lib/state';
import type { RunState, WireRunSnapshot } from '../lib/state';
import { findBundledSuite } from '../lib/suites';
import { eventFactory } from '../lib/state/test-events';
import { createDashboardServer } from './create-server';
import { slimEvent } from './socket-bridge';
import type { DashboardServer } from './create-server';
import { RunManager } from './run-manager';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function setup(token: string | null = null): Promise<{ manager: RunManager; server: DashboardServer; url: string }> {
  const manager = new RunManager(mkdtempSync(path.join(os.tmpdir(), 'picard-')), { startRun, resumeRun });
  const server = createDashboardServer({ host: '127.0.0.1', port: 0, token }, manager, (_req, res) => { res.statusCode = 404; res.end(); });
  open.push(server);
  const port = await server.listen();
  return { manager, server, url: `http://127.0.0.1:${port}` };
}

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

function client(url: string, opts: Parameters<typeof connect>[1] = {}): LiveClient {
  const s: LiveClient = connect(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, ...opts });
  open.push(s);
  return s;
}

/**
 * Follows a run like the browser hook does: snapshot, then batches of events in seq order (those the snapshot
 * holds skipped), until run-finished. Counts the messages and the events applied.
 */
function follow(socket: LiveClient, runId: string, onEvent?: (state: RunState) => void): Promise<{ state: RunState; snapshots: number; events: number; messages: number }> {
  return new Promise((resolve, reject) => {
    let state: RunState | null = null;
    let snapshots = 0;
    let events = 0;
    let messages = 0;
    socket.on('run:error', (e) => reject(new Error(e.message)));
    socket.on('run:snapshot', (snap) => { state = unpackRunState(snap.state); snapshots += 1; });
    socket.on('run:events', (batch: RunEvent[]) => {
      messages += 1;
      if (batch.length === 0) return reject(new Error('empty batch'));
      for (const e of batch) {
        if (!state) return reject(new Error('event before snapshot'));
        if (e.seq <= state.lastSeq) continue;
        if (e.seq !== state.lastSeq + 1) return reject(new Error(`gap: ${state.lastSeq} → ${e.seq}`));
        state = applyRunEvents(state, [e]);
        events += 1;
        onEvent?.(state);
        if (e.type === 'run-finished') resolve({ state, snapshots, events, messages });
      }
    });
    socket.emit('run:join', { runId });
  });
}

const quickstart = () => findBundledSuite('quickstart')!.file;
const summary = (s: RunState) => ({ total: s.total, done: s.done, correct: s.correct, counts: s.counts, byScoringType: s.byScoringType, status: s.status });

describe('slimEvent', () => {
  const f = eventFactory('slim');
  it('sends a scored item without its scoring details and a finished one without its response text, the rest kept', () => {
    const scored = f.scored(3, 1, false);
    if (scored.type !== 'item-scored') throw new Error('factory');
    scored.score.details = { path_status: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`/tmp/x/sandbox/q3_s1/p${i}`, { exists: true, expected_type: 'file' }])) };
    scored.score.error_message = 'w'.repeat(5000);
    const finished = f.finished(3, 1, false);
    if (finished.type !== 'item-finished') throw new Error('factory');
    finished.response.response_text = 'r'.repeat(5000);
    const slimScored = slimEvent(scored);
    const slimFinished = slimEvent(finished);
    expect(JSON.stringify(slimScored).length).toBeLessThan(700);
    expect(JSON.stringify(slimFinished).length).toBeLessThan(700);
    expect(slimScored).toMatchObject({ type: 'item-scored', key: 'q3_s1', seq: scored.seq, errored: false, score: { correct: false, scoring_type: 'stringmatch', details: {} } });
    expect(slimScored.type === 'item-scored' && slimScored.score.error_message).toBe(`${'w'.repeat(300)}…`);
    expect(slimFinished).toMatchObject({ type: 'item-finished', durationMs: 100, rounds: 2, tokens: 50, response: { response_text: '', execution_successful: false } });
    // The events as they were stay untouched (the run manager and the writers hold the same objects).
    expect(Object.keys(scored.score.details)).toEqual(['path_status']);
    expect(finished.response.response_text).toHaveLength(5000);
    // The page's reducer gets the same item from the slim events as from the full ones.
    const start = applyRunEvents(createRunState('slim'), [f.started([f.summary(3, 1)])]);
    const full = applyRunEvents(start, [finished, scored]);
    const slim = applyRunEvents(start, [slimFinished, slimScored]);
    expect({ ...slim.items['q3_s1'], verdictMessage: undefined }).toEqual({ ...full.items['q3_s1'], verdictMessage: undefined });
    expect(summary(slim)).toEqual(summary(full));
  });
});

describe('socket bridge + run manager (real runner, simulated agent)', () => {
  it('streams a run to an early and a late joiner; both end equal to the files', async () => {
    const { manager, url } = await setup();
    const runId = await manager.start({ definitionsFile: quickstart(), agent: { kind: 'simulated', thinkMs: 40 }, seed: 3, label: 'bridge' });
    expect(runId).toMatch(/^bridge_\d{8}_\d{6}$/);
    // The late joiner connects once the early one has seen items finish (not after a fixed wait, which a slow
    // machine can spend before the run emits anything), and well before the run's 18 items are done.
    let lateJoin: () => void = () => {};
    const midRun = new Promise<void>((r) => { lateJoin = r; });
    const early = follow(client(url), runId, (st) => { if (st.done >= 3) lateJoin(); });
    await midRun;
    const late = follow(client(url), runId);
    const [a, b] = await Promise.all([early, late]);
    const files = loadRunState(manager.runDir(runId)!);
    expect(a.state.done).toBe(18);
    expect(summary(a.state)).toEqual(summary(files));
    expect(summary(b.state)).toEqual(summary(files));
    expect(b.events).toBeLessThan(a.events); // the late joiner got part of the run in its snapshot
  });

  it('sends a fast run\'s events in batches: every event once and in order, in far fewer messages', async () => {
    const { manager, url } = await setup();
    const s = client(url);
    await new Promise<void>((r) => s.once('connect', () => r()));
    // The watcher is connected before the start and joins right after it: it sees most of the run as events.
    const runId = await manager.start({ definitionsFile: quickstart(), agent: { kind: 'simulated', thinkMs: 10 }, seed: 6, label: 'batched' });
    let first = 0;
    s.once('run:events', () => { first = Date.now(); });
    const seen = await follow(s, runId);
    const streamedMs = Date.now() - first;
    const files = loadRunState(manager.runDir(runId)!);
    expect(summary(seen.state)).toEqual(summary(files));
    expect(seen.events).toBeGreaterThan(18 * 2); // at least two events per item came live
    expect(seen.messages).toBeLessThan(seen.events / 2);
    // About one message per 100 ms while events flow (a page renders each one): late timers only make fewer.
    expect(seen.messages, `${seen.messages} messages in ${streamedMs} ms`).toBeLessThanOrEqual(Math.ceil(streamedMs / 100) + 2);
  });

  it('answers a finished run from its files, and rejects bad or unknown run ids', async () => {
    const { manager, url } = await setup();
    const runId = await manager.start({ definitionsFile: quickstart(), agent: { kind: 'simulated', thinkMs: 0 }, seed: 4, label: 'done' });
    const s = client(url);
    await follow(s, runId);
    const again = await new Promise<WireRunSnapshot>((r) => { s.once('run:snapshot', r); s.emit('run:join', { runId }); });
    expect(again.live).toBe(false);
    expect(again.state.done).toBe(18);
    for (const bad of ['../etc', 'nope_20990101_000000']) {
      const err = await new Promise<{ message: string }>((r) => { s.once('run:error', r); s.emit('run:join', { runId: bad }); });
      expect(err.message).toMatch(bad === '../etc' ? /runId/ : /No run/);
    }
  });

  it.each([
    { name: 'foreign Origin', token: null, opts: { extraHeaders: { origin: 'http://evil.example' } }, error: /forbidden origin|xhr poll error|websocket error/ },
    { name: 'missing token', token: 'k'.repeat(20), opts: {}, error: /unauthorized/ },
  ])('refuses a socket with a $name', async ({ token, opts, error }) => {
    const { url } = await setup(token);
    const s = client(url, { ...opts, transports: ['polling'] });
    const err = await new Promise<Error>((r) => s.once('connect_error', r));
    expect(err.message).toMatch(error);
  });

  it('accepts a socket presenting the token', async () => {
    const { url } = await setup('k'.repeat(20));
    const s = client(url, { auth: { token: 'k'.repeat(20) } });
    await new Promise<void>((resolve, reject) => { s.once('connect', resolve); s.once('connect_error', reject); });
    expect(s.connected).toBe(true);
  });
});
