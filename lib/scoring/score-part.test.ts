import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dirs';
import { startPart, workerAvailable, type PartInput } from './score-part';

const tempDir = useTempDirs('picard-scorepart-');

describe('startPart (the second scoring thread)', () => {
  it('runs the compiled worker', () => {
    expect(workerAvailable()).toBe(true);
  });

  it("rejects with the worker's error and leaves no spool behind when its share cannot be read", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'responses.jsonl'), '');
    const scoresFile = path.join(dir, 'scores.json');
    const input: PartInput = {
      precheckFile: path.join(dir, 'precheck.jsonl'),
      responsesFile: path.join(dir, 'responses.jsonl'),
      from: 10,
      ctx: { artifactsDir: dir },
      perItem: false,
      frozenAt: null,
      scoresFile,
      keepParsedBytes: 0,
    };
    const part = startPart(input);
    await expect(part.result).rejects.toThrow(`scoreRun: the second scoring thread failed: ENOENT: no such file or directory, open '${input.precheckFile}'`);
    await part.cancel();
    expect(existsSync(`${scoresFile}.part.spool`)).toBe(false);
  });
});
