/**
 * Preload for the benchmark (`node --import <this file> …`): when the process exits, writes its peak resident set
 * size (maxRSS, KiB), then its user and system CPU time (µs, every thread), to `$PICARD_BENCH_RSS_FILE`, separated by
 * spaces. Lets the bench read a whole command's peak memory and CPU time.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.PICARD_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, `${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}`);
  });
}
