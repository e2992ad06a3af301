import type { ExperimentView } from '../experiments/experiment-view';
import type { LiveRunEvent } from '../state/apply-run-event';
import type { WireRunSnapshot } from '../state/pack-state';

/** `run:join`: watch one run (the run id is a result folder name; the server validates it). */
export interface RunJoinRequest {
  runId: string;
}

/** `experiment:join`: watch one experiment (its id is the experiment folder's name; the server validates it). */
export interface ExperimentJoinRequest {
  experimentId: string;
}

/** `run:error`: a refused join (bad payload, unknown run). */
export interface RunErrorMessage {
  message: string;
}

/**
 * The live contract, server → browser, as Socket.IO event maps (type-only: lib does not import socket.io; the
 * server applies them as `new Server<ClientToServerEvents, ServerToClientEvents>` and the browser hook as
 * `Socket<ServerToClientEvents, ClientToServerEvents>`). After `run:join` the server sends `run:snapshot` (packed
 * for big runs, see `wireSnapshot`), then `run:events`: every event with a higher seq, in seq order, in batches
 * (a run's events of ~100 ms per message), slimmed for the wire (`toWireEvent`: no conversation; the bridge
 * also leaves out response texts and scoring details and cuts long messages). A batch may begin with events the snapshot already
 * holds (seq ≤ its seq): the client skips them.
 * The snapshot holds the run's aggregates (counts, tallies, totals) and no items: the item table asks for
 * windows over HTTP (`/api/runs/<id>/items`). Item events carry `prev` (the item before the event, question cut)
 * so the browser's aggregates stay exact without holding the run's items.
 */
export interface ServerToClientEvents {
  'run:snapshot': (snapshot: WireRunSnapshot) => void;
  /** A run's events of the last ~100 ms, seq-ascending and contiguous (at least one). */
  'run:events': (events: LiveRunEvent[]) => void;
  'run:error': (error: RunErrorMessage) => void;
  /**
   * After `experiment:join`, and again (at most every few hundred ms) whenever one of its configurations' runs
   * moves: the whole view (leaderboard, pairwise, heatmap; no per-item data, which is fetched on demand).
   */
  'experiment:view': (view: ExperimentView) => void;
  'experiment:error': (error: RunErrorMessage) => void;
}

/** The live contract, browser → server. */
export interface ClientToServerEvents {
  'run:join': (request: RunJoinRequest) => void;
  'experiment:join': (request: ExperimentJoinRequest) => void;
}
