import type { Socket } from 'socket.io';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/live';
import type { ExperimentManager } from './experiment-manager';
import { isValidRunId } from './run-id';
import type { LiveServer } from './socket-bridge';

const JoinPayload = z.object({ experimentId: z.string().refine(isValidRunId, 'not an experiment folder name') });
/** How often an experiment that another process (`picard sweep`) is writing is re-read for joined clients. */
const POLL_MS = 1000;

const room = (id: string) => `experiment:${id}`;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Experiments over Socket.IO (typed in lib/live/socket-events.ts): client → server `experiment:join
 * {experimentId}`; server → client `experiment:view` at once and after every change (a live sweep of this process:
 * from its runs' events, throttled; another process's sweep: polled from the results index, its runs caught up
 * from their files, while someone watches),
 * `experiment:error {message}`.
 */
export function attachExperimentBridge(io: LiveServer, experiments: ExperimentManager): () => void {
  const watched = (id: string) => (io.sockets.adapter.rooms.get(room(id))?.size ?? 0) > 0;
  const off = experiments.onChange((id) => {
    if (!watched(id)) return;
    const view = experiments.liveView(id);
    if (view) io.to(room(id)).emit('experiment:view', view);
  });
  const pollers = new FilePollers(io, experiments, watched);
  io.on('connection', (socket: LiveSocket) => {
    socket.on('experiment:join', (payload: unknown) => joinExperiment(socket, experiments, payload, (id, last) => pollers.start(id, last)));
  });
  return () => {
    off();
    pollers.stopAll();
  };
}

/**
 * `experiment:join`: the socket leaves any other experiment's room, joins this one's and gets its view: a live
 * sweep's at once, else read from the results index (then polled by `poll` while it is running).
 */
function joinExperiment(socket: LiveSocket, experiments: ExperimentManager, payload: unknown, poll: (id: string, last: string) => void): void {
  const parsed = JoinPayload.safeParse(payload);
  if (!parsed.success) {
    socket.emit('experiment:error', { message: `experiment:join: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    return;
  }
  const { experimentId: id } = parsed.data;
  for (const r of socket.rooms) if (r.startsWith('experiment:') && r !== room(id)) void socket.leave(r);
  // Live: joined and sent in the same tick, so no change falls between. Otherwise from the results index.
  const live = experiments.liveView(id);
  if (live) {
    void socket.join(room(id));
    socket.emit('experiment:view', live);
    return;
  }
  void experiments.view(id).then((view) => {
    if (!view) {
      socket.emit('experiment:error', { message: `No experiment ${id}` });
      return;
    }
    void socket.join(room(id));
    socket.emit('experiment:view', view);
    if (view.status === 'running') poll(id, JSON.stringify(view));
  }, (err: Error) => socket.emit('experiment:error', { message: `Experiment ${id}: ${err.message}` }));
}

/**
 * Experiments another process is writing, re-read (their runs caught up into the results index) every `POLL_MS` while someone watches them and
 * they run (one timer per experiment); a changed view goes to the experiment's room.
 */
class FilePollers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly io: LiveServer,
    private readonly experiments: ExperimentManager,
    private readonly watched: (id: string) => boolean,
  ) {}

  /** Starts polling `id` (unless it already is); `last` is the signature of the view its watchers have. */
  start(id: string, last: string): void {
    if (this.timers.has(id)) return;
    let signature = last;
    const timer = setInterval(() => {
      if (!this.watched(id) || this.experiments.isLive(id)) {
        this.stop(id, timer);
        return;
      }
      void this.experiments.view(id).then((view) => {
        if (!view) return;
        const sig = JSON.stringify(view);
        if (sig !== signature) {
          signature = sig;
          this.io.to(room(id)).emit('experiment:view', view);
        }
        if (view.status !== 'running') this.stop(id, timer);
      }, (err: Error) => console.error(`[picard] experiment ${id}: ${err.message}`));
    }, POLL_MS);
    timer.unref();
    this.timers.set(id, timer);
  }

  private stop(id: string, timer: NodeJS.Timeout): void {
    clearInterval(timer);
    if (this.timers.get(id) === timer) this.timers.delete(id);
  }

  stopAll(): void {
    for (const t of this.timers.values()) clearInterval(t);
  }
}
