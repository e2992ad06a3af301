/**
 * Preload for the benchmark (`node --import <this file> …`): when the process exits, writes its peak resident set
 * size (maxRSS, KiB) to `$PICARD_BENCH_RSS_FILE`. Lets the bench read a whole command's peak memory.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.PICARD_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
