import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { toWireEvent } from '../lib/events';
import type { ClientToServerEvents, RunEvent, ServerToClientEvents } from '../lib/events';
import { loadRunState, wireSnapshot } from '../lib/state';
import type { RunManager } from './run-manager';
import { isValidRunId } from './run-id';

const JoinPayload = z.object({ runId: z.string().refine(isValidRunId, 'not a run folder name') });
const MAX_TEXT = 4000;
/** How often a run that another process (the CLI) is writing is re-read for joined clients. */
const POLL_MS = 1000;

/** Socket events are small and per item: large texts are cut; the full conversation is fetched on demand. */
export function slimEvent(input: RunEvent): RunEvent {
  const event = toWireEvent(input);
  if (event.type !== 'item-finished') return event;
  const { response, ...rest } = event;
  const text = response.response_text.length > MAX_TEXT ? `${response.response_text.slice(0, MAX_TEXT)}…` : response.response_text;
  return { ...rest, response: { ...response, response_text: text } } as RunEvent;
}

const room = (runId: string) => `run:${runId}`;

/** The typed Socket.IO server of the live contract (lib/events/socket-events.ts). */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Wires the run manager to Socket.IO. Protocol (typed in lib/events/socket-events.ts): client → server
 * `run:join {runId}`; server → client `run:snapshot {runId, state, seq, live}` then `run:event` with seq >
 * snapshot seq; `run:error {message}`.
 * Joining and the snapshot happen in the same tick, so no event can fall between them.
 */
export function attachSocketBridge(io: LiveServer, manager: RunManager): () => void {
  const offEvent = manager.onEvent((runId, event) => io.to(room(runId)).emit('run:event', slimEvent(event)));
  // A (re)started run restarts its seq: everyone watching takes a fresh snapshot.
  const offAdopt = manager.onAdopt((runId) => {
    const snap = manager.snapshot(runId);
    if (snap) io.to(room(runId)).emit('run:snapshot', wireSnapshot(snap));
  });
  // A folder-built state gained its per-item statistics: send it to whoever watches that run.
  const offRefresh = manager.onRefresh((runId) => {
    const snap = manager.snapshot(runId);
    if (snap && !snap.live) io.to(room(runId)).emit('run:snapshot', wireSnapshot(snap));
  });
  const pollers = new Map<string, { timer: NodeJS.Timeout; signature: string }>();

  const pollForeignRun = (runId: string, signature: string) => {
    if (pollers.has(runId)) return;
    const timer = setInterval(() => {
      const p = pollers.get(runId);
      const dir = manager.runDir(runId);
      const members = io.sockets.adapter.rooms.get(room(runId))?.size ?? 0;
      if (!p || !dir || members === 0 || manager.isActive(runId)) {
        clearInterval(timer);
        pollers.delete(runId);
        return;
      }
      const state = loadRunState(dir);
      const sig = signatureOf(state);
      if (sig === p.signature) return;
      p.signature = sig;
      io.to(room(runId)).emit('run:snapshot', wireSnapshot({ runId, state, seq: 0, live: false }));
      if (state.status !== 'running') { clearInterval(timer); pollers.delete(runId); }
    }, POLL_MS);
    timer.unref();
    pollers.set(runId, { timer, signature });
  };

  io.on('connection', (socket: LiveSocket) => {
    // Typed, but from the network: validated before use.
    socket.on('run:join', (payload: unknown) => {
      const parsed = JoinPayload.safeParse(payload);
      if (!parsed.success) {
        socket.emit('run:error', { message: `run:join: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
        return;
      }
      const { runId } = parsed.data;
      for (const r of socket.rooms) if (r.startsWith('run:') && r !== room(runId)) void socket.leave(r);
      const snap = manager.snapshot(runId);
      if (!snap) {
        socket.emit('run:error', { message: `No run ${runId}` });
        return;
      }
      void socket.join(room(runId));
      socket.emit('run:snapshot', wireSnapshot(snap));
      if (!snap.live && snap.state.status === 'running') pollForeignRun(runId, signatureOf(snap.state));
    });
  });

  return () => {
    offEvent();
    offAdopt();
    offRefresh();
    for (const p of pollers.values()) clearInterval(p.timer);
  };
}

function signatureOf(s: { counts: Record<string, number>; status: string; tokens: number }): string {
  return JSON.stringify([s.counts, s.status, s.tokens]);
}
