import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Repairs the end of a JSONL file after a crash: a torn last line is cut off; a complete last line that only
 * lacks its newline gets one. Returns the number of bytes removed.
 */
export function repairJsonlTail(file: string): number {
  if (!existsSync(file)) return 0;
  const buf = readFileSync(file);
  if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return 0;
  const keep = buf.lastIndexOf(0x0a) + 1;
  let complete = true;
  try {
    JSON.parse(buf.subarray(keep).toString('utf8'));
  } catch {
    complete = false;
  }
  const fd = openSync(file, 'r+');
  try {
    if (complete) writeSync(fd, '\n', buf.length);
    else ftruncateSync(fd, keep);
  } finally {
    closeSync(fd);
  }
  return complete ? 0 : buf.length - keep;
}
