import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DROP_SQL, SCHEMA_SQL, SCHEMA_VERSION } from './schema';

/** An open results index: the SQLite database and the results folder it describes. */
/** An index, or a function opening one when the run starts (after its definitions were accepted). */
export type IndexSource = ResultsIndex | (() => ResultsIndex | undefined);

export interface ResultsIndex {
  db: Database.Database;
  /** The results folder (parent of the run folders); run folders are `resultsDir/<run_id>`. */
  resultsDir: string;
  file: string;
  close(): void;
}

/** Where a results folder's index lives: `<results dir>/.picard/index.sqlite`. */
export function indexFileFor(resultsDir: string): string {
  return join(resolve(resultsDir), '.picard', 'index.sqlite');
}

export interface OpenIndexOptions {
  /** Index file (default `indexFileFor(resultsDir)`). */
  file?: string;
  /** How long a writer waits for another writer's transaction, in ms (default 10 s). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a results folder's index in WAL mode with a busy timeout, so several processes
 * (dashboard, CLI runs) can write it at once: readers never block, writers queue for short transactions.
 * A file of another schema version is emptied and recreated; the next catch-up refills it from the files.
 */
export function openResultsIndex(resultsDir: string, opts: OpenIndexOptions = {}): ResultsIndex {
  const file = resolve(opts.file ?? indexFileFor(resultsDir));
  mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw new Error(`Cannot open the results index ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const busyMs = opts.busyTimeoutMs ?? 10_000;
    db.pragma(`busy_timeout = ${busyMs}`);
    useWal(db, busyMs);
    db.pragma('synchronous = NORMAL');
    // Checkpoints (each with an fsync) every ~40 MB of WAL instead of every 4 MB: a bulk load of a big run writes
    // ~100 MB; the WAL file is cut back to 64 MB after a checkpoint.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('journal_size_limit = 67108864');
    ensureSchema(db);
  } catch (err) {
    db.close();
    throw new Error(`Cannot prepare the results index ${file}: ${(err as Error).message} (delete the file to rebuild it from the result folders)`, { cause: err });
  }
  return { db, resultsDir: resolve(resultsDir), file, close: () => db.close() };
}

/**
 * Puts the file in WAL mode (it stays so: later connections find it set). Switching needs the file to itself, and
 * SQLite answers SQLITE_BUSY at once rather than calling the busy handler, so two processes opening a new index
 * together retry here, up to the busy timeout.
 */
function useWal(db: Database.Database, busyMs: number): void {
  const t0 = performance.now();
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal' || db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() - t0 > busyMs) throw err;
    }
    if (performance.now() - t0 > busyMs) throw new Error('could not switch the index to WAL mode: another process holds it');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
}

/** Creates the tables, or drops and recreates them when the stored schema version differs. One writer does it. */
function ensureSchema(db: Database.Database): void {
  if (db.pragma('user_version', { simple: true }) === SCHEMA_VERSION) return;
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return; // another process got there first
    if (version !== 0 || hasTables(db)) db.exec(DROP_SQL);
    db.exec(SCHEMA_SQL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function hasTables(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get() !== undefined;
}
