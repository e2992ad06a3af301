import type { ExperimentView } from '../experiments/experiment-view';
import type { WireRunSnapshot } from '../state/pack-state';
import type { RunEvent } from './types';

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
 * for big runs, see `wireSnapshot`), then every `run:event` with a higher seq, slimmed for the wire
 * (`toWireEvent`: no conversation; the bridge also cuts long response texts).
 */
export interface ServerToClientEvents {
  'run:snapshot': (snapshot: WireRunSnapshot) => void;
  'run:event': (event: RunEvent) => void;
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
