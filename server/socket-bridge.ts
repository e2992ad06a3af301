import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { toWireEvent } from '../lib/events';
import type { RunEvent } from '../lib/events';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/live';
import { wireSnapshot } from '../lib/state';
import type { ItemState, LiveRunEvent } from '../lib/state';
import type { RunManager } from './run-manager';
import { createRunEventBatcher } from './run-event-batch';
import { isValidRunId } from './run-id';

const JoinPayload = z.object({ runId: z.string().refine(isValidRunId, 'not a run folder name') });
/** Messages the page shows in a row (an error, a verdict message) are cut to this on the wire; rows truncate them anyway. */
const MAX_MESSAGE = 300;
/** How often a run that another process (the CLI) is writing is re-read for joined clients. */
const POLL_MS = 1000;

const cut = (text: string | null): string | null => (text !== null && text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text);

/**
 * Socket events carry what the run page's aggregates and rows use, nothing more: no response text and no
 * scoring details (a directory-structure verdict's `details` alone was ~1.5 KB an item, most of every message
 * 20 pages decoded), messages cut to MAX_MESSAGE. The conversation panel fetches the item's full detail on demand.
 */
export function slimEvent(input: RunEvent): RunEvent {
  const event = toWireEvent(input);
  if (event.type === 'item-finished') {
    return { ...event, response: { ...event.response, response_text: '', error_message: cut(event.response.error_message) } };
  }
  if (event.type === 'item-scored') return { ...event, score: { ...event.score, details: {}, error_message: cut(event.score.error_message) } };
  return event;
}

/** The item before an event, as sent with it: what the browser's aggregates need, without the long texts. */
export function slimPrev(prev: ItemState): ItemState {
  const { question: _q, retryReason: _r, verdictMessage: _v, error, ...rest } = prev;
  return { ...rest, question: '', ...(error !== undefined ? { error: error.slice(0, 200) } : {}) };
}

const room = (runId: string) => `run:${runId}`;

/** The typed Socket.IO server of the live contract (lib/live/socket-events.ts). */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Wires the run manager to Socket.IO. Protocol (typed in lib/live/socket-events.ts): client → server
 * `run:join {runId}`; server → client `run:snapshot {runId, state, seq, live}` (aggregates, no items) then
 * `run:events [event, …]` (each run's events of the last ~100 ms, seq > snapshot seq, in seq order, item events
 * carrying `prev`); `run:error {message}`.
 * For a run started here joining and the snapshot happen in the same tick, so no event can fall between them
 * (events still queued for the batch and already in the snapshot are skipped by the client's seq cursor).
 * A run another process is writing (the CLI) is caught up into the index every second while someone watches,
 * and each change is sent as a new snapshot (seq 0): the pages fetch their item windows again.
 */
export function attachSocketBridge(io: LiveServer, manager: RunManager): () => void {
  const stopForwarding = forwardRunEvents(io, manager);
  const pollers = foreignRunPollers(io, manager);
  const sendSnapshot = snapshotSender(manager, pollers.watch);
  io.on('connection', (socket: LiveSocket) => {
    socket.on('run:join', (payload: unknown) => joinRun(socket, payload, sendSnapshot));
  });
  return () => {
    stopForwarding();
    pollers.close();
  };
}

/** The run manager's events to each run's room, slimmed and batched; a (re)started run's fresh snapshot too. */
function forwardRunEvents(io: LiveServer, manager: RunManager): () => void {
  // One message per batch, encoded once for the whole room (socket.io's broadcast encodes a packet once).
  const batcher = createRunEventBatcher((runId, events) => io.to(room(runId)).emit('run:events', events));
  const offEvent = manager.onEvent((runId, event, prev) => {
    const wire: LiveRunEvent = slimEvent(event);
    if (prev && 'key' in event) wire.prev = slimPrev(prev);
    batcher.push(runId, wire);
  });
  // A (re)started run restarts its seq: everyone watching takes a fresh snapshot, after the old run's last events.
  const offAdopt = manager.onAdopt((runId) => {
    batcher.flush(runId);
    const snap = manager.liveSnapshot(runId);
    if (snap) io.to(room(runId)).emit('run:snapshot', wireSnapshot(snap));
  });
  return () => {
    offEvent();
    offAdopt();
    batcher.close();
  };
}

/** Re-reads runs another process is writing while someone watches them; a change goes out as a new snapshot. */
function foreignRunPollers(io: LiveServer, manager: RunManager): { watch: (runId: string, signature: string) => void; close: () => void } {
  const pollers = new Map<string, { timer: NodeJS.Timeout; signature: string; busy: boolean }>();
  const stop = (runId: string) => {
    const p = pollers.get(runId);
    if (p) clearInterval(p.timer);
    pollers.delete(runId);
  };
  const poll = (runId: string) => {
    const p = pollers.get(runId);
    const members = io.sockets.adapter.rooms.get(room(runId))?.size ?? 0;
    if (!p || members === 0 || manager.isActive(runId)) return stop(runId);
    if (p.busy) return;
    p.busy = true;
    manager.snapshot(runId).then((snap) => {
      p.busy = false;
      if (!snap) return stop(runId);
      const sig = signatureOf(snap.state);
      if (sig === p.signature) return;
      p.signature = sig;
      io.to(room(runId)).emit('run:snapshot', wireSnapshot(snap));
      if (snap.state.status !== 'running') stop(runId);
    }, (err: Error) => {
      p.busy = false;
      console.error(`[picard] polling ${runId}: ${err.message}`);
    });
  };
  const watch = (runId: string, signature: string) => {
    if (pollers.has(runId)) return;
    const timer = setInterval(() => poll(runId), POLL_MS);
    timer.unref();
    pollers.set(runId, { timer, signature, busy: false });
  };
  return { watch, close: () => { for (const id of [...pollers.keys()]) stop(id); } };
}

type SnapshotSender = (socket: LiveSocket, runId: string) => Promise<void>;

/** Joins a socket to a run's room and sends it the run's snapshot (a foreign running run starts being polled). */
function snapshotSender(manager: RunManager, watchForeign: (runId: string, signature: string) => void): SnapshotSender {
  const send: SnapshotSender = async (socket, runId) => {
    // Runs started here answer from memory, in this tick (no event can slip between join and snapshot).
    const live = manager.liveSnapshot(runId);
    if (live) {
      void socket.join(room(runId));
      socket.emit('run:snapshot', wireSnapshot(live));
      return;
    }
    const snap = await manager.snapshot(runId);
    if (!snap) {
      socket.emit('run:error', { message: `No run ${runId}` });
      return;
    }
    // Started here meanwhile: take the live snapshot instead.
    if (manager.liveSnapshot(runId)) return send(socket, runId);
    void socket.join(room(runId));
    socket.emit('run:snapshot', wireSnapshot(snap));
    if (snap.state.status === 'running') watchForeign(runId, signatureOf(snap.state));
  };
  return send;
}

/** `run:join`: typed, but from the network, so validated; the socket leaves the run it watched before. */
function joinRun(socket: LiveSocket, payload: unknown, sendSnapshot: SnapshotSender): void {
  const parsed = JoinPayload.safeParse(payload);
  if (!parsed.success) {
    socket.emit('run:error', { message: `run:join: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    return;
  }
  const { runId } = parsed.data;
  for (const r of socket.rooms) if (r.startsWith('run:') && r !== room(runId)) void socket.leave(r);
  sendSnapshot(socket, runId).catch((err: Error) => socket.emit('run:error', { message: `${runId}: ${err.message}` }));
}

function signatureOf(s: { counts: Record<string, number>; status: string; tokens: number; total: number }): string {
  return JSON.stringify([s.counts, s.status, s.tokens, s.total]);
}
