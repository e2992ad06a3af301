import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreRun } from '../scoring/score-run';
import { benchScoring, buildSyntheticRun } from './scoring';

describe('scoring benchmark', () => {
  it('synthetic run scores 80% correct across all six types', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'picard-'));
    try {
      const r = await scoreRun(buildSyntheticRun(path.join(tmp, 'run'), 60), { write: false });
      expect(r.metadata.correct_answers).toBe(48);
      expect([...r.byScoringType.keys()].sort()).toHaveLength(6);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  it('benchScoring reports throughput', async () => {
    const r = await benchScoring(600);
    expect(r.items).toBe(600);
    expect(r.itemsPerSecond).toBeGreaterThan(0);
    expect(r.parseSeconds).toBeGreaterThan(0);
    expect(r.parseSeconds).toBeLessThan(r.seconds);
    expect(r.peakRssMB).toBeGreaterThan(0);
  });
});
