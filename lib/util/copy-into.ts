import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** Appends the whole of file `src` to the open descriptor `outFd`, 1 MB at a time. */
export function copyInto(src: string, outFd: number): void {
  const fd = openSync(src, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let pos = 0, n = 0; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) {
      for (let at = 0; at < n; ) at += writeSync(outFd, buf, at, n - at);
    }
  } finally {
    closeSync(fd);
  }
}
