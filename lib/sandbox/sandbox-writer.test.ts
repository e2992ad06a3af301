import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesBelow, useTempDirs } from '../testing/temp-dirs';
import { SandboxWriter, WRITER_BUNDLE } from './sandbox-writer';
import { writeFileData, type FileData } from './write-files';

const tempDir = useTempDirs('picard-writer-');

const instances = (root: string, n: number): FileData[][] =>
  Array.from({ length: n }, (_, i) => [
    { path: join(root, `q1_s${i + 1}`, 'a', 'notes.txt'), data: `notes ${i}\n` },
    { path: join(root, `q1_s${i + 1}`, 'a', 'b', 'data.bin'), data: new Uint8Array([i % 256, 1, 2]) },
  ]);

describe('SandboxWriter: instance files written on a worker thread', () => {
  it('is compiled beside the CLI (the test session compiles first)', () => {
    expect(existsSync(WRITER_BUNDLE)).toBe(true);
  });

  it('writes while this thread is busy, and the tree is the one writeFileData writes here', async () => {
    const base = tempDir();
    const writer = SandboxWriter.start()!;
    writer.write(instances(join(base, 'thread'), 40));
    // This thread never yields here: the last file can only appear if another thread writes it.
    const last = join(base, 'thread', 'q1_s40', 'a', 'b', 'data.bin');
    const t0 = Date.now();
    while (!existsSync(last) && Date.now() - t0 < 10_000) {
      // busy
    }
    expect(existsSync(last)).toBe(true);
    for (let i = 0; i < 40; i++) expect(await writer.settled(i)).toBe(true);
    writer.close();
    for (const files of instances(join(base, 'here'), 40)) writeFileData(files, new Set());
    expect(filesBelow(join(base, 'thread'))).toEqual(filesBelow(join(base, 'here')));
  });

  it('an instance with a refused file settles false and stops there; the others are written', async () => {
    const base = tempDir();
    const root = join(base, 'sandbox');
    // A file where the second instance needs a folder.
    mkdirSync(join(root, 'q1_s2'), { recursive: true });
    writeFileSync(join(root, 'q1_s2', 'a'), 'in the way');
    const writer = SandboxWriter.start()!;
    writer.write(instances(root, 3));
    expect([await writer.settled(0), await writer.settled(1), await writer.settled(2)]).toEqual([true, false, true]);
    writer.close();
    expect(readFileSync(join(root, 'q1_s2', 'a'), 'utf8')).toBe('in the way');
    expect(Object.keys(filesBelow(root)).sort()).toEqual(['q1_s1/a/b/data.bin', 'q1_s1/a/notes.txt', 'q1_s2/a', 'q1_s3/a/b/data.bin', 'q1_s3/a/notes.txt']);
  });
});
