import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The whole `picard precheck` command (a child process, startup included) against its floor: a `cp -r` of
 * the tree it generated. Medians of `runs`; seconds.
 */
export function precheckVsCopy(definitions: string, samples: number, runs = 5): { precheckS: number; cpTreeS: number; ratio: number } {
  const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
  const precheck: number[] = [];
  const copy: number[] = [];
  for (let i = 0; i < runs; i++) {
    const base = mkdtempSync(join(tmpdir(), 'picard-bench-floor-'));
    try {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'precheck', '-d', definitions, '--samples', String(samples), '--seed', String(i + 1), '--out', join(base, 'out')], { encoding: 'utf8' });
      precheck.push((performance.now() - t0) / 1000);
      if (r.status !== 0) throw new Error(`picard precheck exited ${r.status}: ${r.stderr}`);
      const c0 = performance.now();
      spawnSync('cp', ['-r', join(base, 'out'), join(base, 'copy')]);
      copy.push((performance.now() - c0) / 1000);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { precheckS: median(precheck), cpTreeS: median(copy), ratio: median(precheck) / median(copy) };
}
