/**
 * Whether a process with this pid exists (signal 0 probes without sending anything). EPERM means it exists but
 * belongs to someone else. A pid of 0 or less is never alive (it would address a process group).
 */
export function isProcessAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
