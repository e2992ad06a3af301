'use client';
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/live';
import { unpackRunState } from '@/lib/state';
import type { LiveRunEvent, RunState, WireRunSnapshot } from '@/lib/state';
import { LiveOverlayStore } from './live-overlay';
import type { LiveOverlay } from './live-overlay';

export type Connection = 'connecting' | 'live' | 'offline';

type TraceWindow = {
  __picardTrace?: { scored: Array<{ key: string; at: string; receivedAt?: number; paintedAt: number }>; received?: Record<string, number>; batches?: number };
};

/**
 * Latency trace for lib/bench/ui-latency.ts, off unless the page set `window.__picardTrace`: for each scored
 * item, when its event reached the page (`receivedAt`) and when the batch holding it has been painted; and the
 * number of batches rendered.
 */
function traceReceived(events: readonly LiveRunEvent[]): void {
  const trace = (window as unknown as TraceWindow).__picardTrace;
  if (!trace) return;
  const now = Date.now();
  trace.received ??= {};
  for (const e of events) if (e.type === 'item-scored') trace.received[e.key] = now;
}

/**
 * Records when the batch holding each scored item was painted: the batch is rendered inside an animation frame
 * (`flushSync`), whose style, layout, paint and commit follow the frame's callbacks in the same task, so a task
 * queued now runs once that frame is done.
 */
function traceCommit(events: LiveRunEvent[]): void {
  const trace = (window as unknown as TraceWindow).__picardTrace;
  if (!trace) return;
  trace.batches = (trace.batches ?? 0) + 1;
  const scored: Array<{ key: string; at: string; receivedAt?: number }> = [];
  for (const e of events) if (e.type === 'item-scored') scored.push({ key: e.key, at: e.at, receivedAt: trace.received?.[e.key] });
  setTimeout(() => {
    const paintedAt = Date.now();
    for (const s of scored) trace.scored.push({ ...s, paintedAt });
  }, 0);
}

/**
 * A batch is applied and rendered in one animation frame (React's render forced inside the frame callback, so the
 * same frame lays it out and paints it: one frame per batch, not one for the callback and one for React's
 * render), at least MIN_GAP_MS after the previous batch. The server sends a run's events about every 100 ms
 * (server/run-event-batch.ts); the gap only keeps bursts (a starved page reading several messages at once) to
 * one render. A page whose frames do not come (a background tab) still applies them FALLBACK_MS later.
 */
const MIN_GAP_MS = 50;
const FALLBACK_MS = 250;

export interface RunSocket {
  /**
   * The run's aggregates (counts, tallies, totals) kept exact by the live events; no items (`state.items` is
   * empty: the table's rows come from server windows, the live items from `overlay`).
   */
  state: RunState;
  /** The items the events touched since the snapshot, each with the seq of its last event. */
  overlay: LiveOverlay;
  /** Counts snapshots taken: a new one means the item windows must be fetched again. */
  version: number;
  /** Counts batches of events applied. */
  tick: number;
  connection: Connection;
  live: boolean;
  resync: () => void;
}

/**
 * The only code that touches the socket. Joins `run:<runId>`, takes the snapshot (aggregates, no items), then
 * applies events in seq order; on a seq gap (missed events) it asks for a fresh snapshot instead of guessing.
 * A reconnect re-joins, which also sends a fresh snapshot, so a reload or a dropped link never duplicates rows.
 */
export function useRunSocket(runId: string, initial: RunState): RunSocket {
  const [state, setState] = useState(initial);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [live, setLive] = useState(false);
  const [version, setVersion] = useState(0);
  const [tick, setTick] = useState(0);
  const store = useRef<LiveOverlayStore | null>(null);
  store.current ??= new LiveOverlayStore();
  const [overlay, setOverlay] = useState<LiveOverlay>(() => store.current!.view());
  const stateRef = useRef(initial);
  const resyncRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const items = store.current!;
    const commit = (next: RunState) => {
      stateRef.current = next;
      setState(next);
    };
    const feed = followRun(runId, {
      lastSeq: () => stateRef.current.lastSeq,
      connection: setConnection,
      live: setLive,
      snapshot: (next) => {
        items.clear();
        setOverlay(items.view());
        commit(next);
        setVersion((v) => v + 1);
      },
      events: (fresh) => {
        flushSync(() => {
          commit(items.fold(stateRef.current, fresh));
          setOverlay(items.view());
          setTick((t) => t + 1);
        });
        traceCommit(fresh);
      },
    });
    resyncRef.current = feed.resync;
    return feed.close;
  }, [runId]);

  return { state, overlay, version, tick, connection, live, resync: () => resyncRef.current() };
}

/** What the socket of a run tells its page. */
interface RunFeedSink {
  /** Seq of the last event already in the page's state. */
  lastSeq(): number;
  connection(c: Connection): void;
  live(live: boolean): void;
  snapshot(state: RunState): void;
  /** A batch of events that follow the state, in seq order. */
  events(fresh: LiveRunEvent[]): void;
}

/** Opens the socket and follows `run:<runId>`: snapshots, and events applied once per frame, gaps re-joined. */
function followRun(runId: string, sink: RunFeedSink): { resync: () => void; close: () => void } {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', transports: ['websocket', 'polling'] });
  // Exposed for tests and the latency benchmark (drop the link, watch events); it carries no secret.
  (window as unknown as { __picardSocket?: unknown }).__picardSocket = socket;
  let buffer: LiveRunEvent[] = [];
  let awaitingSnapshot = true;
  const nextFrame = frameScheduler(() => flush());

  const join = () => {
    awaitingSnapshot = true;
    buffer = [];
    socket.emit('run:join', { runId });
  };
  const flush = () => {
    if (awaitingSnapshot) return;
    const events = buffer.sort((a, b) => a.seq - b.seq);
    buffer = [];
    const fresh = following(events, sink.lastSeq());
    if (fresh === null) return join(); // a gap: events were lost
    if (fresh.length > 0) sink.events(fresh);
  };

  socket.on('connect', () => { sink.connection('live'); join(); });
  socket.on('disconnect', () => sink.connection('offline'));
  socket.on('connect_error', () => sink.connection('offline'));
  socket.on('run:snapshot', (snap: WireRunSnapshot) => {
    if (snap.runId !== runId) return;
    awaitingSnapshot = false;
    sink.live(snap.live);
    sink.snapshot(unpackRunState(snap.state));
    if (buffer.length > 0) flush();
  });
  socket.on('run:events', (events: LiveRunEvent[]) => {
    traceReceived(events);
    for (const e of events) {
      buffer.push(e);
      if (e.type === 'run-finished') sink.live(false);
    }
    nextFrame.request();
  });
  return {
    resync: join,
    close: () => {
      nextFrame.cancel();
      socket.close();
    },
  };
}

/**
 * Runs `fn` once in the first animation frame at least `MIN_GAP_MS` after its previous run (or after
 * FALLBACK_MS more when no frame comes); repeated requests meanwhile coalesce into that run.
 */
function frameScheduler(fn: () => void): { request: () => void; cancel: () => void } {
  let timers: Array<ReturnType<typeof setTimeout>> = [];
  let frame: number | null = null;
  let pending = false;
  let last = 0;
  const cancel = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    for (const t of timers) clearTimeout(t);
    frame = null;
    timers = [];
    pending = false;
  };
  const run = () => {
    cancel();
    last = Date.now();
    fn();
  };
  const inFrame = () => {
    frame = requestAnimationFrame(run);
    timers.push(setTimeout(run, FALLBACK_MS));
  };
  return {
    request: () => {
      if (pending) return;
      pending = true;
      const wait = last + MIN_GAP_MS - Date.now();
      if (wait <= 0) inFrame();
      else timers.push(setTimeout(inFrame, wait));
    },
    cancel,
  };
}
/** The events (sorted by seq) that follow `lastSeq` one by one, those already in the state left out; null on a gap. */
function following(events: LiveRunEvent[], lastSeq: number): LiveRunEvent[] | null {
  let expected = lastSeq + 1;
  const fresh: LiveRunEvent[] = [];
  for (const e of events) {
    if (e.seq < expected) continue; // already in the snapshot
    if (e.seq > expected) return null;
    fresh.push(e);
    expected += 1;
  }
  return fresh;
}
