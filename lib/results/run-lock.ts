import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from './run-files';

/**
 * The writer lock of a result folder: `run.lock`, an empty SQLite database on which the writing process holds
 * an exclusive transaction for as long as it writes. The lock is a kernel file lock (SQLite's fcntl/LockFileEx
 * locking), so the OS drops it the moment the process ends, however it ends (SIGKILL, crash, power loss): a
 * killed writer that is not reaped yet (a zombie), or an unrelated process that got its pid, holds nothing.
 * Taking it is atomic, so of two processes racing for one folder exactly one wins. See docs/design/writer-lock.md.
 *
 * Never open `run.lock` any other way (readFileSync, copying the folder in-process): closing any descriptor of
 * the file drops every POSIX lock the process holds on it. The file is never deleted: a holder that unlinked it
 * on release could leave a later holder locking a name that no longer exists.
 */
export interface RunLock {
  readonly file: string;
  /** Ends the transaction and closes the file; idempotent. */
  release(): void;
}

/** Another process (or another run in this one) holds the folder's lock. */
export class RunLockedError extends Error {
  readonly code = 'RUN_ALREADY_RUNNING';
}

/** How long to wait for a reader's momentary shared lock (`isRunLockHeld`) to go before deciding it is held. */
const ACQUIRE_WAIT_MS = 500;

/** Takes the folder's writer lock, creating `run.lock` if needed; throws `RunLockedError` when it is held. */
export function acquireRunLock(dir: string): RunLock {
  const file = join(dir, runFiles.lock);
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { timeout: ACQUIRE_WAIT_MS });
    db.pragma('journal_mode = MEMORY'); // no run.lock-journal beside it
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db?.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new RunLockedError(`${dir} is already running: its writer lock ${file} is held`, { cause: err });
    throw new Error(`${file}: cannot take the writer lock (${(err as Error).message}); if no process is writing this run, delete the file and retry`, { cause: err });
  }
  const held = db;
  let open = true;
  return {
    file,
    release() {
      if (!open) return;
      open = false;
      try {
        held.exec('ROLLBACK');
      } finally {
        held.close();
      }
    },
  };
}

/**
 * Whether some process (this one included) holds the folder's writer lock. A folder without `run.lock` (a
 * reference folder, or one from before the lock existed) is not held. Reading takes a shared lock for an instant.
 */
export function isRunLockHeld(dir: string): boolean {
  const file = join(dir, runFiles.lock);
  if (!existsSync(file)) return false;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 });
  } catch {
    return false; // vanished or unreadable: nobody can be holding it through our code
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (err) {
    const code = (err as { code?: string }).code;
    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
  } finally {
    db.close();
  }
}
