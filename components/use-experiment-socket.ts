'use client';
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/live';
import type { ExperimentView } from '@/lib/experiments';
import type { Connection } from './use-run-socket';

/**
 * Joins `experiment:<id>` and keeps the latest view the server sends (the whole view each time: a reconnect or a
 * reload simply takes the next one). Views of a live sweep come from its runs' events, throttled on the server.
 */
export function useExperimentSocket(initial: ExperimentView): { view: ExperimentView; connection: Connection; error: string | null } {
  const [view, setView] = useState(initial);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [error, setError] = useState<string | null>(null);
  const id = initial.id;
  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', transports: ['websocket', 'polling'] });
    socket.on('connect', () => { setConnection('live'); socket.emit('experiment:join', { experimentId: id }); });
    socket.on('disconnect', () => setConnection('offline'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('experiment:view', (v: ExperimentView) => { if (v.id === id) { setView(v); setError(null); } });
    socket.on('experiment:error', (e) => setError(e.message));
    return () => { socket.close(); };
  }, [id]);
  return { view, connection, error };
}
