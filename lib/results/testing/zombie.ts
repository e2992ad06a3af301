import { readFileSync } from 'node:fs';

/**
 * Linux only, for tests: whether `pid` has exited completely but was not reaped yet (a zombie). The main thread
 * shows state Z as soon as it exits, while the other threads may still be tearing down (still holding the
 * process's files and locks) for some milliseconds: only `Threads: 1` means the whole process is gone.
 */
export function isUnreapedZombie(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return /^State:\s*Z/m.test(status) && /^Threads:\s*1$/m.test(status);
  } catch {
    return false; // already reaped (or no such process)
  }
}
