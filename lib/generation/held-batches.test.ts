import { describe, expect, it } from 'vitest';
import { HeldBatches } from './held-batches';

describe('HeldBatches', () => {
  it('gives back every instance in order, its line and files byte for byte, across several batches', () => {
    const held = new HeldBatches();
    const made = Array.from({ length: 700 }, (_, i) => ({
      line: `{"question_id": ${i}, "text": "é ✓ 🚀 ${'x'.repeat(i % 50)}"}`,
      files:
        i % 3 === 0
          ? []
          : [
              { path: `/r/q${i}/a.txt`, data: i % 7 === 0 ? '' : `line ${i}\nné\n` },
              { path: `/r/q${i}/d.db`, data: Uint8Array.from({ length: i % 300 }, (_, b) => (b * 31 + i) & 0xff) },
            ],
    }));
    for (const m of made) held.add(m.line, m.files);
    expect(held.count).toBe(700);
    const back = [...held.take()];
    expect(back.map((b) => b.line)).toEqual(made.map((m) => m.line));
    expect(back.map((b) => b.files.map((f) => [f.path, typeof f.data === 'string' ? f.data : Buffer.from(f.data).toString('hex')]))).toEqual(
      made.map((m) => m.files.map((f) => [f.path, typeof f.data === 'string' ? f.data : Buffer.from(f.data).toString('hex')])),
    );
    // Text comes back as text, bytes as bytes (the writer writes them as given).
    expect(typeof back[1].files[0].data).toBe('string');
    expect(back[1].files[1].data).toBeInstanceOf(Uint8Array);
  });

  it('holds repetitive lines in a fraction of their size', () => {
    const held = new HeldBatches();
    let raw = 0;
    for (let i = 0; i < 2000; i++) {
      const line = `{"scoring_type": "readfile_stringmatch", "question_id": 4, "sample_number": ${i}, "file_to_read": "/results/test_20260101_000000/sandbox/q4_s${i}/answer.txt", "expected_content": "line ${i}"}`;
      raw += line.length;
      held.add(line, []);
    }
    expect([...held.take()]).toHaveLength(2000);
    expect(held.bytes).toBeLessThan(raw / 4);
  });

  it('is read once, and takes no instance after that', () => {
    const held = new HeldBatches();
    held.add('{}', []);
    expect([...held.take()]).toHaveLength(1);
    expect(() => [...held.take()]).toThrow(/taken twice/);
    expect(() => held.add('{}', [])).toThrow(/add after take/);
  });
});
