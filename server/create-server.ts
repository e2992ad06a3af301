import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server as IOServer } from 'socket.io';
import type { ServerConfig } from './config';
import type { RunManager } from './run-manager';
import { guardRequest, socketHandshakeAllowed } from './security';
import { attachSocketBridge } from './socket-bridge';
import type { LiveServer } from './socket-bridge';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/live';

export interface DashboardServer {
  http: HttpServer;
  io: LiveServer;
  /** Resolves with the bound port (useful with PORT=0). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * One HTTP server for Next (`handle`) and Socket.IO. Every HTTP request passes the host/origin/token guard;
 * every socket handshake passes the same checks before `connection`.
 */
export function createDashboardServer(cfg: Pick<ServerConfig, 'host' | 'port' | 'token'>, manager: RunManager, handle: Handler): DashboardServer {
  const http = createServer((req, res) => {
    if (!guardRequest(req, res, cfg)) return;
    void handle(req, res);
  });
  const io = new IOServer<ClientToServerEvents, ServerToClientEvents>(http, {
    path: '/socket.io',
    serveClient: false,
    // Checked on every engine.io request, including the websocket upgrade.
    allowRequest: (req, cb) => {
      const problem = socketHandshakeAllowed(req, undefined, { ...cfg, token: null });
      cb(problem, problem === null);
    },
  });
  io.use((socket, next) => {
    const problem = socketHandshakeAllowed(socket.request, socket.handshake.auth?.token, cfg);
    next(problem ? new Error(problem) : undefined);
  });
  const detach = attachSocketBridge(io, manager);
  return {
    http,
    io,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(cfg.port, cfg.host, () => {
          const addr = http.address();
          resolve(typeof addr === 'object' && addr ? addr.port : cfg.port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        detach();
        void io.close(() => resolve());
        http.closeAllConnections?.();
      }),
  };
}
